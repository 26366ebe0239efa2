import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture, type Fixture } from '../../server/test/factories.ts';

const GRADES = [
  { code: 'good', zh: '好', en: 'Good', favourable: true },
  { code: 'fairlyGood', zh: '较好', en: 'Fairly good', favourable: true },
  { code: 'average', zh: '一般', en: 'Average', favourable: false },
  { code: 'poor', zh: '差', en: 'Poor', favourable: false },
];

async function writeXlsx(file: string, rows: (string | number | null)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('民主测评').addRows(rows);
  await wb.xlsx.writeFile(file);
}

for (const engine of ENGINES) {
  describe(`luoshi reviews list / show / import [${engine}]`, () => {
    let target: CliTarget;
    let fx: Fixture;
    let roundId = 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-reviews-cli-'));
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      try {
        fx = await buildFixture(database);
        const r = await database.db
          .insertInto('review_round')
          .values({
            org_id: fx.orgs.a1.id,
            region_id: fx.orgs.a1.id,
            year: 2026,
            name: '2026年度书记述职评议',
            grades: JSON.stringify(GRADES),
            actor_id: null,
            actor_name: 'test',
            created_at: new Date('2026-12-01T00:00:00Z'),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        roundId = r.id;
        await database.db
          .insertInto('review_org')
          .values({ round_id: roundId, org_id: fx.orgs.a1a.id, region_id: fx.orgs.a1a.id })
          .execute();
      } finally {
        await database.close();
      }
      await writeXlsx(path.join(dir, 'tally.xlsx'), [
        ['单位', '应到人数', '实到人数', '好', '较好', '一般', '差'],
        ['甲一村党支部', 30, 28, 20, 6, 2, 0],
      ]);
      await writeXlsx(path.join(dir, 'named.xlsx'), [
        ['投票人', '甲一村党支部'],
        ['张三', '好'],
      ]);
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    });

    test('import: a named-vote sheet refused (exit 1, the marked file written); the tally written once, with progress', async () => {
      const errors = path.join(dir, 'marked.xlsx');
      const named = await runCli(
        ['reviews', 'import', String(roundId), path.join(dir, 'named.xlsx'), '--errors', errors],
        target.env,
      );
      assert.equal(named.code, 1, named.stdout);
      assert.match(named.stderr, /第1行 投票人：第A列“投票人”记录的是投票人：本平台不收集记名投票/);
      assert.ok(fs.statSync(errors).size > 0);

      const dry = await runCli(
        ['reviews', 'import', String(roundId), path.join(dir, 'tally.xlsx'), '--dry-run'],
        target.env,
      );
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /校验通过（汇总表 1 行）：新登记 1 个组织/);
      const done = await runCli(['reviews', 'import', String(roundId), path.join(dir, 'tally.xlsx')], target.env);
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stdout, /已导入民主测评票数（汇总表 1 行）：新登记 1 个组织，更新 0 个/);
      assert.match(done.stderr, /写入 完成，用时/);
      const again = await runCli(
        ['reviews', 'import', String(roundId), path.join(dir, 'tally.xlsx'), '--json'],
        target.env,
      );
      assert.equal(again.code, 0, again.stderr);
      const res = JSON.parse(again.stdout);
      assert.deepEqual([res.ok, res.committed, res.created, res.changed, res.unchanged], [true, true, 0, 0, 1]);
    });

    test('list --json and show --json give the round with the imported poll and its history count', async () => {
      const list = await runCli(
        ['reviews', 'list', '--org', fx.orgs.root.code, '--year', '2026', '--json'],
        target.env,
      );
      assert.equal(list.code, 0, list.stderr);
      assert.deepEqual(
        JSON.parse(list.stdout).map((x: { id: number; name: string }) => [x.id, x.name]),
        [[roundId, '2026年度书记述职评议']],
      );
      const show = await runCli(['reviews', 'show', String(roundId), '--json'], target.env);
      assert.equal(show.code, 0, show.stderr);
      const d = JSON.parse(show.stdout);
      assert.equal(d.entries[0].poll.tookPart, 28);
      assert.equal(d.entries[0].historyCount, 1);
      const text = await runCli(['reviews', 'show', String(roundId)], target.env);
      assert.match(text.stdout, /民主测评：应参加 30，实参加 28；好 20，较好 6，一般 2，差 0；好评率 92\.9%/);
      const missing = await runCli(['reviews', 'show', '999999'], target.env);
      assert.notEqual(missing.code, 0);
      const bad = await runCli(['reviews', 'show', 'x'], target.env);
      assert.notEqual(bad.code, 0);
    });
  });
}
