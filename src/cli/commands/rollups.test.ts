import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { TEST_AUDIT_KEY } from '../../server/auth/audit-key.ts';
import { systemScope } from '../../server/auth/scope.ts';
import { assignTask } from '../../server/features/assignments/assignments.service.ts';
import { makeCtx } from '../../server/features/context.ts';
import { createTask } from '../../server/features/tasks/tasks.service.ts';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture, type Fixture } from '../../server/test/factories.ts';

for (const engine of ENGINES) {
  describe(`luoshi rollups [${engine}]`, () => {
    let target: CliTarget;
    let fx: Fixture;
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      fx = await buildFixture(database);
      const ctx = makeCtx(
        database.db,
        new Date('2026-11-23T02:00:00Z'),
        systemScope(fx.orgs.root.path, fx.orgs.root.id),
        TEST_AUDIT_KEY,
      );
      const task = await createTask(ctx, { orgId: fx.orgs.root.id, title: '核对演练', deadline: '2026-12-31' });
      await assignTask(ctx, task.id, { orgIds: [fx.orgs.a1a.id, fx.orgs.b1a.id] });
      await database.close();
    });
    after(() => target.cleanup());

    test('fold folds the pending deltas; verify finds none drifted', async () => {
      const fold = await runCli(['rollups', 'fold', '--json'], target.env);
      assert.equal(fold.code, 0, fold.stderr);
      const folded = JSON.parse(fold.stdout);
      assert.ok(folded.folded > 0);
      assert.equal(folded.pending.count, 0);
      const verify = await runCli(['rollups', 'verify', '--json'], target.env);
      assert.equal(verify.code, 0, verify.stderr);
      assert.deepEqual(JSON.parse(verify.stdout).drift, []);
    });

    test('verify exits 1 naming a drifted figure; rebuild repairs it', async () => {
      const database = await target.open();
      await sql`update task_rollup set assigned = assigned + 3 where org_id = ${fx.orgs.a.id}`.execute(database.db);
      await database.close();
      const verify = await runCli(['rollups', 'verify'], target.env);
      assert.equal(verify.code, 1, verify.stderr);
      assert.match(verify.stdout, /发现 1 处不一致/);
      assert.match(verify.stdout, new RegExp(`组织 ${fx.orgs.a.id} assigned：保存值 4，重新统计 1`));
      const rebuild = await runCli(['rollups', 'rebuild', '--json'], target.env);
      assert.equal(rebuild.code, 0, rebuild.stderr);
      assert.equal(JSON.parse(rebuild.stdout).rebuilt, 1);
      const again = await runCli(['rollups', 'verify', '--json'], target.env);
      assert.equal(again.code, 0, again.stderr);
    });
  });
}
