/**
 * Browser journey: the system administrator opens the audit log from the navigation, sees the system's own rows
 * (no organisation) beside the organisations', and verifies the chain; an organisation administrator has no such
 * entry. The real server runs in-process on a free port and serves the built web app.
 */
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import { appendAudit } from '../src/server/auth/audit.ts';
import { TEST_AUDIT_KEY } from '../src/server/auth/audit-key.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, serveApp } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  await database.db.transaction().execute((trx) =>
    appendAudit(trx, TEST_AUDIT_KEY, {
      at: new Date(),
      actorId: null,
      actorName: '系统',
      action: 'system.maintenance',
      entity: 'system',
      entityId: null,
      orgId: null,
      after: { note: '例行维护' },
    }),
  );
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(FIXTURE_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

test('the system administrator reads the whole audit log, the system rows included, and verifies the chain', async () => {
  // A narrow window: the navigation is a drawer holding every entry (a wide header folds some into an overflow).
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  try {
    await logIn(page, fx.users.admin.username);
    await page.getByRole('button', { name: '打开组织树' }).click();
    await page.getByRole('dialog').getByRole('menuitem', { name: '操作日志' }).click();
    await page.getByRole('heading', { name: '操作日志' }).waitFor();
    const systemRow = page.getByRole('row').filter({ hasText: 'system.maintenance' });
    await systemRow.getByText('系统', { exact: true }).first().waitFor();
    await page.getByTestId('audit-verify').click();
    await page
      .getByTestId('audit-verify-result')
      .getByText(/操作日志完好/)
      .waitFor();
    await page.screenshot({ path: path.join(OUTPUT, 'audit-log.png'), fullPage: true });
  } finally {
    await page.close();
  }
});

test('an organisation administrator has no audit log entry and the page refuses them', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await logIn(page, fx.users.aAdmin.username);
    await page.getByRole('menuitem', { name: '党员名册' }).waitFor();
    if ((await page.getByRole('menuitem', { name: '操作日志' }).count()) !== 0) {
      throw new Error('an organisation administrator sees the audit log entry');
    }
    await page.goto(`${base}/audit`);
    await page.getByText('无权访问').waitFor();
  } finally {
    await page.close();
  }
});
