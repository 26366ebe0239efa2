import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';

/**
 * Local rules (地方规定) through the API: a district adjusts an [S] default for its subtree from today on; a confirmed
 * rule, a past date, a wrong shape, a branch or a foreign district are refused; the rules listed for a branch below
 * show the local value and where it comes from, the sibling district's do not; the development gates of a case
 * applied after it read the local value, a case elsewhere the platform's; the rows are append-only.
 */
describeOnEngines('rules: local rules (地方规定) over the [S] defaults', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let secretary: string;
  let other: string;
  let clock = new Date('2025-01-10T02:00:00Z');
  const send = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { cookie } });
  const override = (cookie: string, body: object) =>
    send(cookie, 'POST', '/api/rules/overrides', {
      orgId: fx.orgs.a.id,
      ruleId: 'development.applicationToActivistMonths',
      value: 3,
      effectiveFrom: '2025-01-10',
      document: '甲区发展党员工作实施办法',
      reason: '本区规定提出申请3个月后可确定为积极分子',
      ...body,
    });
  async function signIn() {
    district = await loginAs(app, fx.users.aAdmin.username);
    secretary = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
  }

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    await signIn();
  });
  after(() => app.close());

  test('refusals leave nothing behind: a confirmed rule, a past date, a wrong shape, a branch, a foreign org', async () => {
    const confirmed = await override(district, { ruleId: 'development.activistMinYears', value: 2 });
    assert.equal(confirmed.statusCode, 422, confirmed.body);
    assert.equal(confirmed.json().error.key, 'err.rules.confirmed');
    assert.match(confirmed.json().error.message, /发展党员工作细则/);
    const past = await override(district, { effectiveFrom: '2025-01-09' });
    assert.equal(past.json().error.key, 'err.rules.past');
    const shape = await override(district, { value: '三个月' });
    assert.equal(shape.json().error.key, 'err.rules.shape');
    assert.equal(shape.json().error.details.field, 'body.value');
    const branch = await override(district, { orgId: fx.orgs.a1a.id });
    assert.equal(branch.json().error.key, 'err.rules.notLocality');
    const foreign = await override(district, { orgId: fx.orgs.b.id });
    assert.equal(foreign.statusCode, 404, foreign.body);
    const unknown = await override(district, { ruleId: 'development.noSuchRule' });
    assert.equal(unknown.json().error.key, 'err.rules.unknown');
    const noRight = await override(secretary, { orgId: fx.orgs.a1a.id });
    assert.equal(noRight.statusCode, 403, noRight.body);
    const count = await ctx.database.db
      .selectFrom('rule_override')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  test('the district sets a rule from today; the branches below read it, the sibling district does not', async () => {
    const res = await override(district, {});
    assert.equal(res.statusCode, 201, res.body);
    const rows = res.json() as { ruleId: string; summary: string; inForce: boolean; orgName: string }[];
    assert.equal(rows.length, 1);
    assert.deepEqual(
      [rows[0]!.ruleId, rows[0]!.inForce, rows[0]!.orgName],
      ['development.applicationToActivistMonths', true, '甲区委'],
    );
    assert.equal(rows[0]!.summary, '提出申请 3 个月后方可确定为入党积极分子');

    const mine = (await send(secretary, 'GET', '/api/rules?area=people')).json() as {
      id: string;
      params: unknown;
      tag: string;
      source: string;
      summary: string;
      local?: { orgName: string; document: string };
    }[];
    const rule = mine.find((r) => r.id === 'development.applicationToActivistMonths')!;
    assert.equal(rule.params, 3);
    assert.equal(rule.tag, 'S');
    assert.equal(rule.source, '甲区发展党员工作实施办法');
    assert.equal(rule.local?.orgName, '甲区委');
    assert.equal(mine.find((r) => r.id === 'development.activistMinYears')!.local, undefined);
    const theirs = (await send(other, 'GET', '/api/rules?area=people')).json() as typeof mine;
    const platform = theirs.find((r) => r.id === 'development.applicationToActivistMonths')!;
    assert.equal(platform.params, 6);
    assert.equal(platform.local, undefined);
    assert.equal((await send(other, 'GET', '/api/rules/overrides')).json().length, 0);
    assert.equal((await send(secretary, 'GET', '/api/rules/overrides')).json().length, 1);
  });

  test('a case applied after it is judged by the local value; one in the sibling district by the default', async () => {
    const mineP = await insertPerson(ctx.database, fx.orgs.a1a, {
      name: '甲申请',
      status: 'applicant',
      birthDate: '2000-01-01',
    });
    const theirP = await insertPerson(ctx.database, fx.orgs.b1a, {
      name: '乙申请',
      status: 'applicant',
      birthDate: '2000-01-01',
    });
    const open = async (cookie: string, personId: number) => {
      const r = await send(cookie, 'POST', '/api/development/cases', { personId, on: '2025-01-10' });
      assert.equal(r.statusCode, 201, r.body);
      const id = r.json().id as number;
      const talk = await send(cookie, 'POST', `/api/development/cases/${id}/steps`, {
        kind: 'talk',
        on: '2025-01-20',
        document: '谈话记录',
        decider: '组织委员',
      });
      assert.equal(talk.statusCode, 200, talk.body);
      return id;
    };
    clock = new Date('2025-01-20T02:00:00Z');
    await signIn();
    const mine = await open(secretary, mineP);
    const theirs = await open(other, theirP);
    clock = new Date('2025-05-12T02:00:00Z');
    await signIn();
    const confirm = (cookie: string, id: number) =>
      send(cookie, 'POST', `/api/development/cases/${id}/steps`, {
        kind: 'activist_confirm',
        on: '2025-05-12',
        document: '支委会会议记录',
        decider: '支部委员会',
      });
    const a = await confirm(secretary, mine);
    assert.equal(a.statusCode, 200, a.body);
    assert.deepEqual(a.json().steps.at(-1).flags, []);
    const b = await confirm(other, theirs);
    assert.equal(b.statusCode, 200, b.body);
    assert.equal(b.json().steps.at(-1).flags[0].code, 'activistEarly');
    assert.match(b.json().steps.at(-1).flags[0].message, /各地发展党员工作实施办法/);
  });

  test('branch life reads it: a half-yearly 党课 below the district, quarterly in the sibling district', async () => {
    const set = await override(district, {
      ruleId: 'life.lecture',
      value: { count: 1, months: 6 },
      effectiveFrom: clock.toISOString().slice(0, 10),
      document: '甲区党支部党课制度',
      reason: '本区党支部党课每半年至少1次',
    });
    assert.equal(set.statusCode, 201, set.body);
    const windowsOf = async (cookie: string, orgId: number) => {
      const res = await send(cookie, 'GET', `/api/life/compliance?orgId=${orgId}&year=2026`);
      assert.equal(res.statusCode, 200, res.body);
      return (res.json().windows as { kind: string; start: string; end: string }[]).filter((w) => w.kind === 'lecture');
    };
    const mine = await windowsOf(district, fx.orgs.a1a.id);
    assert.deepEqual(
      mine.map((w) => `${w.start}~${w.end}`),
      ['2026-01-01~2026-06-30', '2026-07-01~2026-12-31'],
    );
    assert.equal((await windowsOf(other, fx.orgs.b1a.id)).length, 4);
    const plan = await send(district, 'GET', `/api/life/plan?orgId=${fx.orgs.a1a.id}&year=2026`);
    assert.equal(plan.statusCode, 200, plan.body);
    const lectures = (plan.json().items as { kind: string }[]).filter((i) => i.kind === 'lecture');
    assert.equal(lectures.length, 2);
  });

  test('dues read it: back-payment over 3 months needs a note below the district, 6 in the sibling', async () => {
    const set = await override(district, {
      ruleId: 'dues.backPayMonths',
      value: 3,
      effectiveFrom: clock.toISOString().slice(0, 10),
      document: '甲区党费收缴管理办法',
      reason: '本区补交党费一般不超过3个月',
    });
    assert.equal(set.statusCode, 201, set.body);
    const pay = async (cookie: string, personId: number) => {
      const base = await send(cookie, 'POST', '/api/dues/bases', {
        personId,
        fromMonth: '2025-01',
        category: 'minimal',
      });
      assert.equal(base.statusCode, 200, base.body);
      return send(cookie, 'POST', '/api/dues/payments', {
        personId,
        months: ['2025-01'],
        paidOn: clock.toISOString().slice(0, 10),
      });
    };
    const mine = await pay(district, fx.people.a1aFull);
    assert.equal(mine.statusCode, 422, mine.body);
    assert.match(mine.json().error.message, /一般不超过 3 个月/);
    const theirs = await pay(other, fx.people.b1aFull);
    assert.equal(theirs.statusCode, 200, theirs.body);
  });

  test('append-only: the rows cannot be changed behind the service', async () => {
    await assert.rejects(ctx.database.db.updateTable('rule_override').set({ reason: '改' }).execute(), /append-only/);
    await assert.rejects(ctx.database.db.deleteFrom('rule_override').execute(), /append-only/);
  });
});
