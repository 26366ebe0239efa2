import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs } from '../../test/factories.ts';

/**
 * 通报 through the API: the district ranks its towns over the work that fell due in the period (work not yet due
 * counts against nobody), names the best and the worst, lists the overdue items, writes it as an official document
 * (.docx opened here), and publishes it to the towns.
 */
describeOnEngines('notices: a 通报 ranking the towns over the work due, published to them', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let town: string;
  let sibling: string;
  const towns: number[] = [];
  let id = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    // Three more towns under district A (the fixture's 甲一镇 makes four).
    for (const [i, name] of ['甲二镇党委', '甲三镇党委', '甲四镇党委'].entries()) {
      towns.push((await insertOrg(ctx.database, fx.orgs.a, { code: `NT${i}`, name, type: 'committee' })).id);
    }
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-12-06T02:00:00Z') });
    district = await loginAs(app, fx.users.aAdmin.username);
    town = await loginAs(app, fx.users.aSecretary.username);
    sibling = await loginAs(app, fx.users.bAdmin.username);
    const post = async (url: string, payload: object) => {
      const res = await app.inject({ method: 'POST', url, headers: { cookie: district }, payload });
      assert.ok(res.statusCode < 300, res.body);
      return res.json();
    };
    // Two tasks due in November to the four towns, one due next year (not yet due: counts against nobody).
    const all = [fx.orgs.a1.id, ...towns];
    for (const [title, deadline] of [
      ['党支部标准化建设', '2026-11-15'],
      ['党员信息核查', '2026-11-25'],
      ['年度述职评议', '2027-01-31'],
    ] as const) {
      const task = await post('/api/tasks', { orgId: fx.orgs.a.id, title, deadline });
      await post(`/api/tasks/${task.id}/assignments`, { orgIds: all });
    }
    // 甲二镇 did both on time; 甲一镇 one on time, one late; 甲三镇 one on time; 甲四镇 none.
    const done = async (orgId: number, title: string, on: string) =>
      sql`update assignment a set state = 'done', done_on = ${on}::date from task t
          where t.id = a.task_id and t.title = ${title} and a.org_id = ${orgId}`.execute(ctx.database.db);
    await done(towns[0]!, '党支部标准化建设', '2026-11-10');
    await done(towns[0]!, '党员信息核查', '2026-11-20');
    await done(fx.orgs.a1.id, '党支部标准化建设', '2026-11-14');
    await done(fx.orgs.a1.id, '党员信息核查', '2026-11-28');
    await done(towns[1]!, '党支部标准化建设', '2026-11-15');
  });
  after(() => app.close());

  test('the ranking counts only work due in the period, ties broken as stated, best and worst named', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/notices',
      headers: { cookie: district },
      payload: {
        orgId: fx.orgs.a.id,
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        docNumber: '甲组通〔2026〕8号',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const n = res.json();
    id = n.id;
    assert.equal(n.status, 'draft');
    assert.equal(n.title, '关于2026-11-01至2026-11-30重点工作落实情况的通报');
    const rows = n.ranking.ranked.map(
      (o: { name: string; due: number; done: number; overdue: number; rank: number }) => [
        o.rank,
        o.name,
        o.due,
        o.done,
        o.overdue,
      ],
    );
    assert.deepEqual(rows, [
      [1, '甲二镇党委', 2, 2, 0],
      [2, '甲一镇党委', 2, 2, 1],
      [3, '甲三镇党委', 2, 1, 1],
      [4, '甲四镇党委', 2, 0, 2],
    ]);
    // The year's-end task (due 2027-01-31) is in nobody's figures.
    assert.ok(n.ranking.ranked.every((o: { due: number }) => o.due === 2));
    assert.deepEqual(n.ranking.best, [towns[0]]);
    assert.deepEqual(n.ranking.worst, [towns[2]]);
    const overdue = n.ranking.overdueItems.map((i: { title: string; orgName: string }) => `${i.orgName}:${i.title}`);
    assert.equal(overdue.length, 4);
    assert.ok(overdue.includes('甲一镇党委:党员信息核查'));
  });

  test("the draft is the issuer's own; the .docx opens as an official document with the ranking table", async () => {
    assert.equal(
      (await app.inject({ method: 'GET', url: `/api/notices/${id}`, headers: { cookie: town } })).statusCode,
      404,
    );
    const file = await app.inject({
      method: 'GET',
      url: `/api/notices/${id}/file?format=docx`,
      headers: { cookie: district },
    });
    assert.equal(file.statusCode, 200, file.body.slice(0, 300));
    assert.match(String(file.headers['content-disposition']), /filename\*=UTF-8''/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-notice-'));
    try {
      const docx = path.join(dir, 'n.docx');
      fs.writeFileSync(docx, file.rawPayload);
      const xml = execFileSync('unzip', ['-p', docx, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const text = xml.replace(/<[^>]+>/g, '');
      for (const s of [
        '甲组通〔2026〕8号',
        '重点工作落实情况的通报',
        '甲二镇党委',
        '综合得分',
        '落实较好的单位：甲二镇党委',
        '进度相对滞后的单位：甲四镇党委',
        '逾期事项',
      ]) {
        assert.ok(text.includes(s), `the document says ${s}`);
      }
      assert.match(xml, /w:pgSz w:w="11906" w:h="16838"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the draft’s wording is edited before publishing; the figures are not; the file follows', async () => {
    const patch = (cookie: string, payload: object) =>
      app.inject({ method: 'PATCH', url: `/api/notices/${id}`, headers: { cookie }, payload });
    const draft = (
      await app.inject({ method: 'GET', url: `/api/notices/${id}`, headers: { cookie: district } })
    ).json();
    assert.match(draft.wording.lead, /^为推动各项部署落地见效/);
    assert.match(draft.wording.closing, /^各单位要对照通报查找差距/);
    assert.equal(draft.wording.recipients, '各所属党组织');
    assert.equal((await patch(town, { title: '越权修改' })).statusCode, 404);
    assert.equal((await patch(district, {})).statusCode, 400);
    const ranking = { ranking: { ranked: [] } };
    const ignored = await patch(district, ranking);
    assert.equal(ignored.statusCode, 400, 'the ranking is not a field of the edit');
    const res = await patch(district, {
      title: '关于十一月份重点工作落实情况的通报',
      docNumber: '甲组通〔2026〕9号',
      lead: '现将十一月份各镇重点工作落实情况通报如下。',
      closing: '请各镇党委于12月20日前报送整改情况。',
    });
    assert.equal(res.statusCode, 200, res.body);
    const edited = res.json();
    assert.equal(edited.title, '关于十一月份重点工作落实情况的通报');
    assert.equal(edited.docNumber, '甲组通〔2026〕9号');
    assert.equal(edited.wording.lead, '现将十一月份各镇重点工作落实情况通报如下。');
    assert.equal(edited.wording.recipients, '各所属党组织');
    assert.deepEqual(edited.ranking, draft.ranking, 'the figures stay as computed');
    const file = await app.inject({
      method: 'GET',
      url: `/api/notices/${id}/file?format=docx`,
      headers: { cookie: district },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-notice-'));
    try {
      fs.writeFileSync(path.join(dir, 'n.docx'), file.rawPayload);
      const xml = execFileSync('unzip', ['-p', path.join(dir, 'n.docx'), 'word/document.xml'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      const text = xml.replace(/<[^>]+>/g, '');
      for (const s of [
        '甲组通〔2026〕9号',
        '关于十一月份重点工作落实情况的通报',
        '现将十一月份各镇',
        '12月20日前',
        '综合得分',
      ]) {
        assert.ok(text.includes(s), `the document says ${s}`);
      }
      assert.ok(!text.includes('为推动各项部署落地见效'), 'the generated lead is gone');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('published, the towns see it and are told; the sibling district sees nothing; twice is refused', async () => {
    const refused = await app.inject({ method: 'POST', url: `/api/notices/${id}/publish`, headers: { cookie: town } });
    assert.equal(refused.statusCode, 404);
    const res = await app.inject({ method: 'POST', url: `/api/notices/${id}/publish`, headers: { cookie: district } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'published');
    // The branch below 甲一镇 sees it (its organisation is inside the notice's subtree).
    const seen = await app.inject({ method: 'GET', url: `/api/notices/${id}`, headers: { cookie: town } });
    assert.equal(seen.statusCode, 200, seen.body);
    assert.equal(seen.json().canManage, false);
    const listed = await app.inject({ method: 'GET', url: '/api/notices', headers: { cookie: town } });
    assert.ok(listed.json().items.some((x: { id: number }) => x.id === id));
    const told = await ctx.database.db
      .selectFrom('notification')
      .select(['org_id', 'title', 'notice_id'])
      .where('kind', '=', 'notice')
      .execute();
    assert.ok(
      told.every((t) => t.notice_id === id),
      'each notification names its notice (the web opens it)',
    );
    assert.deepEqual(
      told.map((t) => t.org_id).sort((x, y) => x - y),
      [fx.orgs.a1.id, ...towns].sort((x, y) => x - y),
    );
    assert.equal(
      (await app.inject({ method: 'GET', url: `/api/notices/${id}`, headers: { cookie: sibling } })).statusCode,
      404,
    );
    const twice = await app.inject({
      method: 'POST',
      url: `/api/notices/${id}/publish`,
      headers: { cookie: district },
    });
    assert.equal(twice.statusCode, 409);
    // Published, it is frozen: the wording can no longer be edited.
    const frozen = await app.inject({
      method: 'PATCH',
      url: `/api/notices/${id}`,
      headers: { cookie: district },
      payload: { title: '发布后修改' },
    });
    assert.equal(frozen.statusCode, 409, frozen.body);
    assert.equal(frozen.json().error.message, '通报已经发布，内容不能再修改');
  });
});
