import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, insertUser, loginAs } from '../../test/factories.ts';

/**
 * The cadre record, the young-cadre pool and the structure of leadership teams (issue 13, area cadre): the town's
 * committee and a village's team against the structure rules, the young cadre on her birthday, the 换届 plan and the
 * cadres whose term ends within a year; nomination, practice records and exit; posts and ranks; another subtree sees
 * nothing; the rows are append-only.
 */
describeOnEngines('cadre: pool, posts, leadership-team structure', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string; // a secretary of 甲一镇 (a1)
  let other: string; // b-admin: the sibling district
  let wu = 0; // 吴芳, female, 40 on 2026-12-10 (the clock's day)
  let zheng = 0; // 郑明, 41 from 2026-12-10
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  before(async () => {
    fx = await buildFixture(ctx.database);
    const db = ctx.database.db;
    await sql`update org set unit_level = 'village' where id = ${fx.orgs.a1a.id}`.execute(db);
    const zhou = await insertPerson(ctx.database, fx.orgs.a1, { name: '周强', birthDate: '1960-05-01' });
    wu = await insertPerson(ctx.database, fx.orgs.a1, { name: '吴芳', gender: 'female', birthDate: '1986-12-10' });
    zheng = await insertPerson(ctx.database, fx.orgs.a1, { name: '郑明', birthDate: '1985-12-10' });
    await db
      .insertInto('org_position')
      .values([
        {
          org_id: fx.orgs.a1.id,
          person_id: zhou,
          title: 'member',
          portfolio: null,
          started_on: '2019-01-10',
          ended_on: '2024-01-09',
        },
        { org_id: fx.orgs.a1.id, person_id: zhou, title: 'secretary', portfolio: null, started_on: '2024-01-10' },
        { org_id: fx.orgs.a1.id, person_id: wu, title: 'organization', portfolio: null, started_on: '2024-01-10' },
        {
          org_id: fx.orgs.a1.id,
          person_id: zheng,
          title: 'deputy_secretary',
          portfolio: null,
          started_on: '2024-01-10',
        },
      ])
      .execute();
    app = await buildApp({ database: ctx.database, now: () => clock });
    town = await loginAs(
      app,
      (await insertUser(ctx.database, `cp-town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1)).username,
    );
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  const report = async (q = '') => ok(await send(town, 'GET', `/api/cadre/structure?orgId=${fx.orgs.a1.id}${q}`));
  const teamOf = (r: { items: { orgId: number }[] }, id: number) =>
    // biome-ignore lint/suspicious/noExplicitAny: read for its fields
    r.items.find((i) => i.orgId === id) as any;

  test('structure: 老中青, the young cadre on her birthday, women, terms served; the village outside the rules', async () => {
    const r = await report();
    assert.equal(r.on, '2026-12-10');
    const t = teamOf(r, fx.orgs.a1.id);
    assert.equal(t.level, 'committee');
    assert.deepEqual([t.size, t.women, t.young, t.youngMaxAge, t.returning], [3, 1, 1, 40, 1]);
    assert.deepEqual(t.byGroup, { young: 1, middle: 1, old: 1 }); // 40, 41, 66
    assert.equal(t.meanAge, 49);
    assert.deepEqual(t.findings, []);
    const v = teamOf(r, fx.orgs.a1a.id);
    assert.deepEqual([v.level, v.size, v.women, v.young, v.youngMaxAge], ['village', 1, 1, 0, 35]);
    assert.deepEqual(v.findings, ['noYoung', 'meanAgeHigh']); // 李秀英, 51
    assert.deepEqual([r.totals.teams, r.totals.outside, r.totals.cadres], [2, 1, 4]);
    // The day before: 吴芳 39, 郑明 40: both young for a committee.
    const before = teamOf(await report('&on=2026-12-09'), fx.orgs.a1.id);
    assert.deepEqual([before.young, before.byGroup.young], [2, 2]);
    assert.deepEqual(
      (await report('&outside=true')).items.map((i: { orgId: number }) => i.orgId),
      [fx.orgs.a1a.id],
    );
    assert.deepEqual(
      (await report('&level=committee')).items.map((i: { orgId: number }) => i.orgId),
      [fx.orgs.a1.id],
    );
  });

  test('the 换届 plan from the term, and the cadres whose term ends within a year', async () => {
    const r = await report();
    assert.deepEqual(teamOf(r, fx.orgs.a1a.id).plan, {
      remindOn: '2026-07-10',
      requestBy: '2026-11-10',
      dueOn: '2027-01-10',
      earliestOn: '2026-01-10',
      latestOn: '2028-01-10',
    });
    assert.equal(teamOf(r, fx.orgs.a1.id).plan.dueOn, '2029-01-10');
    assert.deepEqual(
      r.ending.map((e: { personId: number; dueOn: string }) => [e.personId, e.dueOn]),
      [[fx.people.a1aSecretary, '2027-01-10']],
    );
  });

  test('posts: a rank from the list, not in the future; the cadre record lists positions and posts', async () => {
    const body = { post: '镇党政办主任', rank: '副科级', since: '2025-01-01' };
    const bad = await send(town, 'PUT', `/api/cadre/posts/${fx.people.a1aFull}`, { ...body, rank: '局长' });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.details.field, 'rank');
    const future = await send(town, 'PUT', `/api/cadre/posts/${fx.people.a1aFull}`, { ...body, since: '2026-12-11' });
    assert.equal(future.statusCode, 400, future.body);
    ok(await send(town, 'PUT', `/api/cadre/posts/${fx.people.a1aFull}`, body));
    const l = ok(await send(town, 'GET', `/api/cadre/cadres?orgId=${fx.orgs.a1.id}`));
    assert.ok(l.ranks.includes('副科级'));
    const byId = new Map(l.items.map((i: { personId: number }) => [i.personId, i]));
    assert.equal(byId.size, 5);
    // biome-ignore lint/suspicious/noExplicitAny: read for its fields
    const full = byId.get(fx.people.a1aFull) as any;
    assert.deepEqual([full.post, full.positions], [body, []]);
    // biome-ignore lint/suspicious/noExplicitAny: read for its fields
    const w = byId.get(wu) as any;
    assert.deepEqual([w.age, w.young, w.ageGroup, w.positions[0].title], [40, true, 'young', 'organization']);
    // biome-ignore lint/suspicious/noExplicitAny: read for its fields
    assert.equal((byId.get(zheng) as any).young, false);
    const team = ok(await send(town, 'GET', `/api/cadre/cadres?orgId=${fx.orgs.a1.id}&scope=team&young=true`));
    assert.deepEqual(
      team.items.map((i: { personId: number }) => i.personId),
      [wu],
    );
  });

  test('the pool: nomination under a local category with reasons, once at a time; practice records; exit', async () => {
    const body = {
      personId: fx.people.a1aProbationary,
      category: 'village_reserve',
      reasons: '群众基础好，带富能力强',
    };
    const badCat = await send(town, 'POST', '/api/cadre/pool', { ...body, category: 'nope' });
    assert.equal(badCat.statusCode, 400, badCat.body);
    assert.equal(badCat.json().error.details.field, 'category');
    const noReason = await send(town, 'POST', '/api/cadre/pool', { ...body, reasons: ' ' });
    assert.equal(noReason.statusCode, 400, noReason.body);
    const e = ok(await send(town, 'POST', '/api/cadre/pool', body), 201);
    assert.deepEqual(
      [e.status, e.categoryName, e.age, e.nominatedOn, e.orgId],
      ['active', '村（社区）党组织书记后备人选', 27, '2026-12-10', fx.orgs.a1a.id],
    );
    assert.equal((await send(town, 'POST', '/api/cadre/pool', body)).statusCode, 409);
    const url = `/api/cadre/pool/people/${fx.people.a1aProbationary}`;
    const rec = { kind: 'secondment', place: '甲一镇党政办', fromOn: '2026-03-01', toOn: '2026-08-31' };
    const backwards = await send(town, 'POST', `${url}/records`, { ...rec, toOn: '2026-02-28' });
    assert.equal(backwards.statusCode, 400, backwards.body);
    assert.equal(backwards.json().error.details.field, 'toOn');
    ok(await send(town, 'POST', `${url}/records`, rec), 201);
    const two = ok(
      await send(town, 'POST', `${url}/records`, { kind: 'rotation', place: '甲一村', fromOn: '2026-09-01' }),
      201,
    );
    assert.deepEqual(
      two.records.map((r: { kind: string; toOn: string | null }) => [r.kind, r.toOn]),
      [
        ['secondment', '2026-08-31'],
        ['rotation', null],
      ],
    );
    const l = ok(await send(town, 'GET', `/api/cadre/pool?orgId=${fx.orgs.a1.id}&category=village_reserve`));
    assert.equal(l.items.length, 1);
    assert.equal(l.byCategory.find((c: { code: string }) => c.code === 'village_reserve').active, 1);
    const early = await send(town, 'POST', `${url}/exit`, { reason: '调任', exitedOn: '2026-12-09' });
    assert.equal(early.statusCode, 400, early.body);
    const out = ok(await send(town, 'POST', `${url}/exit`, { reason: '已选任为村党组织书记' }));
    assert.deepEqual([out.status, out.exitedOn, out.exitReason], ['exited', '2026-12-10', '已选任为村党组织书记']);
    assert.equal((await send(town, 'POST', `${url}/exit`, { reason: 'x' })).statusCode, 422);
    assert.equal((await send(town, 'POST', `${url}/records`, rec)).statusCode, 422);
    const after = ok(await send(town, 'GET', `/api/cadre/pool?orgId=${fx.orgs.a1.id}`));
    assert.deepEqual([after.items.length, after.counts.active, after.counts.exited], [0, 0, 1]);
    assert.equal(ok(await send(town, 'GET', `/api/cadre/pool?orgId=${fx.orgs.a1.id}&status=all`)).items.length, 1);
    ok(await send(town, 'POST', '/api/cadre/pool', { ...body, category: 'town_young' }), 201); // again: a new entry
  });

  test('a local rule of the district moves the limits: mean age 48, a category of its own', async () => {
    const admin = await loginAs(app, fx.users.aAdmin.username);
    const put = (ruleId: string, value: unknown) =>
      send(admin, 'POST', '/api/rules/overrides', {
        orgId: fx.orgs.a.id,
        ruleId,
        value,
        effectiveFrom: '2026-12-10',
        document: '甲区委组织部关于加强年轻干部工作的通知',
        reason: '本区要求',
      });
    ok(await put('cadre.teamStructure', { minWomen: 1, minYoung: 1, maxMeanAge: 48 }), 201);
    ok(
      await put('cadre.poolCategories', [{ code: 'district_young', zh: '区管年轻干部', en: 'District young cadre' }]),
      201,
    );
    const r = await report();
    assert.deepEqual(teamOf(r, fx.orgs.a1.id).findings, ['meanAgeHigh']); // mean 49 > 48
    assert.equal(r.rules.teamStructure.maxMeanAge, 48);
    const old = await send(town, 'POST', '/api/cadre/pool', { personId: zheng, category: 'town_young', reasons: 'x' });
    assert.equal(old.statusCode, 400, old.body);
    const e = ok(
      await send(town, 'POST', '/api/cadre/pool', { personId: zheng, category: 'district_young', reasons: '熟悉基层' }),
      201,
    );
    assert.equal(e.categoryName, '区管年轻干部');
  });

  test('exports: the pool and the structure report as .xlsx in their usual layouts, the rows the lists hold', async () => {
    const read = async (url: string) => {
      const res = await send(town, 'GET', url);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const pool = ok(await send(town, 'GET', `/api/cadre/pool?orgId=${fx.orgs.a1.id}&status=all`));
    const pw = await read(`/api/cadre/pool/export?orgId=${fx.orgs.a1.id}&status=all`);
    const ps = pw.worksheets[0]!;
    assert.match(String(ps.getCell(1, 1).value), /年轻干部信息库/);
    assert.deepEqual((ps.getRow(2).values as unknown[]).slice(1, 4), ['序号', '姓名', '性别']);
    assert.equal(ps.rowCount - 2, pool.items.length);
    assert.equal(ps.getCell(3, 2).value, pool.items[0].name);
    const report = ok(await send(town, 'GET', `/api/cadre/structure?orgId=${fx.orgs.a1.id}`));
    const sw = await read(`/api/cadre/structure/export?orgId=${fx.orgs.a1.id}`);
    const [teams, ending] = sw.worksheets;
    assert.match(String(teams!.getCell(1, 1).value), /领导班子结构分析表/);
    assert.equal(teams!.rowCount - 2, report.items.length);
    assert.equal(teams!.getCell(3, 2).value, report.items[0].orgName);
    assert.equal(teams!.getCell(3, 5).value, report.items[0].size);
    assert.equal(ending!.rowCount - 2, report.ending.length);
    assert.equal((await send(other, 'GET', `/api/cadre/structure/export?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
  });

  test('the sibling district sees nothing and writes nothing; the rows are append-only', async () => {
    assert.equal((await send(other, 'GET', `/api/cadre/structure?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
    assert.equal((await send(other, 'GET', `/api/cadre/pool?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
    const res = await send(other, 'POST', `/api/cadre/pool/people/${fx.people.a1aProbationary}/exit`, { reason: 'x' });
    assert.equal(res.statusCode, 404, res.body);
    const post = await send(other, 'PUT', `/api/cadre/posts/${fx.people.a1aFull}`, {
      post: 'x',
      rank: '副科级',
      since: '2025-01-01',
    });
    assert.equal(post.statusCode, 404, post.body);
    const nom = await send(other, 'POST', '/api/cadre/pool', {
      personId: fx.people.a1aFull,
      category: 'town_young',
      reasons: 'x',
    });
    assert.equal(nom.statusCode, 404, nom.body);
    await assert.rejects(sql`update cadre_pool_entry set reasons = 'x'`.execute(ctx.database.db));
    await assert.rejects(sql`delete from cadre_pool_record`.execute(ctx.database.db));
    await assert.rejects(sql`update cadre_post set rank = 'x'`.execute(ctx.database.db));
  });
});
