import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { checkDigitOf } from '../../domain/people/id-number.ts';
import {
  ALIAS_HEADERS,
  aliasHeaders,
  bigRoster,
  CANONICAL_HEADERS,
  datesEveryEncoding,
  dropdownCodes,
  type Expected,
  encryptedWorkbook,
  excelSerialOf,
  formulaWithoutResult,
  ID_AS_NUMBER_15,
  ID_AS_NUMBER_18,
  ID_BY_VALUES_HEADERS,
  idColumnByValues,
  idNumberAsNumber,
  legacyXls,
  NOTE_TEXT,
  notesInsideData,
  PLACEHOLDER_ID,
  PLACEHOLDER_NAME,
  SIGNATURE_TEXT,
  TITLE_TEXT,
  titleAndFormFields,
  twoRosterSheets,
  twoRowMergedHeader,
  upgradeId15,
} from './workbook-fixtures.ts';

/** Fixture tests: each built file really has the structure its builder describes. */

const OLE_SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');

async function open(file: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet ${name}`);
  return ws;
}

function merges(ws: ExcelJS.Worksheet): string[] {
  return ws.model.merges;
}

function rowTexts(ws: ExcelJS.Worksheet, row: number, count: number): unknown[] {
  const out: unknown[] = [];
  for (let c = 1; c <= count; c++) out.push(ws.getCell(row, c).value);
  return out;
}

/** The column number of a header text in a header row. */
function columnOf(ws: ExcelJS.Worksheet, headerRow: number, header: string): number {
  const row = ws.getRow(headerRow);
  for (let c = 1; c <= row.cellCount; c++) if (row.getCell(c).value === header) return c;
  assert.fail(`no column ${header}`);
}

function isValidId(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && checkDigitOf(id.slice(0, 17)) === id[17];
}

/** The expectations themselves are consistent: valid IDs agreeing with birth date and gender, adults, dates in order. */
function assertConsistent(expect: Expected): void {
  const ids = new Set<string>();
  for (const r of expect.records) {
    assert.ok(expect.sheets.includes(r.sheet), `${r.name}: sheet ${r.sheet} listed`);
    assert.ok(r.row > expect.headerRow, `${r.name}: below the header`);
    if (r.idNumber) {
      assert.ok(isValidId(r.idNumber), `${r.name}: valid ID ${r.idNumber}`);
      assert.ok(!ids.has(r.idNumber), `${r.name}: unique ID`);
      ids.add(r.idNumber);
      const birth = `${r.idNumber.slice(6, 10)}-${r.idNumber.slice(10, 12)}-${r.idNumber.slice(12, 14)}`;
      assert.equal(r.birthDate, birth, `${r.name}: birth date agrees with the ID number`);
      assert.equal(r.gender, Number(r.idNumber[16]) % 2 === 1 ? '男' : '女', `${r.name}: gender agrees`);
    }
    assert.ok(r.birthDate && r.joinDate, `${r.name}: dates`);
    const adult = `${Number(r.birthDate.slice(0, 4)) + 18}${r.birthDate.slice(4)}`;
    assert.ok(r.joinDate >= adult, `${r.name}: joined as an adult`);
    assert.ok(r.joinDate <= '2026-11-30', `${r.name}: joined in the past`);
    if (r.status === '正式党员') {
      assert.equal(r.fullDate, `${Number(r.joinDate.slice(0, 4)) + 1}${r.joinDate.slice(4)}`, `${r.name}: full date`);
    } else {
      assert.equal(r.status, '预备党员');
      assert.equal(r.fullDate, undefined);
    }
  }
  const rows = new Set(expect.records.map((r) => `${r.sheet}!${r.row}`));
  for (const s of [...expect.skipped, ...(expect.refused ?? [])]) {
    assert.ok(!rows.has(`${s.sheet}!${s.row}`), `row ${s.row} is not also a record`);
  }
}

/** Each expected record stands in its row: name and (text) ID number where the expectation says. */
function assertRecordsInPlace(
  wb: ExcelJS.Workbook,
  expect: Expected,
  nameHeader = '姓名',
  idHeader = '身份证号码',
): void {
  for (const r of expect.records) {
    const ws = sheet(wb, r.sheet);
    assert.equal(ws.getCell(r.row, columnOf(ws, expect.headerRow, nameHeader)).text, r.name, `${r.sheet}!${r.row}`);
    const id = ws.getCell(r.row, columnOf(ws, expect.headerRow, idHeader)).value;
    if (typeof id === 'string') assert.equal(id, r.idNumber, `${r.sheet}!${r.row} ID`);
  }
}

test('titleAndFormFields: title and form fields above the header, note and signature below', async () => {
  const { file, expect } = await titleAndFormFields();
  assertConsistent(expect);
  const wb = await open(file);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['党员花名册'],
  );
  const ws = sheet(wb, '党员花名册');
  assert.deepEqual(merges(ws).sort(), ['A10:K10', 'A11:G11', 'A1:K1', 'A2:D2', 'I2:K2'].sort());
  assert.equal(ws.getCell('A1').value, TITLE_TEXT);
  assert.ok(ws.getCell('K1').isMerged);
  assert.equal(ws.getCell('A2').value, '填报单位：某某村党支部');
  assert.equal(ws.getCell('I2').value, '填报日期：2026年11月30日');
  assert.deepEqual(rowTexts(ws, 3, 11), [...CANONICAL_HEADERS]);
  assert.equal(expect.headerRow, 3);
  assert.deepEqual(
    expect.records.map((r) => r.row),
    [4, 5, 6, 7, 8],
  );
  assertRecordsInPlace(wb, expect);
  assert.equal(ws.getRow(9).cellCount, 0, 'row 9 is blank');
  assert.equal(ws.getCell('A10').value, NOTE_TEXT);
  assert.equal(ws.getCell('A11').value, SIGNATURE_TEXT);
  assert.equal(ws.getCell('I12').value, '2026年11月30日');
  assert.equal(ws.rowCount, 12);
  assert.deepEqual(
    expect.skipped.map((s) => s.row),
    [10, 11, 12],
  );
});

test('twoRowMergedHeader: header over rows 2–3 with vertical and group merges, year-month birth', async () => {
  const { file, expect } = await twoRowMergedHeader();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, '党员信息');
  assert.deepEqual(merges(ws).sort(), ['A1:I1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:H2'].sort());
  assert.equal(ws.getCell('D2').value, '出生年月\n(格式:1980.01)');
  assert.equal(ws.getCell('E2').value, '身份证号码*');
  assert.ok(ws.getCell('D3').isMerged);
  assert.equal(ws.getCell('F2').value, '党籍信息');
  assert.deepEqual(rowTexts(ws, 3, 9).slice(5), [
    '入党时间\n（YYYY-MM-DD）',
    '转正时间\n（YYYY-MM-DD）',
    '人员类别',
    '联系电话',
  ]);
  assert.equal(ws.getCell('I2').value, '联系方式');
  assert.equal(expect.headerRow, 3);
  assert.equal(expect.records.length, 6);
  for (const r of expect.records) {
    assert.equal(ws.getCell(r.row, 2).value, r.name);
    assert.equal(ws.getCell(r.row, 5).value, r.idNumber);
    const ym = ws.getCell(r.row, 4).value;
    assert.equal(typeof ym, 'string');
    assert.match(String(ym), /^\d{4}\.\d{2}$/);
    assert.equal(String(ym), `${r.birthDate?.slice(0, 4)}.${r.birthDate?.slice(5, 7)}`);
  }
});

test('notesInsideData: caption, remark, placeholders and a repeated header between members', async () => {
  const { file, expect } = await notesInsideData();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, '花名册');
  assert.deepEqual(merges(ws), ['A5:K5']);
  assert.equal(ws.getCell('A5').value, '以下为第二党小组');
  assert.equal(ws.getCell('A8').value, '备注：张某某已转出');
  assert.equal(ws.getRow(8).cellCount, 1);
  assert.equal(ws.getCell('B10').value, PLACEHOLDER_NAME);
  assert.equal(ws.getCell('G10').value, PLACEHOLDER_ID);
  assert.deepEqual(rowTexts(ws, 11, 11), [...CANONICAL_HEADERS]);
  assert.deepEqual(rowTexts(ws, 1, 11), [...CANONICAL_HEADERS]);
  assert.deepEqual(
    expect.records.map((r) => r.row),
    [2, 3, 4, 6, 7, 9, 12, 13],
  );
  assert.deepEqual(
    expect.skipped.map((s) => s.row),
    [5, 8, 10, 11],
  );
  assertRecordsInPlace(wb, expect);
});

test('twoRosterSheets: two group sheets, a hidden code list and an empty sheet', async () => {
  const { file, expect } = await twoRosterSheets();
  assertConsistent(expect);
  const wb = await open(file);
  assert.deepEqual(
    wb.worksheets.map((w) => [w.name, w.state]),
    [
      ['第一党小组', 'visible'],
      ['第二党小组', 'visible'],
      ['代码表', 'hidden'],
      ['Sheet3', 'visible'],
    ],
  );
  assert.deepEqual(expect.sheets, ['第一党小组', '第二党小组']);
  assert.equal(sheet(wb, '第一党小组').rowCount, 5);
  assert.equal(sheet(wb, '第二党小组').rowCount, 4);
  assert.equal(sheet(wb, 'Sheet3').rowCount, 0);
  const codes = sheet(wb, '代码表');
  assert.deepEqual(rowTexts(codes, 2, 3), ['性别', '1', '男']);
  assert.ok(codes.rowCount > 5);
  assert.equal(sheet(wb, '第一党小组').getCell('C2').dataValidation?.formulae[0], '代码表!$C$2:$C$3');
  assert.equal(expect.records.length, 7);
  assert.equal(expect.records.filter((r) => r.sheet === '第一党小组').length, 4);
  assertRecordsInPlace(wb, expect);
});

test('datesEveryEncoding: one encoding per row, year-month only in 出生日期', async () => {
  const { file, expect } = await datesEveryEncoding();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, '党员花名册');
  const rec = (row: number) => {
    const r = expect.records.find((x) => x.row === row);
    assert.ok(r);
    return r;
  };
  const utc = (iso: string | undefined) => new Date(`${iso}T00:00:00Z`).getTime();
  // Row 2: Excel dates in all three columns.
  for (const [col, key] of [
    ['D', 'birthDate'],
    ['I', 'joinDate'],
    ['J', 'fullDate'],
  ] as const) {
    const v = ws.getCell(`${col}2`).value;
    assert.ok(v instanceof Date);
    assert.equal(v.getTime(), utc(rec(2)[key]));
  }
  assert.equal(ws.getCell('D3').value, '1981.5.7');
  assert.equal(ws.getCell('I3').value, '2006.3.9');
  assert.equal(ws.getCell('D4').value, rec(4).birthDate);
  assert.equal(ws.getCell('D5').value, '1987年8月4日');
  assert.equal(ws.getCell('D6').value, 19720214);
  assert.equal(ws.getCell('D6').numFmt, undefined);
  // Row 7: 20160801 under a date format; ExcelJS turns it into the (absurd) date of serial 20160801.
  assert.equal(rec(7).joinDate, '2016-08-01');
  for (const [col, n] of [
    ['D', 19901230],
    ['I', 20160801],
    ['J', 20170801],
  ] as const) {
    const cell = ws.getCell(`${col}7`);
    assert.equal(cell.numFmt, 'yyyy-mm-dd');
    const v = cell.value;
    assert.ok(v instanceof Date);
    assert.equal(v.getTime(), (n - 25_569) * 86_400_000);
  }
  // Row 8: a true serial under yyyy/m/d (29281 = 1980-03-01).
  assert.equal(excelSerialOf('1980-03-01'), 29281);
  assert.equal(ws.getCell('D8').numFmt, 'yyyy/m/d');
  const d8 = ws.getCell('D8').value;
  assert.ok(d8 instanceof Date);
  assert.equal(d8.toISOString().slice(0, 10), '1980-03-01');
  assert.equal(rec(8).birthDate, '1980-03-01');
  // Rows 9–11: year and month only, agreeing with the ID number.
  assert.equal(ws.getCell('D9').value, '1980.3');
  assert.equal(ws.getCell('D10').value, 198506);
  assert.equal(ws.getCell('D11').value, '1998-02');
  assert.equal(rec(9).birthDate?.slice(0, 7), '1980-03');
  assert.equal(rec(10).birthDate?.slice(0, 7), '1985-06');
  assert.equal(rec(11).birthDate?.slice(0, 7), '1998-02');
  assert.ok(ws.getCell('I9').value instanceof Date);
  assert.equal(ws.getCell('I10').value, '2010.9.1');
  assert.equal(ws.getCell('J11').value, '2020年6月30日');
  assert.equal(expect.records.length, 10);
  assertRecordsInPlace(wb, expect);
});

test('idNumberAsNumber: a cut 18-digit number, a 15-digit number, a text ID', async () => {
  const { file, expect } = await idNumberAsNumber();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, '党员花名册');
  assert.equal(ws.getCell('G2').value, ID_AS_NUMBER_18);
  assert.equal(String(ws.getCell('G2').value), '339901197909191000');
  assert.equal(ws.getCell('G3').value, ID_AS_NUMBER_15);
  assert.equal(String(ws.getCell('G3').value).length, 15);
  assert.equal(ws.getCell('G3').numFmt, '0');
  assert.equal(typeof ws.getCell('G4').value, 'string');
  // The 15-digit upgrade, checked against the domain's check digit.
  const upgraded = upgradeId15('339901790919123');
  assert.equal(upgraded.slice(0, 17), '33990119790919123');
  assert.equal(upgraded[17], checkDigitOf('33990119790919123'));
  assert.deepEqual(
    expect.records.map((r) => [r.row, r.idNumber]),
    [
      [3, upgraded],
      [4, ws.getCell('G4').value],
    ],
  );
  assert.equal(expect.records[0]?.birthDate, '1979-09-19');
  assert.deepEqual(expect.refused, [{ sheet: '党员花名册', row: 2, column: '身份证号码' }]);
});

test('dropdownCodes: codes in front of 性别, 学历, 人员类别', async () => {
  const { file, expect } = await dropdownCodes();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, '党员花名册');
  assert.deepEqual(
    [2, 3, 4, 5].map((r) => ws.getCell(`C${r}`).value),
    ['1-男', '2-女', '01 男', '[2]女'],
  );
  assert.deepEqual(
    [2, 3, 4, 5].map((r) => ws.getCell(`F${r}`).value),
    ['21-大学本科', '31 大学专科', '21 大学本科', '14-硕士研究生'],
  );
  assert.deepEqual(
    [2, 3, 4, 5].map((r) => ws.getCell(`H${r}`).value),
    ['01-正式党员', '02 预备党员', '01-正式党员', '01-正式党员'],
  );
  assert.deepEqual(
    expect.records.map((r) => [r.gender, r.education, r.status]),
    [
      ['男', '大学本科', '正式党员'],
      ['女', '大学专科', '预备党员'],
      ['男', '大学本科', '正式党员'],
      ['女', '硕士研究生', '正式党员'],
    ],
  );
  assertRecordsInPlace(wb, expect);
});

test('formulaWithoutResult: cached results, and one formula without a value', async () => {
  const { file, expect } = await formulaWithoutResult();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, '党员花名册');
  for (let r = 2; r <= 6; r++) assert.deepEqual(ws.getCell(r, 1).value, { formula: 'ROW()-1', result: r - 1 });
  assert.equal(ws.getCell('D4').type, ExcelJS.ValueType.Formula);
  assert.deepEqual(ws.getCell('D4').value, { formula: 'DATE(1980,3,1)' });
  assert.equal(ws.getCell('D4').result, undefined);
  assert.deepEqual(ws.getCell('B5').value, { formula: '"王"&"芳"', result: '王芳' });
  assert.ok(ws.getCell('D5').value instanceof Date);
  assert.deepEqual(expect.refused, [{ sheet: '党员花名册', row: 4, column: '出生日期' }]);
  assert.deepEqual(
    expect.records.map((r) => [r.row, r.name]),
    [
      [2, '陈刚'],
      [3, '林静'],
      [5, '王芳'],
      [6, '李强'],
    ],
  );
});

/** Reads a CFB (v3) compound file's directory and streams, following the FAT and MiniFAT chains. */
function readCfb(file: Buffer): Map<string, { type: number; data: Buffer }> {
  const sector = 1 << file.readUInt16LE(30);
  const mini = 1 << file.readUInt16LE(32);
  const cutoff = file.readUInt32LE(56);
  const fatSectors = file.readUInt32LE(44);
  const fat: number[] = [];
  for (let i = 0; i < fatSectors; i++) {
    const at = (file.readUInt32LE(76 + i * 4) + 1) * sector;
    for (let j = 0; j < sector / 4; j++) fat.push(file.readUInt32LE(at + j * 4));
  }
  const chainOf = (table: number[], start: number): number[] => {
    const out: number[] = [];
    for (let s = start; s !== 0xfffffffe; s = table[s] ?? 0xfffffffe) {
      assert.ok(s < table.length && out.length <= table.length, 'chain stays in the table');
      out.push(s);
    }
    return out;
  };
  const readChain = (start: number) =>
    Buffer.concat(chainOf(fat, start).map((s) => file.subarray((s + 1) * sector, (s + 2) * sector)));
  const dir = readChain(file.readUInt32LE(48));
  const miniFatBytes = readChain(file.readUInt32LE(60));
  const miniFat: number[] = [];
  for (let i = 0; i < miniFatBytes.length; i += 4) miniFat.push(miniFatBytes.readUInt32LE(i));
  const out = new Map<string, { type: number; data: Buffer }>();
  let miniStream = Buffer.alloc(0);
  for (let at = 0; at < dir.length; at += 128) {
    const e = dir.subarray(at, at + 128);
    const type = e[66] ?? 0;
    if (type === 0) continue;
    const name = e.subarray(0, Math.max(0, e.readUInt16LE(64) - 2)).toString('utf16le');
    const start = e.readUInt32LE(116);
    const size = e.readUInt32LE(120);
    let data: Buffer;
    if (type === 5) {
      miniStream = readChain(start).subarray(0, size);
      data = miniStream;
    } else if (size < cutoff) {
      data = Buffer.concat(chainOf(miniFat, start).map((s) => miniStream.subarray(s * mini, (s + 1) * mini)));
      data = data.subarray(0, size);
    } else {
      data = readChain(start).subarray(0, size);
    }
    assert.equal(data.length, size, `${name}: whole stream`);
    out.set(name, { type, data });
  }
  return out;
}

test('encryptedWorkbook: an OLE2 compound file with EncryptionInfo and EncryptedPackage', async () => {
  const { file, expect } = await encryptedWorkbook();
  assert.deepEqual(file.subarray(0, 8), OLE_SIGNATURE);
  assert.ok(file.includes(Buffer.from('EncryptionInfo', 'utf16le')));
  assert.ok(file.includes(Buffer.from('EncryptedPackage', 'utf16le')));
  assert.equal((file.length - 512) % 512, 0);
  const streams = readCfb(file);
  assert.deepEqual([...streams.keys()], ['Root Entry', 'EncryptionInfo', 'EncryptedPackage']);
  assert.equal(streams.get('Root Entry')?.type, 5);
  const info = streams.get('EncryptionInfo');
  assert.ok(info && info.type === 2);
  assert.ok(info.data.length < 4096, 'EncryptionInfo lies in the mini stream');
  assert.deepEqual([info.data.readUInt16LE(0), info.data.readUInt16LE(2), info.data.readUInt32LE(4)], [4, 4, 0x40]);
  assert.match(info.data.subarray(8).toString('utf8'), /^<\?xml[\s\S]*<encryption [\s\S]*<\/encryption>$/);
  const pkg = streams.get('EncryptedPackage');
  assert.ok(pkg && pkg.type === 2);
  assert.ok(pkg.data.length >= 4096);
  assert.equal(Number(pkg.data.readBigUInt64LE(0)), pkg.data.length - 8);
  assert.deepEqual(expect, { sheets: [], records: [], skipped: [], headerRow: 0, notes: 'encrypted' });
});

test('legacyXls: the title-and-form-fields roster as BIFF8 .xls', async () => {
  const { file, expect } = await legacyXls();
  assert.deepEqual(file.subarray(0, 8), OLE_SIGNATURE);
  assert.ok(file.length > 5 * 1024, `${file.length} bytes`);
  assert.ok(file.includes(Buffer.from('Workbook', 'utf16le')), 'a BIFF8 Workbook stream');
  assert.ok(file.includes(Buffer.from(TITLE_TEXT, 'utf16le')), 'the title in the shared strings');
  for (const r of expect.records) assert.ok(file.includes(Buffer.from(r.name, 'utf16le')), r.name);
  assert.equal(expect.headerRow, 3);
  assert.deepEqual(
    expect.records.map((r) => r.row),
    [4, 5, 6, 7, 8],
  );
  assertConsistent(expect);
});

test('aliasHeaders: headers as other systems name them, plus unknown columns', async () => {
  const { file, expect } = await aliasHeaders();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, 'Sheet1');
  assert.deepEqual(rowTexts(ws, 1, 12), [...ALIAS_HEADERS]);
  assert.equal(ws.getRow(1).cellCount, 12);
  const aliases: readonly string[] = ALIAS_HEADERS;
  for (const h of CANONICAL_HEADERS) assert.ok(!aliases.includes(h), `${h} not used`);
  assert.equal(ws.getCell('D1').value, '出生\n年月');
  for (let r = 2; r <= 6; r++) {
    assert.equal(typeof ws.getCell(`K${r}`).value, 'string');
    assert.match(String(ws.getCell(`L${r}`).value), /^[是否]$/);
  }
  assert.equal(expect.records.length, 5);
  assertRecordsInPlace(wb, expect, '党员姓名', '公民身份号码');
});

test('idColumnByValues: the ID column is headed 证件号', async () => {
  const { file, expect } = await idColumnByValues();
  assertConsistent(expect);
  const wb = await open(file);
  const ws = sheet(wb, '党员花名册');
  assert.deepEqual(rowTexts(ws, 1, 8), [...ID_BY_VALUES_HEADERS]);
  assert.equal(ws.getCell('E1').value, '证件号');
  for (let r = 2; r <= 5; r++) assert.ok(isValidId(String(ws.getCell(`E${r}`).value)));
  assert.equal(expect.records.length, 4);
  assertRecordsInPlace(wb, expect, '姓名', '证件号');
});

test('bigRoster: a plain roster of generated members with unique valid IDs', async () => {
  const { file, expect } = await bigRoster(200);
  const wb = await open(file);
  const ws = sheet(wb, '党员花名册');
  assert.equal(ws.rowCount, 201);
  assert.deepEqual(rowTexts(ws, 1, 11), [...CANONICAL_HEADERS]);
  const ids = new Set<string>();
  for (let r = 2; r <= 201; r++) {
    const [seq, name, gender, birth, , , id, status, join, full] = rowTexts(ws, r, 11);
    assert.equal(seq, r - 1);
    assert.equal(typeof name, 'string');
    const idText = String(id);
    assert.ok(isValidId(idText), idText);
    ids.add(idText);
    assert.equal(birth, `${idText.slice(6, 10)}-${idText.slice(10, 12)}-${idText.slice(12, 14)}`);
    assert.equal(gender, Number(idText[16]) % 2 === 1 ? '男' : '女');
    assert.ok(String(join) > String(birth));
    if (status === '正式党员') assert.ok(String(full) > String(join) && String(full) <= '2026-11-30');
    else assert.equal(full, null);
  }
  assert.equal(ids.size, 200);
  assert.equal(expect.headerRow, 1);
  assert.deepEqual(expect.records, []);
  assert.match(expect.notes ?? '', /^200 members/);
});
