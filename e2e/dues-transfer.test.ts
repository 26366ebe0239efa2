/**
 * Browser journey (issue 11, dues, floating members and transfers): the branch secretary sets a member's dues from
 * their pay (the amount by bracket, the pay not kept) and records this month paid; records a member away and a
 * contact with them; then issues a transfer letter to a branch of the
 * other district, which the member stays in until that district's administrator accepts it (screenshots).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, type Session, serveApp, signIn } from './harness.ts';

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

function logIn(username: string): Promise<Session> {
  return signIn(browser, base, username);
}

test('dues set from the pay and paid; a transfer waits for the receiving district', async () => {
  const { page, errors } = await logIn(fx.users.aSecretary.username);
  await page.goto(`${base}/members?orgId=${fx.orgs.a1a.id}`);
  await page.getByRole('button', { name: /^党\s*费$/ }).click();
  const dues = page.getByTestId('dues-page');
  const row = dues.locator('tr.ant-table-row', { hasText: '张海生' });
  await row.getByText('未核定').waitFor();
  await row.getByRole('button', { name: /核\s*定/ }).click();
  const form = page.getByTestId('dues-base-form');
  await form.getByLabel('月工资收入（税后，元）').fill('5000.01');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await row.getByText('75.00 元/月').waitFor();
  await row.getByRole('button', { name: '登记交纳' }).click();
  await page.getByTestId('dues-pay-form').waitFor();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await row.getByText('✓').waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'dues-page.png'), fullPage: true });

  // A member away: where they are, then a contact recorded.
  await page.goto(`${base}/floating?orgId=${fx.orgs.a1a.id}`);
  await page.getByRole('button', { name: '登记流动党员' }).click();
  const ff = page.getByTestId('floating-form');
  await pickOption(page, ff.getByLabel('党员'), '王小明');
  await ff.getByLabel('外出去向').fill('广东省深圳市');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  const away = page.getByTestId('floating-page').locator('tr.ant-table-row', { hasText: '王小明' });
  await away.getByText('广东省深圳市').waitFor();
  await away.getByRole('button', { name: '记录联系' }).click();
  await page.getByRole('dialog').getByLabel('情况').fill('在电子厂上班，已参加流入地支部活动');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await away.getByText('未联系').waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(OUTPUT, 'floating-page.png'), fullPage: true });

  await page.goto(`${base}/transfers?orgId=${fx.orgs.a1a.id}`);
  await page.getByRole('button', { name: '开具介绍信' }).click();
  const tf = page.getByTestId('transfer-form');
  await pickOption(page, tf.getByLabel('党员'), '张海生');
  await tf.getByLabel('接收党组织编码').fill(fx.orgs.b1a.code);
  await tf.getByLabel('转接原因').fill('工作调动');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  const sent = page.getByTestId('transfers-page').locator('tr.ant-table-row', { hasText: '张海生' });
  await sent.getByText('办理中').waitFor();
  await sent.getByRole('button', { name: /撤\s*回/ }).waitFor();
  assert.deepEqual(errors, []);

  const other = await logIn(fx.users.bAdmin.username);
  await other.page.goto(`${base}/transfers?orgId=${fx.orgs.b.id}`);
  const incoming = other.page.getByTestId('transfers-page').locator('tr.ant-table-row', { hasText: '张海生' });
  await incoming.getByRole('button', { name: /接\s*收/ }).click();
  await incoming.getByText('已完成').waitFor();
  await other.page.screenshot({ path: path.join(OUTPUT, 'transfers-page.png'), fullPage: true });
  assert.deepEqual(other.errors, []);
});
