import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs } from '../../test/factories.ts';

const NOW = new Date('2026-11-23T02:00:00Z');

describeOnEngines('organisations API', (ctx) => {
  let app: App;
  let fx: Fixture;
  let admin: string;
  let aAdmin: string;
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => NOW });
    admin = await loginAs(app, fx.users.admin.username);
    aAdmin = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (cookie: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
    app.inject({ method, url, headers: { cookie }, payload });

  test('the scope root of an account is its own organisation', async () => {
    const res = await get(aAdmin, '/api/orgs/root');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().id, fx.orgs.a.id);
    assert.equal(res.json().childCount, 1);
  });

  test('organisation detail carries stats, committee and setup-rule findings', async () => {
    const res = await get(aAdmin, `/api/orgs/${fx.orgs.a1a.id}`);
    assert.equal(res.statusCode, 200);
    const d = res.json();
    assert.equal(d.name, '甲一村党支部');
    assert.deepEqual(
      d.ancestors.map((x: { name: string }) => x.name),
      ['甲区委', '甲一镇党委'],
    );
    assert.equal(d.stats.directFullMembers, 2);
    assert.equal(d.stats.directProbationary, 1);
    assert.equal(d.committee[0].title, 'secretary');
    assert.equal(d.committee[0].personName, '李秀英');
    assert.equal(d.termDueOn, '2027-01-10');
    // Two full members: a branch needs at least three (党章 Art.30).
    assert.ok(
      d.findings.some((f: { message: string }) => f.message.includes('3')),
      JSON.stringify(d.findings),
    );
  });

  test('the ancestors above the scope root are not shown', async () => {
    const res = await get(aAdmin, `/api/orgs/${fx.orgs.a.id}`);
    assert.deepEqual(res.json().ancestors, []);
  });

  test('children list the active sub-organisations', async () => {
    const res = await get(admin, `/api/orgs/${fx.orgs.root.id}/children`);
    assert.deepEqual(
      res.json().map((o: { name: string }) => o.name),
      ['甲区委', '乙区委'],
    );
  });

  test('creates a sub-organisation under a parent in scope, with an audit row', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(ctx.database.db))
      .rows[0]!.n;
    const res = await send(aAdmin, 'POST', '/api/orgs', {
      parentId: fx.orgs.a1.id,
      name: '甲一镇机关党支部',
      type: 'branch',
      field: 'organ',
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    const row = await ctx.database.db
      .selectFrom('org')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.equal(String(row.path), `${fx.orgs.a1.path}.${created.id}`);
    assert.equal(row.region_id, fx.orgs.a.id);
    const afterCount = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(ctx.database.db))
      .rows[0]!.n;
    assert.equal(afterCount, before + 1);
  });

  test('refuses a structure the rules do not allow (a branch under a party group)', async () => {
    const res = await send(aAdmin, 'POST', '/api/orgs', { parentId: fx.orgs.a1g.id, name: '错误支部', type: 'branch' });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().error.code, 'ORG_STRUCTURE');
    assert.match(res.json().error.message, /党小组下不能设立党支部/);
  });

  test('refuses a duplicate organisation code', async () => {
    const res = await send(aAdmin, 'POST', '/api/orgs', {
      parentId: fx.orgs.a1.id,
      code: fx.orgs.a1a.code,
      name: 'x',
      type: 'branch',
    });
    assert.equal(res.statusCode, 409);
  });

  test('renames an organisation and records before/after in the audit log', async () => {
    const res = await send(aAdmin, 'PATCH', `/api/orgs/${fx.orgs.a1.id}`, { name: '甲一镇委员会' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().name, '甲一镇委员会');
    const row = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'org.update')
      .where('entity_id', '=', String(fx.orgs.a1.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal((row.before as { name: string }).name, '甲一镇党委');
    assert.equal((row.after as { name: string }).name, '甲一镇委员会');
    assert.equal(row.actor_name, fx.users.aAdmin.username);
  });

  test('search finds organisations by name inside the scope only', async () => {
    const mine = await get(aAdmin, `/api/orgs/search?q=${encodeURIComponent('村党支部')}`);
    assert.equal(mine.statusCode, 200);
    const names = mine.json().map((o: { name: string }) => o.name);
    assert.ok(names.includes('甲一村党支部'));
    assert.ok(!names.includes('乙一村党支部'));
    assert.deepEqual(mine.json()[0].pathNames.slice(0, 1), ['甲区委']);
    const all = await get(admin, `/api/orgs/search?q=${encodeURIComponent('村党支部')}`);
    assert.ok(
      all
        .json()
        .map((o: { name: string }) => o.name)
        .includes('乙一村党支部'),
    );
  });

  test('moving a subtree rewrites every descendant path, grandchildren included, in one transaction', async () => {
    // c1 → c2 → c3 (grandchild) → c4 (great-grandchild) under A; move c1 under B.
    const c1 = await insertOrg(ctx.database, fx.orgs.a, {
      code: `MV1-${ctx.engine}`,
      name: '搬迁党委',
      type: 'committee',
    });
    const c2 = await insertOrg(ctx.database, c1, {
      code: `MV2-${ctx.engine}`,
      name: '搬迁总支',
      type: 'general_branch',
    });
    const c3 = await insertOrg(ctx.database, c2, { code: `MV3-${ctx.engine}`, name: '搬迁支部', type: 'branch' });
    const c4 = await insertOrg(ctx.database, c3, { code: `MV4-${ctx.engine}`, name: '搬迁小组', type: 'group' });
    const c2b = await insertOrg(ctx.database, c1, { code: `MV5-${ctx.engine}`, name: '搬迁支部二', type: 'branch' });
    const res = await send(admin, 'POST', `/api/orgs/${c1.id}/move`, { newParentId: fx.orgs.b.id });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().moved, 5);
    const rows = await ctx.database.db
      .selectFrom('org')
      .select(['id', sql<string>`path::text`.as('path'), 'region_id', 'parent_id'])
      .where('id', 'in', [c1.id, c2.id, c3.id, c4.id, c2b.id])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const b = fx.orgs.b.path;
    assert.equal(byId.get(c1.id)!.path, `${b}.${c1.id}`);
    assert.equal(byId.get(c2.id)!.path, `${b}.${c1.id}.${c2.id}`);
    assert.equal(byId.get(c3.id)!.path, `${b}.${c1.id}.${c2.id}.${c3.id}`);
    assert.equal(byId.get(c4.id)!.path, `${b}.${c1.id}.${c2.id}.${c3.id}.${c4.id}`);
    assert.equal(byId.get(c2b.id)!.path, `${b}.${c1.id}.${c2b.id}`);
    assert.equal(byId.get(c1.id)!.parent_id, fx.orgs.b.id);
    assert.equal(byId.get(c3.id)!.parent_id, c2.id);
    for (const r of rows) assert.equal(r.region_id, fx.orgs.b.id);
  });

  test('moving a member-holding subtree carries the members region id along', async () => {
    const res = await send(admin, 'POST', `/api/orgs/${fx.orgs.a1.id}/move`, { newParentId: fx.orgs.b.id });
    assert.equal(res.statusCode, 200, res.body);
    const people = await ctx.database.db
      .selectFrom('person')
      .select('region_id')
      .where('org_id', '=', fx.orgs.a1a.id)
      .execute();
    assert.ok(people.length > 0);
    for (const p of people) assert.equal(p.region_id, fx.orgs.b.id);
    const back = await send(admin, 'POST', `/api/orgs/${fx.orgs.a1.id}/move`, { newParentId: fx.orgs.a.id });
    assert.equal(back.statusCode, 200, back.body);
  });

  test('refuses to move an organisation under its own descendant', async () => {
    const res = await send(admin, 'POST', `/api/orgs/${fx.orgs.a.id}/move`, { newParentId: fx.orgs.a1a.id });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().error.code, 'ORG_STRUCTURE');
  });

  test('an administrator cannot move or dissolve their own root organisation', async () => {
    const mv = await send(aAdmin, 'POST', `/api/orgs/${fx.orgs.a.id}/move`, { newParentId: fx.orgs.a1.id });
    assert.equal(mv.statusCode, 403);
    const ds = await send(aAdmin, 'POST', `/api/orgs/${fx.orgs.a.id}/dissolve`, {
      dissolvedOn: '2026-11-01',
      reason: '测试',
    });
    assert.equal(ds.statusCode, 403);
  });

  test('dissolves an empty organisation keeping its record, and refuses one that still has members', async () => {
    const refused = await send(aAdmin, 'POST', `/api/orgs/${fx.orgs.a1g.id}/dissolve`, {
      dissolvedOn: '2026-11-01',
      reason: '合并',
    });
    assert.equal(refused.statusCode, 200, refused.body); // the group holds no members of its own
    const withMembers = await send(aAdmin, 'POST', `/api/orgs/${fx.orgs.a1a.id}/dissolve`, {
      dissolvedOn: '2026-11-01',
      reason: '合并',
    });
    assert.equal(withMembers.statusCode, 422);
    assert.match(withMembers.json().error.message, /党员/);
    const row = await ctx.database.db
      .selectFrom('org')
      .selectAll()
      .where('id', '=', fx.orgs.a1g.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'dissolved');
    assert.equal(row.dissolve_reason, '合并');
    const children = await get(aAdmin, `/api/orgs/${fx.orgs.a1a.id}/children`);
    assert.deepEqual(children.json(), []);
    const withDissolved = await get(aAdmin, `/api/orgs/${fx.orgs.a1a.id}/children?includeDissolved=true`);
    assert.equal(withDissolved.json().length, 1);
    const edit = await send(aAdmin, 'PATCH', `/api/orgs/${fx.orgs.a1g.id}`, { name: '改名' });
    assert.equal(edit.statusCode, 422);
  });

  test('appoints a committee member (a full member in scope) and ends the appointment', async () => {
    const res = await send(aAdmin, 'POST', `/api/orgs/${fx.orgs.a1a.id}/positions`, {
      personId: fx.people.a1aFull,
      title: 'organization',
      portfolio: '分管组织、党员发展',
      startedOn: '2026-01-05',
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id;
    const probationary = await send(aAdmin, 'POST', `/api/orgs/${fx.orgs.a1a.id}/positions`, {
      personId: fx.people.a1aProbationary,
      title: 'propaganda',
      startedOn: '2026-01-05',
    });
    assert.equal(probationary.statusCode, 422);
    const second = await send(aAdmin, 'POST', `/api/orgs/${fx.orgs.a1a.id}/positions`, {
      personId: fx.people.a1aFull,
      title: 'secretary',
      startedOn: '2026-01-05',
    });
    assert.equal(second.statusCode, 409);
    const end = await send(aAdmin, 'PATCH', `/api/positions/${id}`, { endedOn: '2026-06-30' });
    assert.equal(end.statusCode, 200, end.body);
    const current = await get(aAdmin, `/api/orgs/${fx.orgs.a1a.id}/positions`);
    assert.ok(!current.json().some((p: { id: number }) => p.id === id));
  });

  test('validation errors name the field in Chinese', async () => {
    const res = await send(aAdmin, 'POST', '/api/orgs', { parentId: fx.orgs.a1.id, name: '', type: 'branch' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    assert.match(res.json().error.message, /name/);
    assert.match(res.json().error.message, /名称不能为空/);
  });
});
