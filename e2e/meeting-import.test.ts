/**
 * Browser journey (组织生活, 会议台账 import): a branch secretary opens 导入会议台账 from the calendar, chooses a ledger
 * built here with one bad date, and 检查 shows the row's error in Chinese (the page stays within a phone's width);
 * the corrected ledger checks clean, 确认导入 imports both meetings, and back on the calendar March's 支委会 and 党课
 * are done. A ledger whose date column the importer cannot name is mapped by hand, checked again and imported; the
 * next ledger of those columns is read with the remembered mapping.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertPerson } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, type Session, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // Enough full members that the branch has a committee and so holds a 支委会 every month.
  for (const name of ['周一', '吴二', '郑三', '孙四', '冯五']) await insertPerson(database, fx.orgs.a1a, { name });
  ({ app, base } = await serveApp({ database, now: () => new Date('2026-04-03T02:00:00Z') }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

function logIn(username: string, width = 1440): Promise<Session> {
  return signIn(browser, base, username, { width });
}

/** A ledger as a branch keeps it: a title row, then 日期, 会议类型, 议题, 应到人数, 实到人数, 会议记录. */
async function ledger(lectureDay: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会议台账');
  ws.getCell('A1').value = '甲一村党支部2026年“三会一课”台账';
  ws.mergeCells('A1:F1');
  ws.getRow(2).values = ['日期', '会议类型', '议题', '应到人数', '实到人数', '会议记录'];
  ws.getRow(3).values = ['2026-03-10', '支委会', '研究三月份党建工作', 8, 8, '会议按议程进行。'];
  ws.getRow(4).values = [lectureDay, '党课', '学习党章', 8, 8, '书记讲党课。'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function choose(page: Page, file: Buffer) {
  await page
    .getByTestId('meeting-import-page')
    .locator('input[type=file]')
    .setInputFiles({ name: '会议台账.xlsx', mimeType: XLSX, buffer: file });
}

test('a secretary imports a 会议台账: a bad row is shown, the corrected file imports, March turns done', async () => {
  const { page, errors } = await logIn(fx.users.aSecretary.username);
  await page.goto(`${base}/life?orgId=${fx.orgs.a1a.id}&year=2026`);
  await page.getByTestId('life-calendar').waitFor();
  const cell = (kind: string) => page.getByTestId(`life-cell-${kind}-3`);
  assert.equal(await cell('committee_meeting').getAttribute('data-status'), 'missing');
  assert.equal(await cell('lecture').getAttribute('data-status'), 'missing');

  await page.getByTestId('life-import').click();
  await page.getByTestId('meeting-import-page').waitFor();
  await choose(page, await ledger('2026年13月1日'));
  await page.getByTestId('meeting-import-check').click();
  const table = page.getByTestId('meeting-import-errors');
  await table.waitFor();
  const row = table.locator('tbody tr.ant-table-row');
  assert.equal(await row.count(), 1);
  const text = (await row.first().locator('td').allTextContents()).join(' ');
  assert.match(text, /第4行 日期 “2026年13月1日”不是有效日期/);
  await page.getByText('发现 1 处错误，整个文件都不会导入').waitFor();
  await page.getByTestId('meeting-import-error-file').waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'life-import-errors.png'), fullPage: true });

  // The corrected file, chosen again on the same step, is checked at once.
  await choose(page, await ledger('2026-03-24'));
  await page.getByTestId('meeting-import-commit').waitFor();
  await page.getByText('全部无误：将导入 2 次会议').waitFor();
  await page.getByTestId('meeting-import-commit').click();
  await page.getByText('已导入 2 次会议').waitFor();
  await page.getByTestId('meeting-import-to-calendar').click();
  await page.getByTestId('life-calendar').waitFor();
  await page.locator('[data-testid="life-cell-committee_meeting-3"][data-status="done"]').waitFor();
  await page.locator('[data-testid="life-cell-lecture-3"][data-status="done"]').waitFor();
  assert.deepEqual(errors, []);

  // At phone width the check's errors stay within the screen.
  const phone = await logIn(fx.users.aSecretary.username, 390);
  await phone.page.goto(`${base}/life/import?orgId=${fx.orgs.a1a.id}`);
  await phone.page.getByTestId('meeting-import-page').waitFor();
  await choose(phone.page, await ledger('2026年13月1日'));
  await phone.page.getByTestId('meeting-import-check').click();
  await phone.page.getByTestId('meeting-import-errors').waitFor();
  const width = Number(await phone.page.evaluate('document.documentElement.scrollWidth'));
  assert.ok(width <= 390, `the import page is ${width}px wide at phone width`);
  await phone.page.screenshot({ path: path.join(OUTPUT, 'life-import-phone.png'), fullPage: true });
  assert.deepEqual(phone.errors, []);
});

/** A ledger whose date column has a name the importer does not know (开会那天). */
async function oddLedger(rows: [string, string, string][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会议台账');
  ws.getRow(1).values = ['开会那天', '会议类型', '议题'];
  rows.forEach((r, i) => {
    ws.getRow(i + 2).values = r;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('an unrecognised column is mapped by hand, checked again and imported; the next ledger uses the mapping', async () => {
  const { page, errors } = await logIn(fx.users.aSecretary.username);
  await page.goto(`${base}/life/import?orgId=${fx.orgs.a1a.id}`);
  await page.getByTestId('meeting-import-page').waitFor();
  await choose(page, await oddLedger([['2026-02-10', '支委会', '研究二月份党建工作']]));
  await page.getByTestId('meeting-import-check').click();
  const mapping = page.getByTestId('meeting-import-mapping');
  await mapping.getByText('列对应（3 列，1 列未对应）').waitFor();
  await pickOption(page, mapping.getByLabel('“开会那天”对应的字段'), /^日期$/, '日期');
  await page.getByTestId('meeting-import-apply-mapping').click();
  await page.getByText('全部无误：将导入 1 次会议').waitFor();
  await page.getByTestId('meeting-import-commit').click();
  await page.getByText('已导入 1 次会议').waitFor();

  // The next ledger of the same columns is read with the mapping confirmed above.
  await page.getByRole('button', { name: '继续导入' }).click();
  await choose(page, await oddLedger([['2026-02-24', '党员大会', '学习全会精神']]));
  await page.getByTestId('meeting-import-check').click();
  await page.getByTestId('meeting-import-remembered').waitFor();
  await page.getByText('全部无误：将导入 1 次会议').waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'life-import-mapping.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
