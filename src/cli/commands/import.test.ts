import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { fakeIdNumber, insertOrg, type OrgRef } from '../../server/test/factories.ts';
import { legacyXls, twoRosterSheets } from '../../server/test/workbook-fixtures.ts';

async function writeRoster(file: string, rows: (string | Date | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员花名册');
  ws.addRow(['序号', '姓名', '性别', '身份证号', '所在党组织', '人员类别', '入党日期', '转正日期']);
  for (const [i, r] of rows.entries()) ws.addRow([String(i + 1), ...r]);
  await wb.xlsx.writeFile(file);
  return file;
}

async function writeWorkbook(file: string, rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('党员花名册').addRows(rows);
  await wb.xlsx.writeFile(file);
  return file;
}

for (const engine of ENGINES) {
  describe(`luoshi import members [${engine}]`, () => {
    let target: CliTarget;
    let dir: string;
    let town: OrgRef;
    const count = async () => {
      const database = await target.open();
      try {
        const { rows } = await sql<{ person: number; audit: number }>`
          select (select count(*)::int from person) as person, (select count(*)::int from audit_log) as audit`.execute(
          database.db,
        );
        return rows[0]!;
      } finally {
        await database.close();
      }
    };

    before(async () => {
      target = await makeCliTarget(engine);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-import-'));
      const database = await target.open();
      try {
        town = await insertOrg(database, null, { code: 'CLI-TOWN', name: '导入镇党委', type: 'committee' });
        await insertOrg(database, town, { code: 'CLI-BR1', name: '导入村党支部', type: 'branch' });
      } finally {
        await database.close();
      }
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    });

    test('a roster with errors exits 1, prints each error as 第N行 列：问题, and imports nothing', async () => {
      const good = fakeIdNumber('1979-09-19', 'male');
      const bad = good.slice(0, 17) + (good[17] === '3' ? '4' : '3');
      const file = await writeRoster(path.join(dir, 'bad.xlsx'), [
        ['陈刚', '男', bad, '导入村党支部', '正式党员', '2005-07-01', '2006-07-01'],
        ['林静', '女', null, '不存在的支部', '入党申请人', null, null],
      ]);
      const before = await count();
      const run = await runCli(['import', 'members', file, '--org', 'CLI-TOWN'], target.env);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^第2行 身份证号：校验位错误/m);
      assert.match(run.stderr, /^第3行 所在党组织：在“导入镇党委”下找不到“不存在的支部”$/m);
      assert.match(run.stderr, /导入文件有 2 处错误，未导入任何数据/);
      // Nobody registered; the check itself is audited (roster.dry_run, counts only).
      assert.deepEqual(await count(), { person: before.person, audit: before.audit + 1 });

      // --errors writes the file back with the two bad cells marked.
      const out = path.join(dir, 'bad-marked.xlsx');
      const marked = await runCli(['import', 'members', file, '--org', 'CLI-TOWN', '--errors', out], target.env);
      assert.equal(marked.code, 1);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('党员花名册')!;
      const noteOf = (addr: string) => {
        const n = ws.getCell(addr).note;
        return typeof n === 'string' ? n : (n?.texts ?? []).map((t) => t.text).join('');
      };
      assert.match(noteOf('D2'), /校验位错误/);
      assert.match(noteOf('E3'), /找不到“不存在的支部”/);
      assert.equal(wb.getWorksheet('导入错误')!.rowCount, 3);
    });

    test('a file that is not an .xlsx exits 1 naming the problem', async () => {
      const file = path.join(dir, 'notes.xlsx');
      fs.writeFileSync(file, '这不是表格');
      const run = await runCli(['import', 'members', file, '--org', 'CLI-TOWN'], target.env);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /文件不是 Excel 表格/);
    });

    test('--dry-run --json checks without writing; a good roster then imports and exits 0', async () => {
      const chen = fakeIdNumber('1979-09-19', 'male');
      const file = await writeRoster(path.join(dir, 'good.xlsx'), [
        ['陈刚', '男', chen, '导入村党支部', '正式党员', '2005-07-01', '2006-07-01'],
        ['林静', '女', null, 'CLI-BR1', '入党申请人', null, null],
        ['黄伟', '男', null, null, '积极分子', null, null],
      ]);
      const before = await count();
      const dry = await runCli(['import', 'members', file, '--org', 'CLI-TOWN', '--dry-run', '--json'], target.env);
      assert.equal(dry.code, 0, dry.stderr);
      const result = JSON.parse(dry.stdout);
      // The stable shape first (issue 9), then the import's own figures.
      assert.deepEqual(
        {
          ok: result.ok,
          sheets: result.sheets,
          mapping: result.mapping,
          rows: result.rows,
          imported: result.imported,
          skipped: result.skipped,
          errors: result.errors,
          warnings: result.warnings,
        },
        {
          ok: true,
          sheets: ['党员花名册'],
          mapping: {
            序号: 'seq',
            姓名: 'name',
            性别: 'gender',
            身份证号: 'idNumber',
            所在党组织: 'org',
            人员类别: 'status',
            入党日期: 'joinDate',
            转正日期: 'fullDate',
          },
          rows: 3,
          imported: 0,
          skipped: [],
          errors: [],
          warnings: [],
        },
      );
      assert.deepEqual(
        {
          committed: result.committed,
          total: result.total,
          valid: result.valid,
          created: result.created,
          updated: result.updated,
          counts: result.counts,
          outcomes: result.outcomes.length,
          outcomesOmitted: result.outcomesOmitted,
          preview: result.preview.length,
        },
        {
          committed: false,
          total: 3,
          valid: 3,
          created: 0,
          updated: 0,
          counts: { new: 3, changed: 0, unchanged: 0 },
          outcomes: 3,
          outcomesOmitted: 0,
          preview: 3,
        },
      );
      assert.deepEqual(await count(), { person: before.person, audit: before.audit + 1 });

      const run = await runCli(['import', 'members', file, '--org', 'CLI-TOWN'], target.env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /已导入 3 人到“导入镇党委”/);
      assert.deepEqual(await count(), { person: before.person + 3, audit: before.audit + 2 });

      // The same file again registers nobody twice: 陈刚 is matched by his ID number and left as he is; the two
      // without one are new people again (a roster exported from the web app carries 人员编号 for them).
      const again = await writeRoster(path.join(dir, 'again.xlsx'), [
        ['陈刚', '男', chen, '导入村党支部', '正式党员', '2005-07-01', '2006-07-01'],
      ]);
      const same = await runCli(['import', 'members', again, '--org', 'CLI-TOWN'], target.env);
      assert.equal(same.code, 0, same.stderr);
      assert.match(same.stdout, /没有需要导入或更新的人员：1 行与“导入镇党委”已登记的一致/);

      const edited = await writeRoster(path.join(dir, 'edited.xlsx'), [
        ['陈刚', '男', chen, 'CLI-TOWN', '正式党员', '2005-07-01', '2006-07-01'],
        ['郭敏', '女', null, null, '入党申请人', null, null],
      ]);
      const preview = await runCli(['import', 'members', edited, '--org', 'CLI-TOWN', '--dry-run'], target.env);
      assert.equal(preview.code, 0, preview.stderr);
      assert.match(preview.stdout, /新增 1 人，更新 1 人，不变 0 人/);
      assert.match(preview.stdout, /第2行 陈刚：所在党组织 导入村党支部（CLI-BR1） → 导入镇党委（CLI-TOWN）/);
      const json = await runCli(['import', 'members', edited, '--org', 'CLI-TOWN', '--json'], target.env);
      assert.equal(json.code, 0, json.stderr);
      const done = JSON.parse(json.stdout);
      assert.deepEqual([done.ok, done.committed, done.created, done.updated, done.imported], [true, true, 1, 1, 2]);
      assert.deepEqual(done.counts, { new: 1, changed: 1, unchanged: 0 });
    });

    test('--sheet picks a sheet, --mapping says what a column holds; an .xls reads through LibreOffice', async () => {
      const groups = await twoRosterSheets();
      const two = path.join(dir, 'groups.xlsx');
      fs.writeFileSync(two, groups.file);
      const both = JSON.parse(
        (await runCli(['import', 'members', two, '--org', 'CLI-TOWN', '--dry-run', '--json'], target.env)).stdout,
      );
      assert.deepEqual([both.ok, both.sheets, both.rows], [true, ['第一党小组', '第二党小组'], 7]);
      assert.deepEqual(both.warnings, ['工作表 “第一党小组”、“第二党小组” 的表头相同，已一并导入']);
      const second = await runCli(
        ['import', 'members', two, '--org', 'CLI-TOWN', '--sheet', '第二党小组', '--dry-run', '--json'],
        target.env,
      );
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual([JSON.parse(second.stdout).sheets, JSON.parse(second.stdout).rows], [['第二党小组'], 3]);

      const odd = await writeWorkbook(path.join(dir, 'odd.xlsx'), [
        ['名字', '人员类别', '性别', '工作单位'],
        ['黄伟', '积极分子', '男', '某某公司'],
      ]);
      const refused = await runCli(['import', 'members', odd, '--org', 'CLI-TOWN', '--dry-run', '--json'], target.env);
      assert.equal(refused.code, 1);
      const r = JSON.parse(refused.stdout);
      assert.deepEqual(r.mapping, { 名字: null, 人员类别: 'status', 性别: 'gender', 工作单位: null });
      assert.deepEqual(r.errors, [
        {
          sheet: '党员花名册',
          row: 1,
          column: '姓名',
          message: '缺少必填列“姓名”；如果表中有这一列但名称不同，请在列对应中指定',
        },
      ]);
      const mappingFile = path.join(dir, 'mapping.json');
      fs.writeFileSync(mappingFile, JSON.stringify({ 名字: 'name' }));
      const mapped = await runCli(
        ['import', 'members', odd, '--org', 'CLI-TOWN', '--mapping', mappingFile, '--dry-run', '--json'],
        target.env,
      );
      assert.equal(mapped.code, 0, mapped.stderr);
      const m = JSON.parse(mapped.stdout);
      assert.deepEqual([m.ok, m.rows, m.mapping.名字, m.imported], [true, 1, 'name', 0]);
      assert.deepEqual(m.warnings, ['第D列“工作单位”不是党员花名册的列，已忽略']);
      fs.writeFileSync(mappingFile, '["姓名"]');
      const badMapping = await runCli(
        ['import', 'members', odd, '--org', 'CLI-TOWN', '--mapping', mappingFile],
        target.env,
      );
      assert.equal(badMapping.code, 2);
      assert.match(badMapping.stderr, /列对应文件应为/);

      const legacy = await legacyXls();
      const xls = path.join(dir, 'legacy.xls');
      fs.writeFileSync(xls, legacy.file);
      const fromXls = await runCli(['import', 'members', xls, '--org', 'CLI-TOWN', '--dry-run', '--json'], target.env);
      assert.equal(fromXls.code, 0, fromXls.stderr);
      const x = JSON.parse(fromXls.stdout);
      assert.deepEqual([x.rows, x.skipped.length], [legacy.expect.records.length, legacy.expect.skipped.length]);
    });

    test('an unknown organisation code exits 1; a missing file or --org exits 2', async () => {
      const file = await writeRoster(path.join(dir, 'one.xlsx'), [['黄伟', '男', null, null, '积极分子', null, null]]);
      const org = await runCli(['import', 'members', file, '--org', 'NO-SUCH'], target.env);
      assert.equal(org.code, 1);
      assert.match(org.stderr, /找不到组织编码“NO-SUCH”/);
      const missing = await runCli(
        ['import', 'members', path.join(dir, 'missing.xlsx'), '--org', 'CLI-TOWN'],
        target.env,
      );
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /文件不存在/);
      const noOrg = await runCli(['import', 'members', file], target.env);
      assert.equal(noOrg.code, 2);
      assert.match(noOrg.stderr, /缺少 --org/);
    });
  });
}
