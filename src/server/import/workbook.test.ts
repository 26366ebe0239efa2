import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { msg } from '../../domain/messages.ts';
import { loadedGrids, openWorkbook } from './workbook.ts';

/**
 * The streaming reader (openWorkbook) against the whole-workbook one it replaced: the same grids for a workbook with
 * every kind of cell the importer meets, and progress by rows as it reads.
 */
async function awkwardWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const codes = wb.addWorksheet('代码表', { state: 'hidden' });
  codes.addRow(['01', '正式党员']);
  const ws = wb.addWorksheet('第一党小组');
  ws.addRow(['党员花名册']);
  ws.mergeCells('A1:F1');
  ws.addRow(['姓名', '出生日期', '身份证号', '备注', '公式', '链接']);
  for (let i = 0; i < rows; i++) {
    const r = ws.addRow([
      { richText: [{ text: '张' }, { text: `某${i}`, font: { bold: true } }] },
      new Date(Date.UTC(1980, i % 12, 1 + (i % 28))),
      '110101198001010011',
      i === 0 ? '控制字符_x0007_与_x字样' : null,
      { formula: 'A3&B3', result: i % 2 === 0 ? '有值' : undefined },
      { text: '网页', hyperlink: 'https://example.org/' },
    ]);
    r.getCell(2).numFmt = 'yyyy-mm-dd';
  }
  const num = ws.addRow(['号码', 20160801, 1.5e17, true]);
  num.getCell(2).numFmt = 'yyyy-mm-dd';
  ws.mergeCells(`A${rows + 4}:C${rows + 5}`);
  ws.getCell(`A${rows + 4}`).value = '签字：';
  wb.addWorksheet('第二党小组').addRow(['姓名']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('the streaming reader gives the grids the whole-workbook reader gives, in the workbook’s sheet order', async () => {
  const file = await awkwardWorkbook(30);
  const streamed = await openWorkbook(file, msg('err.zip.roster'));
  const whole = await loadedGrids(file);
  assert.ok(streamed.ok && whole.ok);
  assert.deepEqual(streamed.workbook.grids, whole.grids);
  assert.deepEqual(
    streamed.workbook.grids.map((g) => [g.name, g.hidden]),
    [
      ['代码表', true],
      ['第一党小组', false],
      ['第二党小组', false],
    ],
  );
  const sheet = streamed.workbook.grids[1]!;
  assert.deepEqual(sheet.merges, [
    { top: 1, left: 1, bottom: 1, right: 6 },
    { top: 34, left: 1, bottom: 35, right: 3 },
  ]);
  assert.equal(sheet.rows[0]?.length, 1, 'a merged cell is read once, by its top-left cell');
  assert.equal(sheet.rows[2]?.[0]?.value, '张某0');
  assert.equal(sheet.rows[2]?.[3]?.value, '控制字符\u0007与_x字样', 'an escaped control character, decoded');
  assert.equal(sheet.rows[3]?.[4]?.formulaWithoutValue, 'A3&B3');
  assert.equal(sheet.rows[32]?.[1]?.value, 20160801, 'a number a date format would make the year 57,000');
});

test('reading reports rows read of the rows the sheets declare', async () => {
  const file = await awkwardWorkbook(2500);
  const seen: string[] = [];
  const opened = await openWorkbook(file, msg('err.zip.roster'), (done, total) => seen.push(`${done}/${total}`));
  assert.ok(opened.ok);
  // 1 + (2 + 2,500 + 3) + 1 rows in the three sheets; the count says so before the end.
  assert.deepEqual(seen, ['1000/2507', '2000/2507', '2507/2507']);
});
