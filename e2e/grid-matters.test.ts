/**
 * Browser journey (issue 13, 网格事项): a 网格员 (a 党员 account of the village), on a phone 375 px wide, goes from
 * their organisation's page to their grid and reports a matter with a category, the text, a location and a photo in
 * well under a minute; the village assigns it to a department (the deadline by category), records its handling and
 * the feedback; the 网格员 rates it 不满意 with the reason, which reopens it; it is handled and fed back again and
 * rated 满意, closed on time. The grid board (with an overdue matter edged in red) and the grid map are captured.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, type Session, serveApp, signIn } from './harness.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const TEXT = '3 号楼北侧垃圾堆放，影响通行';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let gridId = 0;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  await database.db.updateTable('org').set({ unit_level: 'village' }).where('id', '=', fx.orgs.a1a.id).execute();
  // Monday 2026-11-23, 10:00 in Shanghai: the deadlines below are counted from it.
  ({ app, base } = await serveApp({ database, now: () => new Date('2026-11-23T02:00:00Z') }));
  const village = await loginAs(app, fx.users.aSecretary.username);
  const made = await app.inject({
    method: 'POST',
    url: '/api/grids',
    headers: { cookie: village },
    payload: {
      orgId: fx.orgs.a1a.id,
      name: '第一网格',
      workerPersonId: fx.people.a1aFull,
      households: 126,
      buildings: 4,
      coverage: '1—4 号楼',
    },
  });
  assert.equal(made.statusCode, 201, made.body);
  gridId = made.json().id;
  await app.inject({
    method: 'POST',
    url: '/api/grids',
    headers: { cookie: village },
    payload: { orgId: fx.orgs.a1a.id, parentId: gridId, name: '1号楼微网格', workerName: '刘阿姨', households: 32 },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function close(s: Session): Promise<void> {
  await s.context.close();
  assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="grid-matter-page"] .ant-tag[data-state="${state}"]`).first().waitFor();
}

async function step(page: Page, event: string, note?: string): Promise<void> {
  if (note) await page.getByTestId('matter-note').fill(note);
  await page.getByTestId(`matter-${event}`).click();
}

async function rate(page: Page, rating: string, reason?: string): Promise<void> {
  await page.getByTestId('matter-rating').getByText(rating, { exact: true }).click();
  if (reason) await page.getByTestId('matter-reason').fill(reason);
  await page.getByTestId('matter-rate').click();
}

test('a 网格员 reports on a phone; assigned, handled, rated poor, reopened, handled, rated well', async () => {
  const worker = await signIn(browser, base, fx.users.aMember.username, { width: 375 });
  const wp = worker.page;
  await wp.goto(`${base}/orgs/${fx.orgs.a1a.id}`);
  await wp.getByTestId('org-grid-link').click();
  await wp.getByTestId(`grid-node-${gridId}`).waitFor();
  await wp.getByTestId('grid-report-link').click();

  const started = Date.now();
  const form = wp.getByTestId('matter-report-form');
  await form.getByText('环境卫生', { exact: true }).click();
  await wp.getByTestId('report-text').fill(TEXT);
  await wp.getByTestId('report-location').fill('3 号楼北侧');
  await form.locator('input[type="file"]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  await form.getByText('现场.png').waitFor();
  await wp.getByTestId('report-submit').click();
  await wp.getByTestId('report-done').waitFor();
  assert.ok(Date.now() - started < 60_000, 'recorded in under a minute');
  const width = (await wp.evaluate('document.documentElement.scrollWidth')) as number;
  assert.ok(width <= 375, `the form fits the phone (${width} px)`);
  await wp.screenshot({ path: path.join(OUTPUT, 'grid-report-phone.png'), fullPage: true });
  await wp.getByTestId('report-done').getByRole('link').click();
  await waitForState(wp, 'reported');
  const id = Number(new URL(wp.url()).pathname.split('/').pop());

  // The village assigns it to a department (环境卫生: 3 working days), records the handling and the feedback.
  const village = await signIn(browser, base, fx.users.aSecretary.username);
  const vp = village.page;
  await vp.goto(`${base}/grid/matters/${id}`);
  await waitForState(vp, 'reported');
  await vp.getByTestId('assign-dept').fill('村环卫保洁队');
  await vp.getByTestId('matter-assign').click();
  await waitForState(vp, 'assigned');
  await vp.getByTestId('matter-steps').getByText('时限 2026-11-26').waitFor();
  await step(vp, 'handle', '保洁队已清运垃圾');
  await waitForState(vp, 'handled');
  await step(vp, 'feedback', '已电话告知网格员和反映群众');
  await waitForState(vp, 'fed_back');

  // The 网格员 is not satisfied: the matter goes back to be handled.
  await wp.reload();
  await waitForState(wp, 'fed_back');
  await wp.getByTestId('matter-rating').getByText('不满意', { exact: true }).click();
  await wp.getByTestId('matter-rate').click();
  await wp
    .getByTestId('matter-error')
    .getByText(/须写明不满意的原因/)
    .waitFor();
  await rate(wp, '不满意', '第二天又堆起来了，需设置垃圾桶');
  await waitForState(wp, 'assigned');

  await vp.reload();
  await waitForState(vp, 'assigned');
  await step(vp, 'handle', '设置两个分类垃圾桶，保洁队每日清运');
  await waitForState(vp, 'handled');
  await step(vp, 'feedback', '已回访反映群众');
  await waitForState(vp, 'fed_back');

  await wp.reload();
  await rate(wp, '满意');
  await waitForState(wp, 'closed');
  await wp.getByText('按期办结').waitFor();
  const items = wp.locator('[data-testid^="step-"]');
  const steps: string[] = [];
  for (let i = 0; i < (await items.count()); i++) steps.push((await items.nth(i).getAttribute('data-testid')) ?? '');
  assert.deepEqual(steps, [
    'step-report',
    'step-assign',
    'step-handle',
    'step-feedback',
    'step-rate',
    'step-handle',
    'step-feedback',
    'step-rate',
  ]);
  await wp.screenshot({ path: path.join(OUTPUT, 'grid-matter-phone.png'), fullPage: true });
  await close(worker);
  await close(village);
});

test('the grid board: by state, an overdue matter edged in red; the grid map with its matters', async () => {
  const cookie = await loginAs(app, fx.users.aSecretary.username);
  const made = await app.inject({
    method: 'POST',
    url: '/api/grid-matters',
    headers: { cookie },
    payload: { gridId, category: 'safety', text: '2 号楼楼道堆放杂物，堵塞消防通道', location: '2 号楼一单元' },
  });
  const late = made.json().id as number;
  await app.inject({
    method: 'POST',
    url: `/api/grid-matters/${late}/events`,
    headers: { cookie },
    payload: { event: 'assign', assigneeOrgId: fx.orgs.a1g.id },
  });
  // Assigned a week earlier: its two working days have long passed.
  await database.db
    .updateTable('grid_matter')
    .set({ assigned_on: '2026-11-16', deadline: '2026-11-18', due_on: '2026-11-18' })
    .where('id', '=', late)
    .execute();
  await app.inject({
    method: 'POST',
    url: '/api/grid-matters',
    headers: { cookie },
    payload: { gridId, category: 'facility', text: '1 号楼路灯不亮', source: 'resident', residentName: '王大妈' },
  });

  const village = await signIn(browser, base, fx.users.aSecretary.username);
  const p = village.page;
  await p.goto(`${base}/grid/board?orgId=${fx.orgs.a1a.id}`);
  const red = p.getByTestId(`matter-${late}`);
  await red.locator('[data-overdue="true"]').waitFor();
  await red.getByText(/逾期 5 天/).waitFor();
  await p.getByTestId('board-column-closed').getByText(TEXT).waitFor();
  await p.getByTestId('board-column-reported').getByText('1 号楼路灯不亮').waitFor();
  await p.screenshot({ path: path.join(OUTPUT, 'grid-board.png'), fullPage: true });

  await p.getByTestId('board-overdue').click();
  await p.getByTestId('board-column-closed').getByText(TEXT).waitFor({ state: 'detached' });
  await red.waitFor();

  await p.goto(`${base}/grid?orgId=${fx.orgs.a1a.id}`);
  await p.getByTestId(`grid-node-${gridId}`).click();
  await p.getByTestId('grid-detail').getByText(TEXT).waitFor();
  await p.getByTestId('grid-ranking').getByText('第一网格').waitFor();
  await p.screenshot({ path: path.join(OUTPUT, 'grid-map.png'), fullPage: true });
  await close(village);
});
