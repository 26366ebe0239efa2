import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { systemScope } from '../../auth/scope.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';
import { assignTask, fireEvent } from '../assignments/assignments.service.ts';
import { makeCtx } from '../context.ts';
import { createTask } from '../tasks/tasks.service.ts';
import { publishHub } from './hub.service.ts';

describeOnEngines('hub: what a province publishes, and the national view', (ctx) => {
  let fx: Fixture;
  let app: App;
  const now = new Date('2026-11-23T02:00:00Z');
  const settings = { region: '440000', depth: 3 };
  const figure = async (code: string) =>
    ctx.database.db
      .selectFrom('hub_org_figure')
      .selectAll()
      .where('region', '=', settings.region)
      .where('org_code', '=', code)
      .executeTakeFirst();

  before(async () => {
    fx = await buildFixture(ctx.database);
    const sys = makeCtx(ctx.database.db, now, systemScope(fx.orgs.root.path, fx.orgs.root.id), TEST_AUDIT_KEY);
    const task = await createTask(sys, { orgId: fx.orgs.root.id, title: '汇总演练', deadline: '2026-12-31' });
    await assignTask(sys, task.id, { orgIds: [fx.orgs.a1a.id, fx.orgs.b1a.id] });
    app = await buildApp({ database: ctx.database, now: () => now });
  });
  after(() => app.close());

  test('publishes every organisation down to the depth with its subtree’s figures and members', async () => {
    const r = await publishHub(ctx.database.db, settings, now);
    // root (1), 甲区/乙区 (2), 甲一镇/乙一镇 (3); the branches and the group lie below the depth.
    assert.equal(r.orgs, 5);
    assert.equal(r.upserted, 5);
    assert.equal(r.members, 5);
    const root = await figure(fx.orgs.root.code);
    assert.equal(root?.level, 1);
    assert.equal(root?.parent_code, null);
    assert.equal(root?.assigned, 2);
    assert.equal(root?.not_started, 2);
    assert.equal(root?.tasks, 1);
    const a1 = await figure(fx.orgs.a1.code);
    assert.equal(a1?.parent_code, fx.orgs.a.code);
    assert.equal(a1?.members, 3);
    assert.equal(a1?.assigned, 1);
    assert.equal(await figure(fx.orgs.a1a.code), undefined);
    const region = await ctx.database.db.selectFrom('hub_region').selectAll().executeTakeFirstOrThrow();
    assert.equal(region.region, settings.region);
    assert.equal(region.root_code, fx.orgs.root.code);
    assert.equal(region.members, 5);
  });

  test('a second publication rewrites nothing unchanged; a change rewrites only its path; a gone org is deleted', async () => {
    const later = new Date(now.getTime() + 30_000);
    const again = await publishHub(ctx.database.db, settings, later);
    assert.equal(again.upserted, 0);
    assert.equal(again.deleted, 0);
    const region = await ctx.database.db.selectFrom('hub_region').selectAll().executeTakeFirstOrThrow();
    assert.equal(region.published_at.getTime(), later.getTime(), 'the heartbeat moves on every publication');

    const receiver = makeCtx(ctx.database.db, now, systemScope(fx.orgs.a1a.path, fx.orgs.a1a.id), TEST_AUDIT_KEY);
    const { rows } = await sql<{ id: number }>`
      select id from assignment where org_id = ${fx.orgs.a1a.id}`.execute(ctx.database.db);
    await fireEvent(receiver, rows[0]!.id, { event: 'start' });
    const changed = await publishHub(ctx.database.db, settings, later);
    assert.equal(changed.upserted, 3, 'root, 甲区 and 甲一镇 changed; 乙区 and 乙一镇 did not');
    assert.equal((await figure(fx.orgs.root.code))?.in_progress, 1);

    await sql`update org set status = 'dissolved', dissolved_on = '2026-11-20' where id in (${fx.orgs.b1.id}, ${fx.orgs.b1a.id})`.execute(
      ctx.database.db,
    );
    const gone = await publishHub(ctx.database.db, settings, later);
    assert.equal(gone.deleted, 1);
    assert.equal(await figure(fx.orgs.b1.code), undefined);
    await sql`update org set status = 'active', dissolved_on = null where id in (${fx.orgs.b1.id}, ${fx.orgs.b1a.id})`.execute(
      ctx.database.db,
    );
    await publishHub(ctx.database.db, settings, later);
  });

  test('members are recounted only when asked (the job does it every ten minutes); the figures every time', async () => {
    await sql`update person set status = 'full', full_date = '2026-11-01' where id = ${fx.people.a1aProbationary}`.execute(
      ctx.database.db,
    );
    await sql`update person set status = 'transferred_out' where id = ${fx.people.b1aFull}`.execute(ctx.database.db);
    const kept = await publishHub(ctx.database.db, settings, now, { countMembers: false });
    assert.equal(kept.upserted, 0);
    assert.equal((await figure(fx.orgs.b1.code))?.members, 2);
    const counted = await publishHub(ctx.database.db, settings, now);
    assert.equal(counted.members, 4);
    assert.equal((await figure(fx.orgs.b1.code))?.members, 1);
    await sql`update person set status = 'full' where id = ${fx.people.b1aFull}`.execute(ctx.database.db);
    await publishHub(ctx.database.db, settings, now);
  });

  test('GET /api/hub/regions: every region with its totals and freshness', async () => {
    const cookie = await loginAs(app, fx.users.admin.username);
    const res = await app.inject({ method: 'GET', url: '/api/hub/regions', headers: { cookie } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.regions.length, 1);
    assert.equal(body.regions[0].region, settings.region);
    assert.equal(body.regions[0].figures.assigned, 2);
    assert.equal(body.regions[0].figures.members, 5);
    assert.equal(body.regions[0].ageSeconds, 0);
  });

  test('GET /api/hub/regions/:region/orgs drills down by the published levels', async () => {
    const cookie = await loginAs(app, fx.users.admin.username);
    const top = await app.inject({
      method: 'GET',
      url: `/api/hub/regions/${settings.region}/orgs`,
      headers: { cookie },
    });
    assert.equal(top.statusCode, 200, top.body);
    assert.deepEqual(
      top.json().orgs.map((o: { code: string }) => o.code),
      [fx.orgs.root.code],
    );
    const down = await app.inject({
      method: 'GET',
      url: `/api/hub/regions/${settings.region}/orgs?parent=${fx.orgs.root.code}`,
      headers: { cookie },
    });
    assert.equal(down.statusCode, 200, down.body);
    const orgs = down.json().orgs as { code: string; hasChildren: boolean; figures: { assigned: number } }[];
    assert.deepEqual(orgs.map((o) => o.code).sort(), [fx.orgs.a.code, fx.orgs.b.code].sort());
    assert.ok(orgs.every((o) => o.hasChildren && o.figures.assigned === 1));
    const unknown = await app.inject({ method: 'GET', url: '/api/hub/regions/999999/orgs', headers: { cookie } });
    assert.equal(unknown.statusCode, 404);
  });

  test('the national view is refused to accounts below the top organisation and to members', async () => {
    for (const user of [fx.users.aAdmin, fx.users.aSecretary, fx.users.aMember]) {
      const cookie = await loginAs(app, user.username);
      const res = await app.inject({ method: 'GET', url: '/api/hub/regions', headers: { cookie } });
      assert.equal(res.statusCode, 403, `${user.username}: ${res.body}`);
    }
  });
});
