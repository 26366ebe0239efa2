/** `luoshi deploy delete ID --org CODE [--json]`: the web app's 删除草稿 from the command line, on both engines. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_AUDIT_KEY } from '../../server/auth/audit-key.ts';
import { confirmDeployment, createDeployment } from '../../server/features/deploy/deploy.service.ts';
import { systemCtxForOrg } from '../../server/features/org/org.service.ts';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { insertOrg, type OrgRef } from '../../server/test/factories.ts';

const SPEECH =
  '在全镇党建工作推进会上的讲话\n一、抓好重点任务\n要在年底前创建五星级党支部5个。\n二、存在的问题\n一是责任落实还不到位。';

for (const engine of ENGINES) {
  describe(`luoshi deploy delete [${engine}]`, () => {
    let target: CliTarget;
    let town: OrgRef;

    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      try {
        town = await insertOrg(database, null, { code: 'CLI-DEPLOY', name: '部署镇党委', type: 'committee' });
      } finally {
        await database.close();
      }
    });
    after(() => target.cleanup());

    /** Drafts made through the service (as the web app would), confirmed or not; the handle is closed again. */
    async function drafts(...confirm: boolean[]): Promise<{ id: number; items: number }[]> {
      const database = await target.open();
      try {
        const ctx = await systemCtxForOrg(database.db, town.id, new Date('2026-03-02T02:00:00Z'), TEST_AUDIT_KEY);
        const out = [];
        for (const c of confirm) {
          const d = await createDeployment(ctx, { orgId: town.id, text: SPEECH, title: '全镇党建推进会' });
          if (c) await confirmDeployment(ctx, d.id);
          out.push({ id: d.id, items: d.items.length });
        }
        return out;
      } finally {
        await database.close();
      }
    }

    async function rowsOf(id: number) {
      const database = await target.open();
      try {
        const deployment = await database.db.selectFrom('deployment').select('id').where('id', '=', id).execute();
        const audit = await database.db
          .selectFrom('audit_log')
          .select('before')
          .where('action', '=', 'deployment.delete')
          .where('entity_id', '=', String(id))
          .execute();
        return { deployment: deployment.length, audit: audit.map((a) => a.before as Record<string, unknown>) };
      } finally {
        await database.close();
      }
    }

    test('a draft is deleted (exit 0); --json says what; the audit log keeps its title and item count', async () => {
      const [draft] = await drafts(false);
      const run = await runCli(['deploy', 'delete', String(draft!.id), '--org', 'CLI-DEPLOY', '--json'], target.env);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), {
        deploymentId: draft!.id,
        title: '全镇党建推进会',
        items: draft!.items,
      });
      const after = await rowsOf(draft!.id);
      assert.equal(after.deployment, 0);
      assert.equal(after.audit.length, 1);
      assert.equal(after.audit[0]!.title, '全镇党建推进会');
      assert.equal(after.audit[0]!.items, draft!.items);
      const audit = await runCli(['audit', 'verify'], target.env);
      assert.equal(audit.code, 0, audit.stderr);
    });

    test('the readable line names the draft; a confirmed deployment exits 1 and stays', async () => {
      const [draft, confirmed] = await drafts(false, true);
      const run = await runCli(['deploy', 'delete', String(draft!.id), '--org', 'CLI-DEPLOY'], target.env);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout.trim(),
        `已删除草稿“全镇党建推进会”（ID ${draft!.id}，提纲 ${draft!.items} 条），已记入审计日志`,
      );
      const refused = await runCli(['deploy', 'delete', String(confirmed!.id), '--org', 'CLI-DEPLOY'], target.env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /错误 \[CONFLICT\]：该部署已确认.*只有草稿可以删除/);
      assert.deepEqual(await rowsOf(confirmed!.id), { deployment: 1, audit: [] });
    });

    test('a missing ID or --org is a usage error (exit 2); an unknown deployment exits 1', async () => {
      const noId = await runCli(['deploy', 'delete', '--org', 'CLI-DEPLOY'], target.env);
      assert.equal(noId.code, 2);
      assert.match(noId.stderr, /请指定一个部署 ID/);
      const noOrg = await runCli(['deploy', 'delete', '12'], target.env);
      assert.equal(noOrg.code, 2);
      assert.match(noOrg.stderr, /缺少 --org 组织编码/);
      const missing = await runCli(['deploy', 'delete', '999999', '--org', 'CLI-DEPLOY'], target.env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /部署不存在或不在您的管理范围内（ID 999999）/);
    });
  });
}
