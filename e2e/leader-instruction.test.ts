/**
 * Browser journey (issue 10, 领导批示): the district gives an instruction on a problem of a village branch from the
 * problem page (the leader named, what it asks, a reply date); the branch's secretary sees it on the same page and
 * replies; the district finds it under 督查通报 → 我的批示 and closes it (办结). The panel at phone width (screenshot).
 * Then the district gives one on a supervision's finding (its 批示 button opens the panel in a drawer, at phone width)
 * and one on a task (the task page), and sees each listed.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { addDaysIso, todayIn } from '../src/domain/dates.ts';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, type Session, serveApp, signIn } from './harness.ts';

const TEXT = '请高度重视，一周内补齐会议记录并书面报告';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let problemId = 0;
let supervisionId = 0;
let taskId = 0;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
  const cookie = await loginAs(app, fx.users.aAdmin.username);
  const res = await app.inject({
    method: 'POST',
    url: '/api/problems',
    headers: { cookie },
    payload: { orgId: fx.orgs.a1a.id, title: '支委会会议记录不全' },
  });
  assert.equal(res.statusCode, 201, res.body);
  problemId = res.json().id;
  const post = async (url: string, payload: object) => {
    const r = await app.inject({ method: 'POST', url, headers: { cookie }, payload });
    assert.ok(r.statusCode < 300, r.body);
    return r.json();
  };
  const today = todayIn(new Date());
  supervisionId = (
    await post('/api/supervisions', {
      orgId: fx.orgs.a.id,
      kind: 'special',
      title: '组织生活专项督查',
      periodStart: addDaysIso(today, -10),
      periodEnd: addDaysIso(today, 10),
      orgIds: [fx.orgs.a1a.id],
    })
  ).id;
  await post(`/api/supervisions/${supervisionId}/findings`, { orgId: fx.orgs.a1a.id, text: '三会一课记录不全' });
  taskId = (await post('/api/tasks', { orgId: fx.orgs.a.id, title: '党员活动阵地建设' })).id;
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

function logIn(username: string, width = 1440): Promise<Session> {
  return signIn(browser, base, username, { width });
}

async function close(s: Session): Promise<void> {
  await s.context.close();
  assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
}

/** Clicks a follow-up button of the (only) instruction, fills the text when given, sends it. */
async function followUp(page: Page, action: string, text?: string): Promise<void> {
  const item = page.getByTestId('instruction-item').first();
  // antd spaces out a two-character label (回 复).
  await item.getByRole('button', { name: new RegExp(`^${[...action].join('\\s*')}$`) }).click();
  const form = page.getByTestId('instruction-followup-form');
  await form.waitFor();
  if (text !== undefined) await form.locator('textarea').fill(text);
  await page.locator('.ant-modal-footer').getByRole('button').last().click();
  await form.waitFor({ state: 'detached' });
}

test('the district gives an instruction on a problem, the branch replies, the district closes it', async () => {
  const due = addDaysIso(todayIn(new Date()), 7);

  // 1. The district gives the instruction from the problem page.
  const district = await logIn(fx.users.aAdmin.username);
  let page = district.page;
  await page.goto(`${base}/problems/${problemId}`);
  const panel = page.getByTestId('instruction-panel');
  await panel.getByText('暂无批示').waitFor();
  await panel.getByTestId('instruction-give').click();
  const form = page.getByTestId('instruction-form');
  await form.getByLabel('批示领导').fill('张书记');
  await form.getByLabel('批示内容').fill(TEXT);
  await form.getByLabel('办理要求').fill('书面报告整改结果');
  const input = form.locator('.ant-picker input');
  await input.click();
  await input.fill(due);
  await input.press('Enter');
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /^批\s*示$/ })
    .click();
  await form.waitFor({ state: 'detached' });
  const item = panel.getByTestId('instruction-item');
  await item.getByText(TEXT).waitFor();
  await item.getByText('落实中').waitFor();
  assert.match((await item.textContent()) ?? '', /张书记.*甲区委/);
  await close(district);

  // 2. The branch's secretary, at phone width, reports progress and replies on the problem page.
  const branch = await logIn(fx.users.aSecretary.username, 390);
  page = branch.page;
  await page.goto(`${base}/problems/${problemId}`);
  await page.getByTestId('instruction-item').getByText(TEXT).waitFor();
  await followUp(page, '报告落实情况', '已召开支委会研究');
  await followUp(page, '回复', '会议记录已补齐，书面报告已报送');
  await page.getByTestId('instruction-item').getByText('已回复', { exact: true }).waitFor();
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  assert.ok(width <= 390 + 1, `the page is ${width}px wide at phone width`);
  await page.getByTestId('instruction-panel').screenshot({ path: path.join(OUTPUT, 'instruction-phone.png') });
  await close(branch);

  // 3. The district finds it under 督查通报 → 我的批示 and closes it.
  const again = await logIn(fx.users.aAdmin.username);
  page = again.page;
  await page.getByRole('menuitem', { name: '督查通报' }).click();
  await page.getByRole('tab', { name: '我的批示' }).click();
  await page.getByTestId('instruction-list-page').waitFor();
  const row = page.locator('.ant-table-row').filter({ hasText: '支委会会议记录不全' });
  await row.getByText('已回复').waitFor();
  await row.locator('.ant-table-row-expand-icon').click();
  await followUp(page, '办结', '同意办结');
  await page.getByTestId('instruction-item').getByText('已办结', { exact: true }).waitFor();
  const followups = page.getByTestId('instruction-followup');
  assert.equal(await followups.count(), 3);
  await page.screenshot({ path: path.join(OUTPUT, 'instruction-mine.png') });
  const stored = await database.db
    .selectFrom('instruction')
    .select(['state', 'leader_name', 'reply_due'])
    .executeTakeFirstOrThrow();
  assert.deepEqual(stored, { state: 'closed', leader_name: '张书记', reply_due: due });
  await close(again);
});

/** Gives an instruction from a panel (the text only) and waits for it to be listed there. */
async function give(page: Page, panel: Locator, text: string): Promise<void> {
  await panel.getByTestId('instruction-give').click();
  const form = page.getByTestId('instruction-form');
  await form.getByLabel('批示内容').fill(text);
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /^批\s*示$/ })
    .click();
  await form.waitFor({ state: 'detached' });
  await panel.getByTestId('instruction-item').getByText(text).waitFor();
}

test('the district gives an instruction on a supervision finding (phone width) and on a task', async () => {
  const district = await logIn(fx.users.aAdmin.username, 390);
  const page = district.page;

  // On the finding: its 批示 button opens the panel in a drawer.
  await page.goto(`${base}/supervisions/${supervisionId}`);
  const finding = page.getByTestId('finding').filter({ hasText: '三会一课记录不全' });
  await finding.getByTestId('finding-instructions').getByText('批示（0）').click();
  const drawer = page.getByTestId('finding-instruction-drawer');
  const panel = drawer.getByTestId('instruction-panel');
  await panel.getByText('暂无批示').waitFor();
  await give(page, panel, '立行立改，举一反三');
  await panel.getByTestId('instruction-item').getByText('落实中').waitFor();
  assert.match((await panel.getByTestId('instruction-item').textContent()) ?? '', /甲一村党支部/);
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  assert.ok(width <= 390 + 1, `the page is ${width}px wide at phone width`);
  await page.screenshot({ path: path.join(OUTPUT, 'instruction-finding-phone.png') });
  await page.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'detached' });
  await finding.getByTestId('finding-instructions').getByText('批示（1）').waitFor();
  const findings = page.getByTestId('supervision-findings');
  await findings.screenshot({ path: path.join(OUTPUT, 'instruction-findings-phone.png') });

  // On the task: the panel on the task page.
  await page.goto(`${base}/tasks/${taskId}`);
  const taskPanel = page.getByTestId('task-detail-page').getByTestId('instruction-panel');
  await taskPanel.getByText('暂无批示').waitFor();
  await give(page, taskPanel, '年底前建成并投入使用');
  await taskPanel.getByText('领导批示（1）').waitFor();
  await close(district);

  const stored = await database.db
    .selectFrom('instruction')
    .select(['target_kind', 'state'])
    .where('target_kind', '!=', 'problem')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    stored.map((r) => [r.target_kind, r.state]),
    [
      ['finding', 'open'],
      ['task', 'open'],
    ],
  );
});
