import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { verifyPassword } from '../../server/auth/password.ts';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture, type Fixture, insertPerson } from '../../server/test/factories.ts';

async function passwordRows(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[][] = [];
  wb.getWorksheet('初始密码')!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v))));
  return out.slice(1);
}

for (const engine of ENGINES) {
  describe(`luoshi users bulk-secretaries [${engine}]`, () => {
    let target: CliTarget;
    let fx: Fixture;
    let dir: string;
    before(async () => {
      target = await makeCliTarget(engine);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-accounts-'));
      const database = await target.open();
      try {
        fx = await buildFixture(database);
        const organiser = await insertPerson(database, fx.orgs.b1a, { name: '孙志强' });
        await database.db
          .insertInto('org_position')
          .values({ org_id: fx.orgs.b1a.id, person_id: organiser, title: 'organization', started_on: '2024-01-10' })
          .execute();
      } finally {
        await database.close();
      }
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    });

    test('--dry-run lists the plan; the run writes the passwords to a new owner-only file, once', async () => {
      const dry = await runCli(
        ['users', 'bulk-secretaries', '--org', fx.orgs.b.code, '--organisers', '--dry-run'],
        target.env,
      );
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /将开通 2 个账号，跳过 0 人/);
      assert.match(dry.stdout, /钱文静 {2}开通 b1a-shuji/);

      const out = path.join(dir, 'b.xlsx');
      const run = await runCli(
        ['users', 'bulk-secretaries', '--org', fx.orgs.b.code, '--organisers', '--out', out, '--json'],
        target.env,
      );
      assert.equal(run.code, 0, run.stderr);
      const result = JSON.parse(run.stdout);
      assert.deepEqual([result.toCreate, result.skipped, result.out], [2, 0, out]);
      assert.ok(!run.stdout.includes('password') && !run.stdout.includes('密码'), 'no password on stdout');
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      const rows = await passwordRows(out);
      assert.deepEqual(
        rows.map((r) => [r[2], r[3], r[4]]),
        [
          ['钱文静', '书记', 'b1a-shuji'],
          ['孙志强', '组织委员', 'b1a-zuzhi'],
        ],
      );

      const database = await target.open();
      try {
        for (const r of rows) {
          const user = await database.db
            .selectFrom('app_user')
            .selectAll()
            .where('username', '=', r[4]!)
            .executeTakeFirstOrThrow();
          assert.equal(user.must_change_password, true);
          assert.equal(user.role, 'secretary');
          assert.equal(user.org_id, fx.orgs.b1a.id);
          assert.ok(await verifyPassword(r[5]!, user.password_hash));
        }
      } finally {
        await database.close();
      }

      // The file is never overwritten; a second run into a new file opens nobody twice.
      const again = await runCli(['users', 'bulk-secretaries', '--org', fx.orgs.b.code, '--out', out], target.env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /文件已存在，不会覆盖/);
      const second = path.join(dir, 'b2.xlsx');
      const none = await runCli(
        ['users', 'bulk-secretaries', '--org', fx.orgs.b.code, '--organisers', '--out', second],
        target.env,
      );
      assert.equal(none.code, 0, none.stderr);
      assert.match(none.stdout, /已开通 0 个账号，跳过 2 人/);
      assert.deepEqual(await passwordRows(second), []);
    });

    test('a missing --org or --out exits 2; an unknown code exits 1 and leaves no file', async () => {
      const noOrg = await runCli(['users', 'bulk-secretaries', '--out', path.join(dir, 'x.xlsx')], target.env);
      assert.equal(noOrg.code, 2);
      assert.match(noOrg.stderr, /缺少 --org/);
      const noOut = await runCli(['users', 'bulk-secretaries', '--org', fx.orgs.a.code], target.env);
      assert.equal(noOut.code, 2);
      assert.match(noOut.stderr, /缺少 --out/);
      const file = path.join(dir, 'none.xlsx');
      const unknown = await runCli(['users', 'bulk-secretaries', '--org', 'NO-SUCH', '--out', file], target.env);
      assert.equal(unknown.code, 1);
      assert.ok(!fs.existsSync(file));
    });
  });
}
