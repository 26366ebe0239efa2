/**
 * Browser journey (issue 7 item 18): an organisation administrator opens the accounts page, clicks 批量开通书记账号,
 * previews who gets an account (and who is skipped), opens them and receives the initial passwords as a download;
 * the new account then signs in with its initial password and is sent to change it first.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, insertPerson } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, serveApp, WAIT_MS } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // 甲一镇党委 has a 书记 on record without an account; 甲一村党支部's 书记 李秀英 has one (a-sec).
  const zhou = await insertPerson(database, fx.orgs.a1, { name: '周明' });
  await database.db
    .insertInto('org_position')
    .values({ org_id: fx.orgs.a1.id, person_id: zhou, title: 'secretary', started_on: '2024-01-10' })
    .execute();
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

test('批量开通书记账号: preview, open, download the initial passwords; the new account must change its password', async () => {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await logIn(page, fx.users.aAdmin.username, FIXTURE_PASSWORD);
    await page.getByRole('heading', { name: '甲区委' }).waitFor();
    await page.goto(`${base}/users`);
    await page.getByRole('button', { name: '批量开通书记账号' }).click();
    const dialog = page.getByTestId('bulk-secretaries');
    await dialog.waitFor();
    await page.getByRole('button', { name: /预\s*览/ }).click();
    // One to open (周明), one skipped (李秀英 has an account).
    await dialog.getByText('a1-shuji').waitFor();
    await dialog.getByText('已有账号', { exact: true }).waitFor();
    await dialog.getByText('初始密码只在下载的 .xlsx 文件中出现一次').waitFor();
    await page.screenshot({ path: path.join(OUTPUT, 'bulk-secretaries.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '开通 1 个账号并下载初始密码' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^书记账号初始密码-甲区委-\d{8}\.xlsx$/);
    // Read from the browser's own temporary copy: a file of passwords is kept nowhere, not even in the test output.
    const file = await download.path();
    // (已开通 1 个账号，初始密码已下载 is a toast; the account's row below is what stays.)
    await page.locator('.ant-table-row').filter({ hasText: 'a1-shuji' }).getByText('待改初始密码').waitFor();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const row = (wb.getWorksheet('初始密码')!.getRow(2).values as unknown[]).slice(1).map(String);
    assert.deepEqual(row.slice(0, 5), [fx.orgs.a1.code, '甲一镇党委', '周明', '书记', 'a1-shuji']);

    // The new account signs in with the downloaded password and is asked to choose its own first.
    await context.clearCookies();
    await logIn(page, 'a1-shuji', row[5]!);
    await page.getByText('请修改初始密码').first().waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});
