import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import {
  buildFixture,
  type Fixture,
  insertOrg,
  insertUser,
  loginAs,
  multipartBody,
  type OrgRef,
} from '../../test/factories.ts';

/**
 * 述职评议 beyond the form (issue 12): every change is an append-only history event (who, when, what; the latest
 * values are the last event's); the written report uploaded as a real .docx (a PNG refused; downloaded as stored,
 * scope-checked; an earlier upload still downloadable); and the democratic poll imported from real .xlsx files —
 * a tally sheet and anonymous ballots — with a named-vote sheet refused, a bad row and a tally above those who took
 * part named by row and column, nothing written while anything is wrong, the error workbook, and the same file
 * imported again adding nothing.
 */
describeOnEngines('secretary review: history, report file, poll import', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string; // a secretary of 甲一镇党委 (the issuer)
  let branch: string; // a-sec: 甲一村党支部
  let other: string; // b-admin: the sibling district
  let second: OrgRef;
  let id = 0;
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const upload = (cookie: string, url: string, filename: string, data: Buffer) => {
    const body = multipartBody({}, [{ field: 'file', filename, data }]);
    return app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
  };
  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
    );
  const at = (orgId: number, step: string) => `/api/reviews/${id}/orgs/${orgId}/${step}`;
  const xlsx = async (rows: (string | number | null)[][], sheet = '测评'): Promise<Buffer> => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet(sheet).addRows(rows);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const entryOf = (d: { entries: { orgId: number }[] }, orgId: number) =>
    // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
    d.entries.find((e) => e.orgId === orgId) as any;

  before(async () => {
    fx = await buildFixture(ctx.database);
    second = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `RH-${Date.now()}`,
      name: '甲一社区党支部',
      type: 'branch',
    });
    app = await buildApp({ database: ctx.database, now: () => clock });
    town = await loginAs(
      app,
      (await insertUser(ctx.database, `rh-town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1)).username,
    );
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    id = ok(
      await send(town, 'POST', '/api/reviews', {
        year: 2026,
        name: '2026年度书记抓基层党建述职评议',
        orgIds: [fx.orgs.a1a.id, second.id],
      }),
      201,
    ).id;
  });
  after(() => app.close());

  test('every change is a history event with who and when; the latest values are the last event’s', async () => {
    ok(await send(branch, 'PUT', at(fx.orgs.a1a.id, 'report'), { report: '初稿' }));
    ok(await send(branch, 'PUT', at(fx.orgs.a1a.id, 'report'), { report: '定稿：一年来，支部坚持……' }));
    ok(await send(town, 'PUT', at(fx.orgs.a1a.id, 'comment'), { comment: '责任落实较好。' }));
    ok(
      await send(town, 'PUT', at(fx.orgs.a1a.id, 'poll'), {
        shouldAttend: 30,
        tookPart: 28,
        tallies: { good: 20, fairlyGood: 6 },
      }),
    );
    ok(await send(town, 'PUT', at(fx.orgs.a1a.id, 'grade'), { grade: 'good' }));
    const d = ok(await send(town, 'PUT', at(fx.orgs.a1a.id, 'grade'), { grade: 'fairlyGood', note: '复议' }));
    ok(await send(town, 'POST', at(fx.orgs.a1a.id, 'problems'), { title: '记录不规范', deadline: '2027-03-31' }));
    const e = entryOf(d, fx.orgs.a1a.id);
    assert.equal(e.report, '定稿：一年来，支部坚持……');
    assert.equal(e.grade, 'fairlyGood');
    const h = ok(await send(town, 'GET', at(fx.orgs.a1a.id, 'history')));
    assert.deepEqual(
      h.events.map((x: { kind: string }) => x.kind),
      ['report', 'report', 'comment', 'poll', 'grade', 'grade', 'problem'],
    );
    assert.equal(h.events[0].report, '初稿');
    assert.equal(h.events[0].by, 'a-sec');
    assert.equal(h.events[0].at, clock.toISOString());
    assert.equal(h.events[0].source, 'form');
    assert.deepEqual(h.events[3].poll, { shouldAttend: 30, tookPart: 28, tallies: { good: 20, fairlyGood: 6 } });
    assert.deepEqual([h.events[4].grade, h.events[5].grade, h.events[5].note], ['good', 'fairlyGood', '复议']);
    assert.equal(h.events[6].problem.title, '记录不规范');
    const detail = ok(await send(town, 'GET', `/api/reviews/${id}`));
    assert.equal(entryOf(detail, fx.orgs.a1a.id).historyCount, 7);
    // The branch reads its own history; the sibling district nothing.
    assert.equal(ok(await send(branch, 'GET', at(fx.orgs.a1a.id, 'history'))).events.length, 7);
    assert.equal((await send(branch, 'GET', at(second.id, 'history'))).statusCode, 404);
    assert.equal((await send(other, 'GET', at(fx.orgs.a1a.id, 'history'))).statusCode, 404);
    await assert.rejects(sql`update review_event set actor_name = 'x'`.execute(ctx.database.db), /append-only/);
    await assert.rejects(sql`delete from review_event`.execute(ctx.database.db), /append-only/);
  });

  test('the report as a real .docx: uploaded by the branch, downloaded as stored, a PNG refused, scope-checked', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph('甲一村党支部书记抓基层党建工作述职报告')] }] });
    const docx = Buffer.from(await Packer.toBuffer(doc));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const files = await count('evidence_file');
    const refused = await upload(branch, at(fx.orgs.a1a.id, 'report-file'), '照片.png', png);
    assert.equal(refused.statusCode, 415, refused.body);
    assert.match(refused.json().error.message, /Word（\.docx）或 PDF/);
    assert.equal(await count('evidence_file'), files);
    const d = ok(await upload(branch, at(fx.orgs.a1a.id, 'report-file'), '述职报告.docx', docx));
    const e = entryOf(d, fx.orgs.a1a.id);
    assert.equal(e.reportFile.filename, '述职报告.docx');
    assert.equal(e.reportFile.mime, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(e.reportFile.size, docx.length);
    assert.equal(e.reportFile.by, 'a-sec');
    assert.equal(e.report, '定稿：一年来，支部坚持……', 'the typed text stays beside the file');
    const got = await send(town, 'GET', at(fx.orgs.a1a.id, `files/${e.reportFile.id}`));
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.rawPayload, docx);
    assert.match(String(got.headers['content-disposition']), /attachment/);
    // A second upload is a new event; the first file stays downloadable from the history.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const d2 = ok(await upload(town, at(fx.orgs.a1a.id, 'report-file'), '述职报告（定稿）.pdf', pdf));
    assert.equal(entryOf(d2, fx.orgs.a1a.id).reportFile.filename, '述职报告（定稿）.pdf');
    const h = ok(await send(branch, 'GET', at(fx.orgs.a1a.id, 'history')));
    const uploads = h.events.filter((x: { kind: string }) => x.kind === 'report_file');
    assert.deepEqual(
      uploads.map((x: { file: { filename: string } }) => x.file.filename),
      ['述职报告.docx', '述职报告（定稿）.pdf'],
    );
    assert.equal((await send(branch, 'GET', at(fx.orgs.a1a.id, `files/${uploads[0].file.id}`))).statusCode, 200);
    // Not another organisation's file through this organisation, not the sibling, not the other branch's upload.
    assert.equal((await send(town, 'GET', at(second.id, `files/${e.reportFile.id}`))).statusCode, 404);
    assert.equal((await send(other, 'GET', at(fx.orgs.a1a.id, `files/${e.reportFile.id}`))).statusCode, 404);
    assert.equal((await upload(branch, at(second.id, 'report-file'), 'x.docx', docx)).statusCode, 404);
    assert.equal((await upload(other, at(fx.orgs.a1a.id, 'report-file'), 'x.docx', docx)).statusCode, 404);
  });

  test('a named-vote sheet is refused, naming the column; a branch cannot import; nothing written', async () => {
    const before = await count('review_event');
    const named = await xlsx([
      ['序号', '投票人姓名', '甲一村党支部', '甲一社区党支部'],
      [1, '张三', '好', '较好'],
    ]);
    const res = await upload(town, `/api/reviews/${id}/import?commit=true`, '测评票.xlsx', named);
    assert.equal(res.statusCode, 422, res.body);
    const errors = res.json().error.details.errors;
    assert.equal(errors.length, 1);
    assert.equal(errors[0].row, 1);
    assert.equal(errors[0].column, '投票人姓名');
    assert.match(errors[0].message, /不收集记名投票/);
    // A sheet of one row per voter with their name, and no organisation column, is refused as such too.
    const perVoter = await xlsx([
      ['姓名', '评价'],
      ['张三', '好'],
    ]);
    const res2 = await upload(town, `/api/reviews/${id}/import?commit=true`, '测评.xlsx', perVoter);
    assert.equal(res2.statusCode, 422, res2.body);
    assert.match(res2.json().error.details.errors[0].message, /第A列“姓名”.*不收集记名投票/);
    const tallyNamed = await xlsx([
      ['单位', '应到人数', '实到人数', '好', '较好', '一般', '差', '签名'],
      ['甲一社区党支部', 10, 9, 5, 3, 1, 0, '李四'],
    ]);
    const res3 = await upload(town, `/api/reviews/${id}/import?commit=true`, '汇总.xlsx', tallyNamed);
    assert.equal(res3.statusCode, 422, res3.body);
    assert.equal(res3.json().error.details.errors[0].column, '签名');
    const byBranch = await upload(branch, `/api/reviews/${id}/import?commit=true`, '汇总.xlsx', tallyNamed);
    assert.equal(byBranch.statusCode, 403, byBranch.body);
    const bySibling = await upload(other, `/api/reviews/${id}/import?commit=true`, '汇总.xlsx', tallyNamed);
    assert.equal(bySibling.statusCode, 404, bySibling.body);
    assert.equal(await count('review_event'), before);
  });

  test('a tally sheet with a bad row and a tally above those who took part: every problem named, nothing written, the error workbook', async () => {
    const before = await count('review_event');
    const bad = await xlsx([
      ['2026年度述职评议民主测评票数汇总表'],
      ['单位', '应到人数', '实到人数', '好', '较好', '一般', '差'],
      ['甲一村党支部', 30, 28, 29, 0, 0, 0],
      [second.code, 20, '十八', 10, 5, 2, 0],
      ['丙村党支部', 10, 9, 5, 3, 1, 0],
    ]);
    const res = await upload(town, `/api/reviews/${id}/import?commit=true`, '汇总.xlsx', bad);
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.json().error.message, /民主测评票数表有 3 处问题，未导入任何票数/);
    assert.deepEqual(
      res
        .json()
        .error.details.errors.map((e: { row: number; column: string; message: string }) => [
          e.row,
          e.column,
          e.message,
        ]),
      [
        [3, '好', '“好”的票数 29 超过实参加测评人数 28'],
        [4, '实到人数', '“十八”不是人数或票数：请填写不小于 0 的整数'],
        [5, '单位', '“丙村党支部”不是本次述职评议的组织（本次述职评议：甲一村党支部、甲一社区党支部）'],
      ],
    );
    assert.equal(await count('review_event'), before);
    const marked = await upload(town, `/api/reviews/${id}/import/errors`, '汇总.xlsx', bad);
    assert.equal(marked.statusCode, 200, marked.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['测评', '导入错误'],
    );
    assert.match(String(wb.getWorksheet('测评')!.getCell('D3').note), /超过实参加测评人数/);
    assert.equal(wb.getWorksheet('导入错误')!.rowCount, 4);
  });

  test('a tally sheet imported: checked, then written as history events; the same file again adds nothing', async () => {
    const sheet = await xlsx([
      ['单位', '书记', '应到人数', '实到人数', '好', '较好', '一般', '差'],
      ['甲一村党支部', '李秀英', 30, 29, 21, 6, 2, 0],
      [second.code, '', '20人', 18, 10, 5, 2, null],
    ]);
    const events = await count('review_event');
    const check = ok(await upload(town, `/api/reviews/${id}/import?commit=false`, '汇总.xlsx', sheet));
    assert.equal(check.committed, false);
    assert.equal(check.layout, 'tally');
    assert.deepEqual(
      check.rows.map((r: { orgId: number; outcome: string }) => [r.orgId, r.outcome]),
      [
        [fx.orgs.a1a.id, 'changed'],
        [second.id, 'new'],
      ],
    );
    assert.equal(await count('review_event'), events);
    const done = ok(await upload(town, `/api/reviews/${id}/import?commit=true`, '汇总.xlsx', sheet));
    assert.equal(done.committed, true);
    assert.deepEqual([done.created, done.changed, done.unchanged], [1, 1, 0]);
    assert.equal(await count('review_event'), events + 2);
    const d = ok(await send(town, 'GET', `/api/reviews/${id}`));
    assert.deepEqual(entryOf(d, second.id).poll.tallies, { good: 10, fairlyGood: 5, average: 2, poor: 0 });
    assert.equal(entryOf(d, second.id).poll.shouldAttend, 20);
    assert.equal(entryOf(d, fx.orgs.a1a.id).poll.tookPart, 29);
    const h = ok(await send(town, 'GET', at(fx.orgs.a1a.id, 'history')));
    const last = h.events.at(-1);
    assert.equal(last.kind, 'poll');
    assert.equal(last.source, 'import');
    assert.equal(last.importFile.name, '汇总.xlsx');
    assert.equal(last.importFile.layout, 'tally');
    // The earlier poll stays in the history.
    assert.equal(h.events.filter((x: { kind: string }) => x.kind === 'poll').length, 2);
    const again = ok(await upload(town, `/api/reviews/${id}/import?commit=true`, '汇总.xlsx', sheet));
    assert.deepEqual([again.created, again.changed, again.unchanged], [0, 0, 2]);
    assert.equal(await count('review_event'), events + 2);
  });

  test('ballots: one row per anonymous ballot, counted per grade; more ballots than should attend refused', async () => {
    const ballots = await xlsx([
      ['票号', '甲一村党支部', '甲一社区党支部'],
      [1, '好', '较好'],
      [2, '好', '弃权'],
      [3, '较好', '一般'],
      [4, '好', null],
    ]);
    const over = await upload(town, `/api/reviews/${id}/import?commit=true&shouldAttend=3`, '选票.xlsx', ballots);
    assert.equal(over.statusCode, 422, over.body);
    assert.match(over.json().error.details.errors[0].message, /选票 4 张，多于应参加人数 3/);
    const done = ok(await upload(town, `/api/reviews/${id}/import?commit=true&shouldAttend=5`, '选票.xlsx', ballots));
    assert.equal(done.layout, 'ballots');
    assert.equal(done.total, 4);
    const d = ok(await send(town, 'GET', `/api/reviews/${id}`));
    const a = entryOf(d, fx.orgs.a1a.id).poll;
    assert.deepEqual([a.shouldAttend, a.tookPart], [5, 4]);
    assert.deepEqual(a.tallies, { good: 3, fairlyGood: 1, average: 0, poor: 0 });
    const b = entryOf(d, second.id).poll;
    assert.deepEqual(b.tallies, { good: 0, fairlyGood: 1, average: 1, poor: 0 });
    assert.equal(b.result.blank, 2);
    const h = ok(await send(town, 'GET', at(second.id, 'history')));
    assert.equal(h.events.at(-1).importFile.layout, 'ballots');
  });
});
