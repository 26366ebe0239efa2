/**
 * What every browser journey shares: the built web app served by the real server in-process on a free port,
 * Debian's Chromium with the flags this machine needs, and the test-output directory for screenshots.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { type App, type AppDeps, buildApp } from '../src/server/app.ts';
import { FIXTURE_PASSWORD } from '../src/server/test/factories.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_DIR = path.join(REPO_ROOT, 'dist', 'web');
export const OUTPUT = path.resolve(process.env.LUOSHI_TEST_OUTPUT ?? 'test-output');

// Without the background-networking flags Chromium's connections are refused by this machine's closed network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Served = { app: App; base: string };

/** The app on 127.0.0.1 and a free port, serving dist/web (npm test builds it before the e2e files). */
export async function serveApp(deps: Omit<AppDeps, 'webDir'>): Promise<Served> {
  assert.ok(
    fs.existsSync(path.join(WEB_DIR, 'index.html')),
    `no built web app in ${WEB_DIR}: run "npx vite build" (npm test does)`,
  );
  fs.mkdirSync(OUTPUT, { recursive: true });
  const app = await buildApp({ ...deps, webDir: WEB_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * How long a journey waits for anything (Playwright's default for every page): in CI two browser journeys run at
 * once, each with its own server and embedded database in the test's process, on two cores shared with PostgreSQL;
 * a page that takes 15 s to appear there is slow, not broken.
 */
export const WAIT_MS = 30_000;

export type Session = { context: BrowserContext; page: Page; errors: string[] };

/**
 * Every journey's browser asks for reduced motion (prefers-reduced-motion), as some users' phones do: the app then
 * shows its lists, dialogs and messages at once, so that no click lands on an option or a button still sliding or
 * zooming in (under CI load such clicks were lost). The security journey checks that the app honours the setting.
 *
 * Signs in through the login page in a fresh context (zh-CN, `width`×900) and waits for the signed-in header;
 * uncaught page errors, of any page the context opens, are collected in `errors`.
 */
export async function signIn(
  browser: Browser,
  base: string,
  username: string,
  opts: { width?: number; password?: string } = {},
): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  context.on('page', (p) => p.on('pageerror', (e) => errors.push(e.message)));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(opts.password ?? FIXTURE_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: '账号菜单' }).waitFor();
  return { context, page, errors };
}

/**
 * Clicks `target` and waits for the answer to the API call the click sends (`method` on a path `path` matches),
 * failing with the server's own answer when it is not a success (or not `status`, for a step that must be refused);
 * returns the answer's JSON. A journey checks what
 * a step did from this answer and from the page's data, not from a toast: under CI load a 3-second toast can come
 * and go while the test process (which also serves the app) is busy.
 */
export async function clickForAnswer(
  page: Page,
  target: Locator,
  method: string,
  path: RegExp,
  opts: { status?: number } = {},
): Promise<unknown> {
  const answer = page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname), {
    timeout: WAIT_MS,
  });
  await target.click();
  const r = await answer;
  const body = await r.text();
  const said = `${method} ${new URL(r.url()).pathname} answered ${r.status()}: ${body}`;
  if (opts.status === undefined) assert.ok(r.ok(), said);
  else assert.equal(r.status(), opts.status, said);
  return body ? JSON.parse(body) : null;
}

/**
 * Chooses `option` in the antd Select that `opener` opens (the Select itself or its combobox) and makes sure the
 * choice was taken: the Select then shows `shows` (the option's text by default). Under load the option can be
 * clicked while the list is still opening and the click is lost; the choice is made again, at most three times.
 */
export async function pickOption(
  page: Page,
  opener: Locator,
  option: string | RegExp,
  shows: string | RegExp = option,
): Promise<void> {
  const list = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const select = opener.locator('xpath=ancestor-or-self::*[contains(concat(" ", @class, " "), " ant-select ")][1]');
  for (let attempt = 1; ; attempt++) {
    if ((await list.count()) === 0) await opener.click();
    await list.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    const taken = await select
      .filter({ hasText: shows })
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    if (taken) {
      await list.waitFor({ state: 'hidden' });
      return;
    }
    if (attempt === 3) throw new Error(`the option ${String(option)} was not taken after choosing it three times`);
  }
}
