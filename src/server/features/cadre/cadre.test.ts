import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertPerson, insertUser, loginAs } from '../../test/factories.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';

/**
 * 村党组织书记备案 and the 一肩挑 ratio (issue 13, area cadre): the town sees each village's secretary and filing status
 * with the alerts; the village files with the 联审 checks; only an organisation above approves or returns; the ratio
 * per child and its monthly trend kept by the sweep; another subtree sees nothing; the records are append-only.
 */
describeOnEngines('cadre: village secretaries filed, 一肩挑', (ctx) => {
  let app: App;
  let fx: Fixture;
  let village: string; // a-sec: secretary of 甲一村 (a1a)
  let town: string; // a secretary of 甲一镇 (a1)
  let other: string; // b-admin: the sibling district
  let newVillage = 0; // a secretary since 2026-11-20: filing still due
  let emptyVillage = 0; // no secretary
  let newSecretary = 0; // 周建国, its secretary
  let checks: string[] = [];
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const list = async (cookie = town, orgId = fx.orgs.a1.id, q = '') =>
    ok(await send(cookie, 'GET', `/api/cadre/secretaries?orgId=${orgId}${q}`));
  const rowOf = async (orgId: number) =>
    (await list()).items.find((i: { orgId: number }) => i.orgId === orgId) as {
      status: string;
      dueOn: string | null;
      oneShoulder: boolean;
      filing: { id: number; decision: string | null; termEnd: string; reason: string | null } | null;
    };

  before(async () => {
    fx = await buildFixture(ctx.database);
    const db = ctx.database.db;
    const v2 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `CV2-${ctx.engine}`,
      name: '甲二村党支部',
      type: 'branch',
    });
    const v3 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `CV3-${ctx.engine}`,
      name: '甲三村党支部',
      type: 'branch',
    });
    newVillage = v2.id;
    emptyVillage = v3.id;
    await sql`update org set unit_level = 'village' where id in (${fx.orgs.a1a.id}, ${v2.id}, ${v3.id})`.execute(db);
    const p = await insertPerson(ctx.database, v2, { name: '周建国', gender: 'male', birthDate: '1980-05-01' });
    newSecretary = p;
    await db
      .insertInto('org_position')
      .values({ org_id: v2.id, person_id: p, title: 'secretary', portfolio: null, started_on: '2026-11-20' })
      .execute();
    app = await buildApp({ database: ctx.database, now: () => clock });
    village = await loginAs(app, fx.users.aSecretary.username);
    town = await loginAs(
      app,
      (await insertUser(ctx.database, `c-town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1)).username,
    );
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  test('the town sees each village: missing after 30 days, due within them, nothing to file without a secretary', async () => {
    const l = await list();
    checks = l.checks;
    assert.ok(checks.includes('无违法犯罪记录'));
    assert.equal(l.items.length, 3);
    const a1a = await rowOf(fx.orgs.a1a.id);
    assert.deepEqual([a1a.status, a1a.dueOn], ['missing', '2024-02-09']);
    const fresh = await rowOf(newVillage);
    assert.deepEqual([fresh.status, fresh.dueOn], ['due', '2026-12-20']);
    assert.equal((await rowOf(emptyVillage)).status, 'noSecretary');
    assert.equal(l.totals.alerts, 1);
    assert.deepEqual(
      (await list(town, fx.orgs.a1.id, '&alerts=true')).items.map((i: { orgId: number }) => i.orgId),
      [fx.orgs.a1a.id],
    );
  });

  test('filing: the current secretary only, every check ticked, not in the future; once while pending', async () => {
    const body = { orgId: fx.orgs.a1a.id, personId: fx.people.a1aSecretary, appointedOn: '2024-01-10', checks };
    const wrong = await send(village, 'POST', '/api/cadre/filings', { ...body, personId: fx.people.a1aFull });
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json().error.details.field, 'personId');
    const short = await send(village, 'POST', '/api/cadre/filings', { ...body, checks: checks.slice(1) });
    assert.equal(short.statusCode, 400, short.body);
    assert.match(short.json().error.message, new RegExp(`资格联审未完成：${checks[0]}`));
    const future = await send(village, 'POST', '/api/cadre/filings', { ...body, appointedOn: '2026-12-11' });
    assert.equal(future.statusCode, 400, future.body);
    const notVillage = await send(town, 'POST', '/api/cadre/filings', { ...body, orgId: fx.orgs.a1.id });
    assert.equal(notVillage.statusCode, 422, notVillage.body);
    const row = ok(await send(village, 'POST', '/api/cadre/filings', body), 201);
    assert.equal(row.status, 'pending');
    assert.equal(row.filing.termEnd, '2027-01-10'); // a branch's 3-year term from the appointment
    const twice = await send(village, 'POST', '/api/cadre/filings', body);
    assert.equal(twice.statusCode, 409, twice.body);
  });

  test('only an organisation above decides; a return needs a reason; filed again and approved; decided once', async () => {
    const id = (await rowOf(fx.orgs.a1a.id)).filing!.id;
    const own = await send(village, 'POST', `/api/cadre/filings/${id}/decision`, { decision: 'approved' });
    assert.equal(own.statusCode, 403, own.body);
    const noReason = await send(town, 'POST', `/api/cadre/filings/${id}/decision`, { decision: 'returned' });
    assert.equal(noReason.statusCode, 400, noReason.body);
    const back = ok(
      await send(town, 'POST', `/api/cadre/filings/${id}/decision`, { decision: 'returned', reason: '缺少联审意见表' }),
    );
    assert.deepEqual([back.status, back.filing.reason], ['returned', '缺少联审意见表']);
    const again = ok(
      await send(village, 'POST', '/api/cadre/filings', {
        orgId: fx.orgs.a1a.id,
        personId: fx.people.a1aSecretary,
        appointedOn: '2024-01-10',
        termEnd: '2029-01-09',
        checks,
        note: '补充联审意见表',
      }),
      201,
    );
    assert.equal(again.status, 'pending');
    const stale = await send(town, 'POST', `/api/cadre/filings/${id}/decision`, { decision: 'approved' });
    assert.equal(stale.statusCode, 422, stale.body);
    const filed = ok(
      await send(town, 'POST', `/api/cadre/filings/${again.filing.id}/decision`, { decision: 'approved' }),
    );
    assert.deepEqual([filed.status, filed.filing.decision, filed.filing.termEnd], ['filed', 'approved', '2029-01-09']);
    const twice = await send(town, 'POST', `/api/cadre/filings/${again.filing.id}/decision`, {
      decision: 'returned',
      reason: 'x',
    });
    assert.equal(twice.statusCode, 422, twice.body);
  });

  test('一肩挑 from the secretary’s village-committee post: the ratio per child and the month kept by the sweep', async () => {
    ok(await send(village, 'PATCH', `/api/members/${fx.people.a1aSecretary}`, { villageCommitteePost: 'director' }));
    const l = await list();
    assert.deepEqual([l.totals.villages, l.totals.withSecretary, l.totals.oneShoulder, l.totals.ratio], [3, 2, 1, 0.5]);
    assert.equal((await rowOf(fx.orgs.a1a.id)).oneShoulder, true);
    // At the town each child is a village of its own; one level up, the town's villages together.
    assert.deepEqual(
      l.byChild.map((c: { orgId: number; oneShoulder: number; withSecretary: number }) => [
        c.orgId,
        c.oneShoulder,
        c.withSecretary,
      ]),
      [
        [fx.orgs.a1a.id, 1, 1],
        [newVillage, 0, 1],
        [emptyVillage, 0, 0],
      ],
    );
    const up = ok(
      await send(await loginAs(app, fx.users.aAdmin.username), 'GET', `/api/cadre/secretaries?orgId=${fx.orgs.a.id}`),
    );
    assert.deepEqual(
      up.byChild.map((c: { orgId: number; oneShoulder: number; withSecretary: number }) => [
        c.orgId,
        c.oneShoulder,
        c.withSecretary,
      ]),
      [[fx.orgs.a1.id, 1, 2]],
    );
    const swept = await sweepDeadlines(ctx.database.db, clockAt(clock));
    assert.ok(swept.oneShoulderMonths >= 3, JSON.stringify(swept));
    const trend = (await list()).trend;
    assert.deepEqual(trend, [{ month: '2026-12', villages: 3, withSecretary: 2, oneShoulder: 1, ratio: 0.5 }]);
    await sweepDeadlines(ctx.database.db, clockAt(clock));
    assert.equal((await list()).trend.length, 1, 'a second sweep in the month replaces the month');
  });

  test('a target counted from 一肩挑 follows the posts and the positions in the same write', async () => {
    const district = await loginAs(app, fx.users.aAdmin.username);
    const task = ok(
      await send(district, 'POST', '/api/tasks', {
        orgId: fx.orgs.a.id,
        title: '提高村党组织书记、村委会主任“一肩挑”比例',
        progressMode: 'sum',
        targetValue: 2,
        figureSource: { kind: 'oneShoulder' },
      }),
      201,
    );
    assert.match(task.figureSourceText.zh, /一肩挑自动统计/);
    ok(await send(district, 'POST', `/api/tasks/${task.id}/assignments`, { orgIds: [fx.orgs.a1.id] }));
    const list = ok(await send(district, 'GET', `/api/assignments?taskId=${task.id}&pageSize=10`));
    const figure = async () => ok(await send(district, 'GET', `/api/assignments/${list.items[0].id}`)).figure as number;
    assert.equal(await figure(), 1); // 甲一村's secretary directs its village committee (the test before)
    ok(await send(district, 'PATCH', `/api/members/${newSecretary}`, { villageCommitteePost: 'director' }));
    assert.equal(await figure(), 2);
    ok(await send(district, 'PATCH', `/api/positions/${fx.positions.a1aSecretary}`, { endedOn: '2026-12-09' }));
    assert.equal(await figure(), 1, 'the secretary who left no longer counts');
  });

  test('the 书记备案台账 as .xlsx: one row per village with its status, the totals below', async () => {
    const res = await send(town, 'GET', `/api/cadre/secretaries/export?orgId=${fx.orgs.a1.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.match(String(ws.getCell(1, 1).value), /村党组织书记备案台账/);
    const rows = (await list()).items as { orgName: string }[];
    for (const [i, r] of rows.entries()) assert.equal(ws.getCell(3 + i, 3).value, r.orgName);
    assert.match(String(ws.getCell(3 + rows.length + 1, 2).value), /合计：村 3 个/);
    assert.equal((await send(other, 'GET', `/api/cadre/secretaries/export?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
  });

  test('the sibling district sees nothing and decides nothing; the records are append-only', async () => {
    assert.equal((await send(other, 'GET', `/api/cadre/secretaries?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
    const id = (await rowOf(fx.orgs.a1a.id)).filing!.id;
    const res = await send(other, 'POST', `/api/cadre/filings/${id}/decision`, { decision: 'approved' });
    assert.equal(res.statusCode, 404, res.body);
    await assert.rejects(sql`update secretary_filing set note = 'x'`.execute(ctx.database.db));
    await assert.rejects(sql`delete from secretary_filing_decision`.execute(ctx.database.db));
  });
});
