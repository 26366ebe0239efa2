import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { todayIn } from '../../../domain/dates.ts';
import { isMessageKey, type Msg, renderMessage } from '../../../domain/messages.ts';
import { nameKeys } from '../../../domain/people/name-keys.ts';
import { TASK_RULES } from '../../../domain/tasks/task-rules.ts';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { type Scope, systemScope } from '../../auth/scope.ts';
import type { Database } from '../../db/client.ts';
import type { AppError } from '../../errors.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, fakeIdNumber, insertOrg, insertPerson } from '../../test/factories.ts';
import type { Ctx } from '../context.ts';
import { formatImportIssue, ISSUE_LIMIT, importRoster, lookupsBesideFor } from './roster-import.service.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
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
type Cell = string | number | Date | null;

/** A roster row by header; unnamed columns stay empty. */
function row(values: Partial<Record<(typeof HEADERS)[number], Cell>>): Cell[] {
  return HEADERS.map((h) => values[h] ?? null);
}

async function rosterFile(rows: Cell[][], header: string[] = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员花名册');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A number spelled in letters (names hold no digits). */
const lettersOf = (n: number): string => [...String(n)].map((d) => 'ABCDEFGHIJ'[Number(d)]).join('');

async function counts(database: Database): Promise<{ person: number; audit: number }> {
  const { rows } = await sql<{ person: number; audit: number }>`
    select (select count(*)::int from person) as person, (select count(*)::int from audit_log) as audit`.execute(
    database.db,
  );
  return rows[0]!;
}

describeOnEngines('roster import (service)', (ctx) => {
  let fx: Fixture;
  let adminCtx: Ctx;
  let aCtx: Ctx;
  before(async () => {
    fx = await buildFixture(ctx.database);
    const aAdmin: Scope = {
      userId: fx.users.aAdmin.id,
      username: fx.users.aAdmin.username,
      displayName: '甲区管理员',
      role: 'orgadmin',
      orgId: fx.orgs.a.id,
      orgPath: fx.orgs.a.path,
      personId: null,
    };
    const base = {
      db: ctx.database.db,
      now: NOW,
      today: todayIn(NOW),
      taskRules: TASK_RULES,
      auditKey: TEST_AUDIT_KEY,
    };
    aCtx = { ...base, actor: aAdmin };
    adminCtx = { ...base, actor: systemScope(fx.orgs.root.path, fx.orgs.root.id) };
  });

  /**
   * The context a little later each time: an account may run 10 roster checks in 10 minutes, and this suite runs
   * more than that as one account (the limit itself is tested below).
   */
  let minutesLater = 0;
  const later = (c: Ctx): Ctx => ({ ...c, now: new Date(NOW.getTime() + ++minutesLater * 11 * 60_000) });

  /** Imports and checks that no person was written, only the audit row of the check; returns the result. */
  async function rejected(file: Buffer, c: Ctx = aCtx, orgId = fx.orgs.a.id) {
    const beforeCounts = await counts(ctx.database);
    const result = await importRoster(later(c), orgId, file, { commit: true });
    assert.equal(result.committed, false);
    assert.equal(result.created, 0);
    assert.ok(result.errors.length > 0);
    assert.deepEqual(await counts(ctx.database), { person: beforeCounts.person, audit: beforeCounts.audit + 1 });
    return result;
  }

  test('a good roster: the dry run writes nothing, the commit registers every row with pinyin keys and one audit row', async () => {
    const ids = {
      zhou: fakeIdNumber('1985-07-01', 'male'),
      wu: fakeIdNumber('1990-03-02', 'female'),
      wang: fakeIdNumber('1995-05-06', 'female'),
    };
    const file = await rosterFile([
      row({
        序号: 1,
        姓名: '周明',
        性别: '男',
        民族: '汉族',
        出生日期: new Date(Date.UTC(1985, 6, 1)),
        学历: '本科',
        身份证号: ids.zhou,
        联系电话: '13800001111',
        所在党组织: '甲一村党支部',
        人员类别: '正式党员',
        入党日期: new Date(Date.UTC(2010, 6, 1)),
        转正日期: '2011-07-01',
        申请入党日期: '2009/3/1',
        是否流动党员: '否',
        是否离退休: '否',
      }),
      row({
        序号: 2,
        姓名: '吴芳',
        性别: '女',
        出生日期: '1990年3月2日',
        学历: '大专',
        身份证号: ids.wu,
        所在党组织: fx.orgs.a1.code,
        人员类别: '预备党员',
        入党日期: '20260301',
        是否流动党员: '是',
      }),
      row({
        序号: 3,
        姓名: '郑强',
        性别: '男',
        学历: '高中',
        所在党组织: '甲一村党支部',
        人员类别: '积极分子',
        申请入党日期: '2025.01.15',
      }),
      row({
        序号: 4,
        姓名: '王丽',
        性别: '女',
        民族: '回族',
        出生日期: '1995.05.06',
        学历: '硕士',
        身份证号: ids.wang,
        人员类别: '入党申请人',
        申请入党日期: '2025-01-01',
        是否离退休: '否',
      }),
    ]);
    const beforeCounts = await counts(ctx.database);
    const dry = await importRoster(later(aCtx), fx.orgs.a.id, file, { commit: false });
    assert.deepEqual(dry.errors, []);
    assert.equal(dry.committed, false);
    assert.equal(dry.total, 4);
    assert.equal(dry.valid, 4);
    assert.equal(dry.created, 0);
    assert.deepEqual(dry.counts, { new: 4, changed: 0, unchanged: 0 });
    assert.deepEqual(
      dry.rows.map((r) => [r.row, r.kind, r.name]),
      [
        [2, 'new', '周明'],
        [3, 'new', '吴芳'],
        [4, 'new', '郑强'],
        [5, 'new', '王丽'],
      ],
    );
    assert.equal(dry.preview.length, 4);
    assert.equal(dry.preview[0]!.姓名, '周明');
    assert.equal(dry.preview[0]!.出生日期, '1985-07-01');
    assert.deepEqual(await counts(ctx.database), { person: beforeCounts.person, audit: beforeCounts.audit + 1 });

    const progress: string[] = [];
    const done = await importRoster(later(aCtx), fx.orgs.a.id, file, {
      commit: true,
      onProgress: (n, total, phase) => progress.push(`${phase} ${n}/${total}`),
    });
    assert.deepEqual(done.errors, []);
    assert.equal(done.committed, true);
    assert.equal(done.created, 4);
    // Every phase shows: the rows of the workbook read (the header row too), then checked (and written as checked).
    assert.deepEqual(progress, ['read 5/5', 'validate 0/4', 'validate 4/4']);
    const after = await counts(ctx.database);
    assert.deepEqual(after, { person: beforeCounts.person + 4, audit: beforeCounts.audit + 2 });

    const people = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('name', 'in', ['周明', '吴芳', '郑强', '王丽'])
      .orderBy('id')
      .execute();
    const byName = new Map(people.map((p) => [p.name, p]));
    const zhou = byName.get('周明')!;
    assert.equal(zhou.org_id, fx.orgs.a1a.id);
    assert.equal(zhou.region_id, fx.orgs.a.id);
    assert.equal(zhou.birth_date, '1985-07-01');
    assert.equal(zhou.join_date, '2010-07-01');
    assert.equal(zhou.full_date, '2011-07-01');
    assert.equal(zhou.applied_on, '2009-03-01');
    assert.equal(zhou.education, 'bachelor');
    assert.equal(zhou.id_number, ids.zhou);
    assert.equal(zhou.name_pinyin, 'zhou ming');
    assert.equal(zhou.name_initials, 'zm');
    const wu = byName.get('吴芳')!;
    assert.equal(wu.org_id, fx.orgs.a1.id);
    assert.equal(wu.status, 'probationary');
    assert.equal(wu.is_floating, true);
    assert.equal(wu.education, 'college');
    assert.equal(byName.get('郑强')!.status, 'activist');
    assert.equal(byName.get('郑强')!.id_number, null);
    assert.equal(byName.get('王丽')!.org_id, fx.orgs.a.id);
    assert.equal(byName.get('王丽')!.education, 'postgraduate');

    const log = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(log.action, 'member.import');
    assert.equal(log.entity, 'person');
    assert.equal(log.entity_id, null);
    assert.equal(log.org_id, fx.orgs.a.id);
    assert.equal(log.actor_name, fx.users.aAdmin.username);
    assert.deepEqual(log.after, { fileRows: 4, created: 4, updated: 0, unchanged: 0, orgCode: fx.orgs.a.code });
    assert.equal(log.before, null);
  });

  test('a header without the name column is an error at row 1 naming it; the unknown column is ignored', async () => {
    const header = HEADERS.map((h) => (h === '姓名' ? '名字' : h));
    const result = await rejected(await rosterFile([row({ 姓名: '周明', 人员类别: '入党申请人' })], header));
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.column]),
      [[1, '姓名']],
    );
    assert.match(formatImportIssue(result.errors[0]!), /^第1行 姓名：缺少必填列“姓名”/);
  });

  test('a bad ID check digit names its row and the column 身份证号', async () => {
    const good = fakeIdNumber('1988-08-08', 'male');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const result = await rejected(
      await rosterFile([
        row({
          姓名: '孙杰',
          性别: '男',
          身份证号: fakeIdNumber('1988-08-09', 'male'),
          人员类别: '正式党员',
          入党日期: '2012-07-01',
          转正日期: '2013-07-01',
        }),
        row({
          姓名: '钱程',
          性别: '男',
          身份证号: bad,
          人员类别: '正式党员',
          入党日期: '2012-07-01',
          转正日期: '2013-07-01',
        }),
      ]),
    );
    assert.equal(result.errors.length, 1);
    const issue = result.errors[0]!;
    assert.equal(issue.row, 3);
    assert.equal(issue.column, '身份证号');
    assert.match(issue.message, /校验位错误/);
    assert.match(formatImportIssue(issue), /^第3行 身份证号：校验位错误/);
    assert.equal(result.total, 2);
    assert.equal(result.valid, 1);
  });

  test('a duplicate ID number within the file names the earlier row; one registered in scope is its holder, one outside only says whom to ask', async () => {
    const twice = fakeIdNumber('1987-04-04', 'female');
    const inDb = (
      await ctx.database.db
        .selectFrom('person')
        .select('id_number')
        .where('id', '=', fx.people.a1aFull)
        .executeTakeFirstOrThrow()
    ).id_number!;
    const inB = (
      await ctx.database.db
        .selectFrom('person')
        .select('id_number')
        .where('id', '=', fx.people.b1aFull)
        .executeTakeFirstOrThrow()
    ).id_number!;
    const member = (name: string, id: string, gender: string) =>
      row({
        姓名: name,
        性别: gender,
        身份证号: id,
        人员类别: '正式党员',
        入党日期: '2012-07-01',
        转正日期: '2013-07-01',
      });
    const result = await rejected(
      await rosterFile([
        member('甲', twice, '女'),
        member('乙', twice, '女'),
        member('丙', inDb, '男'),
        member('丁', inB, '男'),
      ]),
    );
    assert.deepEqual(
      result.errors.map((e) => formatImportIssue(e)),
      ['第3行 身份证号：与第2行重复', '第5行 身份证号：该身份证号码不能在此登记，请联系上级组织部门核实'],
    );
    // Row 4 is 张海生's row now: an update of his record (renamed 丙), shown before anything is written.
    assert.deepEqual(result.counts, { new: 1, changed: 1, unchanged: 0 });
    const update = result.rows.find((r) => r.row === 4)!;
    assert.equal(update.kind, 'changed');
    assert.equal(update.personId, fx.people.a1aFull);
    assert.deepEqual(
      update.changes.find((c) => c.column === '姓名'),
      { column: '姓名', before: '张海生', after: '丙' },
    );
  });

  test('an unknown, ambiguous or dissolved organisation names the row; organisations outside the target are unknown', async () => {
    const twin1 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `TW1-${ctx.engine}`,
      name: '同名党支部',
      type: 'branch',
    });
    await insertOrg(ctx.database, fx.orgs.a1, { code: `TW2-${ctx.engine}`, name: '同名党支部', type: 'branch' });
    const gone = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `GONE-${ctx.engine}`,
      name: '已撤党支部',
      type: 'branch',
    });
    await ctx.database.db
      .updateTable('org')
      .set({ status: 'dissolved', dissolved_on: '2026-01-01' })
      .where('id', '=', gone.id)
      .execute();
    const applicant = (org: string) => row({ 姓名: '冯军', 所在党组织: org, 人员类别: '入党申请人' });
    const result = await rejected(
      await rosterFile([
        applicant('不存在党支部'),
        applicant('同名党支部'),
        applicant('已撤党支部'),
        applicant('乙一村党支部'),
        applicant(twin1.code),
      ]),
    );
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.column]),
      [
        [2, '所在党组织'],
        [3, '所在党组织'],
        [4, '所在党组织'],
        [5, '所在党组织'],
      ],
    );
    assert.equal(result.errors[0]!.message, '在“甲区委”下找不到“不存在党支部”');
    assert.match(result.errors[1]!.message, /有 2 个名为“同名党支部”的组织，请改填组织编码/);
    assert.match(result.errors[2]!.message, /已撤销/);
    assert.equal(result.errors[3]!.message, '在“甲区委”下找不到“乙一村党支部”');
    assert.equal(result.valid, 1);
  });

  test('member rules, required ID numbers and unreadable cells are reported for every row, one issue per cell', async () => {
    const result = await rejected(
      await rosterFile([
        row({ 姓名: '褚云', 人员类别: '正式党员', 入党日期: '2012-07-01', 转正日期: '2012-08-01' }),
        row({ 姓名: '卫红', 人员类别: '入党积极分子', 入党日期: '2012-07-01' }),
        // biome-ignore lint/correctness/noPrecisionLoss: an ID number typed as a number loses digits; that is the case tested
        row({ 姓名: '蒋涛', 人员类别: '预备党员', 身份证号: 339901199001010010, 入党日期: '2012-13-01' }),
        row({ 姓名: null, 人员类别: '入党申请人', 出生日期: '2030-01-01' }),
      ]),
    );
    assert.deepEqual(result.errors.map(formatImportIssue), [
      '第2行 身份证号：预备党员和正式党员须填写身份证号',
      '第2行 转正日期：转正日期早于预备期满（入党日期后1年）',
      '第3行 入党日期：入党积极分子不应有入党日期',
      '第4行 身份证号：身份证号被 Excel 存成了数字，末几位已经丢失；请把该列设置为“文本”格式后重新录入身份证号',
      '第4行 入党日期：“2012-13-01”不是有效日期，请填写如 2020-07-01 的日期',
      '第5行 姓名：请填写姓名',
      '第5行 出生日期：出生日期晚于今天',
    ]);
    assert.equal(result.valid, 0);
  });

  test('every cell error travels as a message key with parameters: its Chinese is the text sent, its English has no Chinese of its own', async () => {
    const result = await rejected(
      await rosterFile([
        row({ 姓名: '褚云', 人员类别: '正式党员', 入党日期: '2012-07-01', 转正日期: '2012-08-01' }),
        row({ 姓名: '卫红', 人员类别: null }),
        row({ 姓名: '蒋涛', 人员类别: '入党申请人', 所在党组织: '不存在党支部', 联系电话: '138****0000' }),
        row({ 姓名: '韩梅', 人员类别: '入党申请人', 身份证号: '110101********0011', 出生日期: '1990.05' }),
        row({ 姓名: '<b>', 人员类别: '入党申请人', 入党日期: '2012-13-01' }),
      ]),
    );
    assert.ok(result.errors.length >= 7, JSON.stringify(result.errors));
    for (const e of result.errors) {
      assert.ok(e.msg, `no key: ${e.message}`);
      assert.ok(isMessageKey(e.msg.key), e.msg.key);
      assert.equal(renderMessage(e.msg as Msg, 'zh'), e.message);
      // The English, less the values it quotes from the file, holds no Chinese.
      const quoted = Object.values(e.msg.params ?? {})
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .map(String);
      let english = renderMessage(e.msg as Msg, 'en');
      for (const q of quoted) english = english.split(q).join('');
      assert.doesNotMatch(english, /\p{Script=Han}/u, english);
    }
  });

  test('names with markup or control characters are refused, naming the row and 姓名; minority names pass', async () => {
    const result = await rejected(
      await rosterFile([
        row({ 姓名: '<img src=x>', 人员类别: '入党申请人' }),
        row({ 姓名: '阿依古丽·买买提', 人员类别: '入党申请人' }),
        row({ 姓名: '王&五', 人员类别: '入党积极分子' }),
        // A control character as .xlsx stores it (ExcelJS would drop a raw one on writing).
        row({ 姓名: '次仁_x0007_多吉', 人员类别: '入党申请人' }),
        row({ 姓名: '<b>', 人员类别: '群众' }),
      ]),
    );
    assert.deepEqual(result.errors.map(formatImportIssue), [
      '第2行 姓名：姓名不能含有“<”：只可填写汉字、字母、间隔号“·”和空格',
      '第4行 姓名：姓名不能含有“&”：只可填写汉字、字母、间隔号“·”和空格',
      '第5行 姓名：姓名不能含有控制字符：只可填写汉字、字母、间隔号“·”和空格',
      '第6行 姓名：姓名不能含有“<”：只可填写汉字、字母、间隔号“·”和空格',
      '第6行 人员类别：“群众”不是可选的值，可填：入党申请人、入党积极分子、发展对象、预备党员、正式党员',
    ]);
    assert.equal(result.valid, 1);
  });

  test('a person changed between the check and the write stops the whole import (nothing written)', async () => {
    const zhang = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', fx.people.a1aFull)
      .executeTakeFirstOrThrow();
    const file = await rosterFile([
      row({
        姓名: zhang.name,
        身份证号: zhang.id_number,
        人员类别: '正式党员',
        入党日期: zhang.join_date,
        转正日期: zhang.full_date,
        联系电话: '13600001111',
      }),
      row({ 姓名: '插队', 人员类别: '入党申请人' }),
    ]);
    const beforeCounts = await counts(ctx.database);
    const savedAt = new Date('2026-11-23T03:00:00Z');
    /** Called once the import has read and checked every row, before it writes the changed people. */
    let checked = () => {};
    const checking = (_n: number, _total: number, phase: string) => {
      if (phase === 'validate' && _n === _total && _n > 0) checked();
    };
    if (ctx.engine === 'postgres') {
      // Someone else is saving 张海生's record (their transaction holds the row) while this import reads and checks
      // the rows, and commits once it has: the import waits for the row, reads what was committed and stops.
      const other = ctx.database.db.connection().execute(async (conn) => {
        await sql`begin`.execute(conn);
        await conn.updateTable('person').set({ updated_at: savedAt }).where('id', '=', zhang.id).execute();
        await new Promise<void>((resolve) => {
          checked = resolve;
        });
        await sql`commit`.execute(conn);
      });
      await assert.rejects(
        importRoster(later(aCtx), fx.orgs.a.id, file, { commit: true, onProgress: checking }),
        (e: AppError) => {
          assert.equal(e.code, 'CONFLICT');
          assert.match(e.message, /第2行的人员（张海生）在导入期间已被修改，未导入任何数据/);
          return true;
        },
      );
      await other;
      const after = await counts(ctx.database);
      assert.equal(after.person, beforeCounts.person);
      const still = await ctx.database.db
        .selectFrom('person')
        .select(['phone', 'updated_at'])
        .where('id', '=', zhang.id)
        .executeTakeFirstOrThrow();
      assert.equal(still.phone, zhang.phone);
      assert.equal(new Date(still.updated_at).getTime(), savedAt.getTime());
    } else {
      // PGlite has one connection: the import reads, checks and writes in one transaction on it, and a save made
      // meanwhile waits for the import to end, then applies to what it wrote.
      let other: Promise<unknown> = Promise.resolve();
      checked = () => {
        other = ctx.database.db.updateTable('person').set({ updated_at: savedAt }).where('id', '=', zhang.id).execute();
      };
      const r = await importRoster(later(aCtx), fx.orgs.a.id, file, { commit: true, onProgress: checking });
      assert.deepEqual([r.committed, r.created, r.updated], [true, 1, 1]);
      await other;
      const now = await ctx.database.db
        .selectFrom('person')
        .select(['phone', 'updated_at'])
        .where('id', '=', zhang.id)
        .executeTakeFirstOrThrow();
      assert.equal(now.phone, '13600001111');
      assert.equal(new Date(now.updated_at).getTime(), savedAt.getTime());
      // Put back for the tests after this one.
      await ctx.database.db
        .updateTable('person')
        .set({ phone: zhang.phone, updated_at: zhang.updated_at })
        .where('id', '=', zhang.id)
        .execute();
      await ctx.database.db.deleteFrom('person').where('name', '=', '插队').execute();
    }
  });

  test('empty files and files that are not .xlsx give one whole-file error and write nothing', async () => {
    const noSheet = Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer());
    for (const file of [await rosterFile([]), noSheet]) {
      const r = await rejected(file);
      assert.deepEqual(r.errors, [
        { row: null, column: null, message: '文件中没有数据行', msg: { key: 'err.imp.file.noRows' } },
      ]);
    }
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    for (const file of [png, Buffer.from('姓名,人员类别\n周明,正式党员\n')]) {
      const r = await rejected(file);
      assert.deepEqual(
        r.errors.map(({ row, column, message }) => ({ row, column, message })),
        [{ row: null, column: null, message: '文件不是 Excel 表格（.xlsx 或 .xls），可能是改了扩展名的其他格式' }],
      );
    }
  });

  test(`the error list stops at ${ISSUE_LIMIT} with a line saying how many more`, async () => {
    const rows = Array.from({ length: ISSUE_LIMIT + 100 }, () => row({ 姓名: '无效', 人员类别: '群众' }));
    const result = await rejected(await rosterFile(rows));
    assert.equal(result.errorCount, ISSUE_LIMIT + 100);
    assert.equal(result.errors.length, ISSUE_LIMIT + 1);
    assert.match(result.errors.at(-1)!.message, /另有 100 处错误未列出/);
    assert.equal(result.total, ISSUE_LIMIT + 100);
  });

  test('the target organisation must be in scope and active', async () => {
    const file = await rosterFile([row({ 姓名: '沈涛', 人员类别: '入党申请人' })]);
    await assert.rejects(importRoster(aCtx, fx.orgs.b1a.id, file, { commit: true }), { code: 'ORG_NOT_FOUND' });
    const gone = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `GONE2-${ctx.engine}`,
      name: '撤销的党委',
      type: 'branch',
    });
    await ctx.database.db
      .updateTable('org')
      .set({ status: 'dissolved', dissolved_on: '2026-01-01' })
      .where('id', '=', gone.id)
      .execute();
    await assert.rejects(importRoster(aCtx, gone.id, file, { commit: true }), { code: 'ORG_DISSOLVED' });
  });

  test('a check that registers nothing is audited with counts, never with the ID numbers it checked', async () => {
    const inB = (
      await ctx.database.db
        .selectFrom('person')
        .select('id_number')
        .where('id', '=', fx.people.b1aFull)
        .executeTakeFirstOrThrow()
    ).id_number!;
    const fresh = fakeIdNumber('1991-02-03', 'male');
    const member = (name: string, id: string) =>
      row({
        姓名: name,
        性别: '男',
        身份证号: id,
        人员类别: '正式党员',
        入党日期: '2012-07-01',
        转正日期: '2013-07-01',
      });
    const file = await rosterFile([member('甲', inB), member('乙', fresh)]);
    for (const commit of [false, true]) {
      const result = await importRoster(later(aCtx), fx.orgs.a.id, file, { commit });
      assert.equal(result.committed, false);
      const log = await ctx.database.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(log.action, 'roster.dry_run');
      assert.equal(log.actor_id, fx.users.aAdmin.id);
      assert.equal(log.org_id, fx.orgs.a.id);
      assert.deepEqual(log.after, {
        commitAsked: commit,
        fileRows: 2,
        valid: 1,
        errors: 1,
        idNumbersChecked: 2,
        idNumbersRefused: 1,
        orgCode: fx.orgs.a.code,
      });
      const text = JSON.stringify(log);
      for (const id of [inB, fresh]) {
        assert.ok(!text.includes(id) && !text.includes(id.slice(6, 14)), 'no number, not even its digits');
      }
    }
  });

  test('an account may run 10 roster checks in 10 minutes; the 11th is refused with the wait, the system is not limited', async () => {
    const bAdmin: Ctx = {
      ...aCtx,
      now: new Date('2026-11-24T02:00:00Z'),
      actor: {
        ...aCtx.actor,
        userId: fx.users.bAdmin.id,
        username: fx.users.bAdmin.username,
        orgId: fx.orgs.b.id,
        orgPath: fx.orgs.b.path,
      },
    };
    const at = (minutes: number): Ctx => ({ ...bAdmin, now: new Date(bAdmin.now.getTime() + minutes * 60_000) });
    const file = await rosterFile([row({ 姓名: '限流', 人员类别: '入党申请人' })]);
    for (let i = 0; i < 10; i++) {
      const r = await importRoster(at(i / 2), fx.orgs.b.id, file, { commit: false });
      assert.deepEqual(r.errors, [], `check ${i + 1}`);
    }
    const beforeCounts = await counts(ctx.database);
    await assert.rejects(importRoster(at(5), fx.orgs.b.id, file, { commit: true }), (e: AppError) => {
      assert.equal(e.code, 'RATE_LIMITED');
      assert.equal(e.status, 429);
      assert.deepEqual(e.details, { retryAfterSeconds: 300, retryAt: at(10).now.toISOString() });
      return true;
    });
    assert.deepEqual(await counts(ctx.database), beforeCounts, 'a refused check writes nothing, not even an audit row');
    // The first check leaves the window 10 minutes after it ran: one more is possible then, not before.
    await assert.rejects(importRoster(at(9.99), fx.orgs.b.id, file, { commit: false }), { code: 'RATE_LIMITED' });
    const again = await importRoster(at(10), fx.orgs.b.id, file, { commit: true });
    assert.equal(again.committed, true);
    // The system itself (the CLI) is not counted.
    const system = { ...adminCtx, now: at(10).now };
    for (let i = 0; i < 11; i++) await importRoster(system, fx.orgs.b.id, file, { commit: false });
  });

  test('a larger roster (3,000 rows) imports in one transaction', async () => {
    const branch = await insertOrg(ctx.database, fx.orgs.b1, {
      code: `BIG-${ctx.engine}`,
      name: '大支部',
      type: 'branch',
    });
    await insertPerson(ctx.database, branch, { name: '原有党员', birthDate: '1966-06-06' });
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const birth = `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
      return row({
        姓名: `党员${lettersOf(i)}`,
        身份证号: fakeIdNumber(birth, 'male'),
        性别: '男',
        人员类别: '正式党员',
        入党日期: '2015-07-01',
        转正日期: '2016-07-01',
      });
    });
    const started = performance.now();
    const result = await importRoster(adminCtx, branch.id, await rosterFile(rows), { commit: true });
    const ms = performance.now() - started;
    assert.deepEqual(result.errors.slice(0, 3), []);
    assert.equal(result.created, 3000);
    const n = await ctx.database.db
      .selectFrom('person')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('org_id', '=', branch.id)
      .executeTakeFirstOrThrow();
    assert.equal(n.n, 3001);
    console.log(`# roster import [${ctx.engine}]: 3000 rows in ${ms.toFixed(0)} ms`);
  });

  test('the database refusing a batch in flight (a number taken meanwhile) names its row and leaves nothing', async () => {
    const branch = await insertOrg(ctx.database, fx.orgs.b1, {
      code: `RACE-${ctx.engine}`,
      name: '抢号支部',
      type: 'branch',
    });
    const rows = Array.from({ length: 2500 }, (_, i) => {
      const birth = `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
      return row({
        姓名: `抢号${lettersOf(i)}`,
        身份证号: fakeIdNumber(birth, 'male'),
        性别: '男',
        人员类别: '入党申请人',
      });
    });
    const taken = String(rows[1599]![HEADERS.indexOf('身份证号')]);
    // As if someone registered row 1,601's number after the import looked it up: the unique index refuses the batch
    // holding it, while the import checks the next one.
    await sql`create function roster_race() returns trigger language plpgsql as $$
      begin
        if new.id_number = ${sql.lit(taken)} then
          raise exception 'duplicate key value violates unique constraint "person_id_number_key"'
            using errcode = '23505', detail = ${sql.lit(`Key (id_number)=(${taken}) already exists.`)};
        end if;
        return new;
      end $$`.execute(ctx.database.db);
    await sql`create trigger roster_race before insert on person for each row execute function roster_race()`.execute(
      ctx.database.db,
    );
    try {
      const before = await counts(ctx.database);
      await assert.rejects(
        importRoster(adminCtx, branch.id, await rosterFile(rows), { commit: true }),
        (e: AppError) => {
          assert.equal(e.code, 'DUPLICATE');
          assert.match(e.message, /第1601行/);
          return true;
        },
      );
      assert.equal((await counts(ctx.database)).person, before.person);
    } finally {
      await sql`drop trigger roster_race on person`.execute(ctx.database.db);
      await sql`drop function roster_race()`.execute(ctx.database.db);
    }
  });

  test('problems after the first batches were written (rows 2,600 and 2,999 of 3,000) roll the whole import back', async () => {
    const branch = await insertOrg(ctx.database, fx.orgs.b1, {
      code: `LATE-${ctx.engine}`,
      name: '后错支部',
      type: 'branch',
    });
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const birth = `19${50 + (i % 40)}-0${1 + (i % 9)}-2${i % 8}`;
      return row({
        姓名: `后错${lettersOf(i)}`,
        身份证号: fakeIdNumber(birth, 'female'),
        性别: '女',
        人员类别: '正式党员',
        入党日期: '2015-07-01',
        // Row 2,600 (data row 2,599) is made a member before joining; row 2,999 repeats row 2's number.
        转正日期: i === 2598 ? '2014-07-01' : '2016-07-01',
      });
    });
    rows[2997]![HEADERS.indexOf('身份证号')] = rows[0]![HEADERS.indexOf('身份证号')]!;
    const before = await counts(ctx.database);
    const lastId = async () =>
      (await sql<{ n: number }>`select last_value::int as n from person_id_seq`.execute(ctx.database.db)).rows[0]!.n;
    const idBefore = await lastId();
    const writes: string[] = [];
    const result = await importRoster(adminCtx, branch.id, await rosterFile(rows), {
      commit: true,
      onProgress: (n, total, phase) => writes.push(`${phase}:${n}/${total}`),
    });
    assert.equal(result.committed, false);
    assert.equal(result.created, 0);
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.column]),
      [
        [2600, '转正日期'],
        [2999, '身份证号'],
      ],
    );
    assert.match(result.errors[1]!.message, /第2行/);
    // The first two batches were checked and written before the problem was met (the ids they took are gone:
    // a sequence is not rolled back); nothing of them is left.
    assert.ok(writes.includes('validate:2000/3000'), writes.join(' '));
    assert.ok((await lastId()) - idBefore >= 2000, `${idBefore} → ${await lastId()}`);
    const after = await counts(ctx.database);
    assert.equal(after.person, before.person);
    // One audit row: the check, as a check that wrote nothing.
    assert.equal(after.audit, before.audit + 1);
    const last = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(last.action, 'roster.dry_run');
    // The same file, corrected, imports.
    rows[2598]![HEADERS.indexOf('转正日期')] = '2016-07-01';
    rows[2997]![HEADERS.indexOf('身份证号')] = fakeIdNumber('1988-08-28', 'female');
    const fixed = await importRoster(adminCtx, branch.id, await rosterFile(rows), { commit: true });
    assert.deepEqual(fixed.errors, []);
    assert.equal(fixed.created, 3000);
  });

  test('an edited roll: many people changed, grouped by what changed, each to its own values', async () => {
    const x = await insertOrg(ctx.database, fx.orgs.b1, {
      code: `EDIT-X-${ctx.engine}`,
      name: '编辑甲支部',
      type: 'branch',
    });
    const y = await insertOrg(ctx.database, fx.orgs.b1, {
      code: `EDIT-Y-${ctx.engine}`,
      name: '编辑乙支部',
      type: 'branch',
    });
    const n = 1200;
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const birth = `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 9}`;
      ids.push(await insertPerson(ctx.database, x, { name: `编辑${lettersOf(i)}`, birthDate: birth }));
    }
    const people = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    const header = ['姓名', '身份证号', '人员类别', '入党日期', '转正日期', '联系电话', '所在党组织'];
    const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;
    // A third get a new phone; a third a new phone and the other branch; the rest stay, two of them renamed.
    const renamed = new Set([5, 11]);
    const rows = people.map((p, i) => [
      renamed.has(i) ? `改名${lettersOf(i)}` : p.name,
      p.id_number,
      '正式党员',
      p.join_date,
      p.full_date,
      i % 3 === 2 ? null : phoneOf(i),
      i % 3 === 1 ? y.code : x.code,
    ]);
    const editing = later(adminCtx);
    const r = await importRoster(editing, fx.orgs.b1.id, await rosterFile(rows, header), { commit: true });
    assert.deepEqual(r.errors, []);
    assert.deepEqual([r.committed, r.created, r.updated], [true, 0, 800 + renamed.size]);
    const after = await ctx.database.db.selectFrom('person').selectAll().where('id', 'in', ids).orderBy('id').execute();
    const region = (
      await ctx.database.db.selectFrom('org').select('region_id').where('id', '=', y.id).executeTakeFirstOrThrow()
    ).region_id;
    after.forEach((p, i) => {
      const was = people[i]!;
      const changed = i % 3 !== 2 || renamed.has(i);
      assert.equal(p.phone, i % 3 === 2 ? null : phoneOf(i), `row ${i}`);
      assert.equal(p.org_id, i % 3 === 1 ? y.id : x.id, `row ${i}`);
      if (i % 3 === 1) assert.equal(p.region_id, region);
      assert.equal(p.name, renamed.has(i) ? `改名${lettersOf(i)}` : was.name);
      assert.equal(p.name_pinyin, renamed.has(i) ? nameKeys(p.name).pinyin : was.name_pinyin);
      assert.equal(p.name_initials, renamed.has(i) ? nameKeys(p.name).initials : was.name_initials);
      // What the file did not change stays as it was.
      assert.deepEqual(
        [p.ethnicity, p.education, p.birth_date, p.gender, p.status, p.join_date],
        [was.ethnicity, was.education, was.birth_date, was.gender, was.status, was.join_date],
      );
      assert.equal(
        new Date(p.updated_at).getTime(),
        changed ? editing.now.getTime() : new Date(was.updated_at).getTime(),
        `row ${i}`,
      );
    });
  });

  test('the rows looked up beside the transaction (the CLI on PostgreSQL) or through it come to the same', async () => {
    const beside = lookupsBesideFor(ctx.database);
    // PGlite's one connection is the transaction's: there the lookups go through it.
    assert.equal(beside === undefined, ctx.engine === 'pglite');
    const branch = await insertOrg(ctx.database, fx.orgs.b1, {
      code: `SIDE-${ctx.engine}`,
      name: '旁查支部',
      type: 'branch',
    });
    const known = await insertPerson(ctx.database, branch, { name: '旁查老党员', withId: true, gender: 'female' });
    const knownRow = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', known)
      .executeTakeFirstOrThrow();
    const rows = Array.from({ length: 2500 }, (_, i) => {
      const birth = `19${55 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`;
      return row({
        姓名: `旁查${lettersOf(i)}`,
        身份证号: fakeIdNumber(birth, 'male'),
        性别: '男',
        人员类别: '入党申请人',
      });
    });
    // Row 1,502 is the registered person, with a new phone (an update, met in the second batch); row 2,202 repeats
    // row 12's number (the third batch, after two were written).
    rows[1500] = row({
      姓名: knownRow.name,
      身份证号: knownRow.id_number,
      性别: '女',
      人员类别: '正式党员',
      入党日期: knownRow.join_date,
      转正日期: knownRow.full_date,
      联系电话: '13700002222',
    });
    const ID = HEADERS.indexOf('身份证号');
    rows[2200]![ID] = rows[10]![ID]!;
    const before = await counts(ctx.database);
    const outcome = (r: Awaited<ReturnType<typeof importRoster>>) => ({
      committed: r.committed,
      counts: r.counts,
      errors: r.errors.map((e) => [e.row, e.column, e.message]),
    });
    const through = await importRoster(adminCtx, branch.id, await rosterFile(rows), { commit: true });
    const withBeside = await importRoster(adminCtx, branch.id, await rosterFile(rows), {
      commit: true,
      ...(beside ? { lookupsBeside: beside } : {}),
    });
    assert.deepEqual(outcome(withBeside), outcome(through));
    assert.deepEqual(outcome(through).errors, [[2202, '身份证号', '与第12行重复']]);
    assert.deepEqual(through.counts, { new: 2498, changed: 1, unchanged: 0 });
    assert.equal((await counts(ctx.database)).person, before.person);

    rows[2200]![ID] = fakeIdNumber('1999-09-19', 'male');
    const done = await importRoster(adminCtx, branch.id, await rosterFile(rows), {
      commit: true,
      ...(beside ? { lookupsBeside: beside } : {}),
    });
    assert.deepEqual([done.committed, done.created, done.updated, done.errors], [true, 2499, 1, []]);
    const now = await ctx.database.db
      .selectFrom('person')
      .select(['phone', 'org_id'])
      .where('id', '=', known)
      .executeTakeFirstOrThrow();
    assert.deepEqual(now, { phone: '13700002222', org_id: branch.id });
    assert.equal((await counts(ctx.database)).person, before.person + 2499);
  });
});
