import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { countVillages } from '../../../domain/economy/two-eighty.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { type App, buildApp } from '../../app.ts';
import { diskFileStore } from '../../files/file-store.ts';
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
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';
import { foldRollups, verifyRollups } from '../rollups/rollups.service.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/**
 * 村级集体经济 through the API (issue 13): a village reports its income by kind (one original per year and period, a
 * correction naming the entry it corrects, evidence files), a town imports its villages' list (all-or-nothing, rows
 * and columns named in Chinese, 万元 columns, the same list again adds nothing, a changed figure corrects), the
 * subtree's "两个80%" and its 空壳村 / 薄弱村 by the rules of its locality, the export in the import's layout, and the
 * deployment targets counted from the incomes (a share task on the villages, sum tasks on the town) following every
 * write and the daily sweep.
 */
describeOnEngines(
  'collective economy: incomes, corrections, import, "两个80%", targets counted from incomes',
  (ctx) => {
    let app: App;
    let fx: Fixture;
    let dir: string;
    const clock = new Date('2026-11-23T02:00:00Z');
    let village: string; // a-sec: the secretary of 甲一村 (A1a)
    let member: string; // a-member: a 党员 of 甲一村
    let town: string; // an account of 甲一镇 (A1)
    let district: string; // a-admin: 甲区 (A)
    let other: string; // b-admin: the sibling district
    let v2: OrgRef;
    let v3: OrgRef;
    let v4: OrgRef;
    let v5: OrgRef;
    let organ: OrgRef; // 甲一镇机关党支部: not a village
    let firstEntry = 0;
    const tasks = { share: 0, income: 0, stable: 0 };
    const assignmentOf = new Map<string, number>();

    // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
    const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
      assert.equal(res.statusCode, status, res.body);
      return res.json();
    };
    const send = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const count = async (table: string) =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
      );
    const amounts = (business: number, extra: Record<string, number> = {}) => ({
      business,
      contracting: 0,
      investment: 0,
      subsidy: 0,
      other: 0,
      ...extra,
    });
    const summary = async (orgId: number) =>
      ok(await send(town, 'GET', `/api/economy/summary?orgId=${orgId}&year=2026`));
    const figureOf = async (key: string) =>
      ok(await send(district, 'GET', `/api/assignments/${assignmentOf.get(key)}`)).figure as number;
    const importList = (cookie: string, file: Buffer, commit: boolean) => {
      const body = multipartBody({}, [{ field: 'file', filename: '集体经济收入.xlsx', data: file }]);
      return app.inject({
        method: 'POST',
        url: `/api/economy/import?orgId=${fx.orgs.a1.id}&commit=${commit}`,
        headers: { cookie, ...body.headers },
        payload: body.payload,
      });
    };
    const workbook = async (rows: (string | number | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('收入').addRows(rows);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };

    before(async () => {
      fx = await buildFixture(ctx.database);
      const add = (code: string, name: string) =>
        insertOrg(ctx.database, fx.orgs.a1, { code: `${code}-${ctx.engine}`, name, type: 'branch', field: 'rural' });
      v2 = await add('EV2', '甲二村党支部');
      v3 = await add('EV3', '甲三村党支部');
      v4 = await add('EV4', '甲四村党支部');
      v5 = await add('EV5', '甲五村党支部');
      organ = await add('EO1', '甲一镇机关党支部');
      await ctx.database.db
        .updateTable('org')
        .set({ unit_level: 'village' })
        .where('id', 'in', [fx.orgs.a1a.id, v2.id, v3.id, v4.id, v5.id, fx.orgs.b1a.id])
        .execute();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-economy-'));
      app = await buildApp({ database: ctx.database, now: () => clock, files: diskFileStore(dir) });
      village = await loginAs(app, fx.users.aSecretary.username);
      member = await loginAs(app, fx.users.aMember.username);
      district = await loginAs(app, fx.users.aAdmin.username);
      other = await loginAs(app, fx.users.bAdmin.username);
      town = await loginAs(
        app,
        (await insertUser(ctx.database, `eco-town-${ctx.engine}`, 'secretary', fx.orgs.a1)).username,
      );
    });
    after(async () => {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('targets counted from incomes: a share task on the villages, sum tasks on the town; nothing counted yet', async () => {
      const bad = await send(town, 'POST', '/api/tasks', {
        orgId: fx.orgs.a1.id,
        title: '有稳定收入的村',
        progressMode: 'sum',
        targetValue: 4,
        figureSource: { kind: 'villagesReaching', year: 2026, minAmount: -1 },
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().error.details.field, 'figureSource');
      tasks.share = ok(
        await send(town, 'POST', '/api/tasks', {
          orgId: fx.orgs.a1.id,
          title: '80%的行政村集体经济收入达到5万元',
          progressMode: 'share',
          shareThreshold: 5,
          targetValue: 80,
          targetUnit: '万元',
          figureSource: { kind: 'villageIncome', year: 2026 },
        }),
        201,
      ).id;
      ok(
        await send(town, 'POST', `/api/tasks/${tasks.share}/assignments`, {
          orgIds: [fx.orgs.a1a.id, v2.id, v3.id, v4.id, v5.id],
        }),
      );
      for (const a of ok(await send(town, 'GET', `/api/assignments?taskId=${tasks.share}&pageSize=50`)).items) {
        assignmentOf.set(`share:${a.orgId}`, a.id);
      }
      tasks.income = ok(
        await send(district, 'POST', '/api/tasks', {
          orgId: fx.orgs.a.id,
          title: '村级集体经营性收入',
          progressMode: 'sum',
          targetValue: 50,
          targetUnit: '万元',
          figureSource: { kind: 'villageIncome', year: 2026 },
        }),
        201,
      ).id;
      tasks.stable = ok(
        await send(district, 'POST', '/api/tasks', {
          orgId: fx.orgs.a.id,
          title: '有稳定收入的村达到4个',
          progressMode: 'sum',
          targetValue: 4,
          targetUnit: '个',
          figureSource: { kind: 'villagesReaching', year: 2026, minAmount: 0 },
        }),
        201,
      ).id;
      for (const [key, id] of [
        ['income', tasks.income],
        ['stable', tasks.stable],
      ] as const) {
        ok(await send(district, 'POST', `/api/tasks/${id}/assignments`, { orgIds: [fx.orgs.a1.id] }));
        const list = ok(await send(district, 'GET', `/api/assignments?taskId=${id}`));
        assignmentOf.set(key, list.items[0].id);
        assert.match(list.items[0].figureSourceText.zh, /村级集体经济收入自动统计/);
      }
      assert.equal(await figureOf(`share:${fx.orgs.a1a.id}`), 0);
      assert.equal(await figureOf('income'), 0);
    });

    test('a village reports its year; only villages report; one original per period; amounts checked by field', async () => {
      const notVillage = await send(town, 'POST', '/api/economy/entries', {
        orgId: organ.id,
        year: 2026,
        amounts: amounts(100),
      });
      assert.equal(notVillage.statusCode, 422, notVillage.body);
      assert.match(notVillage.json().error.message, /不是村级党组织/);
      const made = ok(
        await send(village, 'POST', '/api/economy/entries', {
          orgId: fx.orgs.a1a.id,
          year: 2026,
          amounts: amounts(30_000, { contracting: 20_000, subsidy: 100_000 }),
          note: '2026年度收支表',
        }),
        201,
      );
      firstEntry = made.entries[0].id;
      assert.equal(made.figures.operating, 50_000);
      assert.equal(made.figures.total, 150_000);
      assert.equal(made.figures.annual, true);
      assert.equal(made.mark, 'none');
      assert.equal(made.canReport, true);
      const again = await send(village, 'POST', '/api/economy/entries', {
        orgId: fx.orgs.a1a.id,
        year: 2026,
        amounts: amounts(1),
      });
      assert.equal(again.statusCode, 409, again.body);
      assert.match(again.json().error.message, /已经填报.*更正/);
      const negative = await send(village, 'POST', '/api/economy/entries', {
        orgId: fx.orgs.a1a.id,
        year: 2026,
        quarter: 1,
        amounts: amounts(1, { subsidy: -5 }),
      });
      assert.equal(negative.statusCode, 400, negative.body);
      assert.equal(negative.json().error.details.field, 'amounts.subsidy');
      assert.match(negative.json().error.message, /补助收入不能为负数/);
      const future = await send(village, 'POST', '/api/economy/entries', {
        orgId: fx.orgs.a1a.id,
        year: 2027,
        amounts: amounts(1),
      });
      assert.equal(future.statusCode, 400, future.body);
      assert.equal(future.json().error.details.field, 'year');
      // A 党员 reads, never reports; the sibling district cannot name the village.
      assert.equal((await send(member, 'GET', `/api/economy/entries?orgId=${fx.orgs.a1a.id}`)).statusCode, 200);
      const byMember = await send(member, 'POST', '/api/economy/entries', {
        orgId: fx.orgs.a1a.id,
        year: 2025,
        amounts: amounts(1),
      });
      assert.equal(byMember.statusCode, 403, byMember.body);
      const foreign = await send(other, 'POST', '/api/economy/entries', {
        orgId: fx.orgs.a1a.id,
        year: 2025,
        amounts: amounts(1),
      });
      assert.equal(foreign.statusCode, 404, foreign.body);
      assert.equal(await count('village_income'), 1);
      // The targets follow the entry: 5万元 exactly reaches the share task's threshold.
      assert.equal(await figureOf(`share:${fx.orgs.a1a.id}`), 5);
      assert.equal(await figureOf('income'), 5);
      assert.equal(await figureOf('stable'), 1);
      const share = ok(await send(town, 'GET', `/api/tasks/${tasks.share}`)).rollup;
      assert.equal(share.reached, 1);
    });

    test('a correction is a new entry naming the one it corrects; the figures and the targets follow it', async () => {
      const noReason = await send(village, 'POST', `/api/economy/entries/${firstEntry}/corrections`, {
        amounts: amounts(29_999.99, { contracting: 20_000, subsidy: 100_000 }),
        note: '',
      });
      assert.equal(noReason.statusCode, 400, noReason.body);
      const same = await send(village, 'POST', `/api/economy/entries/${firstEntry}/corrections`, {
        amounts: amounts(30_000, { contracting: 20_000, subsidy: 100_000 }),
        note: '核对',
      });
      assert.equal(same.statusCode, 422, same.body);
      const corrected = ok(
        await send(village, 'POST', `/api/economy/entries/${firstEntry}/corrections`, {
          amounts: amounts(29_999.99, { contracting: 20_000, subsidy: 100_000 }),
          note: '经营收入少记一分，按审计更正',
        }),
        201,
      );
      assert.deepEqual(
        corrected.entries.map((e: { correctsId: number | null; inForce: boolean }) => [e.correctsId, e.inForce]),
        [
          [null, false],
          [firstEntry, true],
        ],
      );
      assert.equal(corrected.figures.operating, 49_999.99);
      assert.equal(corrected.mark, 'weak');
      assert.equal(await figureOf(`share:${fx.orgs.a1a.id}`), 4.999999);
      assert.equal(ok(await send(town, 'GET', `/api/tasks/${tasks.share}`)).rollup.reached, 0);
      assert.equal(await figureOf('income'), 4.999999);
      // The entries are append-only in the database too.
      await assert.rejects(sql`update village_income set note = 'x' where id = ${firstEntry}`.execute(ctx.database.db));
    });

    test('evidence files on an entry: uploaded by the village, read within scope only', async () => {
      const body = multipartBody({}, [{ field: 'files', filename: '收支公开栏.png', data: PNG }]);
      const withFile = ok(
        await app.inject({
          method: 'POST',
          url: `/api/economy/entries/${firstEntry}/files`,
          headers: { cookie: village, ...body.headers },
          payload: body.payload,
        }),
      );
      const file = withFile.entries.find((e: { id: number }) => e.id === firstEntry).files[0];
      assert.equal(file.filename, '收支公开栏.png');
      const url = `/api/economy/entries/${firstEntry}/files/${file.id}`;
      const got = await send(town, 'GET', url);
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.rawPayload, PNG);
      assert.equal((await send(other, 'GET', url)).statusCode, 404);
    });

    test('a town imports its villages: every problem by row and column in Chinese, nothing written until all are right', async () => {
      const before = await count('village_income');
      const file = await workbook([
        ['村名', '组织编码', '年度', '季度', '经营收入（万元）', '补助收入（元）'],
        ['甲二村', null, 2026, null, 0, 20_000],
        ['甲九村', null, 2026, null, 1, null],
        ['甲一镇机关党支部', `EO1-${ctx.engine}`, 2026, null, 1, null],
        ['甲四村', null, 2026, '第五季度', 'abc', null],
        ['甲二村', null, 2026, '全年', 1, null],
      ]);
      const bad = await importList(town, file, true);
      assert.equal(bad.statusCode, 422, bad.body);
      const errors = bad
        .json()
        .error.details.errors.map((e: { row: number; column: string; message: string }) => [
          e.row,
          e.column,
          e.message,
        ]);
      assert.deepEqual(
        errors.map((e: unknown[]) => e.slice(0, 2)),
        [
          [3, '村名'],
          [4, '组织编码'],
          [5, '季度'],
          [5, '经营收入（万元）'],
          [6, '村名'],
        ],
      );
      assert.match(errors[0][2], /找不到村“甲九村”/);
      assert.match(errors[1][2], /不是村级党组织/);
      assert.match(errors[4][2], /与第 2 行是同一个村/);
      assert.equal(await count('village_income'), before);
      // The same file back with its problems marked where they stand.
      const upload = multipartBody({}, [{ field: 'file', filename: '集体经济收入.xlsx', data: file }]);
      const marked = await app.inject({
        method: 'POST',
        url: `/api/economy/import/errors?orgId=${fx.orgs.a1.id}`,
        headers: { cookie: town, ...upload.headers },
        payload: upload.payload,
      });
      assert.equal(marked.statusCode, 200, marked.body);
      const annotated = new ExcelJS.Workbook();
      await annotated.xlsx.load(marked.rawPayload as unknown as ArrayBuffer);
      assert.ok(annotated.worksheets.some((w) => w.name === '导入错误'));
      assert.equal(await count('village_income'), before);
    });

    test('the list imports whole (万元 columns, a code, quarters); again it adds nothing; a changed figure corrects', async () => {
      const rows: (string | number | null)[][] = [
        ['村名', '组织编码', '年度', '季度', '经营收入（万元）', '补助收入（元）', '备注'],
        ['甲二村', null, 2026, null, 0, 20_000, '空壳村'],
        [null, `EV3-${ctx.engine}`, 2026, '全年', 5, null, '刚好5万元'],
        ['甲四村村民委员会', null, 2026, '第一季度', 0.5, null, null],
        ['甲四村', null, 2026, '2', 0.4, null, null],
      ];
      const before = await count('village_income');
      const checked = ok(await importList(town, await workbook(rows), false));
      assert.deepEqual([checked.committed, checked.valid, checked.errors.length], [false, 4, 0]);
      assert.deepEqual(checked.wanColumns, ['经营收入（万元）']);
      assert.equal(await count('village_income'), before);
      const done = ok(await importList(town, await workbook(rows), true));
      assert.deepEqual([done.committed, done.created, done.corrected, done.existing], [true, 4, 0, 0]);
      assert.equal(await count('village_income'), before + 4);
      const twice = ok(await importList(town, await workbook(rows), true));
      assert.deepEqual([twice.created, twice.corrected, twice.existing], [0, 0, 4]);
      assert.equal(await count('village_income'), before + 4);
      // 甲四村's second quarter was 4,000 元, not 4,000 万元 of a typo: the town imports the list again, changed.
      rows[4]![4] = 0.45;
      const fixed = ok(await importList(town, await workbook(rows), true));
      assert.deepEqual([fixed.created, fixed.corrected, fixed.existing], [0, 1, 3]);
      const v4Entries = ok(await send(town, 'GET', `/api/economy/entries?orgId=${v4.id}&year=2026`));
      assert.equal(v4Entries.figures.annual, false);
      assert.deepEqual(v4Entries.figures.quarters, [1, 2]);
      assert.equal(v4Entries.figures.operating, 9_500);
      assert.equal(v4Entries.entries.at(-1).via, 'import');
      assert.ok(v4Entries.entries.at(-1).correctsId !== null);
      // The targets followed the import.
      assert.equal(await figureOf(`share:${v3.id}`), 5);
      assert.equal(await figureOf(`share:${v4.id}`), 0.95);
      assert.equal(await figureOf('stable'), 3);
      assert.equal(ok(await send(town, 'GET', `/api/tasks/${tasks.share}`)).rollup.reached, 1);
    });

    test('"两个80%" of the town: counted live by the rules, as the pure function counts the same villages', async () => {
      const s = await summary(fx.orgs.a1.id);
      assert.deepEqual(
        [s.villages, s.reported, s.stable, s.reaching, s.hollow, s.weak, s.missing],
        [5, 4, 3, 1, 1, 2, 1],
      );
      assert.equal(s.operating, 109_499.99);
      const pure = countVillages([49_999.99, 0, 50_000, 9_500, null], ruleSetOn('2026-11-23').economy);
      assert.deepEqual([s.villages, s.stable, s.reaching], [pure.villages, pure.stable, pure.reaching]);
      assert.equal(s.twoEighty.stable.share, 3 / 5);
      assert.equal(s.twoEighty.stable.met, false);
      assert.deepEqual([s.twoEighty.reaching.count, s.twoEighty.reaching.of], [1, 3]);
      assert.equal(s.twoEighty.met, false);
      assert.equal(s.twoEighty.rules.local, false);
      assert.equal(s.twoEighty.rules.reachingAmount, 50_000);
      assert.deepEqual(
        s.byChild.map((c: { name: string; villages: number }) => [c.name, c.villages]),
        [
          ['甲一村党支部', 1],
          ['甲二村党支部', 1],
          ['甲三村党支部', 1],
          ['甲四村党支部', 1],
          ['甲五村党支部', 1],
        ],
      );
      // At the district the villages group under the town; the sibling district's village is not counted.
      const d = ok(await send(district, 'GET', `/api/economy/summary?orgId=${fx.orgs.a.id}&year=2026`));
      assert.deepEqual(
        d.byChild.map((c: { name: string; villages: number }) => [c.name, c.villages]),
        [['甲一镇党委', 5]],
      );
      assert.equal((await send(other, 'GET', `/api/economy/summary?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
      // The lists: 空壳村 and 薄弱村, and the villages not reported.
      const list = async (mark: string) =>
        ok(await send(town, 'GET', `/api/economy/villages?orgId=${fx.orgs.a1.id}&year=2026&mark=${mark}`)).items.map(
          (v: { name: string }) => v.name,
        );
      assert.deepEqual(await list('hollow'), ['甲二村党支部']);
      assert.deepEqual((await list('weak')).sort(), ['甲一村党支部', '甲四村党支部'].sort());
      assert.deepEqual(await list('missing'), ['甲五村党支部']);
      const base = `/api/economy/villages?orgId=${fx.orgs.a1.id}&year=2026&pageSize=2`;
      const page = ok(await send(town, 'GET', base));
      assert.deepEqual([page.items.length, page.total], [2, 5]);
      // Keyset paging: the cursor's pages are the numbered pages (tree order), the last one ends the walk.
      const names = (p: { items: { name: string }[] }) => p.items.map((v) => v.name);
      const byNumber = [
        page,
        ok(await send(town, 'GET', `${base}&page=2`)),
        ok(await send(town, 'GET', `${base}&page=3`)),
      ];
      const walked = [page];
      while (walked.at(-1)!.nextCursor) {
        const cursor = encodeURIComponent(walked.at(-1)!.nextCursor);
        walked.push(ok(await send(town, 'GET', `${base}&page=${walked.length + 1}&cursor=${cursor}`)));
      }
      assert.deepEqual(walked.map(names), byNumber.map(names));
      assert.deepEqual(
        walked.map((p) => [p.page, p.total, p.items.length]),
        [
          [1, 5, 2],
          [2, 5, 2],
          [3, 5, 1],
        ],
      );
      assert.equal(walked[2].nextCursor, null);
      // A cursor is for the list it was given for: carried to another mark (or altered) it is refused.
      const carried = await send(town, 'GET', `${base}&mark=weak&cursor=${encodeURIComponent(page.nextCursor)}`);
      assert.equal(carried.statusCode, 400, carried.body);
    });

    test('a locality’s floor of stable income changes the share from its day, for its subtree', async () => {
      const set = await send(district, 'POST', '/api/rules/overrides', {
        orgId: fx.orgs.a.id,
        ruleId: 'economy.stableIncomeFloor',
        value: 10_000,
        effectiveFrom: '2026-11-23',
        document: '甲区村级集体经济发展实施意见',
        reason: '稳定收入以1万元为线',
      });
      assert.equal(set.statusCode, 201, set.body);
      const s = await summary(fx.orgs.a1.id);
      assert.equal(s.twoEighty.rules.local, true);
      assert.equal(s.twoEighty.rules.stableIncomeFloor, 10_000);
      // 甲四村 (9,500 元) no longer has stable income.
      assert.deepEqual([s.stable, s.reaching], [2, 1]);
      assert.deepEqual([s.twoEighty.reaching.count, s.twoEighty.reaching.of], [1, 2]);
    });

    test('the table exports in the import’s layout and imports again adding nothing (未填报 rows skipped)', async () => {
      const exported = await send(town, 'GET', `/api/economy/export?orgId=${fx.orgs.a1.id}&year=2026`);
      assert.equal(exported.statusCode, 200, exported.body);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.match(ws.getCell(1, 1).text, /甲一镇党委2026年村级集体经济收入统计表/);
      const headers = (ws.getRow(2).values as unknown[]).slice(1).map(String);
      assert.deepEqual(headers.slice(0, 7), ['序号', '所属乡镇', '村名', '组织编码', '年度', '季度', '经营收入（元）']);
      // 甲四村 has two quarter rows; 甲五村 one row marked 未填报.
      const names = [];
      for (let r = 3; r <= ws.rowCount; r++) names.push(`${ws.getCell(r, 3).text}|${ws.getCell(r, 6).text}`);
      assert.ok(names.includes('甲四村党支部|第一季度'));
      assert.ok(names.includes('甲四村党支部|第二季度'));
      assert.ok(names.includes('甲五村党支部|'));
      const before = await count('village_income');
      const again = ok(await importList(town, exported.rawPayload, true));
      assert.deepEqual([again.created, again.corrected, again.existing], [0, 0, 5]);
      assert.equal(again.skipped.length, 1);
      assert.match(again.skipped[0].reason, /未填报/);
      assert.equal(await count('village_income'), before);
    });

    test('the daily sweep measures the incomes again: a figure gone wrong is put right; the roll-ups hold', async () => {
      const right = await figureOf('income');
      await ctx.database.db
        .updateTable('assignment')
        .set({ figure: 99 })
        .where('id', '=', assignmentOf.get('income')!)
        .execute();
      const swept = await sweepDeadlines(ctx.database.db, clockAt(clock));
      assert.ok(swept.measured >= 7, JSON.stringify(swept));
      assert.equal(await figureOf('income'), right);
      await foldRollups(ctx.database.db);
      assert.deepEqual((await verifyRollups(ctx.database.db)).drift, []);
    });
  },
);
