import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';
import { readMeasures } from '../assess/measures.service.ts';
import { makeCtx } from '../context.ts';

/**
 * Member development (发展党员) through the API: a case opened with the application, moved to activist, refused as a
 * candidate at 11 months with the gate's rule in Chinese, accepted at 12; the roster follows the case and a hand edit
 * of the status behind it is refused; an exception taken with a reason; the pipeline of the subtree; the sibling
 * district sees nothing; the steps are append-only.
 */
describeOnEngines('member development: a case through its gates, the roster following it', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string; // a-sec: branch a1a
  let b: string; // b-admin: the sibling district
  let clock = new Date('2025-01-10T02:00:00Z');
  let person = 0;
  let caseId = 0;

  async function signIn() {
    secretary = await loginAs(app, fx.users.aSecretary.username);
    b = await loginAs(app, fx.users.bAdmin.username);
  }
  const at = async (day: string) => {
    clock = new Date(`${day}T02:00:00Z`);
    await signIn();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { cookie } });
  const step = (kind: string, on: string, extra: object = {}) =>
    send(secretary, 'POST', `/api/development/cases/${caseId}/steps`, {
      kind,
      on,
      document: '会议记录',
      decider: '支部委员会',
      ...extra,
    });
  const statusOf = async (id: number) => (await send(secretary, 'GET', `/api/members/${id}`)).json().status as string;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    await signIn();
    person = await insertPerson(ctx.database, fx.orgs.a1a, {
      name: '王申请',
      status: 'applicant',
      birthDate: '2000-04-01',
    });
  });
  after(() => app.close());

  test('opening a case: the application, for an applicant of age, once', async () => {
    const young = await insertPerson(ctx.database, fx.orgs.a1a, {
      name: '李少年',
      status: 'applicant',
      birthDate: '2007-01-11',
    });
    const refused = await send(secretary, 'POST', '/api/development/cases', { personId: young, on: '2025-01-10' });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.key, 'err.development.underAge');
    assert.match(refused.json().error.message, /年满18周岁.*people\.minJoinAge.*《中国共产党章程》第一条/);
    const none = await ctx.database.db
      .selectFrom('development_case')
      .select('id')
      .where('person_id', '=', young)
      .execute();
    assert.equal(none.length, 0);

    const full = await send(secretary, 'POST', '/api/development/cases', {
      personId: fx.people.a1aFull,
      on: '2025-01-10',
    });
    assert.equal(full.statusCode, 422);
    assert.equal(full.json().error.key, 'err.development.notApplicant');

    const res = await send(secretary, 'POST', '/api/development/cases', { personId: person, on: '2025-01-10' });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    caseId = c.id;
    assert.equal(c.stage, 'application');
    assert.deepEqual(c.next, ['talk', 'withdraw', 'terminate']);
    assert.equal(c.steps[0].kind, 'apply');
    assert.equal(c.steps[0].document, '入党申请书');
    const talk = c.gates.find((g: { rule: { id: string } }) => g.rule.id === 'development.talkWithinMonths');
    assert.deepEqual([talk.status, talk.dueOn], ['due', '2025-02-10']);

    const again = await send(secretary, 'POST', '/api/development/cases', { personId: person, on: '2025-01-10' });
    assert.equal(again.statusCode, 409);
  });

  test('steps in order; a late talk is flagged; the roster follows the case; no hand edit of the status', async () => {
    assert.equal((await step('activist_confirm', '2025-01-10')).json().error.key, 'err.development.order');
    await at('2025-02-20');
    const talk = await step('talk', '2025-02-20', { decider: '组织委员 张三' });
    assert.equal(talk.statusCode, 200, talk.body);
    assert.equal(talk.json().steps[1].flags[0].rule.id, 'development.talkWithinMonths');

    await at('2025-07-15');
    const activist = await step('activist_confirm', '2025-07-15');
    assert.equal(activist.statusCode, 200, activist.body);
    assert.equal(await statusOf(person), 'activist');

    const edit = await send(secretary, 'PATCH', `/api/members/${person}`, { status: 'candidate' });
    assert.equal(edit.statusCode, 422);
    assert.equal(edit.json().error.key, 'err.development.statusByCase');
    assert.match(edit.json().error.message, /王申请.*发展党员档案/);
    const other = await send(secretary, 'PATCH', `/api/members/${person}`, { phone: '13800000000' });
    assert.equal(other.statusCode, 200, other.body.slice(0, 400));

    for (const [kind, extra] of [
      ['activist_filed', {}],
      ['mentors', { mentors: ['张三', '李四'] }],
      ['activist_training', {}],
    ] as const) {
      const res = await step(kind, '2025-07-15', extra);
      assert.equal(res.statusCode, 200, res.body);
    }
  });

  test('a candidate after 11 months as an activist is refused with the rule; after 12 accepted', async () => {
    await at('2026-06-15');
    const early = await step('candidate_confirm', '2026-06-15');
    assert.equal(early.statusCode, 422);
    const e = early.json().error;
    assert.equal(e.code, 'RULE_VIOLATION');
    assert.equal(e.key, 'err.development.activistTooSoon');
    assert.equal(e.details.rule.id, 'development.activistMinYears');
    assert.match(e.message, /满1年后方可列为发展对象.*最早 2026-07-15.*development\.activistMinYears/);
    assert.equal(await statusOf(person), 'activist');

    const pipeline = (await send(secretary, 'GET', `/api/development/pipeline?orgId=${fx.orgs.a1a.id}`)).json();
    assert.equal(pipeline.counts.activist, 1);
    const card = pipeline.cases.find((c: { id: number }) => c.id === caseId);
    assert.deepEqual(
      card.alerts.map((a: { kind: string; code: string; on: string }) => [a.kind, a.code, a.on]),
      [
        ['blocked', 'activistYear', '2026-07-15'],
        ['late', 'assessment', '2026-01-15'],
      ],
    );

    await at('2026-07-15');
    const ok = await step('candidate_confirm', '2026-07-15');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().stage, 'candidate');
    assert.equal(await statusOf(person), 'candidate');
    const list = (await send(secretary, 'GET', '/api/development/cases?stage=candidate')).json();
    assert.deepEqual(
      list.items.map((c: { id: number }) => c.id),
      [caseId],
    );
    assert.deepEqual(list.items[0].next, ['candidate_filed', 'withdraw', 'terminate']);
  });

  test('an exception needs a reason: short training refused, then accepted with the reason recorded', async () => {
    await at('2026-07-20');
    await step('candidate_filed', '2026-07-16');
    await step('sponsors', '2026-07-16', { sponsors: ['张三', '李四'] });
    const failed = await step('political_review', '2026-07-17', { passed: false });
    assert.equal(failed.json().next[0], 'political_review');
    await step('political_review', '2026-07-18', { passed: true });
    const short = await step('training', '2026-07-18', { trainingDays: 2, trainingHours: 16 });
    assert.equal(short.statusCode, 422);
    assert.equal(short.json().error.details.exceptionAllowed, true);
    assert.match(short.json().error.message, /可填写理由/);
    const withReason = await step('training', '2026-07-18', {
      trainingDays: 2,
      trainingHours: 16,
      reason: '汛期抢险，分两次集中培训',
    });
    assert.equal(withReason.statusCode, 200, withReason.body);
    const gate = withReason.json().gates.find((g: { rule: { id: string } }) => g.rule.id === 'development.training');
    assert.equal(gate.status, 'exception');
    assert.equal(withReason.json().steps.at(-1).reason, '汛期抢险，分两次集中培训');
  });

  test('the sibling district sees no case and cannot act on it', async () => {
    assert.equal((await send(b, 'GET', `/api/development/cases/${caseId}`)).statusCode, 404);
    const res = await send(b, 'POST', `/api/development/cases/${caseId}/steps`, {
      kind: 'public_notice',
      on: '2026-07-18',
      document: 'x',
      decider: 'x',
    });
    assert.equal(res.statusCode, 404);
    const list = (await send(b, 'GET', '/api/development/cases')).json();
    assert.equal(list.total, 0);
  });

  test('assessment reads the gates kept (发展党员程序规范率): steps of the year, those without a flag', async () => {
    const steps = (await send(secretary, 'GET', `/api/development/cases/${caseId}`)).json().steps as {
      on: string;
      flags: unknown[];
    }[];
    const of = (year: string) => steps.filter((x) => x.on.startsWith(year));
    const ctxAt = makeCtx(ctx.database.db, clock, fx.users.admin as never, Buffer.alloc(32));
    for (const year of ['2025', '2026']) {
      const read = await readMeasures(
        ctxAt,
        ['development.gatesKeptRate'],
        [fx.orgs.a1a.id, fx.orgs.b1a.id],
        Number(year),
        `${year}-12-31`,
      );
      const mine = read.get(fx.orgs.a1a.id)!.get('development.gatesKeptRate')!;
      const due = of(year).length;
      const met = of(year).filter((x) => x.flags.length === 0).length;
      assert.deepEqual([mine.due, mine.met], [due, met], year);
      assert.match(mine.ref, new RegExp(`/api/development/cases\\?orgId=${fx.orgs.a1a.id}`));
      assert.equal(read.get(fx.orgs.b1a.id)!.get('development.gatesKeptRate')!.rate, null, 'nothing due, no rate');
    }
    // The late talk of 2025 is a gate not kept; the cut-off before it leaves it out.
    const early = await readMeasures(ctxAt, ['development.gatesKeptRate'], [fx.orgs.a1a.id], 2025, '2025-02-19');
    assert.deepEqual(
      [
        early.get(fx.orgs.a1a.id)!.get('development.gatesKeptRate')!.due,
        early.get(fx.orgs.a1a.id)!.get('development.gatesKeptRate')!.met,
      ],
      [1, 1],
    );
    const late = (await readMeasures(ctxAt, ['development.gatesKeptRate'], [fx.orgs.a1a.id], 2025, '2025-02-20'))
      .get(fx.orgs.a1a.id)!
      .get('development.gatesKeptRate')!;
    assert.deepEqual([late.due, late.met, late.rate], [2, 1, 0.5]);
  });

  test('steps are append-only', async () => {
    await assert.rejects(
      sql`update development_step set document = 'x' where case_id = ${caseId}`.execute(ctx.database.db),
    );
    await assert.rejects(sql`delete from development_step where case_id = ${caseId}`.execute(ctx.database.db));
  });

  test('the cases a page at a time by cursor: the whole list in the same order, once each', async () => {
    for (const [name, birthDate] of [
      ['赵分页', '1999-05-01'],
      ['钱分页', '1998-06-02'],
    ] as const) {
      const id = await insertPerson(ctx.database, fx.orgs.a1a, { name, status: 'applicant', birthDate });
      const opened = await send(secretary, 'POST', '/api/development/cases', { personId: id, on: '2025-03-10' });
      assert.equal(opened.statusCode, 201, opened.body);
    }
    const whole = (await send(secretary, 'GET', '/api/development/cases?pageSize=200')).json();
    assert.ok(whole.total >= 2, `${whole.total} cases`);
    const byCursor: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/development/cases?pageSize=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await send(secretary, 'GET', url)).json() as { items: { id: number }[]; nextCursor: string | null };
      byCursor.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor && byCursor.length <= whole.total);
    assert.deepEqual(
      byCursor,
      whole.items.map((c: { id: number }) => c.id),
    );
    const forged = await send(secretary, 'GET', '/api/development/cases?cursor=abc.def');
    assert.equal(forged.statusCode, 400);
  });
});
