import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertUser, loginAs, type OrgRef } from '../../test/factories.ts';

/**
 * 书记抓基层党建工作述职评议 through the API (issue 12): a town opens a round over two branches; the branch writes
 * its report; the town comments (一述一评), records the poll's tallies (one above those who took part is refused,
 * naming the grade), grades, and names problems that become problems of the rectify area assigned to the branch;
 * the branch sees its own row only; the sibling district sees nothing.
 */
describeOnEngines('secretary review: round → report → comment → poll → grade → problems', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string; // a secretary of 甲一镇党委
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
  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
    );
  const at = (orgId: number, step: string) => `/api/reviews/${id}/orgs/${orgId}/${step}`;

  before(async () => {
    fx = await buildFixture(ctx.database);
    second = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `R2-${Date.now()}`,
      name: '甲一社区党支部',
      type: 'branch',
    });
    app = await buildApp({ database: ctx.database, now: () => clock });
    town = await loginAs(
      app,
      (await insertUser(ctx.database, `r-town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1)).username,
    );
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  test('the refusals: a branch cannot hold one, an organisation not below, the sibling subtree; nothing written', async () => {
    const body = { year: 2026, name: '2026年度书记抓基层党建述职评议', orgIds: [fx.orgs.a1a.id] };
    const byBranch = await send(branch, 'POST', '/api/reviews', { ...body, orgIds: [fx.orgs.a1g.id] });
    assert.equal(byBranch.statusCode, 422, byBranch.body);
    assert.match(byBranch.json().error.message, /不是党委/);
    const own = await send(town, 'POST', '/api/reviews', { ...body, orgIds: [fx.orgs.a1.id] });
    assert.equal(own.statusCode, 422, own.body);
    assert.match(own.json().error.message, /不在“.*”之下/);
    assert.equal((await send(town, 'POST', '/api/reviews', { ...body, orgIds: [fx.orgs.b1a.id] })).statusCode, 404);
    const grades = await send(town, 'POST', '/api/reviews', {
      ...body,
      grades: [{ code: 'x', zh: '好', en: '', favourable: true }],
    });
    assert.equal(grades.statusCode, 400, grades.body);
    assert.equal(await count('review_round'), 0);
  });

  test('a round over two branches with the default grades and each secretary by name; not twice a year', async () => {
    const d = ok(
      await send(town, 'POST', '/api/reviews', {
        year: 2026,
        name: '2026年度书记抓基层党建述职评议',
        orgIds: [fx.orgs.a1a.id, second.id],
      }),
      201,
    );
    id = d.id;
    assert.deepEqual(
      d.grades.map((g: { zh: string }) => g.zh),
      ['好', '较好', '一般', '差'],
    );
    assert.equal(d.canManage, true);
    const a1a = d.entries.find((e: { orgId: number }) => e.orgId === fx.orgs.a1a.id);
    assert.equal(a1a.secretary, '李秀英');
    assert.equal(a1a.state, 'pending');
    assert.equal(d.entries.find((e: { orgId: number }) => e.orgId === second.id).secretary, null);
    const again = await send(town, 'POST', '/api/reviews', { year: 2026, name: 'x', orgIds: [second.id] });
    assert.equal(again.statusCode, 409, again.body);
  });

  test('the branch writes its report and sees its own row only; it cannot comment; the sibling sees nothing', async () => {
    const d = ok(await send(branch, 'PUT', at(fx.orgs.a1a.id, 'report'), { report: '一年来，支部坚持……' }));
    assert.equal(d.canManage, false);
    assert.deepEqual(
      d.entries.map((e: { orgId: number }) => e.orgId),
      [fx.orgs.a1a.id],
    );
    assert.equal(d.entries[0].state, 'reported');
    assert.equal(d.entries[0].report, '一年来，支部坚持……');
    assert.equal((await send(branch, 'PUT', at(second.id, 'report'), { report: 'x' })).statusCode, 404);
    const c = await send(branch, 'PUT', at(fx.orgs.a1a.id, 'comment'), { comment: '自评' });
    assert.equal(c.statusCode, 403, c.body);
    assert.equal((await send(other, 'GET', `/api/reviews/${id}`)).statusCode, 404);
    assert.equal((await send(other, 'PUT', at(fx.orgs.a1a.id, 'comment'), { comment: 'x' })).statusCode, 404);
    assert.equal((await send(other, 'GET', `/api/reviews?orgId=${fx.orgs.a1.id}`)).statusCode, 404);
    const mine = ok(await send(branch, 'GET', `/api/reviews?orgId=${fx.orgs.a1a.id}`));
    assert.deepEqual(
      mine.items.map((x: { id: number }) => x.id),
      [id],
    );
  });

  test('the comment, and the poll: a tally above those who took part is refused naming the grade', async () => {
    ok(await send(town, 'PUT', at(fx.orgs.a1a.id, 'comment'), { comment: '抓党建责任落实较好，组织生活需规范。' }));
    const over = await send(town, 'PUT', at(fx.orgs.a1a.id, 'poll'), {
      shouldAttend: 30,
      tookPart: 28,
      tallies: { good: 29 },
    });
    assert.equal(over.statusCode, 400, over.body);
    assert.match(over.json().error.message, /“好”的票数 29 超过实参加测评人数 28/);
    const sum = await send(town, 'PUT', at(fx.orgs.a1a.id, 'poll'), {
      shouldAttend: 30,
      tookPart: 28,
      tallies: { good: 20, poor: 9 },
    });
    assert.equal(sum.statusCode, 400, sum.body);
    const d = ok(
      await send(town, 'PUT', at(fx.orgs.a1a.id, 'poll'), {
        shouldAttend: 30,
        tookPart: 28,
        tallies: { good: 20, fairlyGood: 6, average: 2, poor: 0 },
      }),
    );
    const e = d.entries.find((x: { orgId: number }) => x.orgId === fx.orgs.a1a.id);
    assert.equal(e.state, 'polled');
    assert.equal(e.comment, '抓党建责任落实较好，组织生活需规范。');
    assert.equal(e.poll.result.counted, 28);
    assert.equal(e.poll.result.favourableShare, 26 / 28);
    assert.equal(e.poll.result.top, 'good');
  });

  test('the grade, and problems named become problems of the branch issued by the town, listed with their state', async () => {
    const bad = await send(town, 'PUT', at(fx.orgs.a1a.id, 'grade'), { grade: 'excellent' });
    assert.equal(bad.statusCode, 400, bad.body);
    const g = ok(await send(town, 'PUT', at(fx.orgs.a1a.id, 'grade'), { grade: 'fairlyGood', note: '综合评定' }));
    assert.equal(g.graded, 1);
    const before = await count('problem');
    const d = ok(
      await send(town, 'POST', at(fx.orgs.a1a.id, 'problems'), { title: '三会一课记录不规范', deadline: '2027-03-31' }),
    );
    assert.equal(await count('problem'), before + 1);
    const e = d.entries.find((x: { orgId: number }) => x.orgId === fx.orgs.a1a.id);
    assert.equal(e.state, 'graded');
    assert.equal(e.grade, 'fairlyGood');
    assert.deepEqual(
      e.problems.map((p: { title: string; state: string }) => [p.title, p.state]),
      [['三会一课记录不规范', 'open']],
    );
    const p = await ctx.database.db
      .selectFrom('problem')
      .select(['org_id', 'issuer_org_id', 'category'])
      .where('id', '=', e.problems[0].problemId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(p, { org_id: fx.orgs.a1a.id, issuer_org_id: fx.orgs.a1.id, category: '述职评议问题整改' });
    const list = ok(await send(branch, 'GET', `/api/problems?orgId=${fx.orgs.a1a.id}`));
    assert.ok(list.items.some((x: { title: string }) => x.title === '三会一课记录不规范'));
    const byBranch = await send(branch, 'POST', at(fx.orgs.a1a.id, 'problems'), { title: 'x', deadline: '2027-03-31' });
    assert.equal(byBranch.statusCode, 403, byBranch.body);
    assert.equal((await send(other, 'GET', `/api/problems?orgId=${fx.orgs.a1a.id}`)).statusCode, 404);
  });
});
