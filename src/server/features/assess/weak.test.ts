import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertUser, loginAs, type OrgRef } from '../../test/factories.ts';

/**
 * 软弱涣散基层党组织 through the API (issue 12): a town designates a branch with reasons and a leader; the measures
 * are problems of the rectify area assigned to the branch; a passed acceptance check is refused while a measure is
 * open and lifts the designation once all are closed; the counts of the subtree (designated, lifted, overdue); an
 * assessment result below the threshold as a reason (and the final rounds the form offers); the refusals; nothing is
 * deleted.
 */
describeOnEngines('weak and lax organisations: designate → measures → leader → acceptance → counts', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string; // a secretary of 甲一镇党委
  let branch: string; // a-sec: 甲一村党支部
  let other: string; // b-admin: the sibling district
  let second: OrgRef;
  let id = 0;
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
    );
  const designation = (orgId: number, extra: object = {}) => ({
    orgId,
    year: 2026,
    designatedOn: '2026-03-01',
    dueOn: '2026-12-31',
    reasons: ['noActivities', 'leadership'],
    leader: { name: '王镇长', post: '镇党委副书记' },
    ...extra,
  });

  before(async () => {
    fx = await buildFixture(ctx.database);
    second = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `W2-${Date.now()}`,
      name: '甲一社区党支部',
      type: 'branch',
    });
    app = await buildApp({ database: ctx.database, now: () => clock });
    town = await loginAs(
      app,
      (await insertUser(ctx.database, `w-town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1)).username,
    );
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  test('the refusals: own organisation, sibling subtree, unknown or no reason, deadline first, nothing written', async () => {
    const before = await count('weak_org');
    const own = await send(town, 'POST', '/api/weak-orgs', designation(fx.orgs.a1.id));
    assert.equal(own.statusCode, 422, own.body);
    assert.match(own.json().error.message, /下级/);
    assert.equal((await send(town, 'POST', '/api/weak-orgs', designation(fx.orgs.b1a.id))).statusCode, 404);
    const unknown = await send(town, 'POST', '/api/weak-orgs', designation(fx.orgs.a1a.id, { reasons: ['nope'] }));
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.match(unknown.json().error.message, /nope/);
    const none = await send(town, 'POST', '/api/weak-orgs', designation(fx.orgs.a1a.id, { reasons: [] }));
    assert.equal(none.statusCode, 400, none.body);
    assert.match(none.json().error.message, /至少选择一项/);
    const due = await send(town, 'POST', '/api/weak-orgs', designation(fx.orgs.a1a.id, { dueOn: '2026-02-01' }));
    assert.equal(due.statusCode, 400, due.body);
    const byBranch = await send(branch, 'POST', '/api/weak-orgs', designation(fx.orgs.a1g.id));
    assert.equal(byBranch.statusCode, 422, byBranch.body);
    assert.match(byBranch.json().error.message, /不是党委/);
    assert.equal(await count('weak_org'), before);
  });

  test('a designation with reasons and a leader; the branch reads it but cannot manage it; not twice a year', async () => {
    const d = ok(await send(town, 'POST', '/api/weak-orgs', designation(fx.orgs.a1a.id)), 201);
    id = d.id;
    assert.equal(d.state, 'designated');
    assert.deepEqual(
      d.reasons.map((r: { zh: string }) => r.zh),
      ['组织制度形同虚设、长期不开展组织生活', '班子配备不齐、书记长期缺职或不胜任'],
    );
    assert.deepEqual(d.leader, { name: '王镇长', post: '镇党委副书记' });
    assert.equal(d.canManage, true);
    const again = await send(town, 'POST', '/api/weak-orgs', designation(fx.orgs.a1a.id));
    assert.equal(again.statusCode, 409, again.body);
    const mine = ok(await send(branch, 'GET', `/api/weak-orgs/${id}`));
    assert.equal(mine.canManage, false);
    const m = await send(branch, 'POST', `/api/weak-orgs/${id}/measures`, { title: 'x', deadline: '2026-12-01' });
    assert.equal(m.statusCode, 403, m.body);
    assert.equal((await send(other, 'GET', `/api/weak-orgs/${id}`)).statusCode, 404);
    assert.equal((await send(other, 'GET', `/api/weak-orgs?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
  });

  test('measures are problems assigned to the branch; a pass is refused while one is open; a fail is recorded', async () => {
    const d = ok(
      await send(town, 'POST', `/api/weak-orgs/${id}/measures`, { title: '配齐配强支部班子', deadline: '2026-06-30' }),
    );
    ok(await send(town, 'POST', `/api/weak-orgs/${id}/measures`, { title: '规范三会一课', deadline: '2026-12-31' }));
    assert.equal(d.measureList.length, 1);
    assert.equal(d.measureList[0].state, 'open');
    const problems = ok(await send(branch, 'GET', `/api/problems?orgId=${fx.orgs.a1a.id}`));
    assert.ok(problems.items.some((p: { title: string }) => p.title === '配齐配强支部班子'));
    const pass = await send(town, 'POST', `/api/weak-orgs/${id}/checks`, {
      checkedOn: '2026-12-05',
      checker: '镇党委验收组',
      passed: true,
    });
    assert.equal(pass.statusCode, 422, pass.body);
    assert.match(pass.json().error.message, /2 项整顿措施未销号（如“配齐配强支部班子”）/);
    const fail = ok(
      await send(town, 'POST', `/api/weak-orgs/${id}/checks`, {
        checkedOn: '2026-12-05',
        checker: '镇党委验收组',
        passed: false,
        note: '班子仍未配齐',
      }),
    );
    assert.equal(fail.state, 'designated');
    assert.equal(fail.checks.length, 1);
    const leader = ok(
      await send(town, 'POST', `/api/weak-orgs/${id}/leader`, { name: '李书记', post: '镇党委书记', note: '调整' }),
    );
    assert.deepEqual(leader.leader, { name: '李书记', post: '镇党委书记' });
    assert.equal(leader.leaders.length, 2);
  });

  test('once every measure is closed a passed check lifts it; then no further check or measure', async () => {
    // The measures close through the rectify area's own workflow; here written directly.
    await sql`update problem set state = 'closed', closed_on = '2026-12-08'
      where id in (select problem_id from weak_org_measure where weak_org_id = ${id})`.execute(ctx.database.db);
    const d = ok(
      await send(town, 'POST', `/api/weak-orgs/${id}/checks`, {
        checkedOn: '2026-12-09',
        checker: '镇党委验收组',
        passed: true,
      }),
    );
    assert.equal(d.state, 'lifted');
    assert.equal(d.liftedOn, '2026-12-09');
    const again = await send(town, 'POST', `/api/weak-orgs/${id}/checks`, {
      checkedOn: '2026-12-10',
      checker: '镇党委验收组',
      passed: true,
    });
    assert.equal(again.statusCode, 422, again.body);
    assert.match(again.json().error.message, /已于 2026-12-09 通过转化验收/);
    const m = await send(town, 'POST', `/api/weak-orgs/${id}/measures`, { title: 'x', deadline: '2026-12-31' });
    assert.equal(m.statusCode, 422, m.body);
  });

  test('an assessment result below the threshold is a reason; one not below is refused; counts of the subtree', async () => {
    const db = ctx.database.db;
    const orgRow = await db.selectFrom('org').select('region_id').where('id', '=', second.id).executeTakeFirstOrThrow();
    const sys = await db
      .insertInto('assess_system')
      .values({
        org_id: fx.orgs.a1.id,
        region_id: orgRow.region_id,
        year: 2025,
        name: '2025年度考核',
        total: 100,
        indicators: '[]',
        actor_name: '测试',
        created_at: clock,
        updated_at: clock,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const round = await db
      .insertInto('assess_round')
      .values({
        system_id: sys.id,
        org_id: fx.orgs.a1.id,
        region_id: orgRow.region_id,
        year: 2025,
        name: '2025年度党支部考核',
        system: '{}',
        grading: '{}',
        state: 'final',
        self_due: '2025-12-20',
        score_due: '2026-01-10',
        cutoff: '2025-12-05',
        publicity_from: '2026-01-11',
        publicity_to: '2026-01-17',
        actor_name: '测试',
        created_at: clock,
        updated_at: clock,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [org, total] of [
      [second.id, 55],
      [fx.orgs.a1a.id, 85],
    ] as const) {
      await db
        .insertInto('assess_round_org')
        .values({ round_id: round.id, org_id: org, region_id: orgRow.region_id })
        .execute();
      await db
        .insertInto('assess_result')
        .values({ round_id: round.id, org_id: org, total, lines: '[]', computed_at: clock })
        .execute();
    }
    // The designation form's picker: the final rounds that assessed each, its total, and whether it is a reason.
    const picks = ok(await send(town, 'GET', `/api/weak-orgs/rounds?orgId=${second.id}`));
    assert.equal(picks.threshold, 60);
    assert.deepEqual(picks.items, [
      {
        roundId: round.id,
        name: '2025年度党支部考核',
        year: 2025,
        issuerName: '甲一镇党委',
        total: 55,
        level: null,
        vetoed: false,
        low: true,
      },
    ]);
    const notLow = ok(await send(town, 'GET', `/api/weak-orgs/rounds?orgId=${fx.orgs.a1a.id}`));
    assert.deepEqual(
      notLow.items.map((x: { total: number; low: boolean }) => [x.total, x.low]),
      [[85, false]],
    );
    assert.equal((await send(other, 'GET', `/api/weak-orgs/rounds?orgId=${second.id}`)).statusCode, 404);
    assert.deepEqual(ok(await send(town, 'GET', `/api/weak-orgs/rounds?orgId=${fx.orgs.a1.id}`)).items, []);
    const high = await send(
      town,
      'POST',
      '/api/weak-orgs',
      designation(fx.orgs.a1a.id, { year: 2027, reasons: [], roundId: round.id, designatedOn: '2026-12-01' }),
    );
    assert.equal(high.statusCode, 422, high.body);
    assert.match(high.json().error.message, /得分 85，不低于 60 分/);
    const d = ok(
      await send(
        town,
        'POST',
        '/api/weak-orgs',
        designation(second.id, { reasons: [], roundId: round.id, dueOn: '2026-11-30', leader: undefined }),
      ),
      201,
    );
    assert.deepEqual(d.round, { id: round.id, name: '2025年度党支部考核', total: 55 });
    assert.equal(d.overdue, true);
    assert.equal(d.leader, null);
    const list = ok(await send(town, 'GET', `/api/weak-orgs?orgId=${fx.orgs.a1.id}&year=2026`));
    assert.deepEqual(list.counts, { designated: 2, lifted: 1, overdue: 1 });
    assert.ok(list.reasonOptions.length >= 5);
    assert.equal(list.threshold, 60);
    const admin = await loginAs(app, fx.users.aAdmin.username);
    const counts = ok(await send(admin, 'GET', `/api/weak-orgs/counts?orgId=${fx.orgs.a.id}&year=2026`));
    assert.equal(counts.designated, 2);
    assert.deepEqual(
      counts.byChild.map((c: { orgId: number; designated: number; lifted: number; overdue: number }) => [
        c.orgId,
        c.designated,
        c.lifted,
        c.overdue,
      ]),
      [[fx.orgs.a1.id, 2, 1, 1]],
    );
    const mine = ok(await send(branch, 'GET', `/api/weak-orgs?orgId=${fx.orgs.a1a.id}`));
    assert.deepEqual(
      mine.items.map((x: { orgId: number }) => x.orgId),
      [fx.orgs.a1a.id],
    );
  });
});
