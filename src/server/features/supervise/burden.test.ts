import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs, multipartBody, type OrgRef } from '../../test/factories.ts';
import { PNG } from '../../test/route-probes.ts';
import { findBurdenDrift } from './burden.queries.ts';

/**
 * The burden meter (基层减负) through the API: every kind of demand is counted on write (assignments, chase-ups,
 * supervisions, reports and their files, problems), an assignment or a supervision that takes an organisation over
 * a cap of its level is refused until the issuer gives a reason (kept), the one-a-year rule for 定期 supervisions,
 * a random draw's seed returned with the warning, the page's figures and ranking, scope, and no drift from a
 * recount (also under concurrent reports).
 */
describeOnEngines('burden meter: counted on write, caps with a reason, the issuer ranking', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string; // 甲区 administrator
  let branch: string; // 甲一村 branch secretary
  let other: string; // 乙区 administrator
  let a1b: OrgRef;
  const assignmentOf = new Map<number, number>();

  before(async () => {
    fx = await buildFixture(ctx.database);
    a1b = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `BUR-${fx.orgs.a1.id}`,
      name: '甲二村党支部',
      type: 'branch',
      field: 'rural',
    });
    app = await buildApp({
      database: ctx.database,
      now: () => new Date('2026-11-23T02:00:00Z'),
      // Low caps for the test: two assignments a month, three supervisions a year for a branch.
      taskRules: {
        burdenCaps: {
          grassroots: { assignment: { max: 2, per: 'month' }, supervision: { max: 3, per: 'year' } },
        },
      },
    });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, payload });
  const count = async (table: string, where = sql`true`) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(
        ctx.database.db,
      )
    ).rows[0]!.n;
  const newTask = async (title: string) => {
    const res = await call(district, 'POST', '/api/tasks', { orgId: fx.orgs.a.id, title, deadline: '2026-12-31' });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as number;
  };

  test('two assignments a month pass; the third warns in the preview and needs a reason', async () => {
    for (const title of ['整顿软弱涣散党组织', '党员信息核查']) {
      const task = await newTask(title);
      const res = await call(district, 'POST', `/api/tasks/${task}/assignments`, { orgIds: [fx.orgs.a1a.id] });
      assert.equal(res.statusCode, 200, res.body);
      assignmentOf.set(task, (await call(district, 'GET', `/api/assignments?taskId=${task}`)).json().items[0].id);
    }
    const third = await newTask('村级党组织书记述职');
    const body = { orgIds: [fx.orgs.a1a.id, a1b.id] };
    const preview = await call(district, 'POST', `/api/tasks/${third}/assignments/preview`, body);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json().burden, {
      overCount: 1,
      overruns: [
        {
          orgId: fx.orgs.a1a.id,
          orgName: fx.orgs.a1a.name,
          kind: 'assignment',
          count: 3,
          max: 2,
          per: 'month',
          rule: 'level',
        },
      ],
    });

    const before = await count('assignment');
    const refused = await call(district, 'POST', `/api/tasks/${third}/assignments`, body);
    assert.equal(refused.statusCode, 422, refused.body);
    const err = refused.json().error;
    assert.equal(err.key, 'err.burden.reasonRequired');
    assert.match(err.message, /会使 1 个组织超出基层减负上限（如“甲一村党支部”：本月已有 2 项，上限 2 项）/);
    assert.equal(err.details.burden.overCount, 1);
    assert.equal(await count('assignment'), before, 'refused: nothing written');
    assert.equal(await count('burden_override'), 0);

    const ok = await call(district, 'POST', `/api/tasks/${third}/assignments`, {
      ...body,
      burdenReason: '市委统一部署，年底前必须完成',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().created, 2);
    const kept = await sql<{ reason: string; over_count: number; task_id: number; actor_name: string }>`
      select reason, over_count, task_id, actor_name from burden_override`.execute(ctx.database.db);
    assert.deepEqual(
      kept.rows.map((r) => [r.reason, r.over_count, r.task_id]),
      [['市委统一部署，年底前必须完成', 1, third]],
    );
  });

  test('reports, their files and chase-ups are counted against the assigner', async () => {
    const [id] = [...assignmentOf.values()];
    const form = multipartBody({ text: '已完成第一轮摸排', entryDate: '2026-11-22' }, [
      { field: 'files', filename: '摸排表.png', data: PNG, contentType: 'image/png' },
      { field: 'files', filename: '签到表.png', data: PNG, contentType: 'image/png' },
    ]);
    const res = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: branch, ...form.headers },
      payload: form.payload,
    });
    assert.equal(res.statusCode, 201, res.body);
    const [, second] = [...assignmentOf.values()];
    const chased = await call(district, 'POST', `/api/assignments/${second}/chase`, { note: '请抓紧' });
    assert.equal(chased.statusCode, 200, chased.body);
    const kinds = await sql<{ kind: string; n: number; from_org_id: number }>`
      select kind, n, from_org_id from burden_count where org_id = ${fx.orgs.a1a.id} order by kind`.execute(
      ctx.database.db,
    );
    assert.deepEqual(
      kinds.rows.map((r) => [r.kind, r.n, r.from_org_id]),
      [
        ['assignment', 3, fx.orgs.a.id],
        ['chase', 1, fx.orgs.a.id],
        ['evidence', 2, fx.orgs.a.id],
        ['report', 1, fx.orgs.a.id],
      ],
    );
  });

  test('定期 supervisions: one a year per issuer; a random draw over a cap comes back with its seed', async () => {
    const plan = {
      orgId: fx.orgs.a.id,
      kind: 'regular',
      title: '年度党建工作综合督查',
      periodStart: '2026-11-23',
      periodEnd: '2026-12-10',
      orgIds: [fx.orgs.a1a.id],
    };
    const first = await call(district, 'POST', '/api/supervisions', plan);
    assert.equal(first.statusCode, 201, first.body);
    const again = await call(district, 'POST', '/api/supervisions', { ...plan, title: '年度党建工作综合督查（二）' });
    assert.equal(again.statusCode, 422, again.body);
    assert.match(again.json().error.message, /本单位今年已督查 1 次，每年至多 1 次/);
    // A 专项 supervision is under the level cap only (3 a year): the second and third pass.
    for (const title of ['“三会一课”专项督查', '党费收缴专项督查']) {
      const s = await call(district, 'POST', '/api/supervisions', { ...plan, kind: 'special', title });
      assert.equal(s.statusCode, 201, s.body);
    }
    // The fourth (a random spot check that draws both branches of the town) is over the level cap for 甲一村.
    const random = {
      ...plan,
      kind: 'random',
      title: '随机抽查',
      orgIds: undefined,
      sample: { underOrgId: fx.orgs.a1.id, types: ['branch'], share: 1, min: 1 },
    };
    const warned = await call(district, 'POST', '/api/supervisions', random);
    assert.equal(warned.statusCode, 422, warned.body);
    const details = warned.json().error.details;
    assert.ok(Number.isInteger(details.seed));
    assert.deepEqual(
      details.burden.overruns.map((o: { orgId: number; count: number; max: number; rule: string }) => [
        o.orgId,
        o.count,
        o.max,
        o.rule,
      ]),
      [[fx.orgs.a1a.id, 4, 3, 'level']],
    );
    const drawn = await call(district, 'POST', '/api/supervisions', {
      ...random,
      sample: { ...random.sample, seed: details.seed },
      burdenReason: '群众反映集中，需全覆盖抽查',
    });
    assert.equal(drawn.statusCode, 201, drawn.body);
    assert.equal(drawn.json().draw.seed, details.seed, 'the same draw, submitted again with the reason');
    assert.equal(
      await count('org_demand', sql`kind = 'supervision' and org_id = ${fx.orgs.a1a.id}`),
      4,
      'each supervision that went ahead is one demand on 甲一村',
    );
  });

  test('a problem given by the district counts; one the branch found in itself does not', async () => {
    const given = await call(district, 'POST', '/api/problems', {
      orgId: fx.orgs.a1a.id,
      title: '“三会一课”记录不全',
      source: 'supervision',
    });
    assert.equal(given.statusCode, 201, given.body);
    const own = await call(branch, 'POST', '/api/problems', {
      orgId: fx.orgs.a1a.id,
      title: '党员活动室资料未更新',
      source: 'self_check',
    });
    assert.equal(own.statusCode, 201, own.body);
    assert.equal(await count('org_demand', sql`kind = 'problem' and org_id = ${fx.orgs.a1a.id}`), 1);
  });

  test('the page: what was asked of the branch, its caps, and the issuers ranked over the district', async () => {
    const mine = await call(branch, 'GET', `/api/burden?orgId=${fx.orgs.a1a.id}&from=2026-11&to=2026-11`);
    assert.equal(mine.statusCode, 200, mine.body);
    const r = mine.json();
    assert.equal(r.org.level, 'grassroots');
    assert.deepEqual(r.own.byKind, {
      assignment: 3,
      chase: 1,
      supervision: 4,
      report: 1,
      evidence: 2,
      problem: 1,
      meeting: 0,
    });
    assert.equal(r.own.total, 12);
    assert.deepEqual(
      r.own.byIssuer.map((i: { orgId: number; total: number }) => [i.orgId, i.total]),
      [[fx.orgs.a.id, 12]],
    );
    assert.deepEqual(
      r.caps.map((c: { kind: string; max: number; per: string; used: number }) => [c.kind, c.used, c.max, c.per]),
      [
        ['assignment', 3, 2, 'month'],
        ['supervision', 4, 3, 'year'],
      ],
    );
    // The branch sees the reasons given for taking it over a cap (by the district above it).
    assert.deepEqual(
      r.overrides.map((o: { reason: string }) => o.reason),
      ['群众反映集中，需全覆盖抽查', '市委统一部署，年底前必须完成'],
    );
    // An empty month: zeros, not an error.
    const empty = (await call(branch, 'GET', `/api/burden?orgId=${fx.orgs.a1a.id}&from=2026-01&to=2026-01`)).json();
    assert.equal(empty.own.total, 0);

    const town = (await call(district, 'GET', `/api/burden?orgId=${fx.orgs.a.id}&from=2026-11&to=2026-11`)).json();
    assert.equal(town.org.level, 'committee');
    assert.equal(town.issuers[0].orgId, fx.orgs.a.id);
    assert.equal(town.issuers[0].rank, 1);
    assert.equal(town.issuers[0].orgsReached, 2);
    assert.equal(town.issuers[0].total, 14); // 甲一村's 12, 甲二村's assignment and its random draw
    assert.deepEqual(
      town.heaviest.map((h: { orgId: number; total: number }) => [h.orgId, h.total]),
      [
        [fx.orgs.a1a.id, 12],
        [a1b.id, 2],
      ],
    );
    assert.deepEqual(
      town.overrides.map((o: { kind: string; reason: string }) => [o.kind, o.reason]),
      [
        ['supervision', '群众反映集中，需全覆盖抽查'],
        ['assignment', '市委统一部署，年底前必须完成'],
      ],
    );
  });

  test('scope and bad input: another district cannot read it; a period backwards is refused in Chinese', async () => {
    const res = await call(other, 'GET', `/api/burden?orgId=${fx.orgs.a1a.id}`);
    assert.ok([403, 404].includes(res.statusCode), res.body);
    const back = await call(district, 'GET', `/api/burden?orgId=${fx.orgs.a.id}&from=2026-11&to=2026-10`);
    assert.equal(back.statusCode, 400, back.body);
    assert.match(back.json().error.message, /起始月份（2026-11）不能晚于结束月份（2026-10）/);
    const month = await call(district, 'GET', `/api/burden?from=2026-13`);
    assert.equal(month.statusCode, 400, month.body);
  });

  test('the kept counts equal a recount, also after concurrent reports', async () => {
    const ids = [...assignmentOf.values()];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const form = multipartBody({ text: `进展${i}`, entryDate: '2026-11-22' });
        return app.inject({
          method: 'POST',
          url: `/api/assignments/${ids[i % ids.length]}/ledger`,
          headers: { cookie: branch, ...form.headers },
          payload: form.payload,
        });
      }),
    );
    assert.equal(await count('org_demand', sql`kind = 'report'`), 13);
    assert.deepEqual(await findBurdenDrift(ctx.database.db), []);
    // Demands are facts: they cannot be changed or removed.
    await assert.rejects(sql`delete from org_demand`.execute(ctx.database.db));
  });
});
