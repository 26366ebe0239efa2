import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { checkDigitOf } from '../../domain/people/id-number.ts';
import { convertWithSoffice } from '../files/soffice.ts';
import { fakeIdNumber } from './factories.ts';

/**
 * Spreadsheet files that reproduce what real Party rosters (党员花名册) look like when they reach the importer:
 * title and form-field rows above the header, two-row merged headers, notes and repeated headers between the
 * members, several roster sheets beside hidden code lists, dates in every encoding, ID numbers stored as numbers,
 * dropdown codes in front of choices, formulas without a cached value, encrypted and legacy .xls files, and headers
 * as other systems name them. Every person is generated (ID numbers with prefix 339901, no real data). Each builder
 * returns the file and what an importer must make of it.
 */

export type ExpectedRow = {
  name: string;
  idNumber?: string;
  birthDate?: string;
  gender?: '男' | '女';
  status?: string;
  joinDate?: string;
  fullDate?: string;
  /** 学历 as the importer must read it (the dropdown builder: the text without its code). */
  education?: string;
  sheet: string;
  /** 1-based spreadsheet row. */
  row: number;
};

export type Expected = {
  /** The sheets that hold records. */
  sheets: string[];
  /** The member rows that must be imported (sheet + row = where they are). */
  records: ExpectedRow[];
  /** Rows that are not records and must be listed as skipped (notes, placeholder rows, repeated headers, …). */
  skipped: { sheet: string; row: number }[];
  /** 1-based row of the (last) header row. */
  headerRow: number;
  /** Cells the importer must refuse; `column` is the column's header text as written in the sheet. */
  refused?: { sheet: string; row: number; column: string }[];
  /** Free text describing anything special. */
  notes?: string;
};

export type Fixture = { file: Buffer; expect: Expected };

type Gender = '男' | '女';
type Status = '正式党员' | '预备党员';

type Person = {
  name: string;
  gender: Gender;
  birthDate: string;
  idNumber: string;
  ethnicity: string;
  education: string;
  status: Status;
  joinDate: string;
  fullDate?: string;
  phone: string;
};

export const CANONICAL_HEADERS = [
  '序号',
  '姓名',
  '性别',
  '出生日期',
  '民族',
  '学历',
  '身份证号码',
  '人员类别',
  '入党时间',
  '转正时间',
  '联系电话',
] as const;

/** name, gender, birth date, join date, status (正式党员 have their full date a year after joining), ethnicity, education. */
const POOL: readonly [string, Gender, string, string, Status, string, string][] = [
  ['陈刚', '男', '1975-04-12', '2001-07-01', '正式党员', '汉族', '大学本科'],
  ['林静', '女', '1982-09-23', '2006-06-15', '正式党员', '汉族', '大学专科'],
  ['黄伟', '男', '1979-09-19', '2003-05-20', '正式党员', '汉族', '高中'],
  ['王芳', '女', '1988-01-30', '2012-11-08', '正式党员', '回族', '硕士研究生'],
  ['李强', '男', '1968-12-05', '1995-06-30', '正式党员', '汉族', '中专'],
  ['赵敏', '女', '1996-06-17', '2026-03-18', '预备党员', '汉族', '大学本科'],
  ['刘洋', '男', '1985-02-08', '2009-10-10', '正式党员', '满族', '大学本科'],
  ['周杰', '男', '1990-11-26', '2015-04-22', '正式党员', '汉族', '大学专科'],
  ['吴霞', '女', '1972-07-04', '1999-12-01', '正式党员', '汉族', '中专'],
  ['孙磊', '男', '2001-03-15', '2026-05-09', '预备党员', '汉族', '大学本科'],
];

function nextYear(iso: string): string {
  return `${Number(iso.slice(0, 4)) + 1}${iso.slice(4)}`;
}

function phoneOf(i: number): string {
  return `139${String((57_000_000 + i * 1_373) % 100_000_000).padStart(8, '0')}`;
}

function makePerson(
  name: string,
  gender: Gender,
  birthDate: string,
  joinDate: string,
  status: Status = '正式党员',
  extra: { ethnicity?: string; education?: string; idNumber?: string; phone?: string } = {},
): Person {
  return {
    name,
    gender,
    birthDate,
    idNumber: extra.idNumber ?? fakeIdNumber(birthDate, gender === '男' ? 'male' : 'female'),
    ethnicity: extra.ethnicity ?? '汉族',
    education: extra.education ?? '大学本科',
    status,
    joinDate,
    fullDate: status === '正式党员' ? nextYear(joinDate) : undefined,
    phone: extra.phone ?? phoneOf(name.codePointAt(0) ?? 0),
  };
}

/** `count` members from the pool, starting at `from`, each with a fresh fake ID number. */
function people(count: number, from = 0): Person[] {
  const out: Person[] = [];
  for (let i = 0; i < count; i++) {
    const entry = POOL[(from + i) % POOL.length];
    if (!entry) throw new Error('empty pool');
    const [name, gender, birth, join, status, ethnicity, education] = entry;
    out.push(makePerson(name, gender, birth, join, status, { ethnicity, education, phone: phoneOf(from + i) }));
  }
  return out;
}

function expectedOf(p: Person, sheet: string, row: number): ExpectedRow {
  const e: ExpectedRow = {
    name: p.name,
    idNumber: p.idNumber,
    birthDate: p.birthDate,
    gender: p.gender,
    status: p.status,
    joinDate: p.joinDate,
    sheet,
    row,
  };
  if (p.fullDate) e.fullDate = p.fullDate;
  return e;
}

type Value = ExcelJS.CellValue;

function canonicalValues(p: Person, seq: number): Value[] {
  return [
    seq,
    p.name,
    p.gender,
    p.birthDate,
    p.ethnicity,
    p.education,
    p.idNumber,
    p.status,
    p.joinDate,
    p.fullDate ?? null,
    p.phone,
  ];
}

/** Writes `values` from column A on; null leaves the cell empty. */
function putRow(ws: ExcelJS.Worksheet, row: number, values: readonly Value[]): void {
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) ws.getCell(row, i + 1).value = v;
  });
}

function putHeader(ws: ExcelJS.Worksheet, row: number, headers: readonly string[]): void {
  putRow(ws, row, headers);
  ws.getRow(row).font = { bold: true };
}

function colLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'luoshi test fixtures';
  wb.created = new Date(Date.UTC(2026, 10, 30));
  wb.modified = wb.created;
  return wb;
}

export const TITLE_SHEET = '党员花名册';
export const TITLE_TEXT = '中共某某村支部委员会党员花名册';
export const NOTE_TEXT = '注：1.人员类别填写正式党员或预备党员；2.日期格式为YYYY-MM-DD';
export const SIGNATURE_TEXT = '填表人：张三    审核人：李四    （盖章）';

function titleAndFormFieldsWorkbook(): { wb: ExcelJS.Workbook; expect: Expected } {
  const wb = newWorkbook();
  const sheet = TITLE_SHEET;
  const ws = wb.addWorksheet(sheet);
  const last = colLetter(CANONICAL_HEADERS.length);
  ws.getCell('A1').value = TITLE_TEXT;
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A2').value = '填报单位：某某村党支部';
  ws.mergeCells('A2:D2');
  ws.getCell('I2').value = '填报日期：2026年11月30日';
  ws.mergeCells(`I2:${last}2`);
  putHeader(ws, 3, CANONICAL_HEADERS);
  const members = people(5);
  const records = members.map((p, i) => {
    putRow(ws, 4 + i, canonicalValues(p, i + 1));
    return expectedOf(p, sheet, 4 + i);
  });
  // Row 9 is blank.
  ws.getCell('A10').value = NOTE_TEXT;
  ws.mergeCells(`A10:${last}10`);
  ws.getCell('A11').value = SIGNATURE_TEXT;
  ws.mergeCells('A11:G11');
  ws.getCell('I12').value = '2026年11月30日';
  ws.getCell('I12').alignment = { horizontal: 'right' };
  for (let c = 1; c <= CANONICAL_HEADERS.length; c++) ws.getColumn(c).width = c === 7 ? 22 : 12;
  return {
    wb,
    expect: {
      sheets: [sheet],
      records,
      skipped: [
        { sheet, row: 10 },
        { sheet, row: 11 },
        { sheet, row: 12 },
      ],
      headerRow: 3,
      notes:
        'Row 1 title merged A1:K1; row 2 form fields (A2:D2 填报单位, I2:K2 填报日期); header row 3; members rows 4–8; ' +
        'row 9 blank; row 10 note merged A10:K10; row 11 signature/seal line (A11:G11) and row 12 the date (I12). ' +
        'Rows 10–12 are listed as skipped (they lie below the blank row, inside the used range). ' +
        'Dates are text YYYY-MM-DD; row 8 (赵敏) is 预备党员 without 转正时间.',
    },
  };
}

/**
 * Title and form fields above the header, notes and a signature block below: row 1 a title merged across all
 * columns, row 2 填报单位/填报日期, header in row 3, five members in rows 4–8, a blank row, a merged note row
 * (注：…) and the signature/seal lines (填表人/审核人/（盖章）, date).
 */
export async function titleAndFormFields(): Promise<Fixture> {
  const { wb, expect } = titleAndFormFieldsWorkbook();
  return { file: await toBuffer(wb), expect };
}

/**
 * A header over two rows under a title: 序号/姓名/性别/出生年月/身份证号码* merged vertically over rows 2–3, the
 * group 党籍信息 merged over three columns with 入党时间/转正时间/人员类别 below it, the group 联系方式 above 联系电话;
 * header texts hold line breaks, format hints and a required-field star; 出生年月 holds year and month only
 * ("1980.03").
 */
export async function twoRowMergedHeader(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = '党员信息';
  const ws = wb.addWorksheet(sheet);
  ws.getCell('A1').value = '中共某某社区支部委员会党员花名册';
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.mergeCells('A1:I1');
  const vertical: [string, string][] = [
    ['A', '序号'],
    ['B', '姓名'],
    ['C', '性别'],
    ['D', '出生年月\n(格式:1980.01)'],
    ['E', '身份证号码*'],
  ];
  for (const [col, text] of vertical) {
    ws.getCell(`${col}2`).value = text;
    ws.mergeCells(`${col}2:${col}3`);
  }
  ws.getCell('F2').value = '党籍信息';
  ws.mergeCells('F2:H2');
  ws.getCell('F3').value = '入党时间\n（YYYY-MM-DD）';
  ws.getCell('G3').value = '转正时间\n（YYYY-MM-DD）';
  ws.getCell('H3').value = '人员类别';
  ws.getCell('I2').value = '联系方式';
  ws.getCell('I3').value = '联系电话';
  for (const r of [2, 3]) {
    ws.getRow(r).font = { bold: true };
    ws.getRow(r).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  }
  const members = people(6, 2);
  const records = members.map((p, i) => {
    const row = 4 + i;
    putRow(ws, row, [
      i + 1,
      p.name,
      p.gender,
      `${p.birthDate.slice(0, 4)}.${p.birthDate.slice(5, 7)}`,
      p.idNumber,
      p.joinDate,
      p.fullDate ?? null,
      p.status,
      p.phone,
    ]);
    return expectedOf(p, sheet, row);
  });
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records,
      skipped: [],
      headerRow: 3,
      notes:
        'Title row 1 (A1:I1); header rows 2–3: A–E merged vertically (A2:A3 … E2:E3), 党籍信息 F2:H2 over ' +
        '入党时间/转正时间/人员类别 (F3–H3), 联系方式 I2 over 联系电话 I3. 出生年月 is text YYYY.MM; the expected ' +
        'birthDate is the full date from the ID number. Members rows 4–9.',
    },
  };
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: a template engine's placeholder, written literally
export const PLACEHOLDER_NAME = '${name}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a template engine's placeholder, written literally
export const PLACEHOLDER_ID = '${idNumber}';

/**
 * Rows between the members that are not members: a merged group caption (以下为第二党小组), a remark in the first
 * column only (备注：…), a template leftover with ${name}/${idNumber} placeholders, and the header repeated as at a
 * printed page break.
 */
export async function notesInsideData(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = '花名册';
  const ws = wb.addWorksheet(sheet);
  putHeader(ws, 1, CANONICAL_HEADERS);
  const members = people(8);
  const rows = [2, 3, 4, 6, 7, 9, 12, 13];
  const records = members.map((p, i) => {
    const row = rows[i] ?? 0;
    putRow(ws, row, canonicalValues(p, i + 1));
    return expectedOf(p, sheet, row);
  });
  ws.getCell('A5').value = '以下为第二党小组';
  ws.mergeCells('A5:K5');
  ws.getCell('A8').value = '备注：张某某已转出';
  ws.getCell('B10').value = PLACEHOLDER_NAME;
  ws.getCell('G10').value = PLACEHOLDER_ID;
  putHeader(ws, 11, CANONICAL_HEADERS);
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records,
      skipped: [5, 8, 10, 11].map((row) => ({ sheet, row })),
      headerRow: 1,
      notes:
        'Header row 1; members rows 2–4, 6–7, 9, 12–13 (序号 1–8). Row 5 merged caption 以下为第二党小组 (A5:K5); ' +
        `row 8 remark in A8 only; row 10 template placeholders ${PLACEHOLDER_NAME} (B10) and ${PLACEHOLDER_ID} (G10); ` +
        'row 11 the ' +
        'header repeated.',
    },
  };
}

/** ExcelJS's range-wide data validations (present at run time, missing from its type declarations). */
type WithValidations = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };

/**
 * A workbook with two roster sheets (第一党小组, 第二党小组; same header), a hidden code-list sheet (代码表) that
 * the dropdowns refer to, and an empty visible Sheet3. Only the two group sheets hold records.
 */
export async function twoRosterSheets(): Promise<Fixture> {
  const wb = newWorkbook();
  const groups: [string, number, number][] = [
    ['第一党小组', 4, 0],
    ['第二党小组', 3, 4],
  ];
  const records: ExpectedRow[] = [];
  const sheets = groups.map(([sheet, count, from]) => {
    const ws = wb.addWorksheet(sheet);
    putHeader(ws, 1, CANONICAL_HEADERS);
    people(count, from).forEach((p, i) => {
      putRow(ws, 2 + i, canonicalValues(p, i + 1));
      records.push(expectedOf(p, sheet, 2 + i));
    });
    // As a template holds it: one validation over the range, no cells below the members.
    (ws as unknown as WithValidations).dataValidations.add('C2:C100', {
      type: 'list',
      allowBlank: true,
      formulae: ['代码表!$C$2:$C$3'],
    });
    return sheet;
  });
  const codes = wb.addWorksheet('代码表', { state: 'hidden' });
  const codeRows: [string, string, string][] = [
    ['性别', '1', '男'],
    ['性别', '2', '女'],
    ['学历', '11', '博士研究生'],
    ['学历', '14', '硕士研究生'],
    ['学历', '21', '大学本科'],
    ['学历', '31', '大学专科'],
    ['学历', '41', '中专'],
    ['学历', '61', '高中'],
    ['人员类别', '01', '正式党员'],
    ['人员类别', '02', '预备党员'],
  ];
  putRow(codes, 1, ['代码类别', '代码', '名称']);
  codeRows.forEach((r, i) => {
    putRow(codes, 2 + i, r);
  });
  wb.addWorksheet('Sheet3');
  return {
    file: await toBuffer(wb),
    expect: {
      sheets,
      records,
      skipped: [],
      headerRow: 1,
      notes:
        'Sheets in order: 第一党小组 (members rows 2–5), 第二党小组 (rows 2–4), 代码表 (state hidden: columns ' +
        '代码类别/代码/名称), Sheet3 (visible, empty). 性别 cells C2:C100 of both group sheets have a list ' +
        'validation on 代码表!$C$2:$C$3.',
    },
  };
}

function isoParts(iso: string): { y: string; m: string; d: string } {
  return { y: iso.slice(0, 4), m: iso.slice(5, 7), d: iso.slice(8, 10) };
}

/** The Excel serial number (1900 date system) of an ISO date. */
export function excelSerialOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569;
}

type Encoded = { value: Value; numFmt?: string };
type Encoding = { label: string; encode: (iso: string) => Encoded };

const DATE_ENCODINGS: Encoding[] = [
  { label: 'Excel date (Date at UTC midnight)', encode: (iso) => ({ value: new Date(`${iso}T00:00:00Z`) }) },
  {
    label: 'text Y.M.D without padding ("1981.5.7")',
    encode: (iso) => {
      const { y, m, d } = isoParts(iso);
      return { value: `${y}.${Number(m)}.${Number(d)}` };
    },
  },
  { label: 'text YYYY-MM-DD', encode: (iso) => ({ value: iso }) },
  {
    label: 'text Y年M月D日',
    encode: (iso) => {
      const { y, m, d } = isoParts(iso);
      return { value: `${y}年${Number(m)}月${Number(d)}日` };
    },
  },
  { label: 'number YYYYMMDD (General)', encode: (iso) => ({ value: Number(iso.replaceAll('-', '')) }) },
  {
    label: "number YYYYMMDD with numFmt 'yyyy-mm-dd' (not a serial)",
    encode: (iso) => ({ value: Number(iso.replaceAll('-', '')), numFmt: 'yyyy-mm-dd' }),
  },
  {
    label: "Excel serial number with numFmt 'yyyy/m/d'",
    encode: (iso) => ({ value: excelSerialOf(iso), numFmt: 'yyyy/m/d' }),
  },
  {
    label: 'year-month text "1980.3"',
    encode: (iso) => {
      const { y, m } = isoParts(iso);
      return { value: `${y}.${Number(m)}` };
    },
  },
  {
    label: 'year-month number 198506',
    encode: (iso) => {
      const { y, m } = isoParts(iso);
      return { value: Number(`${y}${m}`) };
    },
  },
  {
    label: 'year-month text "1998-02"',
    encode: (iso) => {
      const { y, m } = isoParts(iso);
      return { value: `${y}-${m}` };
    },
  },
];

function putEncoded(ws: ExcelJS.Worksheet, row: number, col: number, e: Encoded): void {
  const cell = ws.getCell(row, col);
  cell.value = e.value;
  if (e.numFmt) cell.numFmt = e.numFmt;
}

/**
 * Dates in every encoding real rosters use, one encoding per row for 出生日期/入党时间/转正时间: Excel dates, text
 * in several forms, numbers such as 19800301 (also under a date number format, where they are not serials), date
 * serials under a custom format, and — in 出生日期 only — year and month alone (1980.3, 198506, 1998-02), where
 * the ID number gives the full birth date.
 */
export async function datesEveryEncoding(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = '党员花名册';
  const ws = wb.addWorksheet(sheet);
  putHeader(ws, 1, CANONICAL_HEADERS);
  /** name, gender, birth, join, encoding of birth, encoding of join/full (indexes into DATE_ENCODINGS). */
  const plan: [string, Gender, string, string, number, number][] = [
    ['陈刚', '男', '1976-11-23', '2001-06-28', 0, 0],
    ['林静', '女', '1981-05-07', '2006-03-09', 1, 1],
    ['黄伟', '男', '1980-03-01', '2004-10-15', 2, 2],
    ['王芳', '女', '1987-08-04', '2011-01-06', 3, 3],
    ['李强', '男', '1972-02-14', '1998-07-01', 4, 4],
    ['赵敏', '女', '1990-12-30', '2016-08-01', 5, 5],
    ['刘洋', '男', '1980-03-01', '2003-12-12', 6, 6],
    ['周杰', '男', '1980-03-17', '2008-05-04', 7, 0],
    ['吴霞', '女', '1985-06-21', '2010-09-01', 8, 1],
    ['孙磊', '男', '1998-02-11', '2019-06-30', 9, 3],
  ];
  const lines: string[] = [];
  const records = plan.map(([name, gender, birth, join, be, je], i) => {
    const row = 2 + i;
    const p = makePerson(name, gender, birth, join, '正式党员', { phone: phoneOf(100 + i) });
    const values = canonicalValues(p, i + 1);
    values[3] = null;
    values[8] = null;
    values[9] = null;
    putRow(ws, row, values);
    const birthEnc = DATE_ENCODINGS[be];
    const joinEnc = DATE_ENCODINGS[je];
    if (!birthEnc || !joinEnc) throw new Error('no such encoding');
    putEncoded(ws, row, 4, birthEnc.encode(p.birthDate));
    putEncoded(ws, row, 9, joinEnc.encode(p.joinDate));
    putEncoded(ws, row, 10, joinEnc.encode(p.fullDate ?? ''));
    lines.push(
      be === je
        ? `row ${row}: ${birthEnc.label}`
        : `row ${row}: 出生日期 ${birthEnc.label}; 入党/转正时间 ${joinEnc.label}`,
    );
    return expectedOf(p, sheet, row);
  });
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records,
      skipped: [],
      headerRow: 1,
      notes: `Columns D (出生日期), I (入党时间), J (转正时间). ${lines.join('; ')}. Year-month birth cells (rows 9–11): the expected birthDate is the full date from the ID number.`,
    },
  };
}

/** Upgrades a 15-digit ID number (GB 11643-1989) to 18 digits: "19" after the area code, then the check digit. */
export function upgradeId15(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new RangeError('expected 15 digits');
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

export const ID_AS_NUMBER_18 = Number('339901197909191000');
export const ID_AS_NUMBER_15 = 339901790919123;

/**
 * ID numbers stored as numbers: an 18-digit one that Excel cut to 15 significant digits (339901197909191000:
 * refused, the last digits are lost), a 15-digit old-style one (accepted and upgraded to 18 digits) and a normal
 * text one.
 */
export async function idNumberAsNumber(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = '党员花名册';
  const ws = wb.addWorksheet(sheet);
  putHeader(ws, 1, CANONICAL_HEADERS);
  const a = makePerson('黄伟', '男', '1979-09-19', '2003-05-20', '正式党员', { idNumber: '' });
  const b = makePerson('陈刚', '男', '1979-09-19', '2002-07-01', '正式党员', {
    idNumber: upgradeId15(String(ID_AS_NUMBER_15)),
  });
  const c = makePerson('林静', '女', '1982-09-23', '2006-06-15');
  putRow(ws, 2, canonicalValues(a, 1));
  putRow(ws, 3, canonicalValues(b, 2));
  putRow(ws, 4, canonicalValues(c, 3));
  ws.getCell('G2').value = ID_AS_NUMBER_18;
  ws.getCell('G2').numFmt = '0';
  ws.getCell('G3').value = ID_AS_NUMBER_15;
  ws.getCell('G3').numFmt = '0';
  ws.getColumn(7).width = 22;
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records: [expectedOf(b, sheet, 3), expectedOf(c, sheet, 4)],
      skipped: [],
      refused: [{ sheet, row: 2, column: '身份证号码' }],
      headerRow: 1,
      notes:
        'G2: the number 339901197909191000 (an 18-digit ID cut to 15 significant digits; refused). G3: the number ' +
        `339901790919123 (15-digit ID, birth 1979-09-19, male; expected ${b.idNumber}). G4: a text ID. ` +
        "G2 and G3 have numFmt '0'.",
    },
  };
}

/**
 * Choices with the dropdown list's code in front, as exported by other systems: 性别 "1-男", "2-女", "01 男",
 * "[2]女"; 学历 "21-大学本科", "31 大学专科"; 人员类别 "01-正式党员", "02 预备党员". Expected values are the texts
 * without the codes.
 */
export async function dropdownCodes(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = '党员花名册';
  const ws = wb.addWorksheet(sheet);
  putHeader(ws, 1, CANONICAL_HEADERS);
  const plan: [Person, string, string, string][] = [
    [makePerson('陈刚', '男', '1975-04-12', '2001-07-01', '正式党员'), '1-男', '21-大学本科', '01-正式党员'],
    [
      makePerson('林静', '女', '1997-09-23', '2026-04-12', '预备党员', { education: '大学专科' }),
      '2-女',
      '31 大学专科',
      '02 预备党员',
    ],
    [makePerson('黄伟', '男', '1979-09-19', '2003-05-20', '正式党员'), '01 男', '21 大学本科', '01-正式党员'],
    [
      makePerson('王芳', '女', '1988-01-30', '2012-11-08', '正式党员', { education: '硕士研究生' }),
      '[2]女',
      '14-硕士研究生',
      '01-正式党员',
    ],
  ];
  const records = plan.map(([p, gender, education, status], i) => {
    const row = 2 + i;
    const values = canonicalValues(p, i + 1);
    values[2] = gender;
    values[5] = education;
    values[7] = status;
    putRow(ws, row, values);
    return { ...expectedOf(p, sheet, row), education: p.education };
  });
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records,
      skipped: [],
      headerRow: 1,
      notes: '性别 C2:C5, 学历 F2:F5 and 人员类别 H2:H5 carry codes; records hold the texts without them.',
    },
  };
}

/**
 * Formulas: 序号 is ROW()-1 with cached results (fine), one 姓名 is a formula with a cached text result (read as the
 * result), and one 出生日期 is DATE(1980,3,1) with no cached value (refused: formula without a cached value).
 */
export async function formulaWithoutResult(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = '党员花名册';
  const ws = wb.addWorksheet(sheet);
  putHeader(ws, 1, CANONICAL_HEADERS);
  const members = [
    makePerson('陈刚', '男', '1975-04-12', '2001-07-01'),
    makePerson('林静', '女', '1982-09-23', '2006-06-15'),
    makePerson('黄伟', '男', '1980-03-01', '2003-05-20'),
    makePerson('王芳', '女', '1988-01-30', '2012-11-08'),
    makePerson('李强', '男', '1968-12-05', '1995-06-30'),
  ];
  const records: ExpectedRow[] = [];
  members.forEach((p, i) => {
    const row = 2 + i;
    putRow(ws, row, canonicalValues(p, i + 1));
    ws.getCell(row, 1).value = { formula: 'ROW()-1', result: row - 1 };
    ws.getCell(row, 4).value = new Date(`${p.birthDate}T00:00:00Z`);
    ws.getCell(row, 4).numFmt = 'yyyy-mm-dd';
    if (row !== 4) records.push(expectedOf(p, sheet, row));
  });
  ws.getCell('D4').value = { formula: 'DATE(1980,3,1)' };
  ws.getCell('B5').value = { formula: '"王"&"芳"', result: '王芳' };
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records,
      skipped: [],
      refused: [{ sheet, row: 4, column: '出生日期' }],
      headerRow: 1,
      notes:
        'A2:A6 =ROW()-1 with cached results 1–5; D4 =DATE(1980,3,1) without a cached value (refused, row 4 黄伟 ' +
        'not imported); B5 ="王"&"芳" with cached result 王芳. Other birth dates are Excel dates (yyyy-mm-dd).',
    },
  };
}

const CFB_SECTOR = 512;
const CFB_MINI_SECTOR = 64;
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

/** Deterministic filler bytes (a linear congruential generator), standing in for ciphertext, salts and keys. */
function pseudoRandomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function cfbDirEntry(e: {
  name: string;
  type: number;
  color: number;
  left?: number;
  right?: number;
  child?: number;
  start: number;
  size: number;
}): Buffer {
  const b = Buffer.alloc(128);
  if (e.name) {
    const name = Buffer.from(`${e.name}\0`, 'utf16le');
    if (name.length > 64) throw new RangeError('CFB entry name too long');
    name.copy(b, 0);
    b.writeUInt16LE(name.length, 64);
  }
  b[66] = e.type;
  b[67] = e.color;
  b.writeUInt32LE(e.left ?? NOSTREAM, 68);
  b.writeUInt32LE(e.right ?? NOSTREAM, 72);
  b.writeUInt32LE(e.child ?? NOSTREAM, 76);
  b.writeUInt32LE(e.start, 116);
  b.writeUInt32LE(e.size, 120);
  return b;
}

/** Agile encryption (ECMA-376 / MS-OFFCRYPTO 2.3.4.10): version 4.4, flags 0x40, then the XML descriptor. */
function agileEncryptionInfo(): Buffer {
  const b64 = (n: number, seed: number) => pseudoRandomBytes(n, seed).toString('base64');
  const cipher =
    'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"';
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" ' +
    'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" ' +
    'xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">' +
    `<keyData saltSize="16" ${cipher} saltValue="${b64(16, 1)}"/>` +
    `<dataIntegrity encryptedHmacKey="${b64(64, 2)}" encryptedHmacValue="${b64(64, 3)}"/>` +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<p:encryptedKey spinCount="100000" saltSize="16" ${cipher} saltValue="${b64(16, 4)}" ` +
    `encryptedVerifierHashInput="${b64(16, 5)}" encryptedVerifierHashValue="${b64(64, 6)}" ` +
    `encryptedKeyValue="${b64(32, 7)}"/></keyEncryptor></keyEncryptors></encryption>`;
  const head = Buffer.alloc(8);
  head.writeUInt16LE(4, 0);
  head.writeUInt16LE(4, 2);
  head.writeUInt32LE(0x40, 4);
  return Buffer.concat([head, Buffer.from(xml, 'utf8')]);
}

/**
 * A password-protected Office file as Excel saves it: not a zip but an OLE2 compound file (CFB v3, 512-byte
 * sectors) holding the streams EncryptionInfo (agile, version 4.4, in the mini stream as its size is under the
 * 4096-byte cutoff) and EncryptedPackage (8-byte plaintext size + filler ciphertext, in regular sectors). Not
 * decryptable; well-formed for any reader that walks the header, FAT, MiniFAT and directory.
 */
export async function encryptedWorkbook(): Promise<Fixture> {
  const info = agileEncryptionInfo();
  const plainSize = 8_000;
  const packageHead = Buffer.alloc(8);
  packageHead.writeUInt32LE(plainSize, 0);
  const pkg = Buffer.concat([packageHead, pseudoRandomBytes(plainSize, 42)]);

  const sectorsOf = (n: number, size: number) => Math.ceil(n / size);
  const miniSectors = sectorsOf(info.length, CFB_MINI_SECTOR);
  const miniStreamSize = miniSectors * CFB_MINI_SECTOR;
  const miniStreamSectors = sectorsOf(miniStreamSize, CFB_SECTOR);
  const pkgSectors = sectorsOf(pkg.length, CFB_SECTOR);
  // Sector map: 0 FAT, 1 directory, 2 MiniFAT, then the mini stream, then EncryptedPackage.
  const miniStreamStart = 3;
  const pkgStart = miniStreamStart + miniStreamSectors;
  const total = pkgStart + pkgSectors;
  if (total > CFB_SECTOR / 4 || miniSectors > CFB_SECTOR / 4) throw new Error('fixture outgrew one FAT sector');

  const header = Buffer.alloc(CFB_SECTOR);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // byte order
  header.writeUInt16LE(9, 30); // sector shift: 512
  header.writeUInt16LE(6, 32); // mini sector shift: 64
  header.writeUInt32LE(0, 40); // directory sectors (0 in v3)
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(0, 52); // transaction signature
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(2, 60); // first MiniFAT sector
  header.writeUInt32LE(1, 64); // MiniFAT sectors
  header.writeUInt32LE(ENDOFCHAIN, 68); // first DIFAT sector
  header.writeUInt32LE(0, 72); // DIFAT sectors
  header.writeUInt32LE(0, 76); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREESECT, 76 + i * 4);

  const chain = (table: Buffer, start: number, count: number) => {
    for (let i = 0; i < count; i++) table.writeUInt32LE(i < count - 1 ? start + i + 1 : ENDOFCHAIN, (start + i) * 4);
  };
  const fat = Buffer.alloc(CFB_SECTOR, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(ENDOFCHAIN, 4);
  fat.writeUInt32LE(ENDOFCHAIN, 8);
  chain(fat, miniStreamStart, miniStreamSectors);
  chain(fat, pkgStart, pkgSectors);
  const miniFat = Buffer.alloc(CFB_SECTOR, 0xff);
  chain(miniFat, 0, miniSectors);

  // Siblings are ordered by name length, then name: EncryptionInfo (14) < EncryptedPackage (16).
  const dir = Buffer.concat([
    cfbDirEntry({ name: 'Root Entry', type: 5, color: 1, child: 2, start: miniStreamStart, size: miniStreamSize }),
    cfbDirEntry({ name: 'EncryptionInfo', type: 2, color: 0, start: 0, size: info.length }),
    cfbDirEntry({ name: 'EncryptedPackage', type: 2, color: 1, left: 1, start: pkgStart, size: pkg.length }),
    cfbDirEntry({ name: '', type: 0, color: 0, start: 0, size: 0 }),
  ]);

  const pad = (b: Buffer, sectors: number) => Buffer.concat([b, Buffer.alloc(sectors * CFB_SECTOR - b.length)]);
  const file = Buffer.concat([header, fat, dir, miniFat, pad(info, miniStreamSectors), pad(pkg, pkgSectors)]);
  return { file, expect: { sheets: [], records: [], skipped: [], headerRow: 0, notes: 'encrypted' } };
}

/**
 * The roster of titleAndFormFields() as a legacy Excel 97–2003 file (.xls, BIFF8 in an OLE2 compound file),
 * converted by LibreOffice: title, form fields, header in row 3, five members, note and signature rows.
 */
export async function legacyXls(): Promise<Fixture> {
  const { wb, expect } = titleAndFormFieldsWorkbook();
  // The shared converter: a seeded profile of its own (no self-tests at start), one conversion at a time, the whole
  // process group killed past the limit; the limit is generous for a CI machine busy with the rest of the suite.
  const result = await convertWithSoffice(await toBuffer(wb), {
    module: 'calc',
    inputName: 'roster.xlsx',
    convertTo: 'xls',
    outputExt: 'xls',
    timeoutMs: 180_000,
  });
  if (!result.ok) {
    throw new Error(
      result.reason === 'missing'
        ? 'LibreOffice (Debian package libreoffice-calc-nogui) is required: soffice was not found'
        : `soffice failed: ${result.detail ?? ''}`,
    );
  }
  return { file: result.output, expect: { ...expect, notes: `.xls (BIFF8). ${expect.notes ?? ''}` } };
}

export const ALIAS_HEADERS = [
  '党员姓名',
  '性 别',
  '公民身份号码',
  '出生\n年月',
  '民 族',
  '文化程度',
  '党员类型',
  '加入党组织日期',
  '转为正式党员日期',
  '手机号码',
  '工作单位及职务',
  '是否失联',
] as const;

/**
 * Headers as other systems name them, none of the template's own names: 党员姓名, 性 别 (with a space), 公民身份号码,
 * 出生\n年月 (line break), 民 族, 文化程度, 党员类型, 加入党组织日期, 转为正式党员日期, 手机号码, and two columns the
 * importer does not know (工作单位及职务, 是否失联).
 */
export async function aliasHeaders(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = 'Sheet1';
  const ws = wb.addWorksheet(sheet);
  putHeader(ws, 1, ALIAS_HEADERS);
  ws.getRow(1).alignment = { wrapText: true };
  const jobs = ['某某村村民委员会主任', '某某村卫生室医生', '退休', '某某小学教师', '某某合作社社员'];
  const records = people(5, 3).map((p, i) => {
    const row = 2 + i;
    putRow(ws, row, [
      p.name,
      p.gender,
      p.idNumber,
      p.birthDate,
      p.ethnicity,
      p.education,
      p.status,
      p.joinDate,
      p.fullDate ?? null,
      p.phone,
      jobs[i] ?? '',
      i === 2 ? '是' : '否',
    ]);
    return expectedOf(p, sheet, row);
  });
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records,
      skipped: [],
      headerRow: 1,
      notes:
        'Header row 1 (A–L):党员姓名, 性 别, 公民身份号码, 出生\\n年月, 民 族, 文化程度, 党员类型, 加入党组织日期, ' +
        '转为正式党员日期, 手机号码, 工作单位及职务 (unknown), 是否失联 (unknown). Members rows 2–6; dates are text ' +
        'YYYY-MM-DD.',
    },
  };
}

export const ID_BY_VALUES_HEADERS = [
  '序号',
  '姓名',
  '性别',
  '出生日期',
  '证件号',
  '人员类别',
  '入党时间',
  '转正时间',
] as const;

/**
 * An ID column recognisable only by its values: its header is 证件号 (not a usual alias), its cells valid
 * 18-character ID numbers.
 */
export async function idColumnByValues(): Promise<Fixture> {
  const wb = newWorkbook();
  const sheet = '党员花名册';
  const ws = wb.addWorksheet(sheet);
  putHeader(ws, 1, ID_BY_VALUES_HEADERS);
  const records = people(4, 6).map((p, i) => {
    const row = 2 + i;
    putRow(ws, row, [i + 1, p.name, p.gender, p.birthDate, p.idNumber, p.status, p.joinDate, p.fullDate ?? null]);
    return expectedOf(p, sheet, row);
  });
  return {
    file: await toBuffer(wb),
    expect: {
      sheets: [sheet],
      records,
      skipped: [],
      headerRow: 1,
      notes: 'Column E headed 证件号 holds the 18-character ID numbers; members rows 2–5.',
    },
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = [
  '刚',
  '静',
  '伟',
  '芳',
  '强',
  '敏',
  '洋',
  '杰',
  '霞',
  '磊',
  '丽',
  '军',
  '燕',
  '斌',
  '红',
  '建国',
  '秀英',
];
const BIG_BIRTH_START = Date.UTC(1950, 0, 1);
const BIG_BIRTH_DAYS = 18_000;

function isoOfUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A plain roster for benchmarks: header in row 1 (canonical names), `rows` generated members below, no trouble.
 * ID numbers are unique (birth date and sequence derived from the row index); dates are valid text YYYY-MM-DD.
 * Written with the streaming writer; `expect.records` is left empty to save memory. The same rows with another
 * `phonePrefix` are an edited copy of the roll (every phone number changed).
 */
export async function bigRoster(rows: number, opts: { phonePrefix?: string } = {}): Promise<Fixture> {
  const phonePrefix = opts.phonePrefix ?? '138';
  if (rows > BIG_BIRTH_DAYS * 500) throw new RangeError('too many rows for unique ID numbers');
  const sheet = '党员花名册';
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet(sheet);
  ws.addRow([...CANONICAL_HEADERS]).commit();
  for (let i = 0; i < rows; i++) {
    const birthMs = BIG_BIRTH_START + (i % BIG_BIRTH_DAYS) * 86_400_000;
    const birth = isoOfUtcMs(birthMs);
    const male = i % 3 !== 1;
    const seq = String(Math.floor(i / BIG_BIRTH_DAYS) * 2 + (male ? 1 : 0)).padStart(3, '0');
    const first17 = `339901${birth.replaceAll('-', '')}${seq}`;
    const probationary = i % 17 === 0 && Number(birth.slice(0, 4)) >= 1990;
    // Joined at 18 years (6588 days) or up to 3000 days later: the latest full date is mid-2026.
    const join = probationary
      ? `2026-0${1 + (i % 9)}-15`
      : isoOfUtcMs(birthMs + (18 * 366 + (i % 3_000)) * 86_400_000).replace(/-02-29$/, '-02-28');
    const surname = SURNAMES[i % SURNAMES.length] ?? '王';
    const given = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] ?? '伟';
    ws.addRow([
      i + 1,
      surname + given,
      male ? '男' : '女',
      birth,
      '汉族',
      '大学本科',
      first17 + checkDigitOf(first17),
      probationary ? '预备党员' : '正式党员',
      join,
      probationary ? null : nextYear(join),
      `${phonePrefix}${String(i).padStart(8, '0')}`,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  await done;
  return {
    file: Buffer.concat(chunks),
    expect: {
      sheets: [sheet],
      records: [],
      skipped: [],
      headerRow: 1,
      notes: `${rows} members in rows 2–${rows + 1}; every row is a valid record with a unique ID number.`,
    },
  };
}
