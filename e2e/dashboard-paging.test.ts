/**
 * Browser journey: a district with more tasks than a dashboard carries. The dashboard shows the first 20 by
 * deadline and the count of all; the table's next page comes from `GET /api/dashboard/tasks` after the first
 * page’s cursor, and holds the rest (the latest deadlines); the task board pages the same way. The real server runs
 * in-process on a free port.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
const TASKS = 26;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({ database }));
  const cookie = await loginAs(app, fx.users.aAdmin.username);
  const call = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie }, payload });
    assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: number };
  };
  for (let i = 1; i <= TASKS; i++) {
    const task = await call('/api/tasks', {
      orgId: fx.orgs.a.id,
      title: `看板分页任务${String(i).padStart(2, '0')}`,
      deadline: `2027-02-${String(i).padStart(2, '0')}`,
    });
    await call(`/api/tasks/${task.id}/assignments`, { orgIds: [fx.orgs.a1.id] });
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

test('the dashboard pages its tasks: 20 with the dashboard, the rest from the next page', async () => {
  const { context, page, errors } = await signIn(browser, base, fx.users.aAdmin.username);
  try {
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/dashboard/tasks')) asked.push(r.url());
    });
    await page.goto(`${base}/dashboard?orgId=${fx.orgs.a.id}`);
    const card = page.getByTestId('dash-tasks');
    await card.getByText(`任务（${TASKS}）`).waitFor();
    const rows = card.locator('.ant-table-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 20);
    await card.getByText('看板分页任务01').waitFor();
    await card.locator('.ant-pagination-item-2').click();
    await card.getByText(`看板分页任务${TASKS}`).waitFor();
    assert.equal(await rows.count(), TASKS - 20);
    assert.equal(await card.getByText('看板分页任务01').count(), 0);
    assert.equal(asked.length, 1, asked.join('\n'));
    assert.match(asked[0]!, /[?&]cursor=/, 'the next page follows the first page’s cursor');
    // Back to the first page: the dashboard's own rows again.
    await card.locator('.ant-pagination-item-1').click();
    await card.getByText('看板分页任务01').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the task board asks for its next page by cursor and for the first again by number', async () => {
  const { context, page, errors } = await signIn(browser, base, fx.users.aAdmin.username);
  try {
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/tasks') asked.push(r.url());
    });
    await page.goto(`${base}/tasks?orgId=${fx.orgs.a.id}&tab=own`);
    const rows = page.locator('.ant-table-row');
    await page.getByText('看板分页任务01').waitFor();
    assert.equal(await rows.count(), 20);
    asked.length = 0;
    await page.locator('.ant-pagination-item-2').click();
    await page.getByText(`看板分页任务${TASKS}`).waitFor();
    assert.equal(await rows.count(), TASKS - 20);
    assert.equal(asked.length, 1, asked.join('\n'));
    assert.match(asked[0]!, /[?&]cursor=/, 'the next page follows the first page’s cursor');
    asked.length = 0;
    await page.locator('.ant-pagination-item-1').click();
    await page.getByText('看板分页任务01').waitFor();
    assert.equal(asked.length, 1, asked.join('\n'));
    assert.doesNotMatch(asked[0]!, /[?&]cursor=/, 'the first page is asked for by number');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
