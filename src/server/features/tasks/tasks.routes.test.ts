import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs, multipartBody, type OrgRef } from '../../test/factories.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';
import { recursiveRollup } from '../rollups/rollups.queries.ts';
import { foldRollups, verifyRollups } from '../rollups/rollups.service.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describeOnEngines('tasks: assignment down the tree, ledger, roll-ups', (ctx) => {
  let app: App;
  let fx: Fixture;
  let clock = new Date('2026-11-23T02:00:00Z');
  let town: string; // 甲一镇 (the a-admin account acts for district A, which holds the town)
  let branch: string; // 甲一村党支部 secretary
  let villages: OrgRef[];
  let taskId: number;
  const assignmentOf = new Map<number, number>();

  before(async () => {
    fx = await buildFixture(ctx.database);
    villages = [
      fx.orgs.a1a,
      await insertOrg(ctx.database, fx.orgs.a1, {
        code: `V2-${ctx.engine}`,
        name: '甲二村党支部',
        type: 'branch',
        field: 'rural',
      }),
      await insertOrg(ctx.database, fx.orgs.a1, {
        code: `V3-${ctx.engine}`,
        name: '甲三村党支部',
        type: 'branch',
        field: 'rural',
      }),
      await insertOrg(ctx.database, fx.orgs.a1, {
        code: `S1-${ctx.engine}`,
        name: '甲一镇中学党支部',
        type: 'branch',
        field: 'school',
      }),
    ];
    app = await buildApp({ database: ctx.database, now: () => clock });
    town = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
  });
  after(() => app.close());

  const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, payload });

  test('creates a task with a quantitative target and assigns it by rule to every rural branch under the town', async () => {
    const created = await call(town, 'POST', '/api/tasks', {
      orgId: fx.orgs.a1.id,
      title: '发展壮大村级集体经济',
      progressMode: 'sum',
      targetValue: 30,
      targetUnit: '万元',
      deadline: '2026-12-31',
    });
    assert.equal(created.statusCode, 201, created.body);
    taskId = created.json().id;
    const res = await call(town, 'POST', `/api/tasks/${taskId}/assignments`, {
      rule: { underOrgId: fx.orgs.a1.id, types: ['branch'], fields: ['rural'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().created, 3); // the school branch is not rural
    const again = await call(town, 'POST', `/api/tasks/${taskId}/assignments`, { orgIds: [villages[0]!.id] });
    assert.equal(again.json().skipped, 1);
    const list = await call(town, 'GET', `/api/assignments?taskId=${taskId}&pageSize=50`);
    for (const a of list.json().items) assignmentOf.set(a.orgId, a.id);
    assert.equal(assignmentOf.size, 3);
    const notices = await call(branch, 'GET', '/api/notifications');
    assert.ok(
      notices
        .json()
        .items.some((n: { kind: string; title: string }) => n.kind === 'assigned' && n.title.includes('集体经济')),
    );
  });

  test("refuses to assign outside the owner organisation's subtree", async () => {
    const own = await call(town, 'POST', `/api/tasks/${taskId}/assignments`, { orgIds: [fx.orgs.a1.id] });
    assert.equal(own.statusCode, 422);
    assert.match(own.json().error.message, /不是“甲一镇党委”的下级组织/);
  });

  test('the branch records ledger entries with figures and evidence; a correction replaces the figure it corrects', async () => {
    const id = assignmentOf.get(fx.orgs.a1a.id)!;
    const first = multipartBody({ text: '村集体光伏项目收益到账', entryDate: '2026-11-20', figure: '12' }, [
      { field: 'files', filename: '收款凭证.png', data: PNG, contentType: 'image/png' },
    ]);
    const r1 = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: branch, ...first.headers },
      payload: first.payload,
    });
    assert.equal(r1.statusCode, 201, r1.body);
    assert.equal(r1.json().state, 'in_progress'); // recording progress starts the work
    assert.equal(r1.json().figure, 12);
    const entryId = r1.json().ledger[0].id;
    const fileId = r1.json().ledger[0].files[0].id;
    const fix = multipartBody({
      text: '更正：实际到账10万元',
      entryDate: '2026-11-21',
      figure: '10',
      correctsId: String(entryId),
    });
    const r2 = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: branch, ...fix.headers },
      payload: fix.payload,
    });
    assert.equal(r2.statusCode, 201, r2.body);
    assert.equal(r2.json().figure, 10);
    assert.equal(r2.json().ledger.find((l: { id: number }) => l.id === entryId).superseded, true);
    const file = await call(town, 'GET', `/api/evidence/${fileId}`);
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, PNG);
    assert.match(String(file.headers['content-disposition']), /filename\*=UTF-8''/);
  });

  test('ledger entries are append-only in the database', async () => {
    await assert.rejects(ctx.database.db.updateTable('ledger_entry').set({ text: 'x' }).execute(), /append-only/);
  });

  test('refuses a file that is not an accepted type, and a future date, writing nothing', async () => {
    const id = assignmentOf.get(fx.orgs.a1a.id)!;
    const before = await ctx.database.db
      .selectFrom('ledger_entry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = multipartBody({ text: '进展', entryDate: '2026-11-22' }, [
      { field: 'files', filename: '病毒.exe', data: Buffer.from('MZ...') },
    ]);
    const r = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: branch, ...bad.headers },
      payload: bad.payload,
    });
    assert.equal(r.statusCode, 415);
    assert.match(r.json().error.message, /病毒\.exe.*不受支持/);
    const future = multipartBody({ text: '进展', entryDate: '2027-01-01' });
    const f = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: branch, ...future.headers },
      payload: future.payload,
    });
    assert.equal(f.statusCode, 400);
    const after = await ctx.database.db
      .selectFrom('ledger_entry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  test('only the receiver submits and only the assigner accepts; a return needs a reason', async () => {
    const id = assignmentOf.get(fx.orgs.a1a.id)!;
    const wrongSide = await call(branch, 'POST', `/api/assignments/${id}/events`, { event: 'accept' });
    assert.equal(wrongSide.statusCode, 403);
    const submit = await call(branch, 'POST', `/api/assignments/${id}/events`, { event: 'submit' });
    assert.equal(submit.statusCode, 200, submit.body);
    assert.equal(submit.json().state, 'submitted');
    const noReason = await call(town, 'POST', `/api/assignments/${id}/events`, { event: 'return' });
    assert.equal(noReason.statusCode, 422);
    const back = await call(town, 'POST', `/api/assignments/${id}/events`, { event: 'return', reason: '佐证材料不全' });
    assert.equal(back.json().state, 'in_progress');
    await call(branch, 'POST', `/api/assignments/${id}/events`, { event: 'submit' });
    const accept = await call(town, 'POST', `/api/assignments/${id}/events`, { event: 'accept' });
    assert.equal(accept.json().state, 'done');
    const history = accept.json().history.map((h: { event: string }) => h.event);
    assert.deepEqual(history, ['assign', 'start', 'submit', 'return', 'submit', 'accept']);
  });

  test('the roll-up at the town and the district counts across the subtree and matches a recursive query', async () => {
    const dash = await call(town, 'GET', `/api/dashboard?orgId=${fx.orgs.a1.id}`);
    assert.equal(dash.statusCode, 200, dash.body);
    const t = dash.json().tasks.find((x: { id: number }) => x.id === taskId);
    assert.equal(t.rollup.assigned, 3);
    assert.equal(t.rollup.done, 1);
    assert.equal(t.rollup.figureSum, 10);
    assert.match(t.rollup.progressLabel, /10/);
    const first = dash.json().children.find((c: { orgId: number }) => c.orgId === fx.orgs.a1a.id);
    assert.equal(first.rank, 1);
    assert.equal(first.rate, 1);
    // The kept rows, once the pending deltas are folded in, agree with a recount.
    await foldRollups(ctx.database.db);
    assert.deepEqual((await verifyRollups(ctx.database.db)).drift, []);
    for (const org of [fx.orgs.a1, fx.orgs.a, fx.orgs.root]) {
      const stored = await ctx.database.db
        .selectFrom('task_rollup')
        .selectAll()
        .where('task_id', '=', taskId)
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow();
      const recursive = await recursiveRollup(ctx.database.db, taskId, org.id);
      assert.deepEqual(
        { assigned: stored.assigned, done: stored.done, overdue: stored.overdue, figure: Number(stored.figure_sum) },
        {
          assigned: recursive.assigned,
          done: recursive.done,
          overdue: recursive.overdue,
          figure: Number(recursive.figure_sum),
        },
      );
    }
  });

  test("a receiver decomposes its assignment; the parent assignment's figure follows the sub-task", async () => {
    // The district gives the town a task; the town breaks it down to two villages.
    const d = await call(town, 'POST', '/api/tasks', {
      orgId: fx.orgs.a.id,
      title: '创建五星级党支部',
      progressMode: 'sum',
      targetValue: 5,
      targetUnit: '个',
      deadline: '2026-12-31',
    });
    await call(town, 'POST', `/api/tasks/${d.json().id}/assignments`, { orgIds: [fx.orgs.a1.id] });
    const parent = (await call(town, 'GET', `/api/assignments?taskId=${d.json().id}`)).json().items[0];
    const sub = await call(town, 'POST', `/api/assignments/${parent.id}/decompose`, {});
    assert.equal(sub.statusCode, 201, sub.body);
    assert.equal(sub.json().orgId, fx.orgs.a1.id);
    const twice = await call(town, 'POST', `/api/assignments/${parent.id}/decompose`, {});
    assert.equal(twice.statusCode, 409);
    await call(town, 'POST', `/api/tasks/${sub.json().id}/assignments`, { orgIds: [villages[0]!.id, villages[1]!.id] });
    const child = (await call(branch, 'GET', `/api/assignments?taskId=${sub.json().id}&own=true`)).json().items[0];
    const entry = multipartBody({ text: '创建星级支部2个', entryDate: '2026-11-22', figure: '2' });
    const r = await app.inject({
      method: 'POST',
      url: `/api/assignments/${child.id}/ledger`,
      headers: { cookie: branch, ...entry.headers },
      payload: entry.payload,
    });
    assert.equal(r.statusCode, 201, r.body);
    const parentNow = await call(town, 'GET', `/api/assignments/${parent.id}`);
    assert.equal(parentNow.json().figure, 2);
    const districtDash = await call(town, 'GET', `/api/dashboard?orgId=${fx.orgs.a.id}`);
    const top = districtDash.json().tasks.find((x: { id: number }) => x.id === d.json().id);
    assert.equal(top.rollup.figureSum, 2);
  });

  test('the sweep marks overdue work, sends reminders once, and writes the trend', async () => {
    clock = new Date('2026-12-25T02:00:00Z');
    const first = await sweepDeadlines(ctx.database.db, clockAt(new Date('2026-12-25T12:00:00+08:00')));
    assert.ok(first.reminders > 0);
    const again = await sweepDeadlines(ctx.database.db, clockAt(new Date('2026-12-25T12:00:00+08:00')));
    assert.equal(again.reminders, 0);
    assert.equal(again.changed, 0);
    clock = new Date('2027-01-02T02:00:00Z');
    const late = await sweepDeadlines(ctx.database.db, clockAt(new Date('2027-01-02T12:00:00+08:00')));
    assert.ok(late.changed >= 2);
    town = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    const list = await call(town, 'GET', `/api/assignments?taskId=${taskId}&displayState=overdue`);
    assert.equal(list.json().total, 2, list.body);
    const dash = await call(town, 'GET', `/api/dashboard?orgId=${fx.orgs.a1.id}`);
    const t = dash.json().tasks.find((x: { id: number }) => x.id === taskId);
    assert.equal(t.rollup.overdue, 2);
    assert.deepEqual(
      dash.json().trend.map((p: { day: string }) => p.day),
      ['2026-12-25', '2027-01-02'],
    );
    const notices = await call(branch, 'GET', '/api/notifications');
    assert.ok(notices.json().items.some((n: { kind: string }) => n.kind === 'overdue'));
    const week = await call(branch, 'GET', '/api/week');
    assert.equal(week.statusCode, 200);
    assert.ok(week.json().overdue.length >= 1);
  });

  test('the responsibility list names the secretary as first responsible and exports to xlsx in the usual columns', async () => {
    town = await loginAs(app, fx.users.aAdmin.username); // the clock moved past the session's life
    const res = await call(town, 'GET', `/api/responsibilities?orgId=${fx.orgs.a1.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const row = res
      .json()
      .find(
        (r: { responsibleOrgName: string; taskTitle: string }) =>
          r.responsibleOrgName === '甲一村党支部' && r.taskTitle === '发展壮大村级集体经济',
      );
    assert.equal(row.firstResponsible, '李秀英（书记）');
    const xlsx = await call(town, 'GET', `/api/responsibilities/export?orgId=${fx.orgs.a1.id}`);
    assert.equal(xlsx.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('责任清单')!;
    assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1), [
      '序号',
      '任务内容',
      '牵头单位',
      '责任单位',
      '责任人',
      '完成时限',
      '进展情况',
    ]);
    assert.ok(ws.rowCount > 2);
  });

  test('the responsibility list a page at a time: the same rows as the whole list, none lost or repeated', async () => {
    town = await loginAs(app, fx.users.aAdmin.username);
    type Row = { taskId: number; responsibleOrgName: string; firstResponsible: string | null };
    const whole: Row[] = (await call(town, 'GET', `/api/responsibilities?orgId=${fx.orgs.a.id}`)).json();
    assert.ok(whole.length >= 3, `${whole.length} rows`);
    const paged: Row[] = [];
    let cursor: string | null = null;
    for (let page = 1; page === 1 || cursor; page++) {
      const url = `/api/responsibilities/paged?orgId=${fx.orgs.a.id}&pageSize=2&page=${page}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await call(town, 'GET', url);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { items: Row[]; total: number; nextCursor: string | null };
      assert.equal(body.total, whole.length);
      assert.ok(body.items.length <= 2);
      paged.push(...body.items);
      cursor = body.nextCursor;
    }
    const key = (r: Row) => `${r.taskId} ${r.responsibleOrgName} ${r.firstResponsible}`;
    assert.deepEqual(paged.map(key).sort(), whole.map(key).sort());
    // A page by its number holds the same rows as the cursor gave.
    const second = (
      await call(town, 'GET', `/api/responsibilities/paged?orgId=${fx.orgs.a.id}&pageSize=2&page=2`)
    ).json() as { items: Row[] };
    assert.deepEqual(second.items.map(key), paged.slice(2, 4).map(key));
  });
});
