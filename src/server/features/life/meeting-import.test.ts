import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';

/**
 * Importing a meeting ledger (会议台账) through the spreadsheet importer: columns found by their names, dates as text
 * and as numbers, times in their own columns, per-row Chinese errors and nothing written while any row is wrong,
 * then all rows at once with the calendar following.
 */
describeOnEngines('organisational life: importing a 会议台账', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  let member: string;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-04-02T02:00:00Z') });
    secretary = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
  });
  after(() => app.close());

  async function ledger(rows: (string | number | Date | null)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2026年会议台账');
    ws.addRow(['甲一村党支部2026年“三会一课”会议记录台账']);
    ws.mergeCells('A1:G1');
    ws.addRow(['序号', '会议时间', '开始时间', '结束时间', '会议类型', '会议主题', '主持人']);
    for (const r of rows) ws.addRow(r);
    ws.getColumn(2).numFmt = 'yyyy-mm-dd';
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = (cookie: string, file: Buffer, commit: boolean) => {
    const body = multipartBody({}, [{ field: 'file', filename: '会议台账.xlsx', data: file }]);
    return app.inject({
      method: 'POST',
      url: `/api/meetings/import?orgId=${fx.orgs.a1a.id}&commit=${commit}`,
      headers: { ...body.headers, cookie },
      payload: body.payload,
    });
  };
  const count = async () =>
    (
      await ctx.database.db
        .selectFrom('meeting')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  test('a ledger with a wrong row is refused whole, each problem named by row and column', async () => {
    const file = await ledger([
      [1, '2026.1.8', '9:00', '10:30', '支委会', '研究年度工作', '李秀英'],
      [2, '2026年1月25日', null, null, '座谈会', '听取意见', null],
      [3, 46100, 0.375, 0.3, '党课', '', null],
    ]);
    const res = await upload(secretary, file, true);
    assert.equal(res.statusCode, 422, res.body);
    const details = res.json().error.details;
    assert.deepEqual(
      details.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message]),
      [
        [
          4,
          '会议类型',
          '会议类型“座谈会”无法识别，应为支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员或民主生活会',
        ],
        [5, '结束时间', '结束时间 07:12 早于开始时间 09:00'],
        [5, '会议主题', '缺少议题'],
      ],
    );
    assert.equal(Number(await count()), 0);
  });

  test('a right ledger is checked, then imported whole; the calendar follows', async () => {
    const file = await ledger([
      [1, '2026.1.8', '9:00', '10:30', '支委会', '研究年度工作', '李秀英'],
      [2, 46062, '14:30', '16:00', '主题党日活动', '重温入党誓词', null],
      [3, '20260310', null, null, '党课', '学习党章', '李秀英'],
    ]);
    const check = await upload(secretary, file, false);
    assert.equal(check.statusCode, 200, check.body);
    assert.deepEqual([check.json().committed, check.json().valid, Number(await count())], [false, 3, 0]);
    assert.equal((await upload(member, file, true)).statusCode, 403);
    const res = await upload(secretary, file, true);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual([r.committed, r.created], [true, 3]);
    assert.deepEqual(
      r.rows.map((x: { kind: string; heldOn: string }) => [x.kind, x.heldOn]),
      [
        ['committee_meeting', '2026-01-08'],
        ['theme_day', '2026-02-09'],
        ['lecture', '2026-03-10'],
      ],
    );
    const cal = await app.inject({
      method: 'GET',
      url: `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`,
      headers: { cookie: secretary },
    });
    const cell = (kind: string, month: number) =>
      cal.json().cells.find((c: { kind: string; month: number }) => c.kind === kind && c.month === month);
    // Held, but this ledger has no 会议记录 column: flagged (no minutes), never missing.
    assert.equal(cell('lecture', 3).status, 'flagged');
    assert.equal(cell('theme_day', 2).status, 'flagged');
    const first = await ctx.database.db
      .selectFrom('meeting')
      .select(['start_time', 'end_time', 'host'])
      .where('held_on', '=', '2026-01-08')
      .executeTakeFirstOrThrow();
    assert.deepEqual(first, { start_time: '09:00', end_time: '10:30', host: '李秀英' });
  });
});
