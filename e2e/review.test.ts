/**
 * Browser journey (issue 12, 书记抓基层党建述职评议): on a phone, a town secretary opens the year's round over a
 * branch, opens the branch's card (its secretary by name), records the comment, tries a poll tally above those who
 * took part (refused naming the grade), records the poll, grades, names a problem that appears with its state, then
 * imports the poll from a tally workbook and sees it in the organisation's history. The page is captured at phone
 * width.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertUser, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let townUser = '';

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({ database, now: () => new Date('2026-12-20T02:00:00Z') }));
  townUser = (await insertUser(database, 'town-review', 'secretary', fx.orgs.a1)).username;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

test('a town secretary runs a branch secretary’s review on a phone: comment, poll (one refused), grade, problem', async () => {
  const cookie = await loginAs(app, townUser);
  const res = await app.inject({
    method: 'POST',
    url: '/api/reviews',
    headers: { cookie },
    payload: { year: 2026, name: '2026年度书记抓基层党建述职评议', orgIds: [fx.orgs.a1a.id] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const { page, errors } = await signIn(browser, base, townUser, { width: 390 });
  await page.goto(`${base}/reviews?orgId=${fx.orgs.a1.id}&year=2026`);
  await page.getByTestId(`review-org-${fx.orgs.a1a.id}`).getByText('李秀英').waitFor();
  await page.getByTestId(`review-org-${fx.orgs.a1a.id}`).click();
  const card = page.getByTestId(`review-entry-${fx.orgs.a1a.id}`);
  await card.waitFor();
  await card.getByTestId('review-comment').fill('抓党建责任落实较好。');
  await card.getByText('保存点评').click();
  await card.getByText('已点评').waitFor();
  const poll = card.getByTestId('review-poll');
  const inputs = poll.locator('input');
  await inputs.nth(0).fill('30');
  await inputs.nth(1).fill('28');
  await inputs.nth(2).fill('29');
  await card.getByTestId('review-save-poll').click();
  await card
    .getByTestId('review-error')
    .getByText(/“好”的票数 29 超过实参加测评人数 28/)
    .waitFor();
  await inputs.nth(2).fill('20');
  await inputs.nth(3).fill('6');
  await card.getByTestId('review-save-poll').click();
  await card
    .getByTestId('review-poll-result')
    .getByText(/好评率/)
    .waitFor();
  await pickOption(page, card.getByTestId('review-grade'), /^较好$/, '较好');
  await card.getByText('保存等次').click();
  await card.getByText('已评定').waitFor();
  await card.getByTestId('review-problem').fill('三会一课记录不规范');
  const due = card.getByPlaceholder('整改期限');
  await due.click();
  await due.fill('2027-03-31');
  await due.press('Enter');
  await card.getByTestId('review-add-problem').click();
  await card.getByRole('link', { name: '三会一课记录不规范' }).waitFor();
  // The poll again from a tally workbook: checked on choosing it, then imported as a new history event.
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('民主测评').addRows([
    ['单位', '应到人数', '实到人数', '好', '较好', '一般', '差'],
    ['甲一村党支部', 30, 29, 22, 5, 2, 0],
  ]);
  const importer = page.getByTestId('review-poll-import');
  await importer.locator('input[type=file]').setInputFiles({
    name: '民主测评汇总.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  });
  await importer
    .getByTestId('review-import-result')
    .getByText(/检查通过/)
    .waitFor();
  await importer.getByTestId('review-import-commit').click();
  await importer.getByText(/已导入（汇总表 1 行）：新登记 0 个组织，更新 1 个/).waitFor();
  await card
    .getByTestId('review-poll-result')
    .getByText(/实参加 29 人/)
    .waitFor();
  await card
    .getByTestId(`review-history-${fx.orgs.a1a.id}`)
    .getByText(/修改记录/)
    .click();
  await card
    .getByTestId(`review-history-${fx.orgs.a1a.id}`)
    .getByText(/由“民主测评汇总\.xlsx”导入/)
    .waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'review-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
