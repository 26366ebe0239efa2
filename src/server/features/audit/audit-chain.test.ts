import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { verifyAuditChain } from '../../auth/audit.ts';
import { type CliTarget, makeCliTarget, runCli } from '../../test/cli-harness.ts';
import { ENGINES } from '../../test/engines.ts';
import { buildFixture, loginAs } from '../../test/factories.ts';

for (const engine of ENGINES) {
  describe(`audit log hash chain [${engine}]`, () => {
    let target: CliTarget;
    let tamperedId: string;
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      try {
        const fx = await buildFixture(database);
        const app = await buildApp({ database });
        const cookie = await loginAs(app, fx.users.aAdmin.username);
        for (const name of ['一', '二', '三']) {
          const res = await app.inject({
            method: 'PATCH',
            url: `/api/orgs/${fx.orgs.a1.id}`,
            headers: { cookie },
            payload: { name: `甲一镇党委${name}` },
          });
          assert.equal(res.statusCode, 200, res.body);
        }
        const intact = await verifyAuditChain(database.db);
        assert.equal(intact.ok, true);
        assert.ok(intact.rows >= 4);
        // The second rename's row is the one a hand in the database will change.
        const rows = await database.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'org.update')
          .orderBy('id')
          .execute();
        tamperedId = rows[1]!.id;
        await app.close();
      } finally {
        await database.close();
      }
    });
    after(() => target.cleanup());

    test('audit verify reports an intact chain with exit code 0', async () => {
      const run = await runCli(['audit', 'verify'], target.env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /操作日志完好/);
    });

    test('rows cannot be updated through SQL while the append-only trigger is on', async () => {
      const database = await target.open();
      try {
        await assert.rejects(
          sql`update audit_log set actor_name = 'x' where id = ${tamperedId}`.execute(database.db),
          /append-only/,
        );
      } finally {
        await database.close();
      }
    });

    test('after one row is changed directly in SQL, audit verify names that row and exits 1', async () => {
      const database = await target.open();
      try {
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(database.db);
        await sql`update audit_log set after = jsonb_set(after, '{name}', '"篡改后的名称"') where id = ${tamperedId}`.execute(
          database.db,
        );
        await sql`alter table audit_log enable trigger audit_log_no_update`.execute(database.db);
        const result = await verifyAuditChain(database.db);
        assert.equal(result.ok, false);
        assert.equal(result.ok === false && result.brokenId, tamperedId);
      } finally {
        await database.close();
      }
      const run = await runCli(['audit', 'verify', '--json'], target.env);
      assert.equal(run.code, 1, run.stderr);
      const json = JSON.parse(run.stdout);
      assert.equal(json.ok, false);
      assert.equal(json.brokenId, tamperedId);
      const human = await runCli(['audit', 'verify'], target.env);
      assert.match(human.stdout, new RegExp(`id=${tamperedId} 的记录校验失败`));
    });

    test('the API verify route reports the same broken row to a system administrator', async () => {
      const database = await target.open();
      try {
        const app = await buildApp({ database });
        const admin = (
          await database.db
            .selectFrom('app_user')
            .select('username')
            .where('role', '=', 'sysadmin')
            .executeTakeFirstOrThrow()
        ).username;
        const cookie = await loginAs(app, admin);
        const res = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.json().ok, false);
        assert.equal(res.json().brokenId, tamperedId);
        await app.close();
      } finally {
        await database.close();
      }
    });
  });
}
