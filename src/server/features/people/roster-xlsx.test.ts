import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { checkDigitOf } from '../../../domain/people/id-number.ts';
import {
  buildRosterTemplate,
  normalizeHeader,
  parseRosterDate,
  type RosterExportRow,
  readRoster,
  writeRosterExport,
} from './roster-xlsx.ts';

const HEADERS = [
  '序号',
  '姓名',
  '性别',
  '民族',
  '出生日期',
  '学历',
  '身份证号',
  '联系电话',
  '所在党组织',
  '人员类别',
  '入党日期',
  '转正日期',
  '申请入党日期',
  '是否流动党员',
  '是否离退休',
];

function idNumber(birth: string, seq: string): string {
  const first17 = `339901${birth}${seq}`;
  return first17 + checkDigitOf(first17);
}

async function workbook(rows: unknown[][], sheet = '党员花名册'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('roster header matching', () => {
  test('tolerates spaces, the required-column star, full-width brackets and a bracketed hint', () => {
    for (const [raw, expected] of [
      [' 姓名 ', '姓名'],
      ['姓名*', '姓名'],
      ['＊人员类别', '人员类别'],
      ['出生日期（YYYY-MM-DD）', '出生日期'],
      ['身份证号 (18位) *', '身份证号'],
      ['是否流动党员（是/否）', '是否流动党员'],
    ] as const) {
      assert.equal(normalizeHeader(raw), expected, raw);
    }
  });
});

/** The day the reader recognises ID-number columns on (a fixed one: the reader takes no clock of its own). */
const READ_TODAY = '2026-12-06';

describe('roster dates', () => {
  const cases: [unknown, string | null | RegExp][] = [
    [utc(2020, 7, 1), '2020-07-01'],
    ['2020-07-01', '2020-07-01'],
    ['2020/7/1', '2020-07-01'],
    ['2020.07.01', '2020-07-01'],
    ['2020年7月1日', '2020-07-01'],
    ['２０２０年７月１日', '2020-07-01'],
    ['20200701', '2020-07-01'],
    [20200701, '2020-07-01'],
    [44013, '2020-07-01'], // a date serial whose cell lost its date format
    [null, null],
    ['2023-02-29', /不是有效日期/],
    ['2020.07', /只有年月/],
    ['去年七月', /不是有效日期/],
    [1985, /不是有效日期/],
    [2020.07, /只有年月/], // “2020.07” typed into a cell: Excel keeps the number 2020.07
    [1980.1, /无法区分是1980年1月还是10月/], // “1980.10” typed into a cell: Excel keeps 1980.1
    [198003, /只有年月/],
  ];
  for (const [input, expected] of cases) {
    test(`reads ${input instanceof Date ? input.toISOString() : JSON.stringify(input)}`, () => {
      const r = parseRosterDate(input as Parameters<typeof parseRosterDate>[0]);
      if (expected instanceof RegExp) {
        assert.equal(r.ok, false);
        assert.match(r.ok ? '' : r.message, expected);
      } else {
        assert.deepEqual(r, { ok: true, value: expected });
      }
    });
  }
});

describe('reading a roster workbook', () => {
  test('reads columns in any order, skips a title row and blank or pre-numbered rows, accepts common variants', async () => {
    const file = await workbook([
      ['甲一村党支部党员花名册'],
      ['人员类别*', ' 姓名 *', '学历', '身份证号', '出生日期', '性别', '是否流动党员', '序号', '入党日期'],
      ['党员', '张  三', '本科', idNumber('19850701', '001'), utc(1985, 7, 1), '男', '是', 1, '2010-07-01'],
      [null, null, null, null, null, null, null, 2, null],
      ['积极分子', '李四', '大专', null, '1990/3/2', '女', null, 3, null],
      ['申请人', '王五', '硕士', null, null, null, '否', 4, null],
      ['入党申请人', '赵六', '小学', null, null, null, null, 5, null],
    ]);
    const sheet = await readRoster(file, { today: READ_TODAY });
    assert.deepEqual(sheet.issues, []);
    assert.equal(sheet.total, 4);
    const [a, b, c, d] = sheet.records;
    assert.equal(a!.row, 3);
    assert.equal(a!.name, '张三');
    assert.equal(a!.status, 'full');
    assert.equal(a!.education, 'bachelor');
    assert.equal(a!.birthDate, '1985-07-01');
    assert.equal(a!.isFloating, true);
    assert.equal(a!.joinDate, '2010-07-01');
    assert.equal(b!.row, 5);
    assert.equal(b!.status, 'activist');
    assert.equal(b!.education, 'college');
    assert.equal(b!.birthDate, '1990-03-02');
    assert.equal(c!.status, 'applicant');
    assert.equal(c!.education, 'postgraduate');
    assert.equal(c!.isFloating, false);
    assert.equal(d!.education, 'junior_or_below');
    assert.equal(sheet.preview[0]!.姓名, '张  三');
    assert.equal(sheet.preview[0]!.出生日期, '1985-07-01');
  });

  test('names the row and column of every unreadable cell, all rows included', async () => {
    const file = await workbook([
      HEADERS,
      [
        1,
        '张三',
        '男性',
        null,
        '1985-13-01',
        '本科',
        // biome-ignore lint/correctness/noPrecisionLoss: an ID number typed as a number loses digits; that is the case tested
        339901198507010016,
        null,
        null,
        '正式党员',
        '2010-07-01',
        null,
        null,
        '也许',
        null,
      ],
      [2, '李四', '未知', null, null, '幼儿园', null, null, null, '群众', null, null, null, null, null],
      [3, '王五', null, null, null, null, null, null, null, null, null, null, null, null, null],
    ]);
    const sheet = await readRoster(file, { today: READ_TODAY });
    assert.deepEqual(
      sheet.issues.map((i) => `${i.row} ${i.column}`),
      ['2 出生日期', '2 身份证号', '2 是否流动党员', '3 性别', '3 学历', '3 人员类别', '4 人员类别'],
    );
    const id = sheet.issues.find((i) => i.column === '身份证号')!;
    assert.match(id.message, /存成了数字/);
    assert.match(id.message, /文本/);
    assert.match(sheet.issues.find((i) => i.row === 3 && i.column === '人员类别')!.message, /“群众”不是可选的值/);
    assert.match(sheet.issues.find((i) => i.row === 4)!.message, /请填写人员类别/);
    assert.equal(sheet.records.length, 3);
  });

  test('an unknown column is ignored with a warning; a missing required one is an error at the header row', async () => {
    const wrong = await readRoster(
      await workbook([
        ['名字', '人员类别', '性别'],
        ['张三', '正式党员', '男'],
      ]),
      { today: READ_TODAY },
    );
    assert.deepEqual(wrong.records, []);
    assert.deepEqual(
      wrong.issues.map((i) => [i.row, i.column]),
      [[1, '姓名']],
    );
    assert.match(wrong.issues[0]!.message, /缺少必填列“姓名”/);
    assert.deepEqual(wrong.warnings, ['第A列“名字”不是党员花名册的列，已忽略']);
    assert.deepEqual(wrong.mapping, { 名字: null, 人员类别: 'status', 性别: 'gender' });

    const dup = await readRoster(
      await workbook([
        ['姓名', '人员类别', '姓名*'],
        ['张三', '正式党员', '张三'],
      ]),
      { today: READ_TODAY },
    );
    assert.deepEqual(dup.issues, []);
    assert.deepEqual(dup.warnings, ['第C列“姓名*”与第A列是同一项，已忽略（以第A列为准）']);
    assert.equal(dup.records.length, 1);

    const headless = await readRoster(
      await workbook([
        ['姓名', '人员类别'],
        ['张三', '正式党员', '备注内容'],
      ]),
      { today: READ_TODAY },
    );
    assert.deepEqual(headless.issues, []);
    assert.deepEqual(headless.warnings, ['第C列有数据但没有列名，无法确定含义，已忽略']);

    const none = await readRoster(
      await workbook([
        ['甲', '乙'],
        ['张三', '正式党员'],
      ]),
      { today: READ_TODAY },
    );
    assert.equal(none.issues.length, 1);
    assert.match(none.issues[0]!.message, /没有找到党员花名册的表头/);
  });

  test('a file that is not an .xlsx, or holds no data, is one whole-file error', async () => {
    const notXlsx = '文件不是 Excel 表格（.xlsx 或 .xls），可能是改了扩展名的其他格式';
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    for (const bytes of [
      Buffer.from('姓名,人员类别\n张三,正式党员\n'),
      png,
      Buffer.from('PK\x03\x04 broken zip'),
      Buffer.alloc(0),
    ]) {
      const r = await readRoster(bytes, { today: READ_TODAY });
      assert.deepEqual(r.issues, [
        { row: null, column: null, message: notXlsx, msg: { key: 'err.imp.file.notSpreadsheet' } },
      ]);
    }
    const xls = await readRoster(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), {
      today: READ_TODAY,
    });
    assert.match(xls.issues[0]!.message, /另存为/);

    const noSheet = Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer());
    const headerOnly = await workbook([HEADERS]);
    const blank = await workbook([]);
    for (const f of [noSheet, headerOnly, blank]) {
      const r = await readRoster(f, { today: READ_TODAY });
      assert.deepEqual(r.issues, [
        { row: null, column: null, message: '文件中没有数据行', msg: { key: 'err.imp.file.noRows' } },
      ]);
      assert.equal(r.total, 0);
    }
  });
});

describe('the import template', () => {
  test('has the header alone on 党员花名册 (required columns starred, frozen, ID as text, dropdowns) and instructions on 填写说明', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildRosterTemplate()) as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['党员花名册', '填写说明'],
    );
    const ws = wb.getWorksheet('党员花名册')!;
    assert.equal(ws.rowCount, 1);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(
      header.map((h) => String(h).replace('*', '')),
      HEADERS,
    );
    assert.equal(header[1], '姓名*');
    assert.equal(header[9], '人员类别*');
    assert.equal(ws.getRow(1).getCell(2).font?.bold, true);
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal(ws.getColumn(7).numFmt, '@');
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } })
      .dataValidations.model;
    const lists = Object.values(validations).map((v) => v.formulae[0]);
    assert.ok(lists.includes('"男,女"'), JSON.stringify(lists));
    assert.ok(lists.some((l) => l?.includes('正式党员')));
    const help = wb.getWorksheet('填写说明')!;
    const text = JSON.stringify(help.getSheetValues());
    assert.match(text, /示例/);
    assert.match(text, /文本/);
  });

  test('read back as it is, the template has no data rows', async () => {
    const r = await readRoster(await buildRosterTemplate(), { today: READ_TODAY });
    assert.deepEqual(r.issues, [
      { row: null, column: null, message: '文件中没有数据行', msg: { key: 'err.imp.file.noRows' } },
    ]);
  });
});

function exportRow(i: number): RosterExportRow {
  return {
    id: i,
    name: `党员${i}`,
    gender: i % 2 ? 'male' : 'female',
    ethnicity: '汉族',
    birthDate: '1980-05-06',
    birthYearMonth: '1980-05',
    age: 46,
    education: 'bachelor',
    idNumber: '339901********123*',
    phone: '138****0000',
    status: 'full',
    orgId: 1,
    orgName: '甲一村党支部',
    orgCode: 'A1a',
    joinDate: '2010-07-01',
    fullDate: '2011-07-01',
    appliedOn: null,
    isFloating: false,
    isRetired: i % 3 === 0,
  };
}

async function collect(write: (out: PassThrough) => Promise<number>): Promise<{ n: number; data: Buffer }> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const n = await write(out);
  await ended;
  return { n, data: Buffer.concat(parts) };
}

/** The export's header: the template's, the organisation by code with its name beside it, and 人员编号 last. */
const EXPORT_HEADERS = [
  ...HEADERS.slice(0, 8),
  '所在党组织（编码）',
  '所在党组织名称',
  ...HEADERS.slice(9),
  '人员编号',
];

describe('the roster export', () => {
  test('writes the import columns with labels, real dates, the organisation code and the ID number as given; it reads back as a roster', async () => {
    async function* batches() {
      yield [exportRow(1), exportRow(2)];
      yield [exportRow(3)];
    }
    const { n, data } = await collect((out) => writeRosterExport(batches(), out));
    assert.equal(n, 3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('党员花名册')!;
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), EXPORT_HEADERS);
    assert.equal(ws.getRow(1).getCell(1).font?.bold, true);
    const row = (ws.getRow(2).values as unknown[]).slice(1);
    assert.deepEqual(row.slice(0, 4), [1, '党员1', '男', '汉族']);
    assert.deepEqual(row[4], utc(1980, 5, 6));
    assert.equal(row[6], '339901********123*');
    assert.deepEqual(row.slice(8, 11), ['A1a', '甲一村党支部', '正式党员']);
    assert.deepEqual(row.slice(14), ['否', '否', 1]);
    assert.equal(ws.getRow(4).getCell(16).value, '是');
    // The export's layout is the import's: the organisation by code, the person by 人员编号, masked cells kept as such
    // (the import service decides what they stand for), the name column not read.
    const back = await readRoster(data, { today: READ_TODAY });
    assert.equal(back.total, 3);
    assert.deepEqual(back.issues, []);
    assert.deepEqual(
      [...back.present].sort(),
      [
        'birthDate',
        'education',
        'ethnicity',
        'fullDate',
        'gender',
        'idNumber',
        'isFloating',
        'isRetired',
        'joinDate',
        'name',
        'org',
        'orgName',
        'appliedOn',
        'personId',
        'phone',
        'seq',
        'status',
      ].sort(),
    );
    const first = back.records[0]!;
    assert.equal(first.birthDate, '1980-05-06');
    assert.equal(first.org, 'A1a');
    assert.equal(first.personId, 1);
    assert.equal(first.idNumber, null);
    assert.deepEqual(first.masked, { idNumber: '339901********123*', phone: '138****0000', birthYearMonth: null });
    assert.equal(back.records[2]!.isRetired, true);
    assert.equal(back.records[2]!.personId, 3);
  });

  test('a reduced row (no birth date, only 出生年月) is written as year-month text, never as a date of some day', async () => {
    async function* batches() {
      yield [{ ...exportRow(1), birthDate: null }];
    }
    const { data } = await collect((out) => writeRosterExport(batches(), out));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    assert.equal(wb.getWorksheet('党员花名册')!.getRow(2).getCell(5).value, '1980-05');
    // Read back, the year-month is kept as what a reduced export wrote, not refused as a date cut short.
    const back = await readRoster(data, { today: READ_TODAY });
    assert.deepEqual(back.issues, []);
    assert.equal(back.records[0]!.birthDate, null);
    assert.equal(back.records[0]!.masked.birthYearMonth, '1980-05');
  });

  test('a 人员编号 that is not a positive whole number is a cell problem; the name column is never read', async () => {
    const file = await workbook([
      ['姓名', '人员类别', '所在党组织名称', '人员编号'],
      ['张三', '正式党员', '<随便写>', 12],
      ['李四', '正式党员', null, 'abc'],
      ['王五', '正式党员', null, 0],
      [null, null, '只有名称', 15],
    ]);
    const r = await readRoster(file, { today: READ_TODAY });
    assert.equal(r.total, 3, 'a row with only the name or 人员编号 is no data row');
    assert.deepEqual(
      r.issues.map((i) => [i.row, i.column]),
      [
        [3, '人员编号'],
        [4, '人员编号'],
      ],
    );
    assert.equal(r.records[0]!.personId, 12);
  });

  test('streams 20,000 rows', async () => {
    const total = 20_000;
    async function* batches() {
      for (let i = 0; i < total; i += 5000) yield Array.from({ length: 5000 }, (_, k) => exportRow(i + k + 1));
    }
    const started = performance.now();
    const { n, data } = await collect((out) => writeRosterExport(batches(), out));
    const ms = performance.now() - started;
    assert.equal(n, total);
    console.log(`# roster export: ${total} rows, ${(data.length / 1024 / 1024).toFixed(1)} MB in ${ms.toFixed(0)} ms`);
  });
});
