import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';
import { excelSerialOf } from '../../test/workbook-fixtures.ts';

/**
 * A 会议台账 as a district keeps it for its branches: a title row, a two-row merged header (会议时间 over 开始 and 结束,
 * 参会人数 over 应到 and 实到), the organisation of each meeting in its own column, dates as text and as Excel
 * numbers, times as text and as Excel fractions, kinds by what ledgers call them. A bad row refuses the whole file
 * with Chinese errors by row and column and writes nothing; a good file imports once (imported again it adds
 * nothing); the errors come back as a marked workbook; another district's organisation is refused.
 */

type Cell = string | number | Date | null;

async function ledger(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会议台账');
  ws.getCell('A1').value = '甲一镇党委2026年“三会一课”台账';
  ws.mergeCells('A1:J1');
  ws.getRow(2).values = [
    '序号',
    '组织',
    '会议日期',
    '会议时间',
    null,
    '会议类别',
    '会议主题',
    '参会人数',
    null,
    '纪要',
  ];
  ws.getRow(3).values = [null, null, null, '开始', '结束', null, null, '应到', '实到', null];
  for (const c of ['A', 'B', 'C', 'F', 'G', 'J']) ws.mergeCells(`${c}2:${c}3`);
  ws.mergeCells('D2:E2');
  ws.mergeCells('H2:I2');
  rows.forEach((row, i) => {
    ws.getRow(4 + i).values = row;
  });
  ws.getColumn(3).eachCell((cell) => {
    if (typeof cell.value === 'number') cell.numFmt = 'yyyy-mm-dd';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeOnEngines('organisational life: a 会议台账 with merged headers, organisations and counts', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let other: string;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-04-02T02:00:00Z') });
    district = await loginAs(app, fx.users.aAdmin.username);
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  const upload = (cookie: string, url: string, file: Buffer) => {
    const body = multipartBody({}, [{ field: 'file', filename: '会议台账.xlsx', data: file }]);
    return app.inject({ method: 'POST', url, headers: { ...body.headers, cookie }, payload: body.payload });
  };
  const counts = async () =>
    (
      await sql<{ meeting: number; audit: number }>`select
        (select count(*)::int from meeting) as meeting,
        (select count(*)::int from audit_log where action = 'meeting.import') as audit`.execute(ctx.database.db)
    ).rows[0]!;

  const good = (): Cell[][] => [
    [1, '甲一村党支部', '2026年3月5日', '14:30', '16:00', '支委会', '研究发展党员工作', 5, 5, '讨论了入党积极分子名单'],
    [2, '甲一村党支部', excelSerialOf('2026-03-12'), 0.375, 0.4375, '党员大会', '接收预备党员', 30, 26, '表决通过'],
    [3, '', '2026.2.20', '9:00', null, '主题党日活动', '重温入党誓词', null, null, null],
    [4, '甲一村第一党小组', '2026-03-18', null, null, '小组会', '学习党章', 8, 7, '交流体会'],
  ];

  test('a bad row: every problem by row and column, in Chinese, and nothing written', async () => {
    const rows = good();
    rows.push(
      [5, '丙村党支部', '2026年13月1日', '25:00', null, '座谈会', '听取意见', 'ten', 3, null],
      [6, '甲一村党支部', '2026年3月5日', '14:30', '16:00', '支部委员会', '研究发展党员工作', 5, 6, null],
    );
    const before = await counts();
    const res = await upload(district, `/api/meetings/import?orgId=${fx.orgs.a1.id}&commit=true`, await ledger(rows));
    assert.equal(res.statusCode, 422, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'IMPORT_INVALID');
    assert.deepEqual(
      (error.details.errors as { row: number; column: string; message: string }[]).map(
        (e) => `第${e.row}行 ${e.column}：${e.message}`,
      ),
      [
        '第8行 会议日期：“2026年13月1日”不是有效日期，请填写如 2020-07-01 的日期',
        '第8行 开始：时间“25:00”无法识别，请写成“时:分”，如 9:30',
        '第8行 会议类别：会议类型“座谈会”无法识别，应为支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员或民主生活会',
        '第8行 应到：人数“ten”无法识别，请填写整数，如 12',
        '第9行 实到：实到人数 6 多于应到人数 5',
      ],
    );
    assert.deepEqual(await counts(), before);

    // The organisation column: one that is not in the subtree, and the same meeting twice.
    const again = good();
    again.push(
      [5, '乙一村党支部', '2026-03-01', null, null, '党课', '学习党章', null, null, null],
      [6, '甲一村党支部', '2026年3月5日', '15:00', '16:00', '支部委员会', '研究发展党员工作', 5, 5, null],
    );
    const res2 = await upload(district, `/api/meetings/import?orgId=${fx.orgs.a1.id}&commit=true`, await ledger(again));
    assert.equal(res2.statusCode, 422, res2.body);
    assert.deepEqual(
      (res2.json().error.details.errors as { row: number; column: string; message: string }[]).map(
        (e) => `第${e.row}行 ${e.column}：${e.message}`,
      ),
      [
        '第8行 组织：在“甲一镇党委”及其下级组织中找不到“乙一村党支部”，请填写组织全称或组织编码',
        '第9行 会议主题：与第4行是同一会议（组织、日期、会议类型和议题相同）',
      ],
    );
    assert.deepEqual(await counts(), before);

    // The same errors as a marked workbook: the user's file, with an error sheet.
    const marked = await upload(district, `/api/meetings/import/errors?orgId=${fx.orgs.a1.id}`, await ledger(rows));
    assert.equal(marked.statusCode, 200, marked.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked.rawPayload as unknown as ArrayBuffer);
    assert.ok(wb.getWorksheet('会议台账'));
    assert.ok(wb.worksheets.length >= 2);
    assert.deepEqual(await counts(), before);
  });

  test('a good ledger: checked, imported whole with counts and organisations; imported again, nothing is added', async () => {
    const file = await ledger(good());
    const url = `/api/meetings/import?orgId=${fx.orgs.a1.id}`;
    const check = await upload(district, `${url}&commit=false`, file);
    assert.equal(check.statusCode, 200, check.body);
    assert.deepEqual([check.json().committed, check.json().valid, (await counts()).meeting], [false, 4, 0]);

    const res = await upload(district, `${url}&commit=true`, file);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual([r.committed, r.created, r.existing], [true, 4, 0]);
    assert.deepEqual(
      r.rows.map((x: { row: number; kind: string; heldOn: string; orgName: string; outcome: string }) => [
        x.row,
        x.kind,
        x.heldOn,
        x.orgName,
        x.outcome,
      ]),
      [
        [4, 'committee_meeting', '2026-03-05', '甲一村党支部', 'new'],
        [5, 'general_meeting', '2026-03-12', '甲一村党支部', 'new'],
        [6, 'theme_day', '2026-02-20', '甲一镇党委', 'new'],
        [7, 'group_meeting', '2026-03-18', '甲一村第一党小组', 'new'],
      ],
    );
    const stored = await ctx.database.db
      .selectFrom('meeting')
      .select(['org_id', 'held_on', 'start_time', 'end_time', 'expected_count', 'present_count', 'minutes'])
      .orderBy('held_on')
      .execute();
    assert.deepEqual(
      stored.map((m) => [m.org_id, String(m.held_on), m.start_time, m.end_time, m.expected_count, m.present_count]),
      [
        [fx.orgs.a1.id, '2026-02-20', '09:00', null, null, null],
        [fx.orgs.a1a.id, '2026-03-05', '14:30', '16:00', 5, 5],
        [fx.orgs.a1a.id, '2026-03-12', '09:00', '10:30', 30, 26],
        [fx.orgs.a1g.id, '2026-03-18', null, null, 8, 7],
      ],
    );
    const attendance = await sql<{ n: number }>`select count(*)::int as n from meeting_attendance`.execute(
      ctx.database.db,
    );
    assert.equal(attendance.rows[0]!.n, 0);
    // The calendar follows (the kept figures were re-checked in the import's transaction).
    const cal = await app.inject({
      method: 'GET',
      url: `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`,
      headers: { cookie: district },
    });
    assert.equal(cal.statusCode, 200, cal.body);
    const cell = cal
      .json()
      .cells.find((c: { kind: string; month: number }) => c.kind === 'general_meeting' && c.month === 3);
    assert.notEqual(cell?.status, 'missing');

    const before = await counts();
    const again = await upload(district, `${url}&commit=true`, file);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([again.json().created, again.json().existing], [0, 4]);
    assert.ok(
      again
        .json()
        .rows.every((x: { outcome: string; meetingId: number | null }) => x.outcome === 'existing' && x.meetingId),
    );
    assert.equal((await counts()).meeting, before.meeting);
  });

  test('another district cannot import into the organisation', async () => {
    const before = await counts();
    const res = await upload(other, `/api/meetings/import?orgId=${fx.orgs.a1a.id}&commit=true`, await ledger(good()));
    assert.ok([403, 404].includes(res.statusCode), res.body);
    const errs = await upload(other, `/api/meetings/import/errors?orgId=${fx.orgs.a1a.id}`, await ledger(good()));
    assert.ok([403, 404].includes(errs.statusCode), errs.body);
    assert.deepEqual(await counts(), before);
  });
});
