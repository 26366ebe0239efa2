import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';
import { deleteDraftDeploymentRow } from './deploy.queries.ts';

const SPEECH = [
  '在全镇党建工作推进会上的讲话',
  '一、抓好重点任务',
  '（一）加强村党组织建设。要在年底前创建五星级党支部5个。',
  '（二）发展壮大集体经济。6月底前，80%以上的行政村集体经济收入达到5万元以上。',
  '二、存在的问题',
  '一是责任落实还不到位。二是基层组织建设有短板。',
].join('\n');

describeOnEngines('deployments: deleting a draft', (ctx) => {
  let app: App;
  let fx: Fixture;
  const cookie: Record<'admin' | 'aAdmin' | 'aSecretary' | 'aMember' | 'bAdmin', string> = {} as never;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-03-02T02:00:00Z') });
    for (const k of Object.keys(fx.users) as (keyof typeof cookie)[])
      cookie[k] = await loginAs(app, fx.users[k].username);
  });
  after(() => app.close());

  const draft = async (orgId = fx.orgs.a1.id, who = cookie.aAdmin) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers: { cookie: who },
      payload: { orgId, text: SPEECH, title: '全镇党建推进会' },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: number; items: unknown[] };
  };
  const remove = (id: number, who: string) =>
    app.inject({ method: 'DELETE', url: `/api/deployments/${id}`, headers: { cookie: who } });
  const exists = async (id: number) =>
    (await ctx.database.db.selectFrom('deployment').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  const deleteEntries = (id: number) =>
    ctx.database.db
      .selectFrom('audit_log')
      .select(['actor_name', 'org_id', 'before', 'after'])
      .where('action', '=', 'deployment.delete')
      .where('entity_id', '=', String(id))
      .execute();

  test('a draft in scope is deleted; the audit log keeps its title and item count, and the chain holds', async () => {
    const d = await draft();
    const res = await remove(d.id, cookie.aAdmin);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { deploymentId: d.id, title: '全镇党建推进会', items: d.items.length });
    assert.equal(await exists(d.id), false);
    const read = await app.inject({
      method: 'GET',
      url: `/api/deployments/${d.id}`,
      headers: { cookie: cookie.aAdmin },
    });
    assert.equal(read.statusCode, 404);
    const [entry, ...more] = await deleteEntries(d.id);
    assert.equal(more.length, 0);
    assert.equal(entry!.actor_name, fx.users.aAdmin.username);
    assert.equal(entry!.org_id, fx.orgs.a1.id);
    assert.equal(entry!.after, null);
    const kept = entry!.before as Record<string, unknown>;
    assert.equal(kept.title, '全镇党建推进会');
    assert.equal(kept.items, d.items.length);
    assert.equal(kept.status, 'draft');
    assert.equal(kept.source, 'paste');
    const verify = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie: cookie.admin } });
    assert.equal(verify.json().ok, true, verify.body);
    // Deleted once: a second attempt finds nothing.
    assert.equal((await remove(d.id, cookie.aAdmin)).statusCode, 404);
  });

  test('a branch secretary deletes a draft of the branch (the deploy permission in scope)', async () => {
    const d = await draft(fx.orgs.a1a.id, cookie.aSecretary);
    assert.equal((await remove(d.id, cookie.aSecretary)).statusCode, 200);
    assert.equal(await exists(d.id), false);
  });

  test('a confirmed deployment is refused with 409 and keeps its tasks; nothing is written', async () => {
    const d = await draft();
    const confirm = await app.inject({
      method: 'POST',
      url: `/api/deployments/${d.id}/confirm`,
      headers: { cookie: cookie.aAdmin },
    });
    assert.equal(confirm.statusCode, 200, confirm.body);
    const res = await remove(d.id, cookie.aAdmin);
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().error.code, 'CONFLICT');
    assert.equal(res.json().error.message, '该部署已确认，是所生成任务和问题的来源，不能删除；只有草稿可以删除');
    assert.equal(await exists(d.id), true);
    assert.deepEqual(await deleteEntries(d.id), []);
    const tasks = await ctx.database.db.selectFrom('task').select('id').where('deployment_id', '=', d.id).execute();
    assert.ok(tasks.length > 0);
    assert.equal(tasks.length, confirm.json().tasksCreated);
  });

  test('a draft confirmed between the check and the delete stays (the delete holds to drafts itself)', async () => {
    const d = await draft();
    await app.inject({ method: 'POST', url: `/api/deployments/${d.id}/confirm`, headers: { cookie: cookie.aAdmin } });
    const deleted = await ctx.database.db.transaction().execute((trx) => deleteDraftDeploymentRow(trx, d.id));
    assert.equal(deleted, false);
    assert.equal(await exists(d.id), true);
  });

  test('outside the scope the draft looks missing (404); a member without the permission gets 403; it stays', async () => {
    const d = await draft();
    const foreign = await remove(d.id, cookie.bAdmin);
    assert.equal(foreign.statusCode, 404, foreign.body);
    const branch = await remove(d.id, cookie.aSecretary); // the town's draft lies above the branch
    assert.equal(branch.statusCode, 404, branch.body);
    const member = await remove(d.id, cookie.aMember);
    assert.equal(member.statusCode, 403, member.body);
    assert.equal(await exists(d.id), true);
    assert.deepEqual(await deleteEntries(d.id), []);
  });
});
