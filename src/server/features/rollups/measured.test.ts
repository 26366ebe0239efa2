import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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
import { readMeasures } from '../assess/measures.service.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt, makeCtx } from '../context.ts';
import { foldRollups, verifyRollups } from './rollups.service.ts';

/**
 * A deployment target counted from records (issue 12: "创建四星级党组织100个" tracked from the star levels): the task's
 * receivers' figures are the star levels of their subtrees, kept by the roll-up write path when a round is finalised
 * or revised, measured again by the daily sweep, and never typed into the ledger.
 */
describeOnEngines('tasks: a target counted from the star levels', (ctx) => {
  let app: App;
  let fx: Fixture;
  let city: string; // the root's administrator deploys the target
  let district: string; // district A receives it
  let town: string; // 甲一镇 assesses its branches
  let branches: OrgRef[] = [];
  let taskId = 0;
  let roundId = 0;
  const assignmentOf = new Map<number, number>();
  const clock = new Date('2026-12-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const figureOf = async (orgId: number) =>
    ok(await send(city, 'GET', `/api/assignments/${assignmentOf.get(orgId)}`)).figure as number;
  const taskRollup = async () => ok(await send(city, 'GET', `/api/tasks/${taskId}`)).rollup;
  /** The organisations under 甲一镇 at ★4 or more, as the stars page counts them. */
  const fourUp = async () =>
    ok(await send(town, 'GET', `/api/assess/stars?orgId=${fx.orgs.a1.id}&year=2026`)).orgs.filter(
      (o: { level: number }) => o.level >= 4,
    ).length as number;

  before(async () => {
    fx = await buildFixture(ctx.database);
    const b2 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `M2-${ctx.engine}`,
      name: '甲二村党支部',
      type: 'branch',
    });
    const b3 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `M3-${ctx.engine}`,
      name: '甲三村党支部',
      type: 'branch',
    });
    branches = [fx.orgs.a1a, b2, b3];
    app = await buildApp({ database: ctx.database, now: () => clock });
    city = await loginAs(app, fx.users.admin.username);
    district = await loginAs(app, fx.users.aAdmin.username);
    const t = await insertUser(ctx.database, `mtown-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1);
    town = await loginAs(app, t.username);
  });
  after(() => app.close());

  test('a measured target needs a quantitative mode and a valid range; the refusal names the field', async () => {
    const none = await send(city, 'POST', '/api/tasks', {
      orgId: fx.orgs.root.id,
      title: '创建四星级党组织',
      progressMode: 'none',
      figureSource: { kind: 'stars', year: 2026, minLevel: 4 },
    });
    assert.equal(none.statusCode, 400, none.body);
    assert.equal(none.json().error.details.field, 'figureSource');
    assert.match(none.json().error.message, /自动统计数量的任务须设置量化目标/);
    const levels = await send(city, 'POST', '/api/tasks', {
      orgId: fx.orgs.root.id,
      title: '创建四星级党组织',
      progressMode: 'sum',
      targetValue: 2,
      figureSource: { kind: 'stars', year: 2026, minLevel: 5, maxLevel: 4 },
    });
    assert.equal(levels.statusCode, 400, levels.body);
    assert.match(levels.json().error.message, /星级范围无效/);
    const kind = await send(city, 'POST', '/api/tasks', {
      orgId: fx.orgs.root.id,
      title: '创建四星级党组织',
      progressMode: 'sum',
      targetValue: 2,
      figureSource: { kind: 'logins', year: 2026 },
    });
    assert.equal(kind.statusCode, 400, kind.body);
  });

  test('the city deploys "创建四星级党组织" counted from the star levels to both districts; nothing counted yet', async () => {
    const task = ok(
      await send(city, 'POST', '/api/tasks', {
        orgId: fx.orgs.root.id,
        title: '创建四星级及以上党组织',
        progressMode: 'sum',
        targetValue: 2,
        targetUnit: '个',
        figureSource: { kind: 'stars', year: 2026, minLevel: 4 },
      }),
      201,
    );
    taskId = task.id;
    assert.deepEqual(task.figureSource, { kind: 'stars', year: 2026, minLevel: 4, maxLevel: null });
    assert.equal(task.figureSourceText.zh, '评星定级结果自动统计：2026年4星级及以上党组织数');
    ok(await send(city, 'POST', `/api/tasks/${taskId}/assignments`, { orgIds: [fx.orgs.a.id, fx.orgs.b.id] }));
    const list = ok(await send(city, 'GET', `/api/assignments?taskId=${taskId}&pageSize=50`));
    for (const a of list.items) assignmentOf.set(a.orgId, a.id);
    assert.equal(assignmentOf.size, 2);
    assert.match(list.items[0].figureSourceText.zh, /评星定级结果自动统计/);
    assert.equal(await figureOf(fx.orgs.a.id), 0);
    assert.equal((await taskRollup()).figureSum, 0);
  });

  test('the district cannot type a figure for it; an entry saying what was done is recorded', async () => {
    const id = assignmentOf.get(fx.orgs.a.id)!;
    const typed = multipartBody({ text: '已创建四星级党组织', entryDate: '2026-12-09', figure: '5' });
    const refused = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: district, ...typed.headers },
      payload: typed.payload,
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json().error.details.field, 'figure');
    assert.match(refused.json().error.message, /自动统计/);
    assert.equal(await figureOf(fx.orgs.a.id), 0);
    const words = multipartBody({ text: '组织各镇开展评星定级', entryDate: '2026-12-09' });
    const entry = await app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie: district, ...words.headers },
      payload: words.payload,
    });
    assert.equal(entry.statusCode, 201, entry.body);
    assert.equal(entry.json().figure, 0);
  });

  test('the town finalises its round: the district figure is its ★4+ count, the city roll-up follows', async () => {
    const s = ok(await send(town, 'POST', '/api/assess/systems', { year: 2026, template: 'default' }), 201);
    ok(
      await send(town, 'PUT', `/api/assess/systems/${s.id}`, {
        name: '2026年度党支部考核',
        total: 100,
        indicators: s.indicators,
      }),
    );
    ok(await send(town, 'POST', `/api/assess/systems/${s.id}/publish`));
    roundId = ok(
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
    ).id;
    for (const to of ['self_assessment', 'scoring']) {
      ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to }));
    }
    const entries = (grade: string) => [
      { indicatorId: 'D-1', items: [] },
      { indicatorId: 'D-2-2', grade, evidence: '测评表' },
      { indicatorId: 'D-4', grade, evidence: '测评表' },
      { indicatorId: 'D-6', grade, evidence: '测评表' },
      { indicatorId: 'D-7', items: [{ points: 5, reason: '获评先进党支部', evidence: '表彰文件' }] },
      { indicatorId: 'D-8', veto: null },
    ];
    for (const [i, b] of branches.entries()) {
      ok(
        await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${b.id}/score`, {
          entries: entries(i < 2 ? '好' : '差'),
        }),
      );
    }
    for (const to of ['publicity', 'final']) {
      ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to }));
    }
    const counted = await fourUp();
    assert.ok(counted >= 1, 'the scores give at least one branch ★4 or more');
    assert.ok(counted < 3, 'and not all three (the 差 one stays below)');
    assert.equal(await figureOf(fx.orgs.a.id), counted);
    assert.equal(await figureOf(fx.orgs.b.id), 0);
    const r = await taskRollup();
    assert.equal(r.figureSum, counted);
    await foldRollups(ctx.database.db);
    assert.deepEqual((await verifyRollups(ctx.database.db)).drift, []);
  });

  test('a revision after 确定 that lowers a ★4 branch lowers the figure in the same write', async () => {
    const before = await fourUp();
    const results = ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/results`)).results as {
      orgId: number;
      level: number;
    }[];
    const high = results.find((x) => x.level >= 4)!;
    for (const id of ['D-6', 'D-2-2', 'D-4']) {
      ok(
        await send(town, 'POST', `/api/assess/rounds/${roundId}/orgs/${high.orgId}/revisions`, {
          entry: { indicatorId: id, grade: '差', evidence: '复核测评表' },
          reason: '复核后更正',
        }),
      );
    }
    const after = await fourUp();
    assert.ok(after < before, `${after} < ${before}`);
    assert.equal(await figureOf(fx.orgs.a.id), after);
    assert.equal((await taskRollup()).figureSum, after);
  });

  test('assessment reads the targets reached (量化目标达成率) from the same kept progress', async () => {
    const t = ok(
      await send(city, 'POST', '/api/tasks', {
        orgId: fx.orgs.root.id,
        title: '每个区至少一个星级党组织',
        progressMode: 'sum',
        targetValue: 1,
        deadline: '2026-12-05',
        figureSource: { kind: 'stars', year: 2026, minLevel: 1 },
      }),
      201,
    );
    ok(
      await send(city, 'POST', `/api/tasks/${t.id}/assignments`, {
        orgIds: [fx.orgs.a.id, fx.orgs.b.id],
        targetPerOrg: 1,
      }),
    );
    const read = await readMeasures(
      makeCtx(ctx.database.db, clock, fx.users.admin as never, Buffer.alloc(32)),
      ['tasks.targetReachedRate'],
      [fx.orgs.a.id, fx.orgs.b.id],
      2026,
      '2026-12-31',
    );
    const of = (id: number) => {
      const v = read.get(id)!.get('tasks.targetReachedRate')!;
      return [v.due, v.met];
    };
    // District A's branches hold star levels (reached); B's none. The earlier tasks have no target per district: not due.
    assert.deepEqual(of(fx.orgs.a.id), [1, 1]);
    assert.deepEqual(of(fx.orgs.b.id), [1, 0]);
  });

  test('the daily sweep measures again: a figure gone wrong is put right', async () => {
    const right = await figureOf(fx.orgs.a.id);
    await ctx.database.db
      .updateTable('assignment')
      .set({ figure: 99 })
      .where('id', '=', assignmentOf.get(fx.orgs.a.id)!)
      .execute();
    const swept = await sweepDeadlines(ctx.database.db, clockAt(clock));
    assert.ok(swept.measured >= 2, JSON.stringify(swept));
    assert.equal(await figureOf(fx.orgs.a.id), right);
    await foldRollups(ctx.database.db);
    assert.deepEqual((await verifyRollups(ctx.database.db)).drift, []);
  });
});
