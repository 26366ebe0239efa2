/**
 * Browser journey (issue 13, cadres): the town's secretary goes from the secretary filings to the leadership-team
 * structure (the village outside the rules: no young cadre, mean age above 50; its term ends within a year), then to
 * the young-cadre pool: nominates a young member under a category with the reasons, records a 挂职, and takes them
 * out with a reason.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertUser } from '../src/server/test/factories.ts';
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
  await sql`update org set unit_level = 'village' where id = ${fx.orgs.a1a.id}`.execute(database.db);
  ({ app, base } = await serveApp({ database, now: () => new Date('2026-12-10T02:00:00Z') }));
  townUser = (await insertUser(database, 'town-cadre', 'secretary', fx.orgs.a1)).username;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

test('the town reads the structure of its teams and keeps the young-cadre pool', async () => {
  const { page, errors } = await signIn(browser, base, townUser);
  await page.goto(`${base}/cadre/secretaries?orgId=${fx.orgs.a1.id}`);
  await page.getByRole('link', { name: '领导班子结构' }).click();
  await page.getByTestId('structure-page').waitFor();
  const findings = page.getByTestId(`findings-${fx.orgs.a1a.id}`);
  await findings.getByText('年轻干部不足').waitFor();
  await findings.getByText('平均年龄偏高').waitFor();
  await page.getByText('一年内任期届满的干部').waitFor();
  await page.getByRole('cell', { name: '2027-01-10' }).first().waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'cadre-structure.png'), fullPage: true });

  await page.getByRole('link', { name: '年轻干部信息库' }).click();
  await page.getByTestId('pool-page').waitFor();
  await page.getByTestId('pool-nominate').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('pool-person').locator('input').fill('王小明');
  await pickOption(page, dialog.getByTestId('pool-person').locator('input'), '王小明');
  await pickOption(page, dialog.getByLabel('类别'), '村（社区）党组织书记后备人选');
  await dialog.getByLabel('推荐理由').fill('群众基础好，带富能力强');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  const row = page.getByTestId('pool-table').locator('tr', { hasText: '王小明' });
  await row.getByText('群众基础好，带富能力强').waitFor();
  assert.equal(await page.getByTestId('pool-active').locator('.ant-statistic-content-value').textContent(), '1');

  await row.getByRole('button', { name: '培养锻炼' }).click();
  const rec = page.getByRole('dialog');
  await rec.getByLabel('地点（单位、岗位）').fill('甲一镇党政办');
  await rec.locator('.ant-picker-range input').first().fill('2026-03-01');
  await rec.locator('.ant-picker-range input').first().press('Enter');
  await rec.locator('.ant-picker-range input').nth(1).fill('2026-08-31');
  await rec.locator('.ant-picker-range input').nth(1).press('Enter');
  await rec.getByRole('button', { name: /确\s*定|OK/ }).click();
  await rec.waitFor({ state: 'detached' });
  await row.locator('.ant-table-row-expand-icon').click();
  await page.getByText('甲一镇党政办（2026-03-01 — 2026-08-31）').waitFor();

  await row.getByRole('button', { name: /出\s*库/ }).click();
  const out = page.getByRole('dialog');
  await out.getByLabel('出库理由').fill('已选任为村党组织书记');
  await out.getByRole('button', { name: /确\s*定|OK/ }).click();
  await page.getByTestId('pool-table').locator('tr', { hasText: '王小明' }).waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(OUTPUT, 'cadre-pool.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
