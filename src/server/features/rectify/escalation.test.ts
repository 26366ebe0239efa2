import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';

/**
 * The escalation ladder's reminders, sent by the hourly deadline sweep as the clock moves: 提醒 to the responsible
 * organisation from the day after the deadline, then 约谈, 实地督办 and 问责 suggested to the issuing side at days
 * 15, 30 and 60, each once per problem and deadline; a new deadline starts the ladder again; nothing for a closed
 * problem; 回头看 reminded to the issuing side on its day, once.
 */
describeOnEngines('rectify: the sweep reminds along the escalation ladder and of 回头看', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let branch: string;
  let late = 0; // overdue from 2026-12-02
  let closed = 0; // closed on 2026-11-23, 回头看 due 2027-02-23

  const sweep = (day: string) => sweepDeadlines(ctx.database.db, clockAt(new Date(`${day}T12:00:00+08:00`)));
  const sent = async (problemId: number) =>
    (
      await sql<{ org_id: number; title: string }>`select org_id, title from notification
        where problem_id = ${problemId} and dedupe_key is not null order by id`.execute(ctx.database.db)
    ).rows.map((r) => [r.org_id, r.title]);

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    const create = async (title: string, deadline: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/problems',
        headers: { cookie: district },
        payload: { orgId: fx.orgs.a1a.id, title, deadline },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as number;
    };
    const fire = async (cookie: string, id: number, payload: Record<string, unknown>) => {
      const res = await app.inject({ method: 'POST', url: `/api/problems/${id}/events`, headers: { cookie }, payload });
      assert.equal(res.statusCode, 200, res.body);
    };
    late = await create('发展党员材料不完整', '2026-12-01');
    await fire(branch, late, { event: 'claim', person: '李秀英' });
    closed = await create('支部换届超期', '2026-12-31');
    await fire(branch, closed, { event: 'claim', person: '李秀英' });
    await fire(branch, closed, { event: 'plan', measures: [{ text: '按期换届', deadline: '2026-11-30' }] });
    await fire(branch, closed, { event: 'submit', note: '已完成换届选举' });
    await fire(district, closed, { event: 'pass' });
  });
  after(() => app.close());

  test('nothing on the deadline day; 提醒 to the responsible organisation the day after, once', async () => {
    const none = await sweep('2026-12-01');
    assert.equal(none.problems.overdue, 0);
    assert.deepEqual(await sent(late), []);
    const first = await sweep('2026-12-02');
    assert.equal(first.problems.overdue, 1);
    assert.equal(first.problems.reminders, 1);
    assert.deepEqual(await sent(late), [[fx.orgs.a1a.id, '问题“发展党员材料不完整”已逾期1天，请抓紧整改']]);
    assert.equal((await sweep('2026-12-02')).problems.reminders, 0, 'the same hour again sends nothing');
    assert.equal((await sweep('2026-12-15')).problems.reminders, 0, 'still the same rung: nothing new');
  });

  test('约谈, 实地督办 and 问责 are suggested to the issuing side on the day each rung is reached', async () => {
    for (const [day, days, step] of [
      ['2026-12-16', 15, '约谈'],
      ['2026-12-31', 30, '实地督办'],
      ['2027-01-30', 60, '问责'],
    ] as const) {
      const r = await sweep(day);
      assert.equal(r.problems.reminders, 1, day);
      const last = (await sent(late)).at(-1)!;
      assert.deepEqual(last, [fx.orgs.a.id, `问题“发展党员材料不完整”（甲一村党支部）已逾期${days}天，建议${step}`]);
      assert.equal((await sweep(day)).problems.reminders, 0, `${day} again`);
    }
    assert.equal((await sent(late)).length, 4);
    // The body says the platform suggests; people decide and record.
    const body = (
      await sql<{
        body: string;
      }>`select body from notification where problem_id = ${late} order by id desc limit 1`.execute(ctx.database.db)
    ).rows[0]!.body;
    assert.equal(
      body,
      '整改时限 2026-12-01。按督办升级规则，逾期60天起建议问责；是否问责由交办方决定，办理后请在问题页记录',
    );
  });

  test('a new deadline starts the ladder again', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/problems/${late}`,
      headers: { cookie: district },
      payload: { deadline: '2027-02-10' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await sweep('2027-02-10')).problems.reminders, 0);
    assert.equal((await sweep('2027-02-11')).problems.reminders, 1);
    assert.deepEqual((await sent(late)).at(-1), [fx.orgs.a1a.id, '问题“发展党员材料不完整”已逾期1天，请抓紧整改']);
  });

  test('回头看 is reminded to the issuing side on its day, once; a closed problem is never escalated', async () => {
    assert.deepEqual(await sent(closed), []);
    assert.equal((await sweep('2027-02-22')).problems.recheckDue, 0);
    const due = await sweep('2027-02-23');
    assert.equal(due.problems.recheckDue, 1);
    assert.deepEqual(await sent(closed), [[fx.orgs.a.id, '问题“支部换届超期”（甲一村党支部）已到回头看时间']]);
    assert.equal((await sweep('2027-02-24')).problems.reminders, 0);
    const inbox = await app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: district } });
    const n = inbox.json().items.find((i: { title: string }) => i.title.includes('已到回头看时间'));
    assert.equal(n.problemId, closed, 'the web opens the problem from it');
    assert.equal(n.titleMsg.key, 'notice.problem.recheckDue.title');
  });

  test('thousands of overdue problems go in batches, each reminded once, none skipped at a batch’s edge', async () => {
    // 2,500 problems over five deadlines, all past on 2027-03-01: three batches of up to 1,000.
    await sql`insert into problem (org_id, region_id, issuer_org_id, title, source, found_on, deadline, state,
        created_at, updated_at)
      select ${fx.orgs.a1a.id}, o.region_id, ${fx.orgs.a.id}, '批量问题' || g, 'manual', '2026-11-01',
        date '2027-02-20' + (g % 5), 'open', now(), now()
      from generate_series(1, 2500) g, org o where o.id = ${fx.orgs.a1a.id}`.execute(ctx.database.db);
    const r = await sweep('2027-03-01');
    assert.equal(r.problems.overdue, 2501, 'the 2,500 and the problem above');
    assert.equal(r.problems.reminders, 2500 + 1, 'one 提醒 each; the problem above reaches 约谈 on its new deadline');
    const n = await sql<{ n: number }>`select count(distinct problem_id)::int as n from notification
      where dedupe_key like 'problem-escalation:%' and title like '问题“批量问题%'`.execute(ctx.database.db);
    assert.equal(n.rows[0]!.n, 2500);
    assert.equal((await sweep('2027-03-01')).problems.reminders, 0);
  });
});
