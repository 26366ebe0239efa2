/**
 * Browser journey (issue 13, 村级集体经济): on a phone (375 px), a village secretary goes from the organisation page to
 * the collective income form and reports the year's income by kind — 经营性收入 added up as it is typed — and sees it
 * in force; then corrects it (a new entry naming the first, with the reason). The town's secretary opens the
 * collective economy of the town: the "两个80%" gauges, the villages by where they stand and the table with the
 * village's income and marks. The phone form and the gauge are captured.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertUser, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let townUser = '';

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  const v2 = await insertOrg(database, fx.orgs.a1, {
    code: 'E2E-V2',
    name: '甲二村党支部',
    type: 'branch',
    field: 'rural',
  });
  const v3 = await insertOrg(database, fx.orgs.a1, {
    code: 'E2E-V3',
    name: '甲三村党支部',
    type: 'branch',
    field: 'rural',
  });
  await sql`update org set unit_level = 'village' where id in (${fx.orgs.a1a.id}, ${v2.id}, ${v3.id})`.execute(
    database.db,
  );
  ({ app, base } = await serveApp({ database, now: () => new Date('2026-12-10T02:00:00Z') }));
  townUser = (await insertUser(database, 'town-economy', 'secretary', fx.orgs.a1)).username;
  // The two other villages of the town reported already: one without operating income, one well above 5万元.
  const town = await loginAs(app, townUser);
  for (const [orgId, business] of [
    [v2.id, 0],
    [v3.id, 86_000],
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/economy/entries',
      headers: { cookie: town },
      payload: { orgId, year: 2026, amounts: { business, subsidy: 30_000 } },
    });
    assert.equal(res.statusCode, 201, res.body);
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

test('a village secretary reports the year’s income on a phone, then corrects it', async () => {
  const { page, errors } = await signIn(browser, base, fx.users.aSecretary.username, { width: 375 });
  await page.goto(`${base}/orgs/${fx.orgs.a1a.id}`);
  await page.getByTestId('org-economy-link').click();
  await page.getByTestId('income-entry-page').waitFor();
  await page.getByTestId('income-figures').getByText('2026年尚未填报').waitFor();
  await page.getByTestId('income-amount-business').fill('32000');
  await page.getByTestId('income-amount-contracting').fill('18000.5');
  await page.getByTestId('income-amount-subsidy').fill('120000');
  await page.getByTestId('income-operating').getByText('50,000.50 元').waitFor();
  await page.getByTestId('income-note').fill('2026年度村集体经济组织收支表');
  await page.screenshot({ path: path.join(OUTPUT, 'economy-phone-form.png'), fullPage: true });
  await page.getByTestId('income-submit').click();
  await page.getByTestId('income-saved').waitFor();
  await page.getByTestId('income-figures').getByText('经营性收入 50,000.50 元（5.0001 万元）').waitFor();
  const first = page.locator('[data-testid^="income-correct-"]');
  await first.click();
  await page.getByTestId('income-amount-contracting').fill('12000');
  await page.getByTestId('income-submit').click();
  // The reason is asked for before anything is sent.
  await page.getByText('请写明更正原因').waitFor();
  await page.getByTestId('income-note').fill('发包收入多计，按审计结果更正');
  await page.getByTestId('income-submit').click();
  await page.getByTestId('income-figures').getByText('经营性收入 44,000.00 元（4.4 万元）').waitFor();
  await page.getByTestId('income-figures').getByText('薄弱村').waitFor();
  await page.getByTestId('income-entries').getByText('已更正').waitFor();
  assert.equal(await page.getByTestId('income-entries').locator('[data-testid^="income-entry-"]').count(), 2);
  await page.screenshot({ path: path.join(OUTPUT, 'economy-phone-entries.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the town sees the table and the "两个80%" gauges of its villages', async () => {
  const { page, errors } = await signIn(browser, base, townUser);
  await page.goto(`${base}/dashboard?orgId=${fx.orgs.a1.id}`);
  await page.getByTestId('dash-economy-link').click();
  await page.getByTestId('economy-page').waitFor();
  const table = page.getByTestId('economy-table');
  const row = table.locator('tr', { hasText: '甲一村党支部' });
  await row.getByText('44,000.00').waitFor();
  await row.getByText('薄弱村').waitFor();
  await table.locator('tr', { hasText: '甲二村党支部' }).getByText('空壳村').waitFor();
  await table.locator('tr', { hasText: '甲三村党支部' }).getByText('达标').waitFor();
  // Stable income in 2 of the 3 villages (66.6%, short of 80%); of those, 1 of 2 at 5万元 (50%).
  const gauge = page.getByTestId('economy-gauge');
  await gauge.locator('canvas').waitFor();
  await page.getByTestId('economy-met').getByText('未达到').waitFor();
  const counts = page.getByTestId('economy-counts');
  assert.match((await counts.textContent()) ?? '', /行政村\s*3/);
  await page.getByTestId('economy-chart').locator('canvas').waitFor();
  await gauge.screenshot({ path: path.join(OUTPUT, 'economy-gauge.png') });
  await page.screenshot({ path: path.join(OUTPUT, 'economy-town.png'), fullPage: true });
  await page.getByTestId('economy-mark').getByText('空壳村').click();
  await table.locator('tr', { hasText: '甲一村党支部' }).waitFor({ state: 'detached' });
  await table.locator('tr', { hasText: '甲二村党支部' }).waitFor();
  assert.deepEqual(errors, []);
});
