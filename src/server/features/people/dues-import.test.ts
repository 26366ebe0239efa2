import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs, multipartBody } from '../../test/factories.ts';

/**
 * Importing a dues ledger (党费收缴登记表) through the spreadsheet importer: members found by name and ID number or its
 * last four, months as text, dates and numbers, per-row Chinese errors naming row and column with nothing written
 * while any row is wrong, the error workbook, all rows at once, the same file again adding nothing, and a column
 * mapping the user confirmed remembered for the next file of its shape.
 */
describeOnEngines('people: importing a 党费收缴登记表', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  let other: string;
  let liu1 = { id: 0, idNumber: '' };
  let liu2 = { id: 0, idNumber: '' };

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-09-10T02:00:00Z') });
    secretary = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    for (const [i, birthDate] of ['1985-01-01', '1990-02-02'].entries()) {
      const id = await insertPerson(ctx.database, fx.orgs.a1a, { name: '刘洋', birthDate });
      const row = await ctx.database.db
        .selectFrom('person')
        .select('id_number')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (i === 0) liu1 = { id, idNumber: row.id_number! };
      else liu2 = { id, idNumber: row.id_number! };
    }
  });
  after(() => app.close());

  type Cell = string | number | Date | null;
  async function ledger(header: string[], rows: Cell[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党费收缴登记表');
    ws.addRow(['甲一村党支部2026年党费收缴登记表']);
    ws.mergeCells(1, 1, 1, header.length);
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const HEADER = ['序号', '姓名', '身份证号', '月份', '金额', '备注'];
  const upload = (cookie: string, file: Buffer, url: string, mapping?: Record<string, string | null>) => {
    const body = multipartBody(mapping ? { mapping: JSON.stringify(mapping) } : {}, [
      { field: 'file', filename: '党费收缴登记表.xlsx', data: file },
    ]);
    return app.inject({ method: 'POST', url, headers: { ...body.headers, cookie }, payload: body.payload });
  };
  const importUrl = (commit: boolean) => `/api/dues/import?orgId=${fx.orgs.a1a.id}&commit=${commit}`;
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from dues_payment`.execute(ctx.database.db)).rows[0]!.n;

  test('a ledger with wrong rows is refused whole, each problem named by row and column in Chinese', async () => {
    const file = await ledger(HEADER, [
      [1, '张海生', null, '2026年3月', 20, null],
      [2, '周无名', null, '2026-03', 20, null],
      [3, '刘洋', null, '2026-03', 10, null],
      [4, '李秀英', null, 2026.1, 'abc', null],
      [5, '张海生', null, '2026-03', 20, null],
      [6, '刘洋', '9999', '2026-03', 10, null],
      [7, '李秀英', null, '2026-04', 12.345, null],
    ]);
    const res = await upload(secretary, file, importUrl(true));
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.json().error.message, /党费收缴登记表有 7 处问题，未导入任何记录/);
    assert.deepEqual(
      res
        .json()
        .error.details.errors.map((e: { row: number; column: string; message: string }) => [
          e.row,
          e.column,
          e.message,
        ]),
      [
        [4, '姓名', '“甲一村党支部”及下级组织中没有名为“周无名”的正式或预备党员'],
        [5, '姓名', '有 2 名党员叫“刘洋”，请填写身份证号（或后四位）加以区分'],
        [6, '月份', '“2026.1”被 Excel 存成了数字，无法区分是2026年1月还是10月；请写成 2026-01 或 2026-10'],
        [6, '金额', '金额“abc”无法识别，请填写数字，如 12.50'],
        [7, '月份', '与第3行是同一党员同一月份（2026-03）'],
        [8, '身份证号', '“刘洋”的身份证号与党员信息不符'],
        [9, '金额', '金额“12.345”精确到分（最多两位小数）'],
      ],
    );
    assert.equal(await count(), 0);

    // The error workbook: the same file back, the problems listed on their own sheet.
    const marked = await upload(secretary, file, `/api/dues/import/errors?orgId=${fx.orgs.a1a.id}`);
    assert.equal(marked.statusCode, 200, marked.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked.rawPayload as unknown as ArrayBuffer);
    assert.ok(wb.getWorksheet('党费收缴登记表'));
    const errs = wb.getWorksheet('导入错误');
    assert.ok(errs, 'an 导入错误 sheet');
    const texts: string[] = [];
    errs.eachRow((r) => texts.push(r.values ? JSON.stringify(r.values) : ''));
    assert.ok(texts.some((t) => t.includes('周无名')));
    assert.equal(await count(), 0);
  });

  test('a right ledger: months as text, dates and numbers, by name and ID or its last four; then again, nothing added', async () => {
    const file = await ledger(HEADER, [
      [1, '张海生', null, '2026年3月', 20, null],
      [2, '张海生', null, new Date(Date.UTC(2026, 3, 15)), 20, null],
      [3, '张海生', null, 202605, 20, null],
      [4, '刘洋', liu1.idNumber, 46113, 10, null],
      [5, '刘洋', liu2.idNumber.slice(-4), '2026-04', 8.5, '代缴'],
      [6, '李秀英', null, '2026.6', '12.50元', null],
    ]);
    const check = await upload(secretary, file, importUrl(false));
    assert.equal(check.statusCode, 200, check.body);
    const preview = check.json();
    assert.deepEqual(
      preview.rows.map((r: { personId: number; month: string; amount: number; paidOn: string; outcome: string }) => [
        r.personId,
        r.month,
        r.amount,
        r.paidOn,
        r.outcome,
      ]),
      [
        [fx.people.a1aFull, '2026-03', 20, '2026-03-31', 'new'],
        [fx.people.a1aFull, '2026-04', 20, '2026-04-30', 'new'],
        [fx.people.a1aFull, '2026-05', 20, '2026-05-31', 'new'],
        [liu1.id, '2026-04', 10, '2026-04-30', 'new'],
        [liu2.id, '2026-04', 8.5, '2026-04-30', 'new'],
        [fx.people.a1aSecretary, '2026-06', 12.5, '2026-06-30', 'new'],
      ],
    );
    assert.equal(preview.committed, false);
    assert.equal(await count(), 0, 'a check writes nothing');

    const done = await upload(secretary, file, importUrl(true));
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual([done.json().committed, done.json().created, done.json().existing], [true, 6, 0]);
    assert.equal(await count(), 6);
    const report = (
      await app.inject({
        method: 'GET',
        url: `/api/dues?orgId=${fx.orgs.a1a.id}&year=2026`,
        headers: { cookie: secretary },
      })
    ).json();
    const zhang = report.members.find((m: { personId: number }) => m.personId === fx.people.a1aFull);
    assert.deepEqual(
      zhang.months.slice(2, 5).map((m: { status: string }) => m.status),
      ['paid', 'paid', 'paid'],
    );

    const again = await upload(secretary, file, importUrl(true));
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([again.json().created, again.json().existing], [0, 6]);
    assert.equal(await count(), 6, 'the same file again adds nothing');
  });

  test('paid back more than 6 months before the day paid needs a note; another district cannot import', async () => {
    const file = await ledger(
      ['姓名', '月份', '金额', '交纳日期', '备注'],
      [
        ['王小明', '2026-03', 5, '2026-09-01', null],
        ['李秀英', '2026-02', 5, '2026-09-01', '外出务工，经支委会同意补交'],
      ],
    );
    const res = await upload(secretary, file, importUrl(false));
    assert.equal(res.statusCode, 200, res.body);
    const bad = await ledger(['姓名', '月份', '金额', '交纳日期'], [['王小明', '2026-02', 5, '2026-09-01']]);
    const refused = await upload(secretary, bad, importUrl(false));
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(
      refused
        .json()
        .error.details.errors.map((e: { row: number; column: string; message: string }) => [
          e.row,
          e.column,
          e.message,
        ]),
      [[3, '月份', '2026-02 已超过补交期限（一般不超过 6 个月），如确需补交请填写说明']],
    );
    const foreign = await upload(other, file, importUrl(true));
    assert.ok([403, 404].includes(foreign.statusCode), foreign.body);
    assert.equal(await count(), 6);
  });

  test('a mapping the user confirmed is remembered for the next ledger of the same columns', async () => {
    const odd = ['人员', '期间', '缴款'];
    const file = await ledger(odd, [['王小明', '2026-07', 5]]);
    const unknown = await upload(secretary, file, importUrl(false));
    assert.equal(unknown.statusCode, 422, 'the columns are not recognised by their names');
    const mapping = { 人员: 'name', 期间: 'month', 缴款: 'amount' };
    const given = await upload(secretary, file, importUrl(true), mapping);
    assert.equal(given.statusCode, 200, given.body.slice(0, 900));
    assert.deepEqual([given.json().created, given.json().remembered], [1, false]);
    const next = await ledger(odd, [['王小明', '2026-08', 5]]);
    const again = await upload(secretary, next, importUrl(false));
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().remembered, true);
    assert.deepEqual(again.json().matchedBy, { 人员: 'remembered', 期间: 'remembered', 缴款: 'remembered' });
    assert.deepEqual(
      again.json().rows.map((r: { month: string }) => r.month),
      ['2026-08'],
    );
    const bad = await upload(secretary, next, importUrl(false), { 人员: 'nonsense'.repeat(10) });
    assert.equal(bad.statusCode, 400);
  });
});
