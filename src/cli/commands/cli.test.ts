import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { verifyPassword } from '../../server/auth/password.ts';
import { type CliTarget, makeCliTarget, runCli, spawnCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture, type Fixture } from '../../server/test/factories.ts';

test('luoshi --help lists the commands and the exit codes; an unknown command exits 2', async () => {
  const help = await spawnCli(['--help'], {});
  assert.equal(help.code, 0);
  for (const c of ['serve', 'migrate', 'user', 'audit', 'backup', 'restore'])
    assert.match(help.stdout, new RegExp(`\\b${c}\\b`));
  assert.match(help.stdout, /退出码/);
  const unknown = await spawnCli(['frobnicate'], {});
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /未知命令/);
  const sub = await spawnCli(['user', '--help'], {});
  assert.match(sub.stdout, /luoshi user/);
});

test('a bad environment variable exits 3 naming the variable', async () => {
  const run = await spawnCli(['migrate'], { PORT: 'not-a-port', DATABASE_URL: 'mysql://x' });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /PORT/);
  assert.match(run.stderr, /DATABASE_URL/);
});

for (const engine of ENGINES) {
  describe(`luoshi commands [${engine}]`, () => {
    let target: CliTarget;
    let fx: Fixture;
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      fx = await buildFixture(database);
      await database.close();
    });
    after(() => target.cleanup());

    test('migrate is idempotent and says so', async () => {
      const run = await runCli(['migrate', '--json'], target.env);
      assert.equal(run.code, 0, run.stderr);
      const result = JSON.parse(run.stdout);
      assert.deepEqual(result.applied, []);
      assert.ok(result.alreadyApplied >= 1);
    });

    test('user list --json gives username, role, scopeOrgId and scopeOrgName', async () => {
      const run = await runCli(['user', 'list', '--json'], target.env);
      assert.equal(run.code, 0, run.stderr);
      const users = JSON.parse(run.stdout) as {
        username: string;
        role: string;
        scopeOrgId: number;
        scopeOrgName: string;
      }[];
      const admin = users.find((u) => u.username === fx.users.admin.username)!;
      assert.deepEqual(admin, {
        username: fx.users.admin.username,
        role: 'sysadmin',
        scopeOrgId: fx.orgs.root.id,
        scopeOrgName: '示范市委',
      });
      assert.deepEqual(Object.keys(users[0]!).sort(), ['role', 'scopeOrgId', 'scopeOrgName', 'username']);
    });

    test('user add creates an account scoped by organisation code; user passwd resets it', async () => {
      const add = await runCli(
        [
          'user',
          'add',
          'cli-user',
          '--role',
          'orgadmin',
          '--org',
          fx.orgs.b1.code,
          '--name',
          '乙一镇管理员',
          '--password',
          'Cli-Lamp-2731',
        ],
        target.env,
      );
      assert.equal(add.code, 0, add.stderr);
      assert.match(add.stdout, /已创建账号 cli-user/);
      const dup = await runCli(['user', 'add', 'cli-user', '--role', 'orgadmin', '--org', fx.orgs.b1.code], target.env);
      assert.equal(dup.code, 1);
      assert.match(dup.stderr, /已被使用/);
      const badOrg = await runCli(['user', 'add', 'x-user', '--role', 'orgadmin', '--org', 'NO-SUCH'], target.env);
      assert.equal(badOrg.code, 1);
      assert.match(badOrg.stderr, /找不到组织编码/);
      const weak = await runCli(
        ['user', 'add', 'weak-user', '--role', 'orgadmin', '--org', fx.orgs.b1.code, '--password', 'password123'],
        target.env,
      );
      assert.equal(weak.code, 1);
      assert.match(weak.stderr, /密码太常见/);
      const passwd = await runCli(['user', 'passwd', 'cli-user'], target.env);
      assert.equal(passwd.code, 0, passwd.stderr);
      const newPassword = /新密码：(\S+)/.exec(passwd.stdout)![1]!;
      const database = await target.open();
      try {
        const row = await database.db
          .selectFrom('app_user')
          .selectAll()
          .where('username', '=', 'cli-user')
          .executeTakeFirstOrThrow();
        assert.equal(row.org_id, fx.orgs.b1.id);
        assert.ok(await verifyPassword(newPassword, row.password_hash));
        const audits = await sql<{
          n: number;
        }>`select count(*)::int as n from audit_log where entity = 'app_user' and actor_name = 'system'`.execute(
          database.db,
        );
        assert.equal(audits.rows[0]!.n, 2);
      } finally {
        await database.close();
      }
    });

    test('tasks sweep runs the deadline check for a given day and says what it did', async () => {
      const run = await runCli(['tasks', 'sweep', '--date', '2026-11-23', '--json'], target.env);
      assert.equal(run.code, 0, run.stderr);
      const r = JSON.parse(run.stdout);
      assert.equal(r.date, '2026-11-23');
      assert.equal(typeof r.checked, 'number');
      const bad = await runCli(['tasks', 'sweep', '--date', '23/11/2026'], target.env);
      assert.equal(bad.code, 2);
    });

    test('backup then restore brings back the data as it was at the backup', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
      const file = path.join(dir, engine === 'pglite' ? 'backup.tar.gz' : 'backup.dump');
      try {
        const backup = await runCli(['backup', file], target.env);
        assert.equal(backup.code, 0, backup.stderr);
        assert.ok(fs.statSync(file).size > 0);
        let database = await target.open();
        await database.db.updateTable('org').set({ name: '备份后改名' }).where('id', '=', fx.orgs.b.id).execute();
        await database.close();
        const refused = engine === 'pglite' ? await runCli(['restore', file], target.env) : null;
        if (refused) {
          assert.equal(refused.code, 2);
          assert.match(refused.stderr, /--force/);
        }
        const restore = await runCli(['restore', file, '--force'], target.env);
        assert.equal(restore.code, 0, restore.stderr);
        database = await target.open();
        const org = await database.db
          .selectFrom('org')
          .select('name')
          .where('id', '=', fx.orgs.b.id)
          .executeTakeFirstOrThrow();
        await database.close();
        assert.equal(org.name, '乙区委');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
