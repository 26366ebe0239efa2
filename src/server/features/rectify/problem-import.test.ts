import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs, multipartBody, type OrgRef } from '../../test/factories.ts';

/**
 * A 整改清单 as offices keep it — a title and a form field above a two-row merged header under their own column
 * names, group titles and a note inside the data, a signature block below, deadlines in several encodings — imported
 * through the roster's importer into the district's subtree: a list with an unknown and an ambiguous 责任单位 is
 * refused row by row in Chinese and writes nothing; a clean one registers every problem as 交办 (待认领), tells each
 * responsible organisation once and is audited once; the list exports in the same columns with 整改进展 and 销号情况,
 * and the export imports again (its problems already on the list).
 */

type Cell = string | number | Date | null;

const NOW = new Date('2026-11-23T02:00:00Z');
const TODAY = '2026-11-23';
const LONG = `${'支部委员会会议记录缺少议题和决定事项，'.repeat(15)}部分会议由书记一人决定。${'具体表现为记录简单'.repeat(20)}`;

/**
 * A list laid out as a district's 巡察整改台账: title, form field, the header over rows 3–4 (整改责任 merged over 单位
 * and 责任人), a group title merged across the row, a note row, 以下空白, the signature block and its date.
 */
async function realList(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账');
  ws.getCell('A1').value = '甲区委巡察反馈问题整改清单';
  ws.mergeCells('A1:H1');
  ws.getCell('A2').value = '填报单位：甲区委（盖章）';
  const top = ['序号', '存在问题', '问题来源', '整改举措', '整改责任', null, '完成时限', '备注'];
  const bottom = [null, null, null, null, '单位', '责任人', null, null];
  ws.getRow(3).values = top;
  ws.getRow(4).values = bottom;
  for (const c of ['A', 'B', 'C', 'D', 'G', 'H']) ws.mergeCells(`${c}3:${c}4`);
  ws.mergeCells('E3:F3');
  ws.getCell('A5').value = '一、组织建设方面';
  ws.mergeCells('A5:H5');
  let r = 6;
  for (const row of rows) {
    ws.getRow(r).values = row;
    r++;
  }
  ws.getRow(r).values = [null, '以下空白'];
  ws.getRow(r + 2).values = ['填表人：张敏', null, null, '审核人：王强'];
  ws.getRow(r + 3).values = ['2026年11月20日'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeOnEngines('rectify: a 整改清单 imported from .xlsx and exported again', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string; // a-admin: 甲区委, the issuing side of the import
  let branch: string; // a-sec: 甲一村党支部
  let member: string;
  let first1: OrgRef; // two branches of the same name under 甲一镇党委
  let first2: OrgRef;

  before(async () => {
    fx = await buildFixture(ctx.database);
    first1 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `${fx.orgs.a1.code}-D1`,
      name: '第一党支部',
      type: 'branch',
    });
    first2 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `${fx.orgs.a1.code}-D2`,
      name: '第一党支部',
      type: 'branch',
    });
    app = await buildApp({ database: ctx.database, now: () => NOW });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
  });
  after(() => app.close());

  const upload = (cookie: string, url: string, file: Buffer | null, fields: Record<string, string> = {}) => {
    const body = multipartBody(fields, file ? [{ field: 'file', filename: '整改清单.xlsx', data: file }] : []);
    return app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
  };
  const counts = async () =>
    (
      await sql<{ problem: number; notification: number; audit: number; mapping: number }>`select
        (select count(*)::int from problem) as problem,
        (select count(*)::int from notification) as notification,
        (select count(*)::int from audit_log) as audit,
        (select count(*)::int from import_mapping) as mapping`.execute(ctx.database.db)
    ).rows[0]!;

  test('unknown, ambiguous and missing 责任单位, a bad deadline and source: each refused on its row and column, nothing written', async () => {
    const file = await realList([
      [1, '“三会一课”记录不规范', '巡察反馈', '建立台账', '丙区委', '李秀英', new Date(Date.UTC(2026, 11, 31))],
      [2, '党费收缴不规范', '巡察反馈', '逐月核对', '第一党支部', '王刚', '2026年12月底前'],
      [3, '发展党员程序不规范', '上级交办', '重新审核', '甲一村', '周明', '尽快'],
      [4, '组织生活会质量不高', '自查', '重新召开', null, '周明', '年底前'],
      [5, '党员教育管理松散', '自查', '建立积分制', '甲一镇', '周明', '年底前'],
      [6, '党员教育管理松散', '自查', '建立积分制', '甲一镇党委', '周明', '年底前'],
    ]);
    const before = await counts();
    const res = await upload(district, `/api/problems/import?orgId=${fx.orgs.a.id}&commit=true`, file);
    assert.equal(res.statusCode, 422, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'IMPORT_INVALID');
    assert.equal(error.message, '整改清单有 7 处错误，未导入任何问题');
    const shown = (error.details.errors as { row: number; column: string; message: string }[]).map(
      (e) => `第${e.row}行 ${e.column}：${e.message}`,
    );
    assert.deepEqual(shown, [
      '第6行 整改责任单位：在“甲区委”及其下级组织中找不到“丙区委”，请填写组织全称或组织编码',
      `第7行 整改责任单位：“第一党支部”在“甲区委”下对应 2 个组织（第一党支部（${first1.code}）、第一党支部（${first2.code}）），请填写全称或组织编码`,
      '第8行 问题来源：“上级交办”不是可选的值，可填：巡视反馈、巡察反馈、督查发现、自查、群众反映、检视、讲话点名、其他',
      `第8行 整改责任单位：“甲一村”在“甲区委”下对应 2 个组织（甲一村党支部（${fx.orgs.a1a.code}）、甲一村第一党小组（${fx.orgs.a1g.code}）），请填写全称或组织编码`,
      '第8行 完成时限：“尽快”不是可识别的整改时限，请填写日期（如 2026-12-31）、“2026年12月底前”“年底前”“立行立改”或“长期坚持”',
      '第9行 整改责任单位：请填写责任单位',
      '第11行 存在问题：与第10行是同一问题（问题和责任单位相同）',
    ]);
    assert.deepEqual(await counts(), before);

    const marked = await upload(district, `/api/problems/import/errors?orgId=${fx.orgs.a.id}`, file);
    assert.equal(marked.statusCode, 200, marked.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked.rawPayload as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('导入错误')!;
    assert.equal(summary.rowCount, 8);
    const sheet = wb.getWorksheet('整改台账')!;
    assert.match(String(sheet.getCell('E6').note), /找不到“丙区委”/);
    assert.match(String(sheet.getCell('G8').note), /“尽快”不是可识别的整改时限/);
    assert.deepEqual(await counts(), before);
  });

  let imported: number[] = [];

  test('a clean list: the check writes nothing; the commit registers every problem as 交办, tells each organisation once, one audit row', async () => {
    const file = await realList([
      [
        1,
        '“三会一课”记录不规范',
        '市委第二巡察组反馈',
        '1.建立会议记录台账；\n2.每月检查一次',
        '甲一村党支部（牵头）、甲一镇党委',
        '李秀英',
        new Date(Date.UTC(2026, 11, 31)),
        '巡察组督办',
      ],
      [2, '党费收缴不规范', null, '一是逐月核对，二是公示', '甲一村党支部', '李秀英', '2027年1月底前'],
      ['注：整改时限以区委巡察办通知为准'],
      [3, LONG, '自查', null, '甲一镇', '王刚', 46112],
      [4, '党员信息采集不全', '群众反映', '补录信息', `第一党支部（${first1.code}）`, '赵敏', '立行立改'],
      [5, '谈心谈话不经常', '检视', '建立谈心谈话制度', '甲区委', null, '长期坚持'],
      [6, '“主题党日”活动形式单一', '巡察反馈', null, fx.orgs.a1g.code, null, null],
      [7, '党费收缴合计金额与台账不符', '自查', '逐笔核对', '甲一镇党委', '王刚', '2026年12月31日'],
    ]);
    const before = await counts();
    const check = await upload(district, `/api/problems/import?orgId=${fx.orgs.a.id}&commit=false&source=patrol`, file);
    assert.equal(check.statusCode, 200, check.body);
    const result = check.json();
    assert.equal(result.committed, false);
    assert.deepEqual(result.counts, { new: 7, existing: 0 });
    assert.equal(typeof result.uploadId, 'string');
    assert.deepEqual(result.mapping, {
      序号: 'seq',
      存在问题: 'title',
      问题来源: 'source',
      整改举措: 'measures',
      单位: 'org',
      责任人: 'person',
      完成时限: 'deadline',
      备注: 'note',
    });
    assert.deepEqual(
      result.skipped.map((s: { row: number; reason: string }) => `${s.row} ${s.reason}`),
      [
        '5 跨列合并的文字行（如分组标题）',
        '8 说明或备注行',
        '14 不是问题记录（如“以下空白”“合计”）',
        '16 表格末尾的签字、盖章或日期',
        '17 表格末尾的签字、盖章或日期',
      ],
    );
    assert.deepEqual(
      result.rows.map((r: { row: number; orgName: string; deadline: string | null; source: string }) => [
        r.row,
        r.orgName,
        r.deadline,
        r.source,
      ]),
      [
        [6, '甲一村党支部', '2026-12-31', 'patrol'],
        [7, '甲一村党支部', '2027-01-31', 'patrol'],
        [9, '甲一镇党委', '2026-03-31', 'self_check'],
        [10, '第一党支部', TODAY, 'public'],
        [11, '甲区委', null, 'review'],
        [12, '甲一村第一党小组', '2027-01-23', 'patrol'],
        [13, '甲一镇党委', '2026-12-31', 'self_check'],
      ],
    );
    assert.deepEqual(await counts(), before);

    const commit = await upload(
      district,
      `/api/problems/import?orgId=${fx.orgs.a.id}&commit=true&source=patrol`,
      null,
      {
        uploadId: result.uploadId,
        mapping: JSON.stringify({ 备注: 'note' }),
      },
    );
    assert.equal(commit.statusCode, 200, commit.body);
    const done = commit.json();
    assert.equal(done.committed, true);
    assert.equal(done.created, 7);
    assert.equal(done.notified, 4);
    assert.equal(done.uploadId, undefined);
    imported = done.rows.map((r: { problemId: number }) => r.problemId);
    const after = await counts();
    assert.deepEqual(after, {
      problem: before.problem + 7,
      notification: before.notification + 4,
      audit: before.audit + 1,
      mapping: before.mapping + 1,
    });

    const { rows } = await sql<Record<string, unknown>>`
      select p.title, p.description, p.state, p.source, p.issuer_org_id, p.org_id, p.deadline, p.responsible_person,
        p.found_on
      from problem p where p.id = any(${imported}) order by p.id`.execute(ctx.database.db);
    assert.deepEqual(
      rows.map((r) => [r.state, r.issuer_org_id, r.org_id, r.found_on]),
      [fx.orgs.a1a.id, fx.orgs.a1a.id, fx.orgs.a1.id, first1.id, fx.orgs.a.id, fx.orgs.a1g.id, fx.orgs.a1.id].map(
        (id) => ['open', fx.orgs.a.id, id, TODAY],
      ),
    );
    assert.deepEqual(rows[0], {
      title: '“三会一课”记录不规范',
      description: '【整改措施】\n1. 建立会议记录台账\n2. 每月检查一次\n【配合单位】甲一镇党委\n【备注】巡察组督办',
      state: 'open',
      source: 'patrol',
      issuer_org_id: fx.orgs.a.id,
      org_id: fx.orgs.a1a.id,
      deadline: '2026-12-31',
      responsible_person: '李秀英',
      found_on: TODAY,
    });
    assert.equal(rows[2]!.title, `${'支部委员会会议记录缺少议题和决定事项，'.repeat(15)}部分会议由书记一人决定。`);
    assert.equal(rows[2]!.description, LONG);

    const inbox = await app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: branch } });
    const notices = inbox.json().items.filter((n: { kind: string }) => n.kind === 'problem');
    assert.deepEqual(
      notices.map((n: { title: string; body: string }) => [n.title, n.body]),
      [['甲区委交办了2个问题，请认领整改', '“三会一课”记录不规范\n党费收缴不规范']],
    );
    const audit = await sql<{ action: string; org_id: number }>`
      select action, org_id from audit_log order by id desc limit 1`.execute(ctx.database.db);
    assert.deepEqual(audit.rows[0], { action: 'problem.import', org_id: fx.orgs.a.id });
  });

  test('the imported problems follow the lifecycle: the branch claims one and sets its measures', async () => {
    const id = imported[0]!;
    const fire = (body: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/problems/${id}/events`, headers: { cookie: branch }, payload: body });
    assert.equal((await fire({ event: 'claim', person: '李秀英' })).statusCode, 200);
    const plan = await fire({
      event: 'plan',
      measures: [
        { text: '建立会议记录台账', deadline: '2026-12-15' },
        { text: '每月检查一次', deadline: '2026-12-31' },
      ],
    });
    assert.equal(plan.statusCode, 200, plan.body);
    const progress = await fire({ event: 'progress', note: '已建立台账，完成第一次检查' });
    assert.equal(progress.statusCode, 200, progress.body);
  });

  test('the export: the import’s columns with 整改进展 and 销号情况, names made unique by their code', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/problems/export?orgId=${fx.orgs.a.id}`,
      headers: { cookie: district },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('整改清单')!;
    assert.equal(ws.getCell('A1').value, '甲区委问题整改清单');
    const header = (ws.getRow(2).values as Cell[]).slice(1);
    assert.deepEqual(header, [
      '序号',
      '问题',
      '问题来源',
      '问题类别',
      '整改措施',
      '责任单位',
      '责任人',
      '整改时限',
      '整改进展',
      '销号情况',
      '备注',
    ]);
    const text = (v: ExcelJS.CellValue) =>
      v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v);
    const ours: string[][] = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      ours.push(Array.from({ length: header.length }, (_, i) => text(ws.getRow(r).getCell(i + 1).value)));
    }
    assert.equal(ours.length, 7);
    assert.deepEqual(ours[0], [
      '1',
      '“三会一课”记录不规范',
      '巡察反馈',
      '',
      '1. 建立会议记录台账\n2. 每月检查一次',
      '甲一村党支部、甲一镇党委',
      '李秀英',
      '2026-12-31',
      `整改中：已建立台账，完成第一次检查（${TODAY}）`,
      '未销号',
      '巡察组督办',
    ]);
    assert.equal(ours[1]![4], '1. 逐月核对\n2. 公示');
    assert.equal(ours[1]![8], '待认领');
    assert.equal(ours[2]![1], LONG);
    assert.equal(ours[3]![5], `第一党支部（${first1.code}）`);
    assert.equal(ours[4]![7], '长期坚持');
    assert.equal(ours[5]![5], '甲一村第一党小组');
  });

  test('the export imports again: every row is already on the list and nothing is written twice', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/problems/export?orgId=${fx.orgs.a.id}`,
      headers: { cookie: district },
    });
    const before = await counts();
    const again = await upload(district, `/api/problems/import?orgId=${fx.orgs.a.id}&commit=true`, res.rawPayload);
    assert.equal(again.statusCode, 200, again.body);
    const result = again.json();
    assert.deepEqual(result.counts, { new: 0, existing: 7 });
    assert.deepEqual(
      result.rows.map((r: { problemId: number }) => r.problemId),
      imported,
    );
    assert.deepEqual(result.mapping, {
      序号: 'seq',
      问题: 'title',
      问题来源: 'source',
      问题类别: 'category',
      整改措施: 'measures',
      责任单位: 'org',
      责任人: 'person',
      整改时限: 'deadline',
      整改进展: 'progress',
      销号情况: 'closure',
      备注: 'note',
    });
    assert.deepEqual(await counts(), { ...before, audit: before.audit + 1 });
  });

  test('only the issuing side imports: a 党员 is refused, an organisation outside the scope is not found', async () => {
    const file = await realList([[1, '问题', null, null, '甲一村党支部', null, null]]);
    const refused = await upload(member, `/api/problems/import?orgId=${fx.orgs.a1a.id}`, file);
    assert.equal(refused.statusCode, 403, refused.body);
    const outside = await upload(district, `/api/problems/import?orgId=${fx.orgs.b.id}`, file);
    assert.equal(outside.statusCode, 404, outside.body);
    const notFile = await upload(district, `/api/problems/import?orgId=${fx.orgs.a.id}`, Buffer.from('不是表格'));
    assert.equal(notFile.statusCode, 422, notFile.body);
    assert.match(notFile.json().error.details.errors[0].message, /不是 Excel 表格/);
  });
});
