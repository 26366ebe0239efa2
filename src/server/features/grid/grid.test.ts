import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { diskFileStore } from '../../files/file-store.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertUser, loginAs, multipartBody } from '../../test/factories.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';
import { sweepGridMatters } from './escalation.service.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/**
 * Grid matters through the API (issue 13): grids drawn below a village, its 网格员 (a 党员 account) seeing and reporting
 * only in their grid, a matter taken through 交办 → 处置 → 反馈 → 问效 with a poor rating reopening it, a matter
 * assigned to an organisation below handled by that organisation only, overdue matters escalated by the daily sweep
 * once per rung, the ranking, and the list exported and imported again (all-or-nothing, nothing added twice).
 */
describeOnEngines('grid matters: grids, 上报 → 交办 → 处置 → 反馈 → 问效, escalation, ranking, import', (ctx) => {
  let app: App;
  let fx: Fixture;
  let dir: string;
  let clock = new Date('2026-11-23T02:00:00Z'); // Monday (the tests move it on)
  let village: string; // a-sec: the village (A1a) secretary, who manages its grids
  let worker: string; // a-member: the 网格员 (person a1aFull)
  let group: string; // an account of the party group below the village (A1g)
  let other: string; // b-admin: the sibling district
  let town: string; // an account of the town (A1), the level above the village
  let gridId = 0;
  let otherGridId = 0;

  let groupUser = '';
  let townUser = '';
  /** Moves the app's clock (sessions end when idle that long: everyone signs in again). */
  async function at(iso: string) {
    clock = new Date(iso);
    village = await loginAs(app, fx.users.aSecretary.username);
    worker = await loginAs(app, fx.users.aMember.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    group = await loginAs(app, groupUser);
    town = await loginAs(app, townUser);
  }

  before(async () => {
    fx = await buildFixture(ctx.database);
    await ctx.database.db.updateTable('org').set({ unit_level: 'village' }).where('id', '=', fx.orgs.a1a.id).execute();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-grid-'));
    app = await buildApp({ database: ctx.database, now: () => clock, files: diskFileStore(dir) });
    groupUser = (await insertUser(ctx.database, 'grid-group', 'secretary', fx.orgs.a1g)).username;
    townUser = (await insertUser(ctx.database, 'grid-town', 'secretary', fx.orgs.a1)).username;
    await at('2026-11-23T02:00:00Z');
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const send = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const step = (cookie: string, id: number, payload: object) =>
    send(cookie, 'POST', `/api/grid-matters/${id}/events`, payload);
  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
    );

  test('grids are drawn below a village only, with a 网格员 from its roll', async () => {
    const made = await send(village, 'POST', '/api/grids', {
      orgId: fx.orgs.a1a.id,
      name: '第一网格',
      workerPersonId: fx.people.a1aFull,
      households: 120,
      buildings: 4,
      coverage: '1—4 号楼',
    });
    assert.equal(made.statusCode, 201, made.body);
    gridId = made.json().id;
    assert.equal(made.json().workerName, '张海生');
    const micro = await send(village, 'POST', '/api/grids', {
      orgId: fx.orgs.a1a.id,
      parentId: gridId,
      name: '1号楼',
      workerName: '刘阿姨',
    });
    assert.equal(micro.statusCode, 201, micro.body);
    assert.equal(micro.json().kind, 'micro');
    const second = await send(village, 'POST', '/api/grids', {
      orgId: fx.orgs.a1a.id,
      name: '第二网格',
      workerName: '陈大伯',
    });
    otherGridId = second.json().id;

    const town = await send(village, 'POST', '/api/grids', {
      orgId: fx.orgs.a1g.id,
      name: '小组网格',
      workerName: '某人',
    });
    assert.equal(town.statusCode, 422);
    assert.match(town.json().error.message, /不是社区或村级党组织/);
    const twice = await send(village, 'POST', '/api/grids', {
      orgId: fx.orgs.a1a.id,
      name: '第一网格',
      workerName: '某人',
    });
    assert.equal(twice.statusCode, 409);
    const foreign = await send(village, 'POST', '/api/grids', {
      orgId: fx.orgs.a1a.id,
      name: '第三网格',
      workerPersonId: fx.people.b1aFull,
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.details.field, 'body.workerPersonId');
    const underMicro = await send(village, 'POST', '/api/grids', {
      orgId: fx.orgs.a1a.id,
      parentId: micro.json().id,
      name: '再下一级',
      workerName: '某人',
    });
    assert.equal(underMicro.statusCode, 422);
  });

  test('the 网格员 sees only their own grid and its 微网格; the village sees all three', async () => {
    const mine = (await send(worker, 'GET', '/api/grids')).json();
    assert.deepEqual(
      mine.grids.map((g: { name: string; mine: boolean }) => [g.name, g.mine]),
      [
        ['第一网格', true],
        ['1号楼', false],
      ],
    );
    const all = (await send(village, 'GET', `/api/grids?orgId=${fx.orgs.a1a.id}`)).json();
    assert.deepEqual(
      all.grids.map((g: { name: string }) => g.name),
      ['第一网格', '1号楼', '第二网格'],
    );
    assert.equal(all.canManage, true);
    assert.equal((await send(other, 'GET', `/api/grids?orgId=${fx.orgs.a1a.id}`)).statusCode, 404);
  });

  let matterId = 0;

  test('the 网格员 reports a matter with a photo; not in a grid that is not theirs', async () => {
    const form = multipartBody(
      { gridId: String(gridId), category: 'environment', text: '3 号楼前垃圾堆放', location: '3 号楼北侧' },
      [{ field: 'files', filename: '现场.png', data: PNG }],
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/grid-matters',
      headers: { cookie: worker, ...form.headers },
      payload: form.payload,
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    matterId = m.id;
    assert.equal(m.state, 'reported');
    assert.equal(m.reporterName, '张海生');
    assert.equal(m.source, 'worker');
    assert.equal(m.events[0].files.length, 1);
    assert.deepEqual(m.sides, { reporter: true, manager: false, handler: false });
    const file = await send(village, 'GET', `/api/grid-matters/${matterId}/files/${m.events[0].files[0].id}`);
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, PNG);

    const notMine = await send(worker, 'POST', '/api/grid-matters', {
      gridId: otherGridId,
      category: 'other',
      text: '路灯不亮',
    });
    assert.equal(notMine.statusCode, 404);
    const badCategory = await send(worker, 'POST', '/api/grid-matters', { gridId, category: 'noise', text: '噪音' });
    assert.equal(badCategory.statusCode, 400);
    assert.match(badCategory.json().error.message, /环境卫生/);
    assert.equal((await send(other, 'GET', `/api/grid-matters/${matterId}`)).statusCode, 404);
  });

  test('交办 → 处置 → 反馈 → 问效: a poor rating reopens it, a good one closes it on time', async () => {
    const byWorker = await step(worker, matterId, { event: 'assign', assigneeDept: '环卫所' });
    assert.equal(byWorker.statusCode, 403);
    const assigned = await step(village, matterId, { event: 'assign', assigneeDept: '环卫所' });
    assert.equal(assigned.statusCode, 200, assigned.body);
    // 环境卫生: 3 working days from the day after (Tue 24, Wed 25, Thu 26).
    assert.deepEqual(
      [assigned.json().state, assigned.json().deadline, assigned.json().dueOn],
      ['assigned', '2026-11-26', '2026-11-26'],
    );
    assert.equal((await step(worker, matterId, { event: 'handle', note: '已清理' })).statusCode, 403);
    const handled = await step(village, matterId, { event: 'handle', note: '环卫所已清运' });
    assert.equal(handled.json().state, 'handled', handled.body);
    assert.equal((await step(village, matterId, { event: 'feedback', note: '已告知' })).json().state, 'fed_back');
    const noReason = await step(worker, matterId, { event: 'rate', rating: 'unsatisfied' });
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.json().error.message, /不满意/);

    await at('2026-11-25T02:00:00Z');
    const reopened = await step(worker, matterId, { event: 'rate', rating: 'unsatisfied', reason: '又堆起来了' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    const r = reopened.json();
    // Back to its handler with a new deadline from the rating day (Thu 26, Fri 27, Mon 30); the first one stays.
    assert.deepEqual([r.state, r.reopenCount, r.deadline, r.dueOn], ['assigned', 1, '2026-11-30', '2026-11-26']);
    assert.equal((await step(village, matterId, { event: 'handle', note: '设置垃圾桶，每日清运' })).statusCode, 200);
    assert.equal((await step(village, matterId, { event: 'feedback', note: '已回访' })).statusCode, 200);
    const closed = await step(worker, matterId, { event: 'rate', rating: 'satisfied' });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.deepEqual(
      [closed.json().state, closed.json().resolvedOn, closed.json().onTime],
      ['closed', '2026-11-25', true],
    );
    assert.deepEqual(
      closed.json().events.map((e: { event: string; side: string }) => `${e.event}:${e.side}`),
      [
        'report:reporter',
        'assign:manager',
        'handle:handler',
        'feedback:handler',
        'rate:reporter',
        'handle:handler',
        'feedback:handler',
        'rate:reporter',
      ],
    );
    assert.equal((await step(village, matterId, { event: 'handle', note: 'x' })).statusCode, 422);
    // Append-only.
    await assert.rejects(sql`update grid_matter_event set note = 'x'`.execute(ctx.database.db));
  });

  let assignedId = 0;

  test('a matter assigned to an organisation below is handled by it, with photos; overdue escalates once per rung', async () => {
    await at('2026-11-23T02:00:00Z');
    const made = await send(village, 'POST', '/api/grid-matters', {
      gridId: otherGridId,
      category: 'safety',
      text: '楼道堆放杂物',
      residentName: '王大妈',
      residentPhone: '13800000000',
    });
    assert.equal(made.statusCode, 201, made.body);
    assignedId = made.json().id;
    assert.equal(made.json().source, 'resident');
    const outside = await step(village, assignedId, { event: 'assign', assigneeOrgId: fx.orgs.b1a.id });
    assert.equal(outside.statusCode, 404);
    const a = await step(village, assignedId, { event: 'assign', assigneeOrgId: fx.orgs.a1g.id });
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(a.json().deadline, '2026-11-25'); // 安全隐患: 2 working days
    assert.equal((await step(village, assignedId, { event: 'handle', note: 'x' })).statusCode, 403);
    assert.deepEqual((await send(group, 'GET', `/api/grid-matters/${assignedId}`)).json().allowedEvents, [
      'return',
      'handle',
    ]);

    // Thursday 11-26 is one day overdue (提醒), Saturday 11-28 three (提级督办 by the town).
    await at('2026-11-26T02:00:00Z');
    const overdue = (await send(village, 'GET', `/api/grid-matters?orgId=${fx.orgs.a1a.id}&overdue=true`)).json();
    assert.deepEqual(
      overdue.items.map((m: { id: number; daysOverdue: number; escalation: string }) => [
        m.id,
        m.daysOverdue,
        m.escalation,
      ]),
      [[assignedId, 1, 'remind']],
    );
    const sweep = (day: string) => sweepGridMatters(ctx.database.db, clockAt(new Date(`${day}T09:00:00+08:00`)));
    assert.deepEqual(await sweep('2026-11-26'), { overdue: 1, escalated: 1 });
    // The daily sweep runs it: the same day again records nothing.
    const daily = await sweepDeadlines(ctx.database.db, clockAt(new Date('2026-11-26T10:00:00+08:00')));
    assert.deepEqual(daily.grid, { overdue: 1, escalated: 0 });
    assert.deepEqual(await sweep('2026-11-28'), { overdue: 1, escalated: 1 });
    await at('2026-11-28T02:00:00Z');
    const seen = (await send(town, 'GET', `/api/grid-matters/${assignedId}`)).json();
    assert.deepEqual(
      seen.escalations.map((x: { step: string; toOrgName: string }) => [x.step, x.toOrgName]),
      [
        ['remind', fx.orgs.a1g.name],
        ['superior', fx.orgs.a1.name],
      ],
    );
    assert.equal(seen.sides.manager, true);
    // Each was told: the handler of the 交办 and the 提醒, the town of the 提级督办; once each, the matter named.
    const gridNotices = async (cookie: string) =>
      (
        (await send(cookie, 'GET', '/api/notifications?limit=50')).json().items as {
          kind: string;
          title: string;
          gridMatterId: number | null;
        }[]
      ).filter((n) => n.kind === 'grid' && n.gridMatterId === assignedId);
    assert.deepEqual(
      (await gridNotices(group)).map((n) => n.title).sort(),
      ['网格事项交办：楼道堆放杂物', '网格事项逾期 1 天未处置，请尽快办理'].sort(),
    );
    assert.deepEqual(
      (await gridNotices(town)).map((n) => n.title),
      ['网格事项逾期 3 天未处置，提级督办'],
    );

    const form = multipartBody({ event: 'handle', note: '已清理楼道' }, [
      { field: 'files', filename: '清理后.png', data: PNG },
    ]);
    const handled = await app.inject({
      method: 'POST',
      url: `/api/grid-matters/${assignedId}/events`,
      headers: { cookie: group, ...form.headers },
      payload: form.payload,
    });
    assert.equal(handled.statusCode, 200, handled.body);
    assert.equal(handled.json().events.at(-1).files.length, 1);
    assert.equal(handled.json().daysOverdue, 0);
  });

  test('the ranking: resolved on time over due, by grid, community and street', async () => {
    const by = async (b: string) =>
      (await send(town, 'GET', `/api/grid-matters/stats?orgId=${fx.orgs.a1.id}&by=${b}`)).json();
    const grids = await by('grid');
    assert.deepEqual(
      grids.rows.map((r: { name: string; due: number; onTime: number; rate: number | null; rank: number | null }) => [
        r.name,
        r.due,
        r.onTime,
        r.rate,
        r.rank,
      ]),
      [
        ['第一网格', 1, 1, 1, 1],
        ['第二网格', 1, 0, 0, 2],
      ],
    );
    const community = await by('community');
    assert.deepEqual(
      community.rows.map((r: { name: string; reported: number; rate: number }) => [r.name, r.reported, r.rate]),
      [[fx.orgs.a1a.name, 2, 0.5]],
    );
    const street = await by('street');
    assert.deepEqual(
      street.rows.map((r: { name: string }) => r.name),
      [fx.orgs.a1.name],
    );
  });

  test('the list exports in its layout and imports again adding nothing; a bad list imports nothing', async () => {
    const exported = await send(village, 'GET', `/api/grid-matters/export?orgId=${fx.orgs.a1a.id}`);
    assert.equal(exported.statusCode, 200, exported.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getCell(2, 3).text, '网格');
    assert.equal(ws.getCell(3, 5).text, '3 号楼前垃圾堆放');

    const importList = (file: Buffer, commit: boolean) => {
      const body = multipartBody({}, [{ field: 'file', filename: '网格事项.xlsx', data: file }]);
      return app.inject({
        method: 'POST',
        url: `/api/grid-matters/import?orgId=${fx.orgs.a1a.id}&commit=${commit}`,
        headers: { cookie: village, ...body.headers },
        payload: body.payload,
      });
    };
    const before = await count('grid_matter');
    const again = await importList(exported.rawPayload, true);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([again.json().created, again.json().existing], [0, 2]);
    assert.equal(await count('grid_matter'), before);

    const list = new ExcelJS.Workbook();
    const sheet = list.addWorksheet('网格事项');
    sheet.addRow(['序号', '网格', '类别', '事项内容', '上报日期', '反映人']);
    sheet.addRow([1, '第一网格', '矛盾纠纷', '邻里噪音纠纷', '2026-11-20', '李某']);
    sheet.addRow([2, '第九网格', '环境卫生', '绿化带垃圾', '2026-11-21', '']);
    sheet.addRow([3, '1号楼', '吵闹', '楼上装修', '2026-11-22', '']);
    const bad = await importList(Buffer.from(await list.xlsx.writeBuffer()), true);
    assert.equal(bad.statusCode, 422);
    const errors = bad
      .json()
      .error.details.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message]);
    assert.deepEqual(
      errors.map((e: unknown[]) => e.slice(0, 2)),
      [
        [3, '网格'],
        [4, '类别'],
      ],
    );
    assert.match(errors[0][2], /找不到网格“第九网格”/);
    assert.equal(await count('grid_matter'), before);

    sheet.getRow(3).getCell(2).value = '第二网格';
    sheet.getRow(4).getCell(3).value = '设施维修';
    const good = await importList(Buffer.from(await list.xlsx.writeBuffer()), true);
    assert.equal(good.statusCode, 200, good.body);
    assert.deepEqual([good.json().created, good.json().existing], [3, 0]);
    const twice = await importList(Buffer.from(await list.xlsx.writeBuffer()), true);
    assert.deepEqual([twice.json().created, twice.json().existing], [0, 3]);
    assert.equal(await count('grid_matter'), before + 3);
    // The 网格员 reads the matters of their grid (the imported one and their own), none of the second grid.
    const mine = (await send(worker, 'GET', '/api/grid-matters')).json();
    assert.deepEqual(
      mine.items.map((m: { gridName: string }) => m.gridName).sort(),
      ['1号楼', '第一网格', '第一网格'].sort(),
    );
  });
});
