import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';
import { recursiveRollup } from '../rollups/rollups.queries.ts';

/**
 * The rule (docs/deploy-and-tasks.md): what an organisation assigned stays visible to it and manageable by it
 * after the receiver moves elsewhere in the tree; roll-ups follow the tree as it is now, rebuilt for the old and
 * the new ancestors in the move's transaction.
 */
describeOnEngines('moving an organisation keeps its work', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string; // 甲区 administrator: acts for 甲一镇, which assigned the work
  let otherDistrict: string; // 乙区 administrator: the village's new district
  let city: string;
  let taskId: number;
  let assignmentId: number;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    town = await loginAs(app, fx.users.aAdmin.username);
    otherDistrict = await loginAs(app, fx.users.bAdmin.username);
    city = await loginAs(app, fx.users.admin.username);
  });
  after(() => app.close());

  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, payload });
  const assignedAt = async (cookie: string, orgId: number): Promise<number> =>
    (await call(cookie, 'GET', `/api/dashboard?orgId=${orgId}`)).json().totals.assigned;

  test('the town assigns work to its village, which then moves to another district', async () => {
    const task = await call(town, 'POST', '/api/tasks', {
      orgId: fx.orgs.a1.id,
      title: '规范村级组织活动场所管理',
      deadline: '2026-12-31',
    });
    assert.equal(task.statusCode, 201, task.body);
    taskId = task.json().id;
    const assigned = await call(town, 'POST', `/api/tasks/${taskId}/assignments`, { orgIds: [fx.orgs.a1a.id] });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const list = await call(town, 'GET', `/api/assignments?taskId=${taskId}`);
    assignmentId = list.json().items[0].id;
    await call(town, 'POST', `/api/assignments/${assignmentId}/events`, { event: 'start' });
    assert.equal(await assignedAt(town, fx.orgs.a.id), 1);

    const moved = await app.inject({
      method: 'POST',
      url: `/api/orgs/${fx.orgs.a1a.id}/move`,
      headers: { cookie: city },
      payload: { newParentId: fx.orgs.b1.id },
    });
    assert.equal(moved.statusCode, 200, moved.body);
  });

  test('the assigner still opens, lists and manages the assignment it made', async () => {
    const detail = await call(town, 'GET', `/api/assignments/${assignmentId}`);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.ok(detail.json().allowedEvents.includes('cancel'), JSON.stringify(detail.json().allowedEvents));
    const list = await call(town, 'GET', `/api/assignments?taskId=${taskId}&orgId=${fx.orgs.a1.id}`);
    assert.deepEqual(
      list.json().items.map((a: { id: number }) => a.id),
      [assignmentId],
    );
    // The new district sees it as received work in its subtree.
    const received = await call(otherDistrict, 'GET', `/api/assignments/${assignmentId}`);
    assert.equal(received.statusCode, 200, received.body);
  });

  test('roll-ups follow the tree as it is now: the old ancestors stop counting the work, the new ones count it', async () => {
    assert.equal(await assignedAt(town, fx.orgs.a.id), 0);
    assert.equal(await assignedAt(town, fx.orgs.a1.id), 0);
    assert.equal(await assignedAt(otherDistrict, fx.orgs.b.id), 1);
    assert.equal(await assignedAt(otherDistrict, fx.orgs.b1.id), 1);
    assert.equal(await assignedAt(city, fx.orgs.root.id), 1);
    // Every kept figure equals a recount over the tree as it is now.
    const { rows } = await sql<{ org_id: number; assigned: number }>`
      select org_id, assigned from task_rollup where task_id = ${taskId}`.execute(ctx.database.db);
    for (const r of rows) {
      assert.equal(r.assigned, (await recursiveRollup(ctx.database.db, taskId, r.org_id)).assigned, `org ${r.org_id}`);
    }
    assert.deepEqual(
      rows.map((r) => r.org_id).sort(),
      [fx.orgs.root.id, fx.orgs.b.id, fx.orgs.b1.id, fx.orgs.a1a.id].sort(),
    );
  });

  test('the work takes the new region with its organisation', async () => {
    const { rows } = await sql<{ a: number; o: number }>`
      select a.region_id as a, o.region_id as o from assignment a join org o on o.id = a.org_id
      where a.id = ${assignmentId}`.execute(ctx.database.db);
    assert.equal(rows[0]!.a, rows[0]!.o);
  });
});
