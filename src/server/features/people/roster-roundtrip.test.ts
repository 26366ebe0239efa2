import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { ImportResult } from '../../../contracts/people.ts';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, fakeIdNumber, loginAs, multipartBody } from '../../test/factories.ts';

/**
 * The roster round trip (issue 7 item 17): an exported roster imports back into the same organisation as it was —
 * organisations by code, people by 人员编号 (else ID number) — and an edited copy updates exactly what was edited,
 * after a preview of new / changed / unchanged rows. Real .xlsx files, opened and edited with ExcelJS.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Sheet = { wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet; col: (header: string) => number };

async function openSheet(data: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('党员花名册')!;
  const headers = (ws.getRow(1).values as unknown[]).map((v) => (v === undefined ? '' : String(v)));
  const col = (header: string) => {
    const i = headers.indexOf(header);
    assert.ok(i > 0, `column ${header} in ${headers.join(',')}`);
    return i;
  };
  return { wb, ws, col };
}

/** The sheet row (2…) whose 姓名 is `name`. */
function rowOf(s: Sheet, name: string): ExcelJS.Row {
  for (let r = 2; r <= s.ws.rowCount; r++)
    if (s.ws.getRow(r).getCell(s.col('姓名')).value === name) return s.ws.getRow(r);
  throw new Error(`no row for ${name}`);
}

const save = async (s: Sheet) => Buffer.from(await s.wb.xlsx.writeBuffer());

describeOnEngines('roster round trip (export → edit → import)', (ctx) => {
  let app: App;
  let fx: Fixture;
  let aAdmin: string;
  let aSec: string;
  // An account may run 10 roster checks in 10 minutes: the clock moves on between checks.
  let now = new Date('2026-11-23T02:00:00Z');
  const tick = () => {
    now = new Date(now.getTime() + 11 * 60_000);
  };

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => now, loginRatePerMinute: 1000 });
    aAdmin = await loginAs(app, fx.users.aAdmin.username);
    aSec = await loginAs(app, fx.users.aSecretary.username);
    await ctx.database.db
      .updateTable('person')
      .set({ phone: '13900001111' })
      .where('id', 'in', [fx.people.a1aFull, fx.people.a1aProbationary])
      .execute();
  });
  after(() => app.close());

  const exportOf = async (cookie: string, orgId: number): Promise<Buffer> => {
    const res = await app.inject({ method: 'GET', url: `/api/members/export?orgId=${orgId}`, headers: { cookie } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], XLSX);
    return res.rawPayload;
  };

  const importOf = async (cookie: string, orgId: number, data: Buffer, commit: boolean) => {
    tick();
    const body = multipartBody({}, [{ field: 'file', filename: '花名册.xlsx', data, contentType: XLSX }]);
    return app.inject({
      method: 'POST',
      url: `/api/members/import?orgId=${orgId}&commit=${commit}`,
      payload: body.payload,
      headers: { ...body.headers, cookie },
    });
  };

  const ok = async (cookie: string, orgId: number, data: Buffer, commit: boolean): Promise<ImportResult> => {
    const res = await importOf(cookie, orgId, data, commit);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as ImportResult;
  };

  const people = () =>
    ctx.database.db.selectFrom('person').selectAll().orderBy('id').execute() as Promise<
      { id: number; updated_at: Date; phone: string | null; name: string; status: string }[]
    >;
  const auditCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(ctx.database.db)).rows[0]!.n;
  const lastAudit = () =>
    ctx.database.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

  test('an exported roster imports back unchanged: every row matched, nothing written but the audit of the check', async () => {
    const file = await exportOf(aAdmin, fx.orgs.a.id);
    const exported = await openSheet(file);
    const n = exported.ws.rowCount - 1;
    assert.ok(n >= 3);
    const dry = await ok(aAdmin, fx.orgs.a.id, file, false);
    assert.deepEqual(dry.errors, []);
    assert.deepEqual(dry.counts, { new: 0, changed: 0, unchanged: n });
    assert.ok(dry.rows.every((r) => r.kind === 'unchanged' && r.personId !== null && r.changes.length === 0));

    const before = await people();
    const audits = await auditCount();
    const done = await ok(aAdmin, fx.orgs.a.id, file, true);
    assert.equal(done.committed, true);
    assert.equal(done.created, 0);
    assert.equal(done.updated, 0);
    assert.deepEqual(await people(), before, 'no person written, not even updated_at');
    assert.equal(await auditCount(), audits + 1);
    const log = await lastAudit();
    assert.equal(log.action, 'member.import');
    assert.deepEqual(log.after, { fileRows: n, created: 0, updated: 0, unchanged: n, orgCode: fx.orgs.a.code });
  });

  test('one edited cell is one changed row, shown before the commit, and the commit changes exactly that', async () => {
    const s = await openSheet(await exportOf(aAdmin, fx.orgs.a.id));
    rowOf(s, '张海生').getCell(s.col('联系电话')).value = '13712345678';
    const edited = await save(s);

    const before = await people();
    const dry = await ok(aAdmin, fx.orgs.a.id, edited, false);
    assert.equal(dry.counts.changed, 1);
    assert.equal(dry.counts.new, 0);
    const changed = dry.rows[0]!;
    assert.equal(changed.kind, 'changed', 'changed rows are listed first');
    assert.equal(changed.personId, fx.people.a1aFull);
    assert.deepEqual(changed.changes, [{ column: '联系电话', before: '13900001111', after: '13712345678' }]);
    assert.deepEqual(await people(), before, 'the preview writes nobody');

    const done = await ok(aAdmin, fx.orgs.a.id, edited, true);
    assert.equal(done.updated, 1);
    assert.equal(done.created, 0);
    const after = await people();
    for (const p of after) {
      const was = before.find((b) => b.id === p.id)!;
      if (p.id === fx.people.a1aFull) {
        assert.equal(p.phone, '13712345678');
        assert.equal(new Date(p.updated_at).getTime(), now.getTime());
      } else {
        assert.deepEqual(p, was);
      }
    }
    const log = await lastAudit();
    assert.equal(log.action, 'member.import');
    assert.deepEqual(log.before, { changes: [{ personId: fx.people.a1aFull, before: { phone: '13900001111' } }] });
    assert.deepEqual((log.after as { changes: unknown }).changes, [
      { personId: fx.people.a1aFull, row: changed.row, after: { phone: '13712345678' } },
    ]);
  });

  test('an added row is one new person; a changed status and organisation show in words, by code', async () => {
    const s = await openSheet(await exportOf(aAdmin, fx.orgs.a.id));
    const id = fakeIdNumber('1992-02-02', 'female');
    s.ws.addRow(
      Object.assign([], {
        [s.col('姓名')]: '新增丙',
        [s.col('性别')]: '女',
        [s.col('身份证号')]: id,
        [s.col('所在党组织（编码）')]: fx.orgs.a1a.code,
        [s.col('人员类别')]: '入党积极分子',
      }),
    );
    const wang = rowOf(s, '王小明');
    wang.getCell(s.col('人员类别')).value = '正式党员';
    wang.getCell(s.col('转正日期')).value = '2027-03-01';
    wang.getCell(s.col('所在党组织（编码）')).value = fx.orgs.a1.code;
    const edited = await save(s);

    const dry = await importOf(aAdmin, fx.orgs.a.id, edited, false);
    // 王小明 joined in 2026-03: a full membership date before his year of probation ends is refused, as for a new row.
    assert.equal(dry.statusCode, 422, dry.body);
    assert.deepEqual(
      (dry.json().error.details as ImportResult).errors.map((e) => [e.column, e.message]),
      [['转正日期', '转正日期晚于今天']],
    );
    wang.getCell(s.col('入党日期')).value = '2025-03-01';
    wang.getCell(s.col('转正日期')).value = '2026-03-01';
    const result = await ok(aAdmin, fx.orgs.a.id, await save(s), false);
    assert.deepEqual(result.errors, []);
    assert.deepEqual({ new: result.counts.new, changed: result.counts.changed }, { new: 1, changed: 1 });
    const change = result.rows.find((r) => r.kind === 'changed')!;
    assert.deepEqual(change.changes, [
      {
        column: '所在党组织',
        before: `甲一村党支部（${fx.orgs.a1a.code}）`,
        after: `甲一镇党委（${fx.orgs.a1.code}）`,
      },
      { column: '人员类别', before: '预备党员', after: '正式党员' },
      { column: '入党日期', before: '2026-03-01', after: '2025-03-01' },
      { column: '转正日期', before: null, after: '2026-03-01' },
    ]);
    assert.deepEqual(
      result.rows.filter((r) => r.kind === 'new').map((r) => [r.name, r.personId]),
      [['新增丙', null]],
    );
    const done = await ok(aAdmin, fx.orgs.a.id, await save(s), true);
    assert.deepEqual([done.created, done.updated], [1, 1]);
    const added = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id_number', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(added.org_id, fx.orgs.a1a.id);
    assert.equal(added.status, 'activist');
    const moved = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', fx.people.a1aProbationary)
      .executeTakeFirstOrThrow();
    assert.deepEqual([moved.org_id, moved.status, moved.full_date], [fx.orgs.a1.id, 'full', '2026-03-01']);

    // Imported again, the file is what is registered now (the added row is matched by its ID number).
    const again = await ok(aAdmin, fx.orgs.a.id, await save(s), false);
    assert.deepEqual({ new: again.counts.new, changed: again.counts.changed }, { new: 0, changed: 0 });
    assert.deepEqual(again.errors, []);
  });

  test('without 人员编号 a row is matched by ID number; columns the file lacks leave those fields as they are', async () => {
    const zhang = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', fx.people.a1aFull)
      .executeTakeFirstOrThrow();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('党员花名册').addRows([
      ['姓名', '身份证号', '人员类别', '入党日期', '转正日期'],
      [zhang.name, zhang.id_number, '正式党员', zhang.join_date, '2011-07-02'],
    ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const result = await ok(aAdmin, fx.orgs.a.id, file, true);
    assert.deepEqual(result.counts, { new: 0, changed: 1, unchanged: 0 });
    assert.deepEqual(result.rows[0]!.changes, [{ column: '转正日期', before: '2011-07-01', after: '2011-07-02' }]);
    const after = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', fx.people.a1aFull)
      .executeTakeFirstOrThrow();
    assert.equal(after.full_date, '2011-07-02');
    assert.equal(after.phone, zhang.phone, 'no phone column: the phone stays');
    assert.equal(after.org_id, zhang.org_id, 'no organisation column: the organisation stays');
    assert.equal(after.birth_date, zhang.birth_date);
  });

  test('a 人员编号 outside the scope is refused like a missing one; an ID number of someone else names its holder', async () => {
    const s = await openSheet(await exportOf(aAdmin, fx.orgs.a.id));
    rowOf(s, '张海生').getCell(s.col('人员编号')).value = fx.people.b1aFull;
    const li = await ctx.database.db
      .selectFrom('person')
      .select('id_number')
      .where('id', '=', fx.people.a1aSecretary)
      .executeTakeFirstOrThrow();
    const wang = rowOf(s, '王小明');
    wang.getCell(s.col('身份证号')).value = li.id_number;
    const res = await importOf(aAdmin, fx.orgs.a.id, await save(s), true);
    assert.equal(res.statusCode, 422, res.body);
    const errors = (res.json().error.details as ImportResult).errors;
    const zhangRow = rowOf(s, '张海生').number;
    const wangRow = wang.number;
    const has = (row: number, column: string, message: string) =>
      assert.ok(
        errors.some((e) => e.row === row && e.column === column && e.message === message),
        `${row} ${column} ${message} in ${JSON.stringify(errors)}`,
      );
    has(zhangRow, '人员编号', `人员编号 ${fx.people.b1aFull} 不存在或不在您的管理范围内`);
    has(wangRow, '身份证号', '已登记在“甲一村党支部”的李秀英名下');
    assert.ok(!JSON.stringify(errors).includes('赵建国'), 'nothing of the person in the other subtree');
  });

  test('a secretary’s reduced export imports back unchanged; what they change is previewed masked, and they cannot replace a birth date', async () => {
    const file = await exportOf(aSec, fx.orgs.a1a.id);
    const s = await openSheet(file);
    const zhang = rowOf(s, '张海生');
    assert.match(String(zhang.getCell(s.col('身份证号')).value), /\*/, 'the export is reduced for a secretary');
    assert.match(String(zhang.getCell(s.col('出生日期')).value), /^\d{4}-\d{2}$/);

    const first = await importOf(aSec, fx.orgs.a1a.id, file, false);
    assert.equal(first.statusCode, 200, first.body);
    const dry = first.json() as ImportResult;
    assert.equal(dry.counts.new, 0);
    assert.equal(dry.counts.changed, 0);

    zhang.getCell(s.col('联系电话')).value = '13811112222';
    const changed = await ok(aSec, fx.orgs.a1a.id, await save(s), false);
    assert.deepEqual(changed.errors, []);
    const row = changed.rows.find((r) => r.personId === fx.people.a1aFull)!;
    assert.deepEqual(row.changes, [{ column: '联系电话', before: '137****5678', after: '138****2222' }]);

    const birth = (await ctx.database.db
      .selectFrom('person')
      .select('birth_date')
      .where('id', '=', fx.people.a1aFull)
      .executeTakeFirstOrThrow())!.birth_date!;
    zhang.getCell(s.col('出生日期')).value = '1980-05-07';
    const blind = await importOf(aSec, fx.orgs.a1a.id, await save(s), false);
    assert.equal(blind.statusCode, 422);
    const issues = (blind.json().error.details as ImportResult).errors;
    assert.ok(
      issues.some((e) => e.column === '出生日期' && /只能由组织管理员修改/.test(e.message)),
      JSON.stringify(issues),
    );
    assert.ok(!blind.body.includes(birth), 'the birth day is never in the answer');
    zhang.getCell(s.col('出生日期')).value = '1979-01';
    const other = await importOf(aSec, fx.orgs.a1a.id, await save(s), false);
    assert.equal(other.statusCode, 422);
    const otherIssues = (other.json().error.details as ImportResult).errors;
    assert.ok(
      otherIssues.some((e) => e.column === '出生日期' && /只有年月，且与已登记的出生日期不一致/.test(e.message)),
    );
  });
});
