import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';

/**
 * 年度学习安排 through the API: the default a branch's year gets from the rules, saved and read back, kinds the
 * organisation need not hold and months outside 1–12 refused with clear messages, another district refused, items
 * whose meeting was recorded marked held, and an audit row for each save.
 */
describeOnEngines('年度学习安排: the plan of a year per organisation', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  let member: string;
  let b: string;
  const clock = new Date('2026-04-02T02:00:00Z');

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    secretary = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
    b = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (cookie: string, method: 'POST' | 'PUT', url: string, payload: object) =>
    app.inject({ method, url, headers: { cookie }, payload });
  const planUrl = () => `/api/life/plan?orgId=${fx.orgs.a1a.id}&year=2026`;
  type Item = { kind: string; month: number; topic: string; note: string; held: boolean; meetingIds: number[] };

  test('with nothing saved, the plan is the default the rules give', async () => {
    const res = await get(member, planUrl());
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json();
    assert.equal(p.generated, true);
    assert.equal(p.updatedAt, null);
    const months = (kind: string) => p.items.filter((i: Item) => i.kind === kind).map((i: Item) => i.month);
    assert.deepEqual(months('general_meeting'), [2, 5, 8, 11]);
    assert.deepEqual(months('theme_day').length, 12);
    assert.deepEqual(months('life_meeting'), [11]);
    assert.ok(p.items.every((i: Item) => i.topic === '' && !i.held));
    assert.ok(!p.kinds.includes('group_meeting'));
  });

  test('a recorded meeting marks its item held', async () => {
    const rec = await send(secretary, 'POST', '/api/meetings', {
      orgId: fx.orgs.a1a.id,
      kind: 'lecture',
      heldOn: '2026-02-20',
      topic: '学习党章',
    });
    assert.equal(rec.statusCode, 201, rec.body);
    const p = (await get(secretary, planUrl())).json();
    const feb = p.items.find((i: Item) => i.kind === 'lecture' && i.month === 2);
    assert.equal(feb.held, true);
    assert.deepEqual(feb.meetingIds, [rec.json().id]);
    assert.equal(p.items.find((i: Item) => i.kind === 'lecture' && i.month === 5).held, false);
  });

  test('saved and read back: topics, added and removed items; an audit row', async () => {
    const items = [
      { kind: 'lecture', month: 2, topic: '学习党章' },
      { kind: 'lecture', month: 6, topic: '七一专题党课', note: '书记讲' },
      { kind: 'theme_day', month: 3, topic: '志愿服务' },
      { kind: 'life_meeting', month: 12, topic: '' },
    ];
    const res = await send(secretary, 'PUT', '/api/life/plan', { orgId: fx.orgs.a1a.id, year: 2026, items });
    assert.equal(res.statusCode, 200, res.body);
    const p = (await get(member, planUrl())).json();
    assert.equal(p.generated, false);
    assert.ok(p.updatedAt);
    assert.deepEqual(
      p.items.map((i: Item) => [i.month, i.kind, i.topic, i.note, i.held]),
      [
        [2, 'lecture', '学习党章', '', true],
        [3, 'theme_day', '志愿服务', '', false],
        [6, 'lecture', '七一专题党课', '书记讲', false],
        [12, 'life_meeting', '', '', false],
      ],
    );
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'lifePlan.save')
      .execute();
    assert.equal(audit.length, 1);
    // Another year is still the default.
    assert.equal((await get(member, `/api/life/plan?orgId=${fx.orgs.a1a.id}&year=2027`)).json().generated, true);
  });

  test('kinds that do not apply, months outside 1–12, duplicates and an empty plan are refused', async () => {
    const put = (items: object[]) =>
      send(secretary, 'PUT', '/api/life/plan', { orgId: fx.orgs.a1a.id, year: 2026, items });
    const kind = await put([{ kind: 'group_meeting', month: 3, topic: '' }]);
    assert.equal(kind.statusCode, 422, kind.body);
    assert.match(kind.json().error.message, /不需要召开党小组会/);
    const month = await put([{ kind: 'lecture', month: 13, topic: '' }]);
    assert.equal(month.statusCode, 400, month.body);
    assert.match(month.json().error.message, /月份 13 不对/);
    const twice = await put([
      { kind: 'lecture', month: 3, topic: '' },
      { kind: 'lecture', month: 3, topic: 'x' },
    ]);
    assert.equal(twice.statusCode, 400, twice.body);
    assert.match(twice.json().error.message, /第 2 项/);
    assert.equal((await put([])).statusCode, 400);
    // Nothing changed.
    assert.equal((await get(member, planUrl())).json().items.length, 4);
  });

  test('another district and a member without the right to report are refused', async () => {
    assert.equal((await get(b, planUrl())).statusCode, 404);
    const payload = { orgId: fx.orgs.a1a.id, year: 2026, items: [{ kind: 'lecture', month: 3 }] };
    assert.equal((await send(b, 'PUT', '/api/life/plan', payload)).statusCode, 404);
    assert.equal((await send(member, 'PUT', '/api/life/plan', payload)).statusCode, 403);
    assert.equal((await get(member, planUrl())).json().items.length, 4);
  });
});
