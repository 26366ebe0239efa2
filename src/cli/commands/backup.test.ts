import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TEST_AUDIT_KEY } from '../../server/auth/audit-key.ts';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture } from '../../server/test/factories.ts';

/** The backup and restore drill: backup, restore into an empty database, the same per-table checksums. */
for (const engine of ENGINES) {
  describe(`backup and restore drill [${engine}]`, () => {
    let source: CliTarget;
    let empty: CliTarget;
    let scratch: string;
    before(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-drill-'));
      source = await makeCliTarget(engine);
      const database = await source.open();
      await buildFixture(database);
      await database.close();
      empty =
        engine === 'pglite'
          ? {
              engine,
              env: { LUOSHI_DATA_DIR: path.join(scratch, 'empty'), LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex') },
              open: () => Promise.reject(new Error('not used')),
              cleanup: async () => {},
            }
          : await makeCliTarget(engine);
    });
    after(async () => {
      await source.cleanup();
      await empty.cleanup();
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    test('a restore into an empty database prints the checksums the backup printed; a full one is refused', async () => {
      const file = path.join(scratch, engine === 'pglite' ? 'drill.tar.gz' : 'drill.dump');
      const backup = await runCli(['backup', file, '--json'], source.env);
      assert.equal(backup.code, 0, backup.stderr);
      const taken = JSON.parse(backup.stdout).tables as Record<string, { rows: number; md5: string }>;
      assert.ok(taken.org!.rows >= 8 && taken.person!.rows >= 5, JSON.stringify(taken.org));

      const restore = await runCli(['restore', file, '--json'], empty.env);
      assert.equal(restore.code, 0, restore.stderr);
      assert.deepEqual(JSON.parse(restore.stdout).tables, taken);

      const again = await runCli(['restore', file], empty.env);
      assert.equal(again.code, 2, again.stderr);
      assert.match(again.stderr, /已有数据.*--force/);
      const text = await runCli(['backup', path.join(scratch, 'again.bak')], source.env);
      assert.match(text.stdout, /org\s+\d+ 行\s+[0-9a-f]{32}/);
    });
  });
}
