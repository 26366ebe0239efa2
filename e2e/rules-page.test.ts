/**
 * Browser (issue 11, the rule set visible): a party member opens 规则与依据 from the account menu and sees what the
 * platform checks and why — a rule of branch life with its article and tag, filtered by area and by a search.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, serveApp, WAIT_MS } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

test('a member sees the rules and their sources', async () => {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(fx.users.aMember.username);
  await page.getByLabel('密码').fill(FIXTURE_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: '账号菜单' }).click();
  await page.getByRole('menuitem', { name: '规则与依据' }).click();
  const rules = page.getByTestId('rules-page');
  await rules.getByText('支部委员会会议每月至少1次').waitFor();
  await rules.locator('.ant-segmented').getByText('组织生活', { exact: true }).click();
  const row = rules.locator('tr', { hasText: '支部委员会会议每月至少1次' });
  await row.getByText('中国共产党支部工作条例（试行）第十二条').waitFor();
  await row.getByText('C 已核实原文').waitFor();
  assert.equal(await rules.getByText('年满 18 岁方可申请入党').count(), 0, 'filtered to branch life');
  await page.getByLabel('搜索规则或文件').fill('党课');
  await rules
    .locator('tr', { hasText: '党课每季度至少1次' })
    .getByText(/S 次要来源/)
    .waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'rules-page.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
