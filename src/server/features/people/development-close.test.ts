import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';

/**
 * The ways out of a development case through the API: an applicant withdraws (off the roll, the case ended, nothing
 * after, audited); an imported activist opened partway (补录) with the 1-year gate counted from the recorded day; the
 * branch stops the development (a reason needed; back to applicant); a late approval re-voted, then restarted after 6
 * months and a new case opened for the same person, the old one kept; the sibling district cannot open one.
 */
describeOnEngines('member development: withdrawal, termination, re-vote, restart, 补录', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  let b: string;
  let clock = new Date('2025-01-10T02:00:00Z');

  async function signIn() {
    secretary = await loginAs(app, fx.users.aSecretary.username);
    b = await loginAs(app, fx.users.bAdmin.username);
  }
  const at = async (day: string) => {
    clock = new Date(`${day}T02:00:00Z`);
    await signIn();
  };
  const send = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { cookie } });
  const step = (caseId: number, kind: string, on: string, extra: object = {}) =>
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
  });
  after(() => app.close());

  test('an applicant withdraws: the case ends as withdrawn, the person is withdrawn, nothing after; audited', async () => {
    await at('2025-01-10');
    const person = await insertPerson(ctx.database, fx.orgs.a1a, {
      name: '赵撤回',
      status: 'applicant',
      birthDate: '2000-04-01',
    });
    const open = await send(secretary, 'POST', '/api/development/cases', { personId: person, on: '2025-01-10' });
    assert.equal(open.statusCode, 201, open.body);
    const id = open.json().id as number;
    assert.ok(open.json().next.includes('withdraw'));
    await at('2025-02-01');
    const res = await step(id, 'withdraw', '2025-02-01', { document: '撤回入党申请书', decider: '本人' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().state, 'withdrawn');
    assert.deepEqual(res.json().next, []);
    assert.equal(await statusOf(person), 'withdrawn');
    const again = await step(id, 'talk', '2025-02-01');
    assert.equal(again.statusCode, 422);
    assert.equal(again.json().error.key, 'err.development.closed');
    const audits = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'development_case')
      .where('entity_id', '=', String(id))
      .execute();
    assert.deepEqual(
      audits.map((a) => a.action),
      ['development.open', 'development.step'],
    );
  });

  test('补录 an imported activist: the 1-year gate counts from the recorded day; termination needs a reason', async () => {
    await at('2025-06-01');
    const person = await insertPerson(ctx.database, fx.orgs.a1a, {
      name: '钱积极',
      status: 'activist',
      birthDate: '1999-04-01',
    });
    const wrong = await send(secretary, 'POST', '/api/development/cases/backfill', {
      personId: person,
      stage: 'candidate',
      activistOn: '2024-03-01',
      candidateOn: '2025-03-05',
    });
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().error.key, 'err.development.backfillStatus');
    const other = await send(b, 'POST', '/api/development/cases/backfill', {
      personId: person,
      stage: 'activist',
      activistOn: '2025-03-01',
    });
    assert.equal(other.statusCode, 404);

    const res = await send(secretary, 'POST', '/api/development/cases/backfill', {
      personId: person,
      stage: 'activist',
      appliedOn: '2024-09-01',
      activistOn: '2025-03-01',
      document: '花名册',
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.equal(c.stage, 'activist');
    assert.equal(c.activistOn, '2025-03-01');
    assert.equal(c.appliedOn, '2024-09-01');
    assert.equal(c.steps[0].kind, 'backfill');
    assert.match(c.steps[0].document, /^建档时已处于入党积极分子阶段（补录）；花名册$/);
    assert.ok(c.steps[0].actorName.length > 0);
    const dup = await send(secretary, 'POST', '/api/development/cases/backfill', {
      personId: person,
      stage: 'activist',
      activistOn: '2025-03-01',
    });
    assert.equal(dup.statusCode, 409);

    for (const kind of ['activist_filed', 'mentors', 'activist_training']) {
      const r = await step(c.id, kind, '2025-06-01', { mentors: ['张三'] });
      assert.equal(r.statusCode, 200, r.body);
    }
    await at('2026-03-01');
    const early = await step(c.id, 'candidate_confirm', '2026-02-28');
    assert.equal(early.json().error.key, 'err.development.activistTooSoon');

    const noReason = await step(c.id, 'terminate', '2026-03-01');
    assert.equal(noReason.statusCode, 422);
    assert.equal(noReason.json().error.key, 'err.development.terminateReason');
    const ended = await step(c.id, 'terminate', '2026-03-01', { reason: '本人长期不参加培养教育活动' });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().state, 'terminated');
    assert.equal(ended.json().steps.at(-1).reason, '本人长期不参加培养教育活动');
    assert.equal(await statusOf(person), 'applicant');
  });

  test('a late approval: re-vote after 3 months, restart after 6, then a new case for the same person', async () => {
    await at('2025-06-01');
    const person = await insertPerson(ctx.database, fx.orgs.a1a, {
      name: '孙对象',
      status: 'candidate',
      birthDate: '1998-04-01',
    });
    const res = await send(secretary, 'POST', '/api/development/cases/backfill', {
      personId: person,
      stage: 'candidate',
      activistOn: '2024-03-01',
      candidateOn: '2025-03-05',
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as number;
    await at('2025-06-16');
    const done = ['candidate_filed', 'sponsors', 'political_review', 'training'];
    const extra: Record<string, object> = {
      sponsors: { sponsors: ['张三', '李四'] },
      political_review: { passed: true },
      training: { trainingDays: 3 },
      public_notice: { noticeFrom: '2025-06-09', noticeTo: '2025-06-13' },
      pre_review: { leavingOn: null },
    };
    for (const kind of [
      'candidate_filed',
      'sponsors',
      'political_review',
      'training',
      'public_notice',
      'committee_review',
      'pre_review',
      'form',
      'branch_vote',
      'higher_talk',
    ]) {
      const r = await step(id, kind, done.includes(kind) ? '2025-06-01' : '2025-06-16', extra[kind] ?? {});
      assert.equal(r.statusCode, 200, `${kind}: ${r.body}`);
    }
    await at('2025-09-16');
    const soon = await step(id, 'revote', '2025-09-16');
    assert.equal(soon.json().error.key, 'err.development.revoteTooSoon');
    await at('2025-09-17');
    const revote = await step(id, 'revote', '2025-09-17', { decider: '支部大会' });
    assert.equal(revote.statusCode, 200, revote.body);
    assert.equal(revote.json().voteOn, '2025-09-17');
    await at('2026-03-17');
    const notYet = await step(id, 'restart', '2026-03-17');
    assert.equal(notYet.json().error.key, 'err.development.restartTooSoon');
    await at('2026-03-18');
    const late = await step(id, 'approval', '2026-03-18');
    assert.equal(late.json().error.key, 'err.development.approvalTooLate');
    const restart = await step(id, 'restart', '2026-03-18', { decider: '支部大会' });
    assert.equal(restart.statusCode, 200, restart.body);
    assert.equal(restart.json().state, 'restarted');
    assert.equal(await statusOf(person), 'candidate');

    const again = await send(secretary, 'POST', '/api/development/cases/backfill', {
      personId: person,
      stage: 'candidate',
      activistOn: '2024-03-01',
      candidateOn: '2025-03-05',
    });
    assert.equal(again.statusCode, 201, again.body);
    const list = await send(secretary, 'GET', `/api/development/cases?personId=${person}`);
    assert.deepEqual(
      list
        .json()
        .items.map((c: { state: string }) => c.state)
        .sort(),
      ['open', 'restarted'],
    );
  });
});
