import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';

type Rollup = { assigned: number; due: number; done: number; notYetDue: number; completionRate: number | null };
type Dashboard = {
  totals: Rollup & { onTimeRate: number | null };
  children: {
    orgId: number;
    assigned: number;
    due: number;
    rate: number | null;
    onTimeRate: number | null;
    rank: number | null;
  }[];
};

describeOnEngines('dashboard: fair measures over work that is due', (ctx) => {
  let app: App;
  let fx: Fixture;
  let clock = new Date('2026-11-23T02:00:00Z');
  let district: string; // 甲区 administrator
  let city: string; // the system administrator (the whole city)
  let branch: string; // 甲一村党支部 secretary

  /** Moves the clock (sessions last hours: log in again) and, after a deadline day, runs the daily sweep. */
  const setDay = async (iso: string) => {
    clock = new Date(iso);
    await sweepDeadlines(ctx.database.db, clockAt(clock));
    district = await loginAs(app, fx.users.aAdmin.username);
    city = await loginAs(app, fx.users.admin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
  };

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    await setDay('2026-11-23T02:00:00Z');
  });
  after(() => app.close());

  const call = async (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: { cookie }, payload });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const assignTask = async (title: string, deadline: string): Promise<Map<number, number>> => {
    const task = await call(district, 'POST', '/api/tasks', { orgId: fx.orgs.a.id, title, deadline });
    await call(district, 'POST', `/api/tasks/${task.id}/assignments`, { orgIds: [fx.orgs.a1.id, fx.orgs.a1a.id] });
    const list = await call(district, 'GET', `/api/assignments?taskId=${task.id}`);
    return new Map(list.items.map((a: { orgId: number; id: number }) => [a.orgId, a.id]));
  };
  const dashboard = (cookie: string, orgId: number): Promise<Dashboard> =>
    call(cookie, 'GET', `/api/dashboard?orgId=${orgId}`);

  test('rates count due work only; a new assignment not yet due lowers nobody’s rate', async () => {
    // Work due on 25 November: the village branch finishes it, the town does not.
    const first = await assignTask('开展主题党日活动', '2026-11-25');
    const village = first.get(fx.orgs.a1a.id)!;
    await call(branch, 'POST', `/api/assignments/${village}/events`, { event: 'start' });
    await call(branch, 'POST', `/api/assignments/${village}/events`, { event: 'submit' });
    await call(district, 'POST', `/api/assignments/${village}/events`, { event: 'accept' });

    // Before the deadline only the finished work is due.
    const early = await dashboard(district, fx.orgs.a.id);
    assert.equal(early.totals.due, 1);
    assert.equal(early.totals.notYetDue, 1);
    assert.equal(early.totals.completionRate, 1);

    // After the deadline the town's open work is due (and overdue): 1 of 2 done.
    await setDay('2026-12-01T02:00:00Z');
    const before = await dashboard(district, fx.orgs.a.id);
    assert.equal(before.totals.due, 2);
    assert.equal(before.totals.completionRate, 0.5);
    const cityBefore = await dashboard(city, fx.orgs.root.id);
    const districtBefore = cityBefore.children.find((c) => c.orgId === fx.orgs.a.id)!;
    assert.equal(districtBefore.rate, 0.5);

    // The district assigns work due next year: its rates, and the city's view of it, stay as they were.
    await assignTask('谋划明年乡镇领导班子换届工作', '2027-06-30');
    const afterwards = await dashboard(district, fx.orgs.a.id);
    assert.equal(afterwards.totals.assigned, 4);
    assert.equal(afterwards.totals.notYetDue, 2);
    assert.equal(afterwards.totals.completionRate, before.totals.completionRate);
    assert.equal(afterwards.totals.onTimeRate, before.totals.onTimeRate);
    // Each child's counts of new work grow; its measures and rank do not.
    const measures = (d: Dashboard) => d.children.map(({ assigned: _, ...rest }) => rest);
    assert.deepEqual(measures(afterwards), measures(before));
    const cityAfter = await dashboard(city, fx.orgs.root.id);
    assert.deepEqual(
      cityAfter.children.find((c) => c.orgId === fx.orgs.a.id),
      { ...districtBefore, assigned: districtBefore.assigned + 2 },
    );

    // The sweep keeps it so the next day too.
    await setDay('2026-12-02T02:00:00Z');
    assert.equal((await dashboard(district, fx.orgs.a.id)).totals.completionRate, 0.5);
  });

  test('a dashboard carries its first 20 tasks by deadline; the rest come a page at a time, none lost or repeated', async () => {
    type Task = { id: number; deadline: string | null; rollup: { assigned: number } | null };
    type Page = { items: Task[]; total: number; nextCursor: string | null };
    for (let i = 0; i < 23; i++) {
      const day = String((i % 9) + 1).padStart(2, '0');
      const task = await call(district, 'POST', '/api/tasks', {
        orgId: fx.orgs.a.id,
        title: `分页任务${i}`,
        ...(i % 5 === 4 ? {} : { deadline: `2027-03-${day}` }),
      });
      await call(district, 'POST', `/api/tasks/${task.id}/assignments`, { orgIds: [fx.orgs.a1.id] });
    }
    const first = (await dashboard(district, fx.orgs.a.id)) as Dashboard & {
      tasks: Task[];
      tasksTotal: number;
      tasksNextCursor: string | null;
    };
    assert.equal(first.tasks.length, 20);
    assert.ok(first.tasksTotal >= 25, `${first.tasksTotal}`);
    assert.ok(first.tasksNextCursor);
    const all = [...first.tasks];
    let cursor: string | null = first.tasksNextCursor;
    for (let page = 2; cursor; page++) {
      const p: Page = await call(
        district,
        'GET',
        `/api/dashboard/tasks?orgId=${fx.orgs.a.id}&page=${page}&cursor=${encodeURIComponent(cursor)}`,
      );
      assert.equal(p.total, first.tasksTotal);
      all.push(...p.items);
      cursor = p.nextCursor;
    }
    assert.equal(all.length, first.tasksTotal);
    assert.equal(new Set(all.map((t) => t.id)).size, all.length, 'no task twice');
    const key = (t: Task) => `${t.deadline ?? '9999-12-31'} ${String(t.id).padStart(9, '0')}`;
    assert.deepEqual(all.map(key), all.map(key).sort(), 'nearest deadline first, none last, then by id');
    // The totals still add up every task, not only the first page's.
    const assigned = all.reduce((n, t) => n + (t.rollup?.assigned ?? 0), 0);
    assert.equal(first.totals.assigned, assigned);
    // A page by number gives the same rows as the cursor; an altered cursor is refused.
    const second: Page = await call(district, 'GET', `/api/dashboard/tasks?orgId=${fx.orgs.a.id}&page=2&pageSize=20`);
    assert.deepEqual(
      second.items.map((t) => t.id),
      all.slice(20, 40).map((t) => t.id),
    );
    const bad = await app.inject({
      method: 'GET',
      url: `/api/dashboard/tasks?orgId=${fx.orgs.a.id}&cursor=${encodeURIComponent(`${first.tasksNextCursor}x`)}`,
      headers: { cookie: district },
    });
    assert.equal(bad.statusCode, 400);
  });
});
