import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { Grid, GridCell } from '../../domain/import/grid.ts';
import { msg } from '../../domain/messages.ts';
import { writeZip } from '../test/zip-writer.ts';
import { gridCellOf, loadedGrids, openWorkbook } from './workbook.ts';
import { readXlsxSheets } from './xlsx-sheets.ts';

/**
 * The sheet reader (xlsx-sheets.ts) against the reader it replaced — ExcelJS's streaming reader, kept here as the
 * reference — cell by cell on workbooks holding every kind of cell; where the package's parts stand does not change
 * what it reads; a package it cannot place is read whole.
 */

type Rows = (GridCell | null)[][];

/** ExcelJS's streaming reader, a row at a time, each cell as the importer took it: the sheets by name. */
async function excelJsStreamed(xlsx: Buffer): Promise<Map<string, Rows>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([xlsx]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets = new Map<string, Rows>();
  for await (const sheet of reader) {
    const rows: Rows = [];
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells: (GridCell | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const g = gridCellOf(cell);
        if (g) cells[c - 1] = g;
      });
      rows[row.number - 1] = Array.from(cells, (c) => c ?? null);
    }
    sheets.set(
      (sheet as unknown as { name: string }).name,
      Array.from(rows, (r) => r ?? []),
    );
  }
  return sheets;
}

/** A grid's rows as the reference has them: the cells a merged range covers kept (the reference did not know them). */
function withoutCovered(rows: Rows, grid: Grid): Rows {
  return rows.map((cells, i) => {
    const out = cells.map((cell, j) => {
      const covered = grid.merges.some(
        (m) =>
          i + 1 >= m.top &&
          i + 1 <= m.bottom &&
          j + 1 >= m.left &&
          j + 1 <= m.right &&
          !(i + 1 === m.top && j + 1 === m.left),
      );
      return covered ? null : cell;
    });
    while (out.length > 0 && out[out.length - 1] === null) out.pop();
    return out;
  });
}

async function everyKindOfCell(date1904: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  wb.addWorksheet('代码表', { state: 'veryHidden' }).addRow(['01', '正式党员']);
  const ws = wb.addWorksheet('第一党小组');
  ws.addRow(['党员花名册']);
  ws.mergeCells('A1:F1');
  ws.addRow(['姓名', '出生日期', '身份证号', '备注', '公式', '链接', '布尔', '错误', '数字']);
  for (let i = 0; i < 24; i++) {
    const r = ws.addRow([
      { richText: [{ text: '张' }, { text: `某${i}`, font: { bold: true } }] },
      i % 3 === 0 ? new Date(Date.UTC(1980, i % 12, 1 + i)) : 30_000 + i,
      i % 2 ? '110101198001010011' : Number('110101198001010011'),
      ['控制字符_x0007_与_x字样', '   ', 'a &amp; b <c>', null][i % 4],
      i < 4
        ? { formula: 'A3&B3', result: i % 2 === 0 ? '有值' : undefined }
        : i === 4
          ? { formula: 'B7*2', result: 8, shareType: 'shared', ref: 'E7:E10' }
          : i < 8
            ? { sharedFormula: 'E7', result: i }
            : { formula: 'B3-B3', result: i % 2 },
      { text: '网页', hyperlink: 'https://example.org/' },
      i % 2 === 0,
      { error: '#N/A' },
      i + 0.5,
    ]);
    r.getCell(2).numFmt = ['yyyy-mm-dd', '[$-F800]dddd, mmmm dd, yyyy', 'yyyy"年"m"月"d"日"', '0.00'][i % 4] ?? '';
    r.getCell(9).numFmt = i % 2 ? '0.00%' : 'General';
    if (i === 7) r.numFmt = 'yyyy/m/d';
  }
  const numbers = ws.addRow(['号码', 20160801, 1.5e17, true, 0, -1, 2958466]);
  for (const c of [2, 6, 7]) numbers.getCell(c).numFmt = 'yyyy-mm-dd';
  numbers.getCell(5).numFmt = 'mm-dd-yy';
  ws.mergeCells('A30:C31');
  ws.getCell('A30').value = '签字：';
  ws.mergeCells('H32:I33');
  ws.getCell('H32').value = '末列合并';
  wb.addWorksheet('第二党小组').addRow(['姓名']);
  wb.addWorksheet('空表');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Strings written inline (<is><t>), as some exporters do, with dates under a style. */
async function inlineStrings(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new (await import('node:stream')).PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => sink.on('end', resolve));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('名册');
  ws.addRow(['姓名', '日期', '身份证号']).commit();
  for (let i = 0; i < 20; i++) {
    const r = ws.addRow([`李${i} `, new Date(Date.UTC(1990, 1, i + 1)), `33990119900201${String(i).padStart(4, '0')}`]);
    r.getCell(2).numFmt = 'yyyy-mm-dd';
    r.commit();
  }
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/** A package's parts by name, in the order they stand. */
async function partsOf(xlsx: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const zip = await yauzl.fromBufferPromise(xlsx, { lazyEntries: true });
  const parts: { name: string; data: Buffer }[] = [];
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    parts.push({ name: entry.fileName, data: Buffer.concat(chunks) });
  }
  zip.close();
  return parts;
}

test('every cell reads as ExcelJS’s streaming reader read it, sheet by sheet', async () => {
  for (const file of [await everyKindOfCell(false), await everyKindOfCell(true), await inlineStrings()]) {
    const grids = await readXlsxSheets(file);
    assert.ok(grids, 'the reader places the package');
    const reference = await excelJsStreamed(file);
    assert.deepEqual(
      grids.map((g) => g.name),
      [...reference.keys()].sort((a, b) => grids.findIndex((g) => g.name === a) - grids.findIndex((g) => g.name === b)),
    );
    for (const grid of grids) assert.deepEqual(grid.rows, withoutCovered(reference.get(grid.name) ?? [], grid));
  }
});

test('the cells a merged range covers are empty, its value stands in its top-left cell; hidden sheets are named', async () => {
  const grids = await readXlsxSheets(await everyKindOfCell(false));
  assert.ok(grids);
  assert.deepEqual(
    grids.map((g) => [g.name, g.hidden]),
    [
      ['代码表', true],
      ['第一党小组', false],
      ['第二党小组', false],
      ['空表', false],
    ],
  );
  const sheet = grids[1]!;
  assert.deepEqual(sheet.merges, [
    { top: 1, left: 1, bottom: 1, right: 6 },
    { top: 30, left: 1, bottom: 31, right: 3 },
    { top: 32, left: 8, bottom: 33, right: 9 },
  ]);
  assert.deepEqual(sheet.rows[0], [{ value: '党员花名册' }]);
  assert.equal(sheet.rows[31]?.length, 8, 'the covered last cell is no cell');
  assert.equal(sheet.rows[2]?.[3]?.value, '控制字符\u0007与_x字样', 'an escaped control character, decoded');
  assert.equal(sheet.rows[3]?.[4]?.formulaWithoutValue, 'A3&B3');
  assert.equal(sheet.rows[3]?.[3], null, 'blank text is no value');
  assert.equal(sheet.rows[26]?.[1]?.value, 20160801, 'a number a date format would make the year 57,000');
  assert.deepEqual(grids[3]?.rows, []);
});

test('number formats apply wherever styles.xml stands in the package', async () => {
  const parts = await partsOf(await everyKindOfCell(false));
  // Shared strings and relationships first, the sheets next, the styles last (ExcelJS's streaming reader then read
  // the sheets before it knew their formats, and a date came back as a bare number).
  const rank = (name: string) =>
    name === 'xl/sharedStrings.xml' || name.includes('_rels') || name === 'xl/workbook.xml'
      ? 0
      : name.startsWith('xl/worksheets/')
        ? 1
        : 2;
  const reordered = writeZip([...parts].sort((a, b) => rank(a.name) - rank(b.name)));
  const grids = await readXlsxSheets(reordered);
  assert.ok(grids);
  assert.deepEqual(grids[1]?.rows[2]?.[1], { value: new Date(Date.UTC(1980, 0, 1)), numFmt: 'yyyy-mm-dd' });
  assert.deepEqual(grids, await readXlsxSheets(await everyKindOfCell(false)));
});

test('a package it does not place (a cell without its address, a sheet part of another name) is read whole', async () => {
  const parts = await partsOf(await inlineStrings());
  const withoutAddresses = writeZip(
    parts.map((p) =>
      p.name === 'xl/worksheets/sheet1.xml'
        ? { name: p.name, data: Buffer.from(p.data.toString('utf8').replace(/<c r="[A-Z]+\d+"/g, '<c')) }
        : p,
    ),
  );
  const renamed = writeZip(
    parts.map((p) =>
      p.name === 'xl/worksheets/sheet1.xml'
        ? { name: 'xl/worksheets/roster.xml', data: p.data }
        : p.name === 'xl/_rels/workbook.xml.rels' || p.name === '[Content_Types].xml'
          ? { name: p.name, data: Buffer.from(p.data.toString('utf8').replaceAll('sheet1.xml', 'roster.xml')) }
          : p,
    ),
  );
  for (const file of [withoutAddresses, renamed]) {
    assert.equal(await readXlsxSheets(file), null);
    const opened = await openWorkbook(file, msg('err.zip.roster'));
    const whole = await loadedGrids(file);
    // What ExcelJS makes of it decides: a workbook of grids, or a file refused as no spreadsheet.
    assert.deepEqual(opened.ok ? opened.workbook.grids : opened.msg, whole.ok ? whole.grids : whole.msg);
  }
});
