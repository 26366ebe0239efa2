import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs, multipartBody, type OrgRef } from '../../test/factories.ts';

/**
 * Bulk assignment shows what it will do (issue 7 item 12): a preview names the count and the organisations (the
 * rule applied under the chosen node only), the confirmation carries the count, a whole batch is withdrawn while
 * nobody started, single assignments later with a reason, and 催办 reaches one or every late receiver once a day,
 * counted as a demand on the receiver.
 */
describeOnEngines('bulk assignment: preview, confirm, withdraw, chase', (ctx) => {
  let app: App;
  let fx: Fixture;
  let city: string;
  let district: string; // 甲区 administrator
  let secretary: string; // 甲一村 branch secretary (a receiver)
  let a1b: OrgRef; // a second branch of 甲一镇
  let now = new Date('2026-11-23T02:00:00Z');

  before(async () => {
    fx = await buildFixture(ctx.database);
    a1b = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `A1b-${fx.orgs.a1.id}`,
      name: '甲二村党支部',
      type: 'branch',
      field: 'rural',
    });
    app = await buildApp({ database: ctx.database, now: () => now });
    city = await loginAs(app, fx.users.admin.username);
    district = await loginAs(app, fx.users.aAdmin.username);
    secretary = await loginAs(app, fx.users.aSecretary.username);
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
  const newTask = async (cookie: string, orgId: number, title: string, deadline = '2026-12-31') => {
    const res = await call(cookie, 'POST', '/api/tasks', { orgId, title, deadline });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as number;
  };

  test('a rule under a town reaches only that town’s branches; the preview writes nothing', async () => {
    const task = await newTask(city, fx.orgs.root.id, '全市支部标准化建设');
    const before = await count('assignment');
    const noticesBefore = await count('notification');
    const rule = { underOrgId: fx.orgs.a1.id, types: ['branch'] };
    const preview = await call(city, 'POST', `/api/tasks/${task}/assignments/preview`, { rule });
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.equal(p.count, 2, 'the two branches of 甲一镇, not 乙一村 of the sibling district');
    assert.deepEqual(p.orgs.map((o: { name: string }) => o.name).sort(), ['甲一村党支部', '甲二村党支部']);
    assert.ok(p.orgs.every((o: { parentName: string }) => o.parentName === '甲一镇党委'));
    assert.equal(p.truncated, false);
    assert.equal(await count('assignment'), before, 'the preview wrote no assignment');
    assert.equal(await count('notification'), noticesBefore, 'nor a notification');

    // A confirmation naming another count is refused, and leaves nothing behind.
    const wrong = await call(city, 'POST', `/api/tasks/${task}/assignments`, { rule, expectedCount: 5 });
    assert.equal(wrong.statusCode, 409, wrong.body);
    assert.match(wrong.json().error.message, /确认时为 5 个组织，现在按所选条件为 2 个/);
    assert.equal(await count('assignment'), before);
    assert.equal(await count('assignment_batch', sql`task_id = ${task}`), 0);

    const done = await call(city, 'POST', `/api/tasks/${task}/assignments`, { rule, expectedCount: 2 });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().created, 2);
    assert.ok(done.json().batchId > 0);
    const received = await sql<{ org_id: number }>`select org_id from assignment where task_id = ${task}`.execute(
      ctx.database.db,
    );
    assert.deepEqual(received.rows.map((r) => r.org_id).sort(), [fx.orgs.a1a.id, a1b.id].sort());
    assert.equal(await count('org_demand', sql`task_id = ${task} and kind = 'assignment'`), 2);

    // Again: nothing new to assign; the preview says both already have it.
    const again = (await call(city, 'POST', `/api/tasks/${task}/assignments/preview`, { rule })).json();
    assert.deepEqual([again.count, again.alreadyAssigned], [0, 2]);
  });

  test('a whole batch is withdrawn while nobody started; the receivers are told and the roll-up drops it', async () => {
    const task = await newTask(district, fx.orgs.a1.id, '整批撤回演练');
    const res = await call(district, 'POST', `/api/tasks/${task}/assignments`, {
      orgIds: [fx.orgs.a1a.id, a1b.id],
      expectedCount: 2,
    });
    const batchId = res.json().batchId as number;
    const batches = (await call(district, 'GET', `/api/tasks/${task}/batches`)).json();
    assert.deepEqual(
      batches.map((b: { id: number; size: number; canWithdraw: boolean }) => [b.id, b.size, b.canWithdraw]),
      [[batchId, 2, true]],
    );

    const noReason = await call(district, 'POST', `/api/assignment-batches/${batchId}/withdraw`, { reason: ' ' });
    assert.equal(noReason.statusCode, 400, noReason.body);
    const byReceiver = await call(secretary, 'POST', `/api/assignment-batches/${batchId}/withdraw`, { reason: '误发' });
    assert.ok([403, 404].includes(byReceiver.statusCode), byReceiver.body);

    const ok = await call(district, 'POST', `/api/assignment-batches/${batchId}/withdraw`, { reason: '下发对象选错' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().open, 0);
    assert.equal(ok.json().withdrawReason, '下发对象选错');
    assert.equal(ok.json().canWithdraw, false);
    const states = await sql<{ state: string }>`select state from assignment where task_id = ${task}`.execute(
      ctx.database.db,
    );
    assert.deepEqual(
      states.rows.map((r) => r.state),
      ['cancelled', 'cancelled'],
    );
    assert.equal(
      await count(
        'assignment_event',
        sql`event = 'cancel' and reason = '下发对象选错' and assignment_id in (select id from assignment where task_id = ${task})`,
      ),
      2,
    );
    assert.equal(await count('notification', sql`task_id = ${task} and kind = 'cancelled'`), 2);
    const rollup = (await call(district, 'GET', `/api/tasks/${task}`)).json();
    assert.equal(rollup.rollup?.open ?? 0, 0, JSON.stringify(rollup.rollup));

    const twice = await call(district, 'POST', `/api/assignment-batches/${batchId}/withdraw`, { reason: '再撤' });
    assert.equal(twice.statusCode, 422, twice.body);

    // Assigning a withdrawn organisation again revives its assignment in a new batch, history kept.
    const again = await call(district, 'POST', `/api/tasks/${task}/assignments`, {
      orgIds: [fx.orgs.a1a.id],
      expectedCount: 1,
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().created, 1);
    assert.notEqual(again.json().batchId, batchId);
    const revived = await sql<{ state: string; batch_id: number; events: number }>`
      select a.state, a.batch_id, (select count(*)::int from assignment_event e where e.assignment_id = a.id) as events
      from assignment a where a.task_id = ${task} and a.org_id = ${fx.orgs.a1a.id}`.execute(ctx.database.db);
    assert.deepEqual(revived.rows, [{ state: 'not_started', batch_id: again.json().batchId, events: 3 }]);
  });

  test('once a receiver started, the batch stays; single assignments are withdrawn with a reason', async () => {
    const task = await newTask(district, fx.orgs.a1.id, '部分启动');
    const batchId = (
      await call(district, 'POST', `/api/tasks/${task}/assignments`, { orgIds: [fx.orgs.a1a.id, a1b.id] })
    ).json().batchId as number;
    const mine = (await call(secretary, 'GET', `/api/assignments?taskId=${task}&orgId=${fx.orgs.a1a.id}`)).json()
      .items[0].id as number;
    const body = multipartBody({ text: '已召开支委会部署', entryDate: '2026-11-23' }, []);
    const entry = await app.inject({
      method: 'POST',
      url: `/api/assignments/${mine}/ledger`,
      payload: body.payload,
      headers: { ...body.headers, cookie: secretary },
    });
    assert.equal(entry.statusCode, 201, entry.body);

    const refused = await call(district, 'POST', `/api/assignment-batches/${batchId}/withdraw`, { reason: '撤回' });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.match(refused.json().error.message, /已有 1 个承办单位开始办理/);
    assert.equal(await count('assignment', sql`task_id = ${task} and state = 'cancelled'`), 0);

    const other = (await call(district, 'GET', `/api/assignments?taskId=${task}&orgId=${a1b.id}`)).json().items[0]
      .id as number;
    const noReason = await call(district, 'POST', `/api/assignments/${other}/events`, { event: 'cancel' });
    assert.equal(noReason.statusCode, 422, noReason.body);
    const single = await call(district, 'POST', `/api/assignments/${other}/events`, {
      event: 'cancel',
      reason: '该村已合并',
    });
    assert.equal(single.statusCode, 200, single.body);
    assert.equal(single.json().state, 'cancelled');
  });

  test('催办 one receiver: a notice, an event in its history and a demand; once a day', async () => {
    const task = await newTask(district, fx.orgs.a1.id, '催办演练');
    await call(district, 'POST', `/api/tasks/${task}/assignments`, { orgIds: [fx.orgs.a1a.id] });
    const id = (await call(district, 'GET', `/api/assignments?taskId=${task}`)).json().items[0].id as number;

    const byReceiver = await call(secretary, 'POST', `/api/assignments/${id}/chase`, {});
    assert.equal(byReceiver.statusCode, 403, byReceiver.body);

    const first = await call(district, 'POST', `/api/assignments/${id}/chase`, { note: '请本周内报送进展' });
    assert.deepEqual(first.json(), { chased: 1, alreadyToday: 0 });
    const second = await call(district, 'POST', `/api/assignments/${id}/chase`, {});
    assert.deepEqual(second.json(), { chased: 0, alreadyToday: 1 });
    assert.equal(await count('notification', sql`assignment_id = ${id} and kind = 'chased'`), 1);
    assert.equal(await count('org_demand', sql`assignment_id = ${id} and kind = 'chase'`), 1);
    const history = (await call(secretary, 'GET', `/api/assignments/${id}`)).json().history;
    assert.ok(
      history.some((h: { event: string; reason: string }) => h.event === 'chase' && h.reason === '请本周内报送进展'),
    );
    const inbox = (await call(secretary, 'GET', '/api/notifications')).json();
    assert.ok(JSON.stringify(inbox).includes('催办'), 'the receiver sees the chase in its inbox');

    // The next day (in China) it can be chased again.
    const saved = now;
    now = new Date('2026-11-23T16:00:00Z');
    try {
      // (sessions lapse overnight: log in again)
      const fresh = await loginAs(app, fx.users.aAdmin.username);
      const nextDay = await call(fresh, 'POST', `/api/assignments/${id}/chase`, {});
      assert.deepEqual(nextDay.json(), { chased: 1, alreadyToday: 0 });
    } finally {
      now = saved;
    }

    // Done work is not chased.
    await call(secretary, 'POST', `/api/assignments/${id}/events`, { event: 'start' });
    await call(secretary, 'POST', `/api/assignments/${id}/events`, { event: 'submit' });
    const submitted = await call(district, 'POST', `/api/assignments/${id}/chase`, {});
    assert.equal(submitted.statusCode, 422, submitted.body);
  });

  test('催办 every late receiver at once reaches only the overdue and lagging ones', async () => {
    const task = await newTask(district, fx.orgs.a1.id, '一键催办');
    await call(district, 'POST', `/api/tasks/${task}/assignments`, {
      orgIds: [fx.orgs.a1a.id],
      deadline: '2026-11-20',
    });
    await call(district, 'POST', `/api/tasks/${task}/assignments`, { orgIds: [a1b.id], deadline: '2027-06-30' });
    const res = await call(district, 'POST', `/api/tasks/${task}/chase`, { note: '已逾期，请抓紧' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { chased: 1, alreadyToday: 0 });
    const chased = await sql<{ org_id: number }>`
      select org_id from org_demand where task_id = ${task} and kind = 'chase'`.execute(ctx.database.db);
    assert.deepEqual(
      chased.rows.map((r) => r.org_id),
      [fx.orgs.a1a.id],
    );
    const b = await call(await loginAs(app, fx.users.bAdmin.username), 'POST', `/api/tasks/${task}/chase`, {});
    assert.ok([403, 404].includes(b.statusCode), b.body);
  });
});
