import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { ImportResult } from '../../../contracts/people.ts';
import { type App, buildApp } from '../../app.ts';
import { MAX_UPLOAD_BYTES } from '../../services.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, fakeIdNumber, insertUser, loginAs, multipartBody } from '../../test/factories.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function rosterFile(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员花名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function sheetRows(data: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('党员花名册')!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describeOnEngines('roster import and export API', (ctx) => {
  let app: App;
  let fx: Fixture;
  let aAdmin: string;
  let aSec: string;
  let aMember: string;
  // Roster checks are limited per account: the test of the wizard's choices uses an account of its own.
  let root: string;
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => NOW });
    aAdmin = await loginAs(app, fx.users.aAdmin.username);
    aSec = await loginAs(app, fx.users.aSecretary.username);
    aMember = await loginAs(app, fx.users.aMember.username);
    root = await loginAs(app, fx.users.admin.username);
  });
  after(() => app.close());

  const counts = async () =>
    (
      await sql<{ person: number; audit: number }>`
        select (select count(*)::int from person) as person, (select count(*)::int from audit_log) as audit`.execute(
        ctx.database.db,
      )
    ).rows[0]!;

  const upload = (cookie: string, url: string, data: Buffer, filename = '花名册.xlsx') => {
    const body = multipartBody({}, [{ field: 'file', filename, data, contentType: XLSX }]);
    return app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie } });
  };

  test('the wizard’s mapping and sheet choices are used, refused when malformed, and remembered per organisation', async () => {
    const file = await rosterFile([
      ['名字', '人员类别', '手机号码'],
      ['映射甲', '入党申请人', '13800000001'],
    ]);
    const send = (fields: Record<string, string>, orgId: number, commit: boolean) => {
      const body = multipartBody(fields, [{ field: 'file', filename: '花名册.xlsx', data: file, contentType: XLSX }]);
      return app.inject({
        method: 'POST',
        url: `/api/members/import?orgId=${orgId}&commit=${commit}`,
        payload: body.payload,
        headers: { ...body.headers, cookie: root },
      });
    };
    // Proposed: 名字 is nobody's name, so the required 姓名 is missing.
    const proposed = await send({}, fx.orgs.a1a.id, false);
    assert.equal(proposed.statusCode, 422, proposed.body);
    const details = proposed.json().error.details as ImportResult;
    assert.deepEqual(details.mapping, { 名字: null, 人员类别: 'status', 手机号码: 'phone' });
    assert.deepEqual(
      details.warningMsgs.map((m) => m.key),
      ['notice.imp.col.ignored'],
    );
    assert.match(details.errors[0]!.message, /缺少必填列“姓名”/);

    const before = await counts();
    const mapped = await send(
      { mapping: JSON.stringify({ 名字: 'name' }), sheets: JSON.stringify(['党员花名册']) },
      fx.orgs.a1a.id,
      true,
    );
    assert.equal(mapped.statusCode, 200, mapped.body);
    assert.equal(mapped.json().created, 1);
    assert.equal(mapped.json().matchedBy.名字, 'user');
    assert.deepEqual((await counts()).person, before.person + 1);

    // The next file of this shape into the same organisation maps the same way by itself; another organisation's
    // does not.
    const again = await send({}, fx.orgs.a1a.id, false);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().matchedBy.名字, 'remembered');
    assert.equal(again.json().mapping.名字, 'name');
    const elsewhere = await send({}, fx.orgs.a1.id, false);
    assert.equal(elsewhere.statusCode, 422);
    assert.equal((elsewhere.json().error.details as ImportResult).mapping.名字, null);

    const malformed: Record<string, string>[] = [
      { mapping: '{not json' },
      { mapping: JSON.stringify(['姓名']) },
      { sheets: '"党员花名册"' },
    ];
    for (const bad of malformed) {
      const res = await send(bad, fx.orgs.a1a.id, false);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().error.message, /导入选项“(mapping|sheets)”格式不正确/);
    }
    const unknownField = await send({ mapping: JSON.stringify({ 名字: 'nickname' }) }, fx.orgs.a1a.id, false);
    assert.equal(unknownField.statusCode, 422);
    assert.match(
      (unknownField.json().error.details as ImportResult).errors[0]!.message,
      /“名字”对应的“nickname”不是党员花名册的字段/,
    );
    assert.deepEqual((await counts()).person, before.person + 1, 'nothing else was written');
  });

  test('the error workbook is the user’s own file with each bad cell red and commented, and a list of problems', async () => {
    const good = fakeIdNumber('1984-04-04', 'male');
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const file = await rosterFile([
      ['某村党支部党员花名册'],
      ['序号', '姓名', '身份证号', '人员类别', '入党日期', '备用列'],
      [1, '标注甲', bad, '正式党员', '2010-07-01', '留着'],
      [2, '标注乙', null, '群众', '2010-13-01', null],
      [3, '标注丙', null, '入党申请人', null, null],
    ]);
    const upload = (data: Buffer, orgId: number) => {
      const body = multipartBody({}, [{ field: 'file', filename: '花名册.xlsx', data, contentType: XLSX }]);
      return app.inject({
        method: 'POST',
        url: `/api/members/import/errors?orgId=${orgId}`,
        payload: body.payload,
        headers: { ...body.headers, cookie: aSec },
      });
    };
    const before = await counts();
    const res = await upload(file, fx.orgs.a1a.id);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], XLSX);
    assert.match(String(res.headers['content-disposition']), /^attachment;/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('党员花名册')!;
    // The user's own cells, as they were.
    assert.equal(ws.getCell('A1').value, '某村党支部党员花名册');
    assert.equal(ws.getCell('F3').value, '留着');
    const red = (addr: string) => (ws.getCell(addr).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    const note = (addr: string) => {
      const n = ws.getCell(addr).note;
      return typeof n === 'string' ? n : (n?.texts ?? []).map((t) => t.text).join('');
    };
    assert.equal(red('C3'), 'FFFFC7CE');
    assert.match(note('C3'), /校验位错误/);
    assert.equal(red('D4'), 'FFFFC7CE');
    assert.match(note('D4'), /“群众”不是可选的值/);
    assert.match(note('E4'), /不是有效日期/);
    assert.equal(red('B5'), undefined, 'a good row is left alone');
    const list = wb.getWorksheet('导入错误')!;
    const rows: unknown[][] = [];
    list.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    assert.deepEqual(rows[0], ['工作表', '行', '列', '问题']);
    assert.ok(
      rows.some((r) => r[1] === 3 && r[2] === '身份证号'),
      JSON.stringify(rows),
    );
    assert.deepEqual((await counts()).person, before.person, 'nothing imported');

    const clean = await rosterFile([
      ['姓名', '人员类别'],
      ['标注丁', '入党申请人'],
    ]);
    const none = await upload(clean, fx.orgs.a1a.id);
    assert.equal(none.statusCode, 422);
    assert.match(none.json().error.message, /没有发现错误/);
    const notAFile = await upload(Buffer.from('不是表格'), fx.orgs.a1a.id);
    assert.equal(notAFile.statusCode, 422);
    assert.match(notAFile.json().error.details.errors[0].message, /不是 Excel 表格/);
  });

  test('the template downloads as an attachment and, filled in, imports', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/members/import-template', headers: { cookie: aSec } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], XLSX);
    const disposition = String(res.headers['content-disposition']);
    assert.match(disposition, /^attachment;/);
    assert.ok(disposition.includes(`filename*=UTF-8''${encodeURIComponent('党员花名册导入模板.xlsx')}`), disposition);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('党员花名册')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const fill = (values: Record<string, string | Date>) =>
      ws.addRow(header.map((h) => values[h.replace('*', '')] ?? null));
    fill({
      姓名: '模板甲',
      性别: '男',
      身份证号: fakeIdNumber('1983-03-03', 'male'),
      人员类别: '正式党员',
      入党日期: new Date(Date.UTC(2008, 6, 1)),
      转正日期: '2009-07-01',
    });
    fill({ 姓名: '模板乙', 人员类别: '入党申请人', 申请入党日期: '2026-10-01' });
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const beforeCounts = await counts();
    const imported = await upload(aSec, `/api/members/import?orgId=${fx.orgs.a1a.id}&commit=true`, filled);
    assert.equal(imported.statusCode, 200, imported.body);
    const { preview, rows, mapping, matchedBy, sheetCandidates, ...summary } = imported.json() as {
      preview: Record<string, string>[];
      rows: unknown[];
      mapping: Record<string, string | null>;
      matchedBy: Record<string, string>;
      sheetCandidates: unknown[];
    };
    assert.deepEqual(summary, {
      committed: true,
      total: 2,
      valid: 2,
      created: 2,
      updated: 0,
      counts: { new: 2, changed: 0, unchanged: 0 },
      rowsOmitted: 0,
      errors: [],
      sheets: ['党员花名册'],
      skipped: [],
      warnings: [],
      warningMsgs: [],
    });
    // The template's own headers map to their fields by name, starred or not.
    assert.equal(mapping['姓名*'], 'name');
    assert.equal(matchedBy['姓名*'], 'header');
    assert.ok(Object.values(mapping).every((f) => f !== null));
    assert.equal(sheetCandidates.length, 2);
    assert.equal(rows.length, 2);
    assert.equal(preview[0]!.姓名, '模板甲');
    assert.deepEqual(await counts(), { person: beforeCounts.person + 2, audit: beforeCounts.audit + 1 });
  });

  test('a dry run answers counts and a preview, writes no person and audits itself (counts only)', async () => {
    const file = await rosterFile([
      ['姓名', '人员类别', '所在党组织'],
      ['预览甲', '积极分子', fx.orgs.a1a.code],
    ]);
    const beforeCounts = await counts();
    const res = await upload(aAdmin, `/api/members/import?orgId=${fx.orgs.a.id}`, file);
    assert.equal(res.statusCode, 200, res.body);
    const { uploadId, ...answer } = res.json() as ImportResult;
    assert.match(uploadId ?? '', /^[A-Za-z0-9_-]{22}$/, 'the check keeps the file for the commit');
    assert.deepEqual(answer, {
      committed: false,
      total: 1,
      valid: 1,
      created: 0,
      updated: 0,
      counts: { new: 1, changed: 0, unchanged: 0 },
      rows: [{ row: 2, kind: 'new', name: '预览甲', personId: null, changes: [] }],
      rowsOmitted: 0,
      errors: [],
      preview: [{ 姓名: '预览甲', 人员类别: '积极分子', 所在党组织: fx.orgs.a1a.code }],
      sheets: ['党员花名册'],
      sheetCandidates: [{ name: '党员花名册', hidden: false, hasTable: true, headerRow: 1 }],
      mapping: { 姓名: 'name', 人员类别: 'status', 所在党组织: 'org' },
      matchedBy: { 姓名: 'header', 人员类别: 'header', 所在党组织: 'header' },
      skipped: [],
      warnings: [],
      warningMsgs: [],
    });
    assert.deepEqual(await counts(), { person: beforeCounts.person, audit: beforeCounts.audit + 1 });
    const log = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(log.action, 'roster.dry_run');
    assert.equal(log.actor_id, fx.users.aAdmin.id);
    assert.equal(log.org_id, fx.orgs.a.id);
  });

  test('a check keeps the file: the next check and the commit send its uploadId only, for its uploader only', async () => {
    const file = await rosterFile([
      ['姓名', '人员类别', '所在党组织'],
      ['暂存甲', '积极分子', fx.orgs.b.code],
      ['暂存乙', '入党申请人', fx.orgs.b.code],
    ]);
    // Accounts of their own: roster checks are limited per account.
    const uploader = await insertUser(ctx.database, 'b-upload-admin', 'orgadmin', fx.orgs.b);
    const otherUser = await insertUser(ctx.database, 'b-upload-other', 'orgadmin', fx.orgs.b);
    const bAdmin = await loginAs(app, uploader.username);
    const otherAdmin = await loginAs(app, otherUser.username);
    const byId = (cookie: string, uploadId: string, commit: boolean, fields: Record<string, string> = {}) => {
      const body = multipartBody({ ...fields, uploadId });
      return app.inject({
        method: 'POST',
        url: `/api/members/import?orgId=${fx.orgs.b.id}&commit=${commit}`,
        payload: body.payload,
        headers: { ...body.headers, cookie },
      });
    };
    const checked = await upload(bAdmin, `/api/members/import?orgId=${fx.orgs.b.id}`, file);
    assert.equal(checked.statusCode, 200, checked.body);
    const uploadId = (checked.json() as ImportResult).uploadId!;
    assert.ok(uploadId);
    const kept = await ctx.database.db
      .selectFrom('import_upload')
      .select(['user_id', 'list', 'format'])
      .where('id', '=', uploadId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(kept, { user_id: uploader.id, list: 'roster', format: 'xlsx' });

    // Another account cannot use it, not even one that may import there (the id says nothing of whose it is).
    const other = await byId(otherAdmin, uploadId, true);
    assert.equal(other.statusCode, 410, other.body);
    assert.equal(other.json().error.code, 'UPLOAD_EXPIRED');
    assert.equal(other.json().error.key, 'err.import.uploadExpired');
    // A check again with a changed choice reads the kept workbook: same rows, the choice applied.
    const again = await byId(bAdmin, uploadId, false, { mapping: JSON.stringify({ 所在党组织: null }) });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal((again.json() as ImportResult).mapping.所在党组织, null);
    assert.equal((again.json() as ImportResult).uploadId, uploadId);
    // A malformed id is refused as a bad choice; neither a file nor an id: pick a file.
    const bad = await byId(bAdmin, 'x/../1', false);
    assert.equal(bad.statusCode, 400, bad.body);
    const none = multipartBody({ sheets: JSON.stringify(['党员花名册']) });
    const empty = await app.inject({
      method: 'POST',
      url: `/api/members/import?orgId=${fx.orgs.b.id}`,
      payload: none.payload,
      headers: { ...none.headers, cookie: bAdmin },
    });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(empty.json().error.key, 'err.roster.pickFile');

    const committed = await byId(bAdmin, uploadId, true);
    assert.equal(committed.statusCode, 200, committed.body);
    const done = committed.json() as ImportResult;
    assert.equal(done.created, 2);
    assert.equal(done.uploadId, undefined);
    // Done with: the same id again is gone, and nothing is imported twice.
    const twice = await byId(bAdmin, uploadId, true);
    assert.equal(twice.statusCode, 410, twice.body);
    const names = await ctx.database.db
      .selectFrom('person')
      .select('name')
      .where('name', 'in', ['暂存甲', '暂存乙'])
      .execute();
    assert.equal(names.length, 2);
  });

  test('a roster with errors answers 422 IMPORT_INVALID with every error, writes no person, audits the check', async () => {
    const good = fakeIdNumber('1984-04-04', 'male');
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const file = await rosterFile([
      ['序号', '姓名', '身份证号', '人员类别', '入党日期', '所在党组织'],
      [1, '错误甲', bad, '正式党员', '2010-07-01', null],
      [2, '错误乙', null, '入党申请人', null, '乙一村党支部'],
    ]);
    const beforeCounts = await counts();
    const res = await upload(aAdmin, `/api/members/import?orgId=${fx.orgs.a.id}&commit=true`, file);
    assert.equal(res.statusCode, 422, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'IMPORT_INVALID');
    assert.equal(error.message, '导入文件有 2 处错误，未导入任何数据');
    assert.equal(error.details.committed, false);
    assert.deepEqual(
      error.details.errors.map((e: { row: number; column: string }) => [e.row, e.column]),
      [
        [2, '身份证号'],
        [3, '所在党组织'],
      ],
    );
    assert.match(error.details.errors[0].message, /校验位错误/);
    assert.equal(error.details.errorCount, undefined);
    assert.deepEqual(await counts(), { person: beforeCounts.person, audit: beforeCounts.audit + 1 });
  });

  test('a file that is not an .xlsx answers 422 with the file error', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    const res = await upload(aAdmin, `/api/members/import?orgId=${fx.orgs.a.id}&commit=true`, png, '照片.xlsx');
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().error.code, 'IMPORT_INVALID');
    assert.deepEqual(res.json().error.details.errors, [
      {
        row: null,
        column: null,
        message: '文件不是 Excel 表格（.xlsx 或 .xls），可能是改了扩展名的其他格式',
        msg: { key: 'err.imp.file.notSpreadsheet' },
      },
    ]);
  });

  test('uploads over the size limit answer 413 in Chinese; no file, or no multipart, is refused clearly', async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1024, 0x41);
    big.write('PK\x03\x04');
    const tooBig = await upload(aAdmin, `/api/members/import?orgId=${fx.orgs.a.id}`, big);
    assert.equal(tooBig.statusCode, 413);
    assert.equal(tooBig.json().error.code, 'PAYLOAD_TOO_LARGE');
    assert.match(tooBig.json().error.message, /上限为 20 MB/);

    const none = multipartBody({ note: 'x' });
    const noFile = await app.inject({
      method: 'POST',
      url: `/api/members/import?orgId=${fx.orgs.a.id}`,
      payload: none.payload,
      headers: { ...none.headers, cookie: aAdmin },
    });
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.json().error.message, /请选择要导入的 \.xlsx 文件/);

    const json = await app.inject({
      method: 'POST',
      url: `/api/members/import?orgId=${fx.orgs.a.id}`,
      payload: { file: 'x' },
      headers: { cookie: aAdmin },
    });
    assert.equal(json.statusCode, 415);
    assert.equal(json.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('imports only into organisations in scope, and only with member:import', async () => {
    const file = await rosterFile([
      ['姓名', '人员类别'],
      ['越权甲', '入党申请人'],
    ]);
    const beforeCounts = await counts();
    const other = await upload(aAdmin, `/api/members/import?orgId=${fx.orgs.b1a.id}&commit=true`, file);
    assert.equal(other.statusCode, 404);
    const above = await upload(aSec, `/api/members/import?orgId=${fx.orgs.a1.id}&commit=true`, file);
    assert.equal(above.statusCode, 404);
    const member = await upload(aMember, `/api/members/import?orgId=${fx.orgs.a1a.id}&commit=true`, file);
    assert.equal(member.statusCode, 403);
    const template = await app.inject({
      method: 'GET',
      url: '/api/members/import-template',
      headers: { cookie: aMember },
    });
    assert.equal(template.statusCode, 403);
    assert.deepEqual(await counts(), beforeCounts);
  });

  test('the export is the filtered list as .xlsx: every matching row, ID numbers and birth dates reduced for a secretary only', async () => {
    const list = await app.inject({
      method: 'GET',
      url: `/api/members?orgId=${fx.orgs.a.id}&status=full&pageSize=200`,
      headers: { cookie: aAdmin },
    });
    const expected = list.json().items as { id: number; name: string; idNumber: string; orgName: string }[];
    const codes = new Map(Object.values(fx.orgs).map((o) => [o.name, o.code]));
    assert.ok(expected.length >= 3);

    const res = await app.inject({
      method: 'GET',
      url: `/api/members/export?orgId=${fx.orgs.a.id}&status=full&pageSize=1`,
      headers: { cookie: aAdmin },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], XLSX);
    assert.ok(
      String(res.headers['content-disposition']).includes(
        `filename*=UTF-8''${encodeURIComponent('党员名册-甲区委-20261123.xlsx')}`,
      ),
      String(res.headers['content-disposition']),
    );
    const rows = await sheetRows(res.rawPayload);
    assert.equal(rows[0]![1], '姓名');
    assert.deepEqual(rows[0]!.slice(8, 10), ['所在党组织（编码）', '所在党组织名称']);
    assert.equal(rows[0]![16], '人员编号');
    assert.deepEqual(
      rows.slice(1).map((r) => [r[1], r[6], r[8], r[9], r[10], r[16]]),
      expected.map((m) => [m.name, m.idNumber, codes.get(m.orgName), m.orgName, '正式党员', m.id]),
    );
    assert.ok(
      rows.slice(1).every((r) => /^\d{17}[\dX]$/.test(String(r[6]))),
      'an administrator sees full ID numbers',
    );

    const sec = await app.inject({ method: 'GET', url: '/api/members/export?status=full', headers: { cookie: aSec } });
    assert.equal(sec.statusCode, 200, sec.body);
    const secRows = (await sheetRows(sec.rawPayload)).slice(1);
    const others = secRows.filter((r) => r[1] !== '李秀英');
    assert.ok(others.length >= 1);
    assert.ok(
      others.every((r) => /^\d{6}\*{8}\d{3}\*$/.test(String(r[6]))),
      JSON.stringify(others.map((r) => r[6])),
    );
    // 出生年月 as text, never a date cell of some day (the check character and the day would give the number away).
    assert.ok(
      others.every((r) => r[4] === null || r[4] === undefined || /^\d{4}-\d{2}$/.test(String(r[4]))),
      JSON.stringify(others.map((r) => r[4])),
    );
    assert.ok(others.some((r) => /^\d{4}-\d{2}$/.test(String(r[4]))));
    assert.ok(rows.slice(1).some((r) => r[4] instanceof Date));
    assert.ok(secRows.every((r) => r[8] === fx.orgs.a1a.code && r[9] === '甲一村党支部'));
  });

  test('roster checks are limited per account: the 11th in 10 minutes answers 429 with Retry-After, others still may', async () => {
    const bAdmin = await loginAs(app, fx.users.bAdmin.username);
    const file = await rosterFile([
      ['姓名', '人员类别'],
      ['限流甲', '入党申请人'],
    ]);
    for (let i = 0; i < 10; i++) {
      const res = await upload(bAdmin, `/api/members/import?orgId=${fx.orgs.b.id}`, file);
      assert.equal(res.statusCode, 200, `check ${i + 1}: ${res.body}`);
    }
    const beforeCounts = await counts();
    const refused = await upload(bAdmin, `/api/members/import?orgId=${fx.orgs.b.id}&commit=true`, file);
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.headers['retry-after'], '600');
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.match(refused.json().error.message, /过于频繁.*10分钟后再试/);
    assert.deepEqual(await counts(), beforeCounts, 'a refused check is neither run nor audited');
    const other = await upload(aAdmin, `/api/members/import?orgId=${fx.orgs.a.id}`, file);
    assert.equal(other.statusCode, 200, 'the limit is per account');
  });

  test('export and template are not taken for GET /api/members/:id, and the export refuses the sibling subtree', async () => {
    const detail = await app.inject({
      method: 'GET',
      url: `/api/members/${fx.people.a1aFull}`,
      headers: { cookie: aAdmin },
    });
    assert.equal(detail.statusCode, 200);
    const exp = await app.inject({ method: 'GET', url: '/api/members/export', headers: { cookie: aAdmin } });
    assert.equal(exp.statusCode, 200);
    assert.equal(exp.headers['content-type'], XLSX);
    const other = await app.inject({
      method: 'GET',
      url: `/api/members/export?orgId=${fx.orgs.b.id}`,
      headers: { cookie: aAdmin },
    });
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().error.code, 'ORG_NOT_FOUND');
    const member = await app.inject({ method: 'GET', url: '/api/members/export', headers: { cookie: aMember } });
    assert.equal(member.statusCode, 403);
  });
});
