/**
 * Browser journey (issue 7, items 15 and 16): a branch secretary and a 党员 land on 本周任务, which lists what was
 * assigned to their branch; every role that receives work has 本周任务 in the header; the header keeps every
 * top-level item visible at 1440 px in both languages (none folded into "…"); the task board opens on 承办任务 for
 * an organisation that only receives; the district administrator sees a branch's assignment without its form.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addDaysIso, todayIn } from '../src/domain/dates.ts';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, loginAs } from '../src/server/test/factories.ts';
import { webMessageTable } from '../src/web/lib/i18n.ts';
import { launchChromium, serveApp, WAIT_MS } from './harness.ts';

const TASK = '规范“三会一课”记录';
const LABELS = webMessageTable();
type Lang = 'zh' | 'en';
const label = (key: string, lang: Lang) => LABELS[key]![lang];

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let assignmentId: number;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
  // The district gives the town a task due in three days and assigns it to the branch 甲一村.
  const district = await loginAs(app, fx.users.aAdmin.username);
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: { cookie: district }, payload });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
    return res.json();
  };
  const task = await call('POST', '/api/tasks', {
    orgId: fx.orgs.a1.id,
    title: TASK,
    deadline: addDaysIso(todayIn(new Date()), 3),
  });
  await call('POST', `/api/tasks/${task.id}/assignments`, { orgIds: [fx.orgs.a1a.id] });
  assignmentId = (await call('GET', `/api/assignments?taskId=${task.id}`)).items[0].id;
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/** Signs in at 1440×900 with the interface in the given language (as a user who chose it before). */
async function logIn(username: string, lang: Lang): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  if (lang === 'en') await context.addInitScript(`localStorage.setItem('luoshi.lang', 'en');`);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/login`);
  await page.getByLabel(label('login.username', lang)).fill(username);
  await page.getByLabel(label('login.password', lang)).fill(FIXTURE_PASSWORD);
  await page.getByRole('button', { name: new RegExp(label('login.submit', lang).split('').join('\\s*')) }).click();
  await page.getByRole('button', { name: label('account.menu', lang) }).waitFor();
  return {
    page,
    close: async () => {
      await context.close();
      assert.deepEqual(errors, [], 'no uncaught errors in the page');
    },
  };
}

type NavItem = { text: string; rest: boolean; shown: boolean; right: number };

/** The header's top-level items as laid out: shown means on screen at full size, not folded away. */
async function navItems(page: Page): Promise<NavItem[]> {
  // A string: the server's tsconfig has no DOM types; this runs in the page.
  return page.evaluate<NavItem[]>(`(() => {
    const nav = document.querySelector('.luoshi-nav');
    if (!nav) return [];
    return [...nav.children].map((li) => {
      const r = li.getBoundingClientRect();
      const cs = getComputedStyle(li);
      const shown = r.width > 0 && r.height > 0 && cs.display !== 'none' && cs.visibility !== 'hidden'
        && Number(cs.opacity) > 0 && li.getAttribute('aria-hidden') !== 'true' && r.right <= window.innerWidth;
      return { text: li.textContent.trim(), rest: li.classList.contains('ant-menu-overflow-item-rest'), shown, right: r.right };
    });
  })()`);
}

const NAV_OF_ROLE: Record<'admin' | 'aAdmin' | 'aSecretary' | 'aMember', string[]> = {
  admin: [
    'orgs',
    'members',
    'week',
    'deployments',
    'tasks',
    'lists',
    'supervise',
    'dashboard',
    'life',
    'users',
    'audit',
  ],
  aAdmin: ['orgs', 'members', 'week', 'deployments', 'tasks', 'lists', 'supervise', 'dashboard', 'life', 'users'],
  aSecretary: ['orgs', 'members', 'week', 'deployments', 'tasks', 'lists', 'supervise', 'dashboard', 'life'],
  aMember: ['week', 'tasks', 'dashboard', 'life', 'myProfile', 'myOrg'],
};

for (const lang of ['zh', 'en'] as const) {
  test(`at 1440 px every role sees each of its header items, none folded into "…" (${lang})`, async (t) => {
    for (const [role, keys] of Object.entries(NAV_OF_ROLE) as [keyof typeof NAV_OF_ROLE, string[]][]) {
      const s = await logIn(fx.users[role].username, lang);
      const items = await navItems(s.page);
      const spare = await s.page.evaluate<number>(
        `(() => { const nav = document.querySelector('.luoshi-nav'); const shown = [...nav.children].filter((li) => !li.classList.contains('ant-menu-overflow-item-rest')); return Math.round(nav.getBoundingClientRect().right - shown[shown.length - 1].getBoundingClientRect().right); })()`,
      );
      t.diagnostic(
        `${role} ${lang}: ${items.map((i) => `${i.text || '…'}${i.shown ? '' : '(hidden)'}`).join(' | ')}; ${spare} px to spare`,
      );
      const expected = keys.map((k) => label(`nav.${k}`, lang));
      assert.deepEqual(
        items.filter((i) => !i.rest && i.shown).map((i) => i.text),
        expected,
        `${role} (${lang}): every item shown, in order`,
      );
      assert.deepEqual(
        items.filter((i) => i.rest && i.shown),
        [],
        `${role} (${lang}): no overflow menu`,
      );
      await s.close();
    }
  });
}

test('the branch secretary and a 党员 land on 本周任务 with the branch’s new task; the nav shows it', async () => {
  for (const role of ['aSecretary', 'aMember'] as const) {
    const s = await logIn(fx.users[role].username, 'zh');
    await s.page.waitForURL(/\/week(\?|$)/);
    const week = s.page.getByTestId('week-page');
    await week.getByRole('heading', { name: '本周任务' }).waitFor();
    await week.getByTestId('week-card').filter({ hasText: TASK }).waitFor();
    assert.equal(
      await s.page.locator('.luoshi-nav .ant-menu-item-selected').textContent(),
      label('nav.week', 'zh'),
      `${role}: 本周任务 is the selected header item`,
    );
    await s.close();
  }
});

test('administrators land on their organisation; 本周任务 in the nav opens their own organisation’s week', async () => {
  const s = await logIn(fx.users.aAdmin.username, 'zh');
  await s.page.waitForURL(new RegExp(`/orgs/${fx.orgs.a.id}$`));
  await s.page.getByRole('menuitem', { name: label('nav.week', 'zh') }).click();
  await s.page.waitForURL(new RegExp(`/week\\?orgId=${fx.orgs.a.id}$`));
  await s.page.getByTestId('week-page').getByText('甲区委').first().waitFor();
  await s.close();
});

test('the task board opens on 承办任务 for a branch that only receives, and on 本级任务 for the town', async () => {
  const branch = await logIn(fx.users.aSecretary.username, 'zh');
  await branch.page.getByRole('menuitem', { name: label('nav.tasks', 'zh'), exact: true }).click();
  await branch.page.getByTestId('task-board-page').waitFor();
  await branch.page.getByRole('tab', { name: label('tasks.tabReceived', 'zh'), selected: true }).waitFor();
  await branch.page.getByRole('link', { name: TASK }).waitFor();
  await branch.close();
  const district = await logIn(fx.users.aAdmin.username, 'zh');
  await district.page.goto(`${base}/tasks?orgId=${fx.orgs.a1.id}`);
  await district.page.getByRole('tab', { name: label('tasks.tabOwn', 'zh'), selected: true }).waitFor();
  await district.page.getByRole('link', { name: TASK }).waitFor();
  await district.close();
});

test('the district administrator sees the branch’s assignment, its progress and history, without its form', async () => {
  const district = await logIn(fx.users.aAdmin.username, 'zh');
  await district.page.goto(`${base}/assignments/${assignmentId}`);
  await district.page.getByTestId('assignment-page').getByRole('heading', { name: TASK }).waitFor();
  await district.page.getByText(label('assignment.history', 'zh'), { exact: true }).waitFor();
  await district.page.getByText(label('assignment.progress', 'zh'), { exact: true }).waitFor();
  assert.equal(await district.page.getByTestId('ledger-card').count(), 0, 'no ledger form for the district');
  assert.equal(await district.page.getByRole('button', { name: '报送完成' }).count(), 0);
  await district.close();
  const branch = await logIn(fx.users.aSecretary.username, 'zh');
  await branch.page.goto(`${base}/assignments/${assignmentId}`);
  await branch.page.getByTestId('ledger-card').waitFor();
  await branch.close();
});
