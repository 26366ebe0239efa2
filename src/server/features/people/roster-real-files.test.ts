import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EDUCATION_LABELS, GENDER_LABELS, MEMBER_STATUS_LABELS } from '../../../domain/people/vocab.ts';
import {
  aliasHeaders,
  datesEveryEncoding,
  dropdownCodes,
  encryptedWorkbook,
  type Fixture,
  formulaWithoutResult,
  idColumnByValues,
  idNumberAsNumber,
  legacyXls,
  notesInsideData,
  titleAndFormFields,
  twoRosterSheets,
  twoRowMergedHeader,
} from '../../test/workbook-fixtures.ts';
import { HEADER_OF, type RosterField, type RosterRecord, readRoster } from './roster-xlsx.ts';

/**
 * Rosters as real files hold them (src/server/test/workbook-fixtures.ts builds each class of trouble as a real
 * .xlsx or .xls), read by the roster importer: every member row becomes a record with the values the file means,
 * every row that is not a member is listed as skipped, every bad cell is refused on its row and column.
 */

const TODAY = '2026-12-06';

function shown(r: RosterRecord) {
  return {
    sheet: r.sheet,
    row: r.row,
    name: r.name,
    ...(r.idNumber !== null ? { idNumber: r.idNumber } : {}),
    ...(r.birthDate !== null ? { birthDate: r.birthDate } : {}),
    ...(r.gender !== null ? { gender: GENDER_LABELS[r.gender].zh } : {}),
    ...(r.status !== null ? { status: MEMBER_STATUS_LABELS[r.status].zh } : {}),
    ...(r.joinDate !== null ? { joinDate: r.joinDate } : {}),
    ...(r.fullDate !== null ? { fullDate: r.fullDate } : {}),
    ...(r.education !== null ? { education: EDUCATION_LABELS[r.education].zh } : {}),
  };
}

/** The fixture's expectations against what the reader made of its file. */
async function check(fixture: Fixture) {
  const { file, expect } = fixture;
  const sheet = await readRoster(file, { today: TODAY });
  assert.deepEqual(sheet.sheets, expect.sheets, 'the sheets read');
  const refused = expect.refused ?? [];
  const key = (s: string, row: number) => `${s}:${row}`;
  const refusedRows = new Set(refused.map((r) => key(r.sheet, r.row)));
  // A year-month birth date stands in `masked` until the import service completes it from the ID number.
  const records = sheet.records
    .filter((r) => !refusedRows.has(key(r.sheet, r.row)))
    .map((r) => {
      const s = shown(r);
      const month = r.masked.birthYearMonth;
      const fromId = r.idNumber
        ? `${r.idNumber.slice(6, 10)}-${r.idNumber.slice(10, 12)}-${r.idNumber.slice(12, 14)}`
        : null;
      return month !== null && fromId?.startsWith(`${month}-`) ? { ...s, birthDate: fromId } : s;
    });
  // 学历 as the fixture writes it, in the platform's vocabulary (硕士研究生 is 研究生).
  const education = (text: string) => (text === '硕士研究生' || text === '博士研究生' ? '研究生' : text);
  const expected = expect.records.map((e) => {
    const { education: written, ...rest } = e;
    return { ...rest, ...(written !== undefined ? { education: education(written) } : {}) };
  });
  // Only the fields the fixture states are compared.
  assert.deepEqual(
    records.map((r, i) => {
      const e = expected[i] ?? {};
      return Object.fromEntries(Object.keys(e).map((k) => [k, (r as Record<string, unknown>)[k]]));
    }),
    expected,
    'the records, in order, with their values',
  );
  assert.equal(records.length, expected.length);
  assert.deepEqual(
    sheet.skipped.map((s) => key(s.sheet, s.row)).sort(),
    expect.skipped.map((s) => key(s.sheet, s.row)).sort(),
    'the rows skipped',
  );
  // Refused cells: an issue on that row, in the column the file's header maps to.
  const issueKeys = sheet.issues.map((i) => `${i.sheet ?? expect.sheets[0]}:${i.row}:${i.column}`);
  for (const r of refused) {
    const field = sheet.mapping[r.column] as RosterField | null | undefined;
    assert.ok(field, `the refused column ${r.column} is mapped`);
    assert.ok(issueKeys.includes(`${r.sheet}:${r.row}:${HEADER_OF[field]}`), `${JSON.stringify(r)} in ${issueKeys}`);
  }
  assert.equal(sheet.issues.length, refused.length, JSON.stringify(sheet.issues));
  return sheet;
}

describe('rosters as real files hold them', () => {
  test('a title and form fields above the header; a note and a signature block below the members', async () => {
    const sheet = await check(await titleAndFormFields());
    assert.deepEqual(sheet.warnings, []);
  });

  test('a two-row header with cells merged down and a group merged across, hints inside header names', async () => {
    const sheet = await check(await twoRowMergedHeader());
    assert.equal(sheet.mapping['入党时间\n（YYYY-MM-DD）'], 'joinDate');
    assert.equal(sheet.mapping['出生年月\n(格式:1980.01)'], 'birthDate');
  });

  test('notes, a group title merged across, placeholders and a repeated header inside the data', async () => {
    await check(await notesInsideData());
  });

  test('two group sheets import together; the hidden code sheet and the empty one are left alone', async () => {
    const sheet = await check(await twoRosterSheets());
    assert.deepEqual(sheet.warnings, ['工作表 “第一党小组”、“第二党小组” 的表头相同，已一并导入']);
    assert.deepEqual(
      sheet.candidates.map((c) => [c.name, c.hidden, c.hasTable]),
      [
        ['第一党小组', false, true],
        ['第二党小组', false, true],
        ['代码表', true, false],
        ['Sheet3', false, false],
      ],
    );
  });

  test('dates in every encoding: Excel dates, serials, text, numbers, year-month alone', async () => {
    await check(await datesEveryEncoding());
  });

  test('an ID number Excel stored as a number is refused; a 15-digit one is upgraded to 18', async () => {
    const sheet = await check(await idNumberAsNumber());
    assert.match(sheet.issues[0]?.message ?? '', /存成了数字，末几位已经丢失/);
  });

  test('dropdown codes in front of the choices are read past', async () => {
    await check(await dropdownCodes());
  });

  test('a formula without a cached value is reported, one with a value is read by it', async () => {
    const sheet = await check(await formulaWithoutResult());
    assert.match(sheet.issues[0]?.message ?? '', /公式“=DATE\(1980,3,1\)”，文件中没有它的计算结果/);
  });

  test('headers as other systems name them map by alias; unknown columns are ignored with a warning', async () => {
    const sheet = await check(await aliasHeaders());
    assert.deepEqual(
      Object.entries(sheet.mapping).filter(([, f]) => f === null),
      [
        ['工作单位及职务', null],
        ['是否失联', null],
      ],
    );
    assert.equal(sheet.warnings.length, 2);
  });

  test('an ID number column is recognised by its values under an unusual header', async () => {
    const sheet = await check(await idColumnByValues());
    assert.equal(sheet.matchedBy.证件号, 'values');
  });

  test('an encrypted workbook is named as what it is', async () => {
    const { file } = await encryptedWorkbook();
    const sheet = await readRoster(file, { today: TODAY });
    assert.deepEqual(sheet.records, []);
    assert.match(sheet.issues[0]?.message ?? '', /设置了打开密码|已设置打开密码/);
  });

  test('an .xls (BIFF8) reads like its .xlsx, through LibreOffice', async () => {
    const sheet = await check(await legacyXls());
    assert.equal(sheet.format, 'xls');
  });
});
