import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type App, buildApp } from '../../app.ts';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { systemScope } from '../../auth/scope.ts';
import { describeOnEngines } from '../../test/engines.ts';
import {
  buildFixture,
  type Fixture,
  insertOrg,
  insertPerson,
  insertUser,
  loginAs,
  type OrgRef,
} from '../../test/factories.ts';
import { makeCtx } from '../context.ts';
import { MEASURE_CHUNK, MEASURED, readMeasures } from './measures.service.ts';
import { getRoundResults } from './scoring.service.ts';

/**
 * A round's results as files, its notifications and the star levels (issue 12): the ranking as .xlsx and the result
 * notice as .docx and PDF (seen as the results are: the assessed from 公示 on), the assessed told at 自评, 公示 and
 * 确定, the issuer told of an objection and the objector of the answer, and the star history of an organisation and
 * the distribution of stars by child.
 */
describeOnEngines('assessment: exports, notifications, star history', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string;
  let branch: string; // a-sec: 甲一村党支部
  let other: string; // b-admin: the sibling district
  let admin: string;
  let branches: OrgRef[] = [];
  let roundId = 0;
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const inbox = async (cookie: string) =>
    ok(await send(cookie, 'GET', '/api/notifications?limit=50')).items.filter(
      (n: { kind: string }) => n.kind === 'assess',
    ) as { title: string; body: string; assessRoundId: number | null; titleMsg: { key: string } | null }[];
  const keys = async (cookie: string) => (await inbox(cookie)).map((n) => n.titleMsg?.key).sort();

  /** The text of a .docx: every w:t of word/document.xml, in order. */
  function docxText(data: Buffer): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-notice-'));
    try {
      const file = path.join(dir, 'notice.docx');
      fs.writeFileSync(file, data);
      const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  async function sheetOf(data: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const row = (n: number) =>
      Array.from({ length: ws.columnCount }, (_, i) => ws.getRow(n).getCell(i + 1).value ?? undefined);
    return { ws, row };
  }

  before(async () => {
    fx = await buildFixture(ctx.database);
    const b2 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `A1b-${Date.now()}`,
      name: '甲一社区党支部',
      type: 'branch',
    });
    const b3 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `A1c-${Date.now()}`,
      name: '甲一学校党支部',
      type: 'branch',
    });
    branches = [fx.orgs.a1a, b2, b3];
    app = await buildApp({ database: ctx.database, now: () => clock });
    const t = await insertUser(ctx.database, `town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1);
    town = await loginAs(app, t.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    admin = await loginAs(app, fx.users.admin.username);
  });
  after(() => app.close());

  const full = (grade: string, veto: { reason: string } | null) => [
    { indicatorId: 'D-1', items: [] },
    { indicatorId: 'D-2-2', grade },
    { indicatorId: 'D-4', grade: '较好' },
    { indicatorId: 'D-6', grade },
    { indicatorId: 'D-7', items: [{ points: 3, reason: '获评先进党支部', evidence: '表彰文件' }] },
    { indicatorId: 'D-8', veto },
  ];

  test('opening 自评 tells each assessed organisation, naming the round; not the issuer', async () => {
    const s = ok(await send(town, 'POST', '/api/assess/systems', { year: 2026, template: 'default' }), 201);
    ok(
      await send(town, 'PUT', `/api/assess/systems/${s.id}`, {
        name: '2026年度党支部考核',
        total: 100,
        indicators: s.indicators,
      }),
    );
    ok(await send(town, 'POST', `/api/assess/systems/${s.id}/publish`));
    const round = ok(
      await send(town, 'POST', `/api/assess/systems/${s.id}/rounds`, {
        rule: { underOrgId: fx.orgs.a1.id, types: ['branch'] },
        name: '2026年度党支部考核',
        selfDue: '2026-12-20',
        scoreDue: '2027-01-10',
        cutoff: '2026-12-05',
        publicityFrom: '2027-01-11',
        publicityTo: '2027-01-17',
      }),
      201,
    );
    roundId = round.id;
    assert.deepEqual(await inbox(branch), []);
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'self_assessment' }));
    const [n] = await inbox(branch);
    assert.equal(n!.assessRoundId, roundId);
    assert.equal(n!.titleMsg?.key, 'notice.assess.selfOpen');
    assert.match(n!.title, /考核开始自评：2026年度党支部考核.*2026-12-20/);
    assert.deepEqual(await inbox(town), []);
    assert.deepEqual(await inbox(other), []);
  });

  test('the dues measure counts member-months paid by the month’s end, the payment that stands (a void undone)', async () => {
    // 张海生 owes January to November (the cut-off is 5 December): paid on the 10th, but March paid in April, and
    // April's payment on time voided and paid again in May; 9 of 11 on time.
    const db = ctx.database.db;
    const person = fx.people.a1aFull;
    const org = fx.orgs.a1a.id;
    const row = { person_id: person, org_id: org, amount: '20', actor_name: '测试', at: clock };
    await db
      .insertInto('dues_base')
      .values({
        person_id: person,
        from_month: '2026-01-01',
        category: 'salaried',
        amount: '20',
        actor_name: '测试',
        at: clock,
      })
      .execute();
    const month = (m: number) => `2026-${String(m).padStart(2, '0')}-01`;
    for (let m = 1; m <= 11; m++) {
      const paidOn = m === 3 ? '2026-04-05' : m === 4 ? '2026-04-10' : `2026-${String(m).padStart(2, '0')}-10`;
      await db
        .insertInto('dues_payment')
        .values({ ...row, month: month(m), paid_on: paidOn })
        .execute();
    }
    const april = await db
      .selectFrom('dues_payment')
      .select('id')
      .where('person_id', '=', person)
      .where('month', '=', month(4))
      .executeTakeFirstOrThrow();
    await db
      .insertInto('dues_payment')
      .values({ ...row, month: month(4), paid_on: '2026-04-20', voids_id: april.id })
      .execute();
    await db
      .insertInto('dues_payment')
      .values({ ...row, month: month(4), paid_on: '2026-05-03' })
      .execute();
    const dues = async () => {
      const sheet = ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/orgs/${org}`));
      const d = sheet.items.find((i: { id: string }) => i.id === 'D-3-2');
      return { due: d.auto.due, met: d.auto.met, frozen: d.auto.frozen };
    };
    assert.deepEqual(await dues(), { due: 11, met: 9, frozen: false });
    // A member who joined on 15 June owes June to November (6), whatever the base's first month; two standing
    // payments of August (a slip the register refuses, but not the data): the later one, late, stands. 5 of 6.
    const joined = await insertPerson(ctx.database, fx.orgs.a1a, { name: '新入党', joinDate: '2026-06-15' });
    const mine = { ...row, person_id: joined };
    await db
      .insertInto('dues_base')
      .values({
        person_id: joined,
        from_month: '2026-01-01',
        category: 'salaried',
        amount: '20',
        actor_name: '测试',
        at: clock,
      })
      .execute();
    for (let m = 6; m <= 11; m++) {
      await db
        .insertInto('dues_payment')
        .values({ ...mine, month: month(m), paid_on: `2026-${String(m).padStart(2, '0')}-05` })
        .execute();
    }
    await db
      .insertInto('dues_payment')
      .values({ ...mine, month: month(8), paid_on: '2026-09-20' })
      .execute();
    assert.deepEqual(await dues(), { due: 17, met: 14, frozen: false });
  });

  test('the measures are read in chunks of organisations, each chunk reported (501 organisations: two)', async () => {
    const scope = systemScope(fx.orgs.a1.path, fx.orgs.a1.id);
    const c = makeCtx(ctx.database.db, clock, scope, TEST_AUDIT_KEY);
    const ids = Array.from({ length: MEASURE_CHUNK + 1 }, (_, i) => fx.orgs.a1a.id + i);
    const steps: [number, number][] = [];
    const values = await readMeasures(c, MEASURED, ids, 2026, '2026-12-05', (done, total) => {
      steps.push([done, total]);
    });
    assert.deepEqual(steps, [
      [MEASURE_CHUNK, MEASURE_CHUNK + 1],
      [MEASURE_CHUNK + 1, MEASURE_CHUNK + 1],
    ]);
    assert.equal(values.size, MEASURE_CHUNK + 1);
    assert.deepEqual(values.get(fx.orgs.a1a.id)!.get('dues.paidOnTimeRate'), {
      rate: 0.8235,
      due: 17,
      met: 14,
      ref: `/api/dues?orgId=${fx.orgs.a1a.id}&year=2026`,
    });
  });

  test('before 公示 the assessed cannot export; the issuer can; another subtree never', async () => {
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'scoring' }));
    ok(
      await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[0]!.id}/score`, {
        entries: full('好', null),
      }),
    );
    ok(
      await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[1]!.id}/score`, {
        entries: full('较好', null),
      }),
    );
    ok(
      await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[2]!.id}/score`, {
        entries: full('好', { reason: '支部书记严重违纪' }),
      }),
    );
    assert.equal((await send(branch, 'GET', `/api/assess/rounds/${roundId}/export?format=xlsx`)).statusCode, 403);
    assert.equal((await send(branch, 'GET', `/api/assess/rounds/${roundId}/export?format=docx`)).statusCode, 403);
    assert.equal((await send(branch, 'GET', `/api/assess/rounds/${roundId}/export?format=pdf`)).statusCode, 403);
    const mine = await send(town, 'GET', `/api/assess/rounds/${roundId}/export?format=xlsx`);
    assert.equal(mine.statusCode, 200, mine.body);
    const bad = await send(town, 'GET', `/api/assess/rounds/${roundId}/export?format=csv`);
    assert.equal(bad.statusCode, 400, bad.body);
    // scoring → 公示 tells no one of scoring; nothing new for the branch yet.
    assert.equal((await inbox(branch)).length, 1);
  });

  test('scoring the whole round reports its progress: kept for the pages to poll, told to the caller', async () => {
    const progress = async (cookie: string) => ok(await send(cookie, 'GET', `/api/assess/rounds/${roundId}/progress`));
    // The results read live while scoring: every step kept, the last one done.
    ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/results`));
    assert.deepEqual(
      { ...(await progress(town)), startedAt: null, updatedAt: null },
      { running: false, purpose: 'results', phase: 'done', done: 3, total: 3, startedAt: null, updatedAt: null },
    );
    // Told to the caller (the CLI's bar), and seen by another request while it runs.
    const c = makeCtx(ctx.database.db, clock, systemScope(fx.orgs.a1.path, fx.orgs.a1.id), TEST_AUDIT_KEY);
    const seen: unknown[] = [];
    await getRoundResults(c, roundId, async (done, total, phase) => {
      const p = await progress(town);
      seen.push([done, total, phase, p.running, p.phase, p.done]);
    });
    assert.deepEqual(seen, [
      [0, 3, 'measures', true, 'measures', 0],
      [3, 3, 'measures', true, 'measures', 3],
    ]);
    // The round's readers see it; another subtree does not.
    assert.equal((await progress(branch)).total, 3);
    assert.equal((await send(other, 'GET', `/api/assess/rounds/${roundId}/progress`)).statusCode, 404);
  });

  test('公示: the assessed are told; the ranking as .xlsx in the usual layout, the vetoed marked', async () => {
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'publicity' }));
    const p = ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/progress`));
    assert.deepEqual([p.running, p.purpose, p.phase, p.done, p.total], [false, 'publicity', 'done', 3, 3]);
    assert.deepEqual(await keys(branch), ['notice.assess.publicity', 'notice.assess.selfOpen']);
    const res = await send(branch, 'GET', `/api/assess/rounds/${roundId}/export?format=xlsx`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    assert.match(String(res.headers['content-disposition']), /attachment; .*filename\*=UTF-8''/);
    assert.equal((await send(other, 'GET', `/api/assess/rounds/${roundId}/export?format=xlsx`)).statusCode, 404);
    const results = ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/results`));
    const { row } = await sheetOf(res.rawPayload);
    assert.match(String(row(1)[0]), /甲一镇.*2026年度党支部考核结果（公示稿）/);
    assert.deepEqual(row(2), [
      '序号',
      '单位',
      ...results.firstLevel.map((i: { name: string; max: number }) => `${i.name}（${i.max}分）`),
      '加减分',
      '总分',
      '等次',
      '排名',
    ]);
    const n = results.firstLevel.length;
    results.results.forEach(
      (
        x: {
          name: string;
          total: number;
          rank: number;
          level: number;
          vetoed: boolean;
          bonus: number | null;
          byFirstLevel: { points: number | null }[];
        },
        i: number,
      ) => {
        const cells = row(3 + i);
        assert.equal(cells[0], i + 1);
        assert.equal(cells[1], x.name);
        assert.deepEqual(
          cells.slice(2, 2 + n),
          x.byFirstLevel.map((f) => f.points ?? undefined),
        );
        assert.equal(cells[2 + n], x.bonus ?? undefined);
        assert.equal(cells[3 + n], x.total);
        assert.equal(cells[4 + n], `${x.level}星`);
        assert.equal(cells[5 + n], x.vetoed ? '一票否决' : x.rank);
      },
    );
    const vetoed = row(5);
    assert.equal(vetoed[1], '甲一学校党支部');
    assert.equal(vetoed[4 + n], '1星');
    assert.equal(vetoed[5 + n], '一票否决');
  });

  test('an objection tells the issuer; the answer tells the objector', async () => {
    const detail = ok(
      await send(branch, 'POST', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/objections`, {
        text: '任务已按期完成，系统未及时登记',
      }),
    );
    const [told] = await inbox(town);
    assert.equal(told!.titleMsg?.key, 'notice.assess.objection');
    assert.match(told!.title, /甲一村党支部对“2026年度党支部考核”的结果提出异议/);
    assert.equal(told!.body, '任务已按期完成，系统未及时登记');
    assert.equal(told!.assessRoundId, roundId);
    ok(
      await send(town, 'POST', `/api/assess/objections/${detail.objections[0].id}/answer`, {
        answer: '经核实，维持原结果',
      }),
    );
    const answered = (await inbox(branch)).find((x) => x.titleMsg?.key === 'notice.assess.answered');
    assert.equal(answered?.body, '经核实，维持原结果');
    // The other branches did not object and are not told of the answer.
    const b2 = await insertUser(ctx.database, `b2-${branches[1]!.id}`, 'secretary', branches[1]!);
    assert.deepEqual(await keys(await loginAs(app, b2.username)), [
      'notice.assess.publicity',
      'notice.assess.selfOpen',
    ]);
  });

  test('确定 tells the assessed; the result notice as .docx lists the counts and the organisations by level', async () => {
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'final' }));
    assert.ok((await keys(branch)).includes('notice.assess.final'));
    const res = await send(branch, 'GET', `/api/assess/rounds/${roundId}/export?format=docx`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /wordprocessingml/);
    const text = docxText(res.rawPayload);
    assert.match(text, /关于2026年度党支部考核结果的通报/);
    assert.match(text, /参加考核的党组织共 3 个/);
    assert.match(text, /其中一票否决 1 个/);
    assert.match(text, /1星（\d 个）/);
    assert.match(text, /甲一学校党支部（一票否决）/);
    for (const b of branches) assert.ok(text.includes(b.name), b.name);
    assert.doesNotMatch(text, /公示稿/);
    const results = ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/results`));
    for (const [level, count] of Object.entries(results.levelCounts)) {
      assert.match(text, new RegExp(`${level}星 ${count} 个`));
    }
    const xlsx = await send(town, 'GET', `/api/assess/rounds/${roundId}/export`);
    const { row } = await sheetOf(xlsx.rawPayload);
    assert.doesNotMatch(String(row(1)[0]), /公示稿/);
  });

  test('the result notice as PDF: the same layout through LibreOffice, its text read back with pdftotext', async () => {
    const res = await send(branch, 'GET', `/api/assess/rounds/${roundId}/export?format=pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /attachment; .*filename\*=UTF-8''.*\.pdf/);
    assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-notice-pdf-'));
    try {
      const file = path.join(dir, 'notice.pdf');
      fs.writeFileSync(file, res.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      assert.ok(text.includes('关于2026年度党支部考核结果的通报'), text);
      assert.ok(text.includes('甲一学校党支部（一票否决）'), text);
      for (const b of branches) assert.ok(text.includes(b.name), b.name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal((await send(other, 'GET', `/api/assess/rounds/${roundId}/export?format=pdf`)).statusCode, 404);
  });

  test('star history of an organisation, and the distribution of stars by child', async () => {
    const h = ok(await send(town, 'GET', `/api/assess/stars/history?orgId=${branches[2]!.id}`));
    assert.equal(h.org.name, '甲一学校党支部');
    assert.equal(h.years.length, 1);
    assert.deepEqual(
      { year: h.years[0].year, level: h.years[0].level, roundId: h.years[0].roundId, change: h.years[0].change },
      { year: 2026, level: 1, roundId, change: null },
    );
    assert.equal(h.years[0].roundName, '2026年度党支部考核');
    const own = ok(await send(branch, 'GET', `/api/assess/stars/history?orgId=${fx.orgs.a1a.id}`));
    assert.equal(own.years.length, 1);
    assert.equal((await send(other, 'GET', `/api/assess/stars/history?orgId=${fx.orgs.a1a.id}`)).statusCode, 404);
    assert.equal((await send(branch, 'GET', `/api/assess/stars/history?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
    assert.equal((await send(town, 'GET', '/api/assess/stars/history')).statusCode, 400);

    const town2 = ok(await send(town, 'GET', `/api/assess/stars?orgId=${fx.orgs.a1.id}&year=2026`));
    const byChild = new Map(town2.byChild.map((c: { orgId: number }) => [c.orgId, c]));
    for (const b of branches) {
      const c = byChild.get(b.id) as { total: number; levelCounts: Record<string, number> };
      assert.equal(c.total, 1, b.name);
    }
    assert.deepEqual((byChild.get(branches[2]!.id) as { levelCounts: object }).levelCounts, { 1: 1 });
    // From the district: the town's subtree counted as one child.
    const district = ok(await send(admin, 'GET', `/api/assess/stars?orgId=${fx.orgs.a.id}&year=2026`));
    const a1 = district.byChild.find((c: { orgId: number }) => c.orgId === fx.orgs.a1.id);
    assert.equal(a1.total, 3);
    assert.deepEqual(a1.levelCounts, town2.levelCounts);
  });
});
