/**
 * Browser journey (issue 7, items 6, 8, 9): the built web app runs under the server's Content-Security-Policy (every
 * main page, the lazily loaded charts and password policy, the API documentation) with no violation and no uncaught
 * error; an account with an administrator's initial password sees only the change-password screen until it chose its
 * own, the policy's Chinese reason showing for a guessable one; too many wrong passwords name the time to retry.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, serveApp, WAIT_MS } from './harness.ts';

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

type Session = { context: BrowserContext; page: Page; problems: string[] };

/** A fresh browser context that records CSP violations (console and DOM event) and uncaught errors. */
async function open(): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction('reportCspViolation', (text: string) => problems.push(`violation: ${text}`));
  // A string: the server's tsconfig has no DOM types; this runs in the page before its scripts.
  await page.addInitScript(
    `document.addEventListener('securitypolicyviolation', (e) =>
      window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));`,
  );
  return { context, page, problems };
}

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

test('every main page runs under the Content-Security-Policy without a violation', async () => {
  const s = await open();
  const { page } = s;
  await logIn(page, fx.users.admin.username, FIXTURE_PASSWORD);
  await page.getByRole('button', { name: '账号菜单' }).waitFor();
  const csp = (await page.request.get(`${base}/`)).headers()['content-security-policy'];
  assert.match(csp ?? '', /script-src 'self'/);
  const a1a = fx.orgs.a1a.id;
  const pages = [
    `/orgs/${fx.orgs.root.id}`,
    `/orgs/${a1a}`,
    `/members?orgId=${a1a}`,
    `/members/${fx.people.a1aFull}`,
    `/members/import?orgId=${a1a}`,
    `/users?orgId=${fx.orgs.a.id}`,
    `/deployments?orgId=${fx.orgs.a1.id}`,
    `/deployments/new?orgId=${fx.orgs.a1.id}`,
    `/tasks?orgId=${fx.orgs.a1.id}`,
    `/problems?orgId=${fx.orgs.a1.id}`,
    `/responsibilities?orgId=${fx.orgs.a1.id}`,
    `/dashboard?orgId=${fx.orgs.a1.id}`,
    '/week',
  ];
  for (const url of pages) {
    await page.goto(`${base}${url}`);
    await page.getByRole('button', { name: '账号菜单' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(s.problems, [], url);
  }
  // The password policy (a lazily loaded chunk with its dictionaries) runs in the change-password dialog.
  await page.getByRole('button', { name: '账号菜单' }).click();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  await page.getByLabel('新密码', { exact: true }).fill('password123');
  await page.getByText('密码太常见，容易被猜到').waitFor();
  await page.keyboard.press('Escape');
  // The API documentation (Swagger UI) under the same policy.
  await page.goto(`${base}/api/docs/`);
  await page.locator('.swagger-ui .info').waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(s.problems, [], 'no CSP violation or uncaught error anywhere');
  await s.context.close();
});

test('an initial password set by an administrator must be replaced before the app opens', async () => {
  const admin = await loginAs(app, fx.users.aAdmin.username);
  const created = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: admin },
    payload: {
      username: 'first-login',
      displayName: '新书记',
      role: 'secretary',
      orgId: fx.orgs.a1.id,
      password: 'Amber-Fox-4419',
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const s = await open();
  const { page } = s;
  await logIn(page, 'first-login', 'Amber-Fox-4419');
  await page.getByRole('heading', { name: '请修改初始密码' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '账号菜单' }).count(), 0, 'only the password screen');
  await page.getByLabel('当前密码').fill('Amber-Fox-4419');
  await page.getByLabel('新密码', { exact: true }).fill('first-login-2026');
  await page.getByLabel('确认新密码').fill('first-login-2026');
  await page.getByRole('button', { name: '修改密码并继续' }).click();
  await page.getByText('密码含有用户名、姓名或本平台的名称，容易被猜到').waitFor();
  await page.getByLabel('新密码', { exact: true }).fill('Quiet-Harbor-88');
  await page.getByLabel('确认新密码').fill('Quiet-Harbor-88');
  await page.getByRole('button', { name: '修改密码并继续' }).click();
  await page.getByRole('button', { name: '账号菜单' }).waitFor();
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('after too many wrong passwords the login page says when to try again', async () => {
  const s = await open();
  const { page } = s;
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(fx.users.bAdmin.username);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('密码').fill(`wrong-password-${i}`);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').waitFor();
    if (i < 4) {
      await page.getByRole('alert').getByText('用户名或密码错误').waitFor();
      await page.getByLabel('密码').fill('');
    }
  }
  await page
    .getByRole('alert')
    .getByText(/尝试次数过多，请在 \d\d:\d\d:\d\d 之后再试/)
    .waitFor();
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('a browser that asks for reduced motion gets no transitions; any other gets them', async () => {
  const durationOn = async (reducedMotion: 'reduce' | 'no-preference') => {
    const context = await browser.newContext({ locale: 'zh-CN', reducedMotion });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    const button = page.getByRole('button', { name: /登\s*录/ });
    await button.waitFor();
    // The server's tsconfig has no DOM types: the page's getComputedStyle is reached through globalThis.
    type Styles = { getComputedStyle(e: unknown): { transitionDuration: string } };
    const duration = await button.evaluate(
      (b) => (globalThis as unknown as Styles).getComputedStyle(b).transitionDuration,
    );
    await context.close();
    return duration;
  };
  const still = await durationOn('reduce');
  assert.ok(
    still.split(',').every((d: string) => Number.parseFloat(d) === 0),
    `no transition with reduced motion: ${still}`,
  );
  const moving = await durationOn('no-preference');
  assert.ok(
    moving.split(',').some((d: string) => Number.parseFloat(d) > 0),
    `transitions otherwise: ${moving}`,
  );
});
