/**
 * Browser journey (issue 10): the district's administrator starts a 随机抽查 of the branches under a town (half of
 * them, at least one), sees the draw with its seed and the drawn targets, records a finding on a drawn branch and
 * turns it into a problem (its page opens); then generates a 通报 ranking the towns over the work that fell due in
 * the last month, sees the ranking table, waits for the PDF preview, publishes it (screenshot).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Locator, Page } from 'playwright-core';
import { addDaysIso, todayIn } from '../src/domain/dates.ts';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, type Session, serveApp, signIn } from './harness.ts';

const SUPERVISION = '基层党支部“三会一课”随机抽查';
const FINDING = '支委会会议记录缺少议题和决定事项';
const DOC_NUMBER = '甲组通〔2026〕9号';
const EDITED_TITLE = '关于上月重点工作落实情况的通报（修改稿）';
const TOWNS = ['甲二镇党委', '甲三镇党委', '甲四镇党委'];
const BRANCHES = ['甲二村党支部', '甲三村党支部', '甲四村党支部'];

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
const today = todayIn(new Date());

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // Three more towns under the district, three more branches under 甲一镇 (four to draw from).
  const towns: number[] = [];
  for (const [i, name] of TOWNS.entries())
    towns.push((await insertOrg(database, fx.orgs.a, { code: `ET${i}`, name, type: 'committee' })).id);
  for (const [i, name] of BRANCHES.entries())
    await insertOrg(database, fx.orgs.a1, { code: `EB${i}`, name, type: 'branch', field: 'rural' });
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
  // Two tasks that fell due in the last month, assigned to the four towns; some done on time, some late, some not.
  const district = await loginAs(app, fx.users.aAdmin.username);
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie: district }, payload });
    assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
    return res.json();
  };
  const all = [fx.orgs.a1.id, ...towns];
  for (const [title, deadline] of [
    ['党支部标准化建设', addDaysIso(today, -20)],
    ['党员信息核查', addDaysIso(today, -10)],
  ] as const) {
    const task = await post('/api/tasks', { orgId: fx.orgs.a.id, title, deadline });
    await post(`/api/tasks/${task.id}/assignments`, { orgIds: all });
  }
  const done = async (orgId: number, title: string, days: number) =>
    sql`update assignment a set state = 'done', done_on = ${addDaysIso(today, days)}::date from task t
        where t.id = a.task_id and t.title = ${title} and a.org_id = ${orgId}`.execute(database.db);
  await done(towns[0]!, '党支部标准化建设', -25);
  await done(towns[0]!, '党员信息核查', -12);
  await done(fx.orgs.a1.id, '党支部标准化建设', -21);
  await done(fx.orgs.a1.id, '党员信息核查', -5);
  await done(towns[1]!, '党支部标准化建设', -20);
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

function logIn(username: string): Promise<Session> {
  return signIn(browser, base, username);
}

/** Types both ends of an antd RangePicker. */
async function pickRange(form: Locator, from: string, to: string): Promise<void> {
  const inputs = form.locator('.ant-picker-range input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
}

/** Picks the option of an antd Select by its exact text. */
function option(page: Page, select: Locator, text: string): Promise<void> {
  return pickOption(page, select, new RegExp(`^${text}$`), text);
}

test('a random spot check, a finding turned into a problem, a 通报 ranked, previewed and published', async (t) => {
  const started = Date.now();
  const note = (s: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s  ${s}`);
  const s = await logIn(fx.users.aAdmin.username);
  const page = s.page;

  // 1. 督查通报 → 发起督查: a 随机抽查 of half the branches under 甲一镇, at least one.
  await page.getByRole('menuitem', { name: '督查通报' }).click();
  await page.getByTestId('supervision-list-page').waitFor();
  await page.getByRole('button', { name: '发起督查' }).click();
  const form = page.getByTestId('supervision-form');
  await option(page, form.getByLabel('督查类型'), '随机抽查');
  await pickRange(form, addDaysIso(today, -7), addDaysIso(today, 7));
  await form.getByLabel('督查名称').fill(SUPERVISION);
  await form.getByLabel('督查内容').fill('检查支委会、党员大会、党小组会和党课的记录。');
  const rule = form.getByTestId('sample-rule');
  await rule.getByLabel('抽取范围').click();
  await rule.getByLabel('抽取范围').fill('甲一镇');
  await pickOption(page, rule.getByLabel('抽取范围'), fx.orgs.a1.name);
  await rule.getByLabel('组织类型').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: /^党支部$/ })
    .click();
  await page.keyboard.press('Escape');
  await rule.getByLabel('抽取比例').fill('50');
  await rule.getByLabel('最少抽取').fill('1');
  await page.locator('.ant-modal-footer').getByRole('button').last().click();
  await page.waitForURL(/\/supervisions\/\d+$/);
  note('supervision started');

  // 2. The draw: the rule, the seed, four candidates, two drawn (marked) — and the same seed draws the same.
  const draw = page.getByTestId('supervision-draw');
  await draw.getByText(fx.orgs.a1.name).waitFor();
  const seed = ((await draw.getByTestId('draw-seed').textContent()) ?? '').trim();
  assert.match(seed, /^\d+$/, 'the seed is shown');
  await draw.getByText('从 4 个候选组织中抽取 2 个', { exact: false }).waitFor();
  await draw.getByText('同一种子', { exact: false }).waitFor();
  const targets = page.getByTestId('supervision-targets');
  await targets.locator('.ant-tag', { hasText: '随机抽取' }).nth(1).waitFor();
  assert.equal(await targets.locator('.ant-tag', { hasText: '随机抽取' }).count(), 2, 'two drawn targets');
  const drawn = ((await targets.locator('.ant-list-item a').first().textContent()) ?? '').trim();

  // 3. 记录发现 on a drawn branch, then 转为问题 and open the problem.
  const finding = page.getByTestId('finding-form');
  await option(page, finding.getByLabel('督查对象'), drawn);
  await option(page, finding.getByLabel('严重程度'), '较重');
  await finding.getByLabel('发现的问题').fill(FINDING);
  await finding.getByLabel('佐证').fill('抽查 2026 年支委会会议记录 6 本');
  await finding.getByRole('button', { name: '记录发现' }).click();
  const item = page.getByTestId('finding').filter({ hasText: FINDING });
  await item.waitFor();
  await item.getByText(drawn).waitFor();
  await item.getByRole('button', { name: '转为问题' }).click();
  await item.getByRole('link', { name: '查看问题' }).click();
  await page.waitForURL(/\/problems\/\d+$/);
  await page.getByTestId('problem-page').getByText(FINDING).first().waitFor();
  await page.getByTestId('problem-facts').getByText('督查发现').waitFor();
  note('finding turned into a problem');

  // 4. 督查通报 → 通报 → 生成通报 for the last month.
  await page.getByRole('menuitem', { name: '督查通报' }).click();
  await page.getByTestId('supervision-list-page').getByRole('link', { name: SUPERVISION }).waitFor();
  await page.getByRole('tab', { name: '通报' }).click();
  await page.getByTestId('notice-list-page').waitFor();
  await page.getByRole('button', { name: '生成通报' }).click();
  const nform = page.getByTestId('notice-form');
  await pickRange(nform, addDaysIso(today, -30), addDaysIso(today, -1));
  await nform.getByLabel('文号').fill(DOC_NUMBER);
  assert.equal(await nform.getByLabel('任务完成率').inputValue(), '0.5', 'default weights');
  const pdf = page.waitForResponse((r) => r.url().includes('/file?format=pdf'), { timeout: 120_000 });
  await page.locator('.ant-modal-footer').getByRole('button').last().click();
  await page.waitForURL(/\/notices\/\d+$/);
  note('notice drafted');

  // 5. The ranking: 甲二镇 first (both on time), 甲四镇 last (nothing done); the PDF preview loads.
  const table = page.getByTestId('ranking-table');
  await table.getByText('甲二镇党委').waitFor();
  const rows = await table.locator('tbody tr.ant-table-row').allInnerTexts();
  assert.equal(rows.length, 4, 'four towns ranked');
  assert.match(rows[0]!, /^1\s+甲二镇党委/);
  assert.match(rows[3]!, /^4\s+甲四镇党委/);
  assert.match(rows[0]!, /100%/);
  await page.getByTestId('notice-facts').getByText(DOC_NUMBER).waitFor();
  const res = await pdf;
  assert.equal(res.status(), 200, 'the PDF is written');
  assert.match(res.headers()['content-type'] ?? '', /application\/pdf/);
  await page.waitForFunction(
    `(() => { const f = document.querySelector('[data-testid="notice-pdf"]'); return !!f && !!f.contentWindow; })()`,
  );
  const docx = page.getByRole('link', { name: /下载 Word/ });
  assert.match((await docx.getAttribute('href')) ?? '', /\/file\?format=docx$/);
  note('ranking shown, PDF previewed');

  // 5b. 修改文字: the title edited before publishing; the preview is written again from the edited wording.
  await page.getByTestId('notice-edit').click();
  const wording = page.getByTestId('notice-wording-form');
  await wording.getByLabel('标题').fill(EDITED_TITLE);
  const again = page.waitForResponse((r) => r.url().includes('/file?format=pdf'), { timeout: 120_000 });
  await page.locator('.ant-modal-footer').getByRole('button').last().click();
  await wording.waitFor({ state: 'detached' });
  await page.getByTestId('notice-page').getByRole('heading', { name: EDITED_TITLE }).waitFor();
  assert.equal((await again).status(), 200, 'the preview is written again');
  const edited = await database.db
    .selectFrom('notice')
    .select(['title', 'document'])
    .where('title', '=', EDITED_TITLE)
    .executeTakeFirstOrThrow();
  assert.equal((edited.document as { title: string }).title, EDITED_TITLE, 'the document carries the edited title');
  note('title edited, preview written again');

  // 6. 发布.
  await page
    .getByTestId('notice-page')
    .getByRole('button', { name: /发\s*布/ })
    .click();
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /发\s*布/ })
    .click();
  await page.getByTestId('notice-status').filter({ hasText: '已发布' }).waitFor();
  assert.equal(await page.getByTestId('notice-edit').count(), 0, 'a published notice is not edited');
  assert.equal(
    await page
      .getByTestId('notice-page')
      .getByRole('button', { name: /^发\s*布$/ })
      .count(),
    0,
  );
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT, 'notice.png'), fullPage: true });
  note('published');

  await s.context.close();
  assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
});
