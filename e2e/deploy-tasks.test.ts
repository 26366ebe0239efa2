/**
 * Browser journey (the words): import seed 002 from a file, fix one item in the tree, confirm, assign a
 * task to three branches, log in as one branch, add a ledger entry with an evidence file, log in as the
 * assigner, accept it, see the dashboard change; screenshot the dashboard. The real server runs in-process
 * on a free port and serves the built web app; each account has its own browser context.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { todayIn } from '../src/domain/dates.ts';
import type { App } from '../src/server/app.ts';
import { hashPassword } from '../src/server/auth/password.ts';
import type { Database } from '../src/server/db/client.ts';
import { diskFileStore } from '../src/server/files/file-store.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, insertOrg, type OrgRef } from '../src/server/test/factories.ts';
import { clickForAnswer, launchChromium, OUTPUT, REPO_ROOT, serveApp, WAIT_MS } from './harness.ts';

const SEED_002 = path.resolve(REPO_ROOT, '../shared/seeds/002_9e8336c4e38d4b25.txt');

const TASK_HEADING = '善转化';
const FIXED_HEADING = '善转化，发展壮大村级集体经济';
const BRANCHES = ['甲二村党支部', '甲三村党支部', '甲四村党支部'] as const;

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let filesDir: string;
let branches: OrgRef[];
const branchSecretary = 'jia2-sec';

/** A 2×2 PNG (red), written by the test: the evidence file. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.from([0, 200, 20, 30, 200, 20, 30]);
  const raw = Buffer.concat([row, row]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

before(async () => {
  assert.ok(
    fs.existsSync(SEED_002),
    `the seed speeches are missing: ${SEED_002} not found (they live in ../shared/seeds beside the repository)`,
  );
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-files-'));
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // Three more village branches under the town, and a secretary account for the first of them.
  branches = [];
  for (const [i, name] of BRANCHES.entries()) {
    branches.push(
      await insertOrg(database, fx.orgs.a1, {
        code: `${fx.orgs.a1.code}-V${i + 2}`,
        name,
        type: 'branch',
        field: 'rural',
      }),
    );
  }
  await database.db
    .insertInto('app_user')
    .values({
      username: branchSecretary,
      display_name: '甲二村书记',
      password_hash: await hashPassword(FIXTURE_PASSWORD),
      role: 'secretary',
      org_id: branches[0]!.id,
      person_id: null,
    })
    .execute();
  ({ app, base } = await serveApp({ database, files: diskFileStore(filesDir) }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
  if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

type Session = { context: BrowserContext; page: Page; errors: string[] };

async function logIn(username: string): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(FIXTURE_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: '账号菜单' }).waitFor();
  return { context, page, errors };
}

async function close(s: Session): Promise<void> {
  await s.context.close();
  assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
}

/** The value on one of the dashboard's statistic cards (data-testid="stat-<key>"). */
async function stat(page: Page, key: string): Promise<string> {
  return (await page.getByTestId(`stat-${key}`).locator('.ant-statistic-content-value').textContent())?.trim() ?? '';
}

/** Clicks the OK button of the confirm dialog that is open. */
async function confirmDialog(page: Page, name: RegExp | string): Promise<void> {
  await page.locator('.ant-modal-confirm').getByRole('button', { name }).click();
}

test('import seed 002, fix an item, confirm, assign to three branches, record with evidence, accept, see the dashboard change', async (t) => {
  const started = Date.now();
  const step = (s: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s  ${s}`);

  // 1. The district's administrator imports seed 002 from a file.
  const admin = await logIn(fx.users.aAdmin.username);
  let page = admin.page;
  await page.getByRole('menuitem', { name: '部署' }).click();
  await page.getByRole('heading', { name: '部署' }).waitFor();
  await page.getByRole('button', { name: /导入讲话\/文件/ }).click();
  await page.getByTestId('new-deployment-form').waitFor();
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: path.basename(SEED_002), mimeType: 'text/plain', buffer: fs.readFileSync(SEED_002) });
  await page.getByTestId('picked-file').getByText(path.basename(SEED_002)).waitFor();
  await page.getByRole('button', { name: '开始解析', exact: true }).click();
  await page.getByTestId('import-screen').waitFor();
  await page.getByRole('heading', { name: /市委书记在第一季度党建工作会议上的讲话/ }).waitFor();
  const tasksBefore = Number(await page.getByTestId('count-task').textContent());
  const problems = Number(await page.getByTestId('count-problem').textContent());
  assert.ok(tasksBefore >= 10, `seed 002 has many task items, got ${tasksBefore}`);
  step(`imported: ${tasksBefore} tasks, ${problems} problems`);

  // 2. Fix one item: selecting it highlights its span in the source text; the editor renames it.
  const outline = page.getByTestId('outline');
  const node = outline
    .locator('.luoshi-node')
    .filter({ has: page.locator('.luoshi-node-heading', { hasText: new RegExp(`^${TASK_HEADING}$`) }) });
  await node.locator('.luoshi-node-heading').click();
  await page.getByTestId('source-text').locator('mark').filter({ hasText: '善转化' }).waitFor();
  await node.getByRole('button', { name: /的操作$/ }).click();
  await page.getByRole('menuitem', { name: '编辑内容和设置' }).click();
  const editor = page.getByTestId('item-editor');
  await editor.getByLabel('标题').fill(FIXED_HEADING);
  await page.getByTestId('apply-item').click();
  await outline.locator('.luoshi-node-heading', { hasText: FIXED_HEADING }).waitFor();
  await page.getByText('有未保存的修改').waitFor();
  // 草稿已保存: the answer is the saved draft (a toast can come and go while the test process is busy).
  const saved = (await clickForAnswer(
    page,
    page.getByRole('button', { name: /保存草稿/ }),
    'PATCH',
    /^\/api\/deployments\/\d+$/,
  )) as { title: string; items: unknown[] };
  assert.ok(JSON.stringify(saved.items).includes(FIXED_HEADING), 'the saved outline has the fixed heading');
  await page.getByText('有未保存的修改').waitFor({ state: 'hidden' });
  await page.screenshot({ path: path.join(OUTPUT, 'import-screen.png') });
  step('item fixed and the draft saved');

  // 3. Confirm: the dialog says how many tasks and problems will be created.
  await page.getByRole('button', { name: /确认提纲/ }).click();
  await page
    .getByTestId('confirm-counts')
    .getByText(`将生成 ${tasksBefore} 项任务进入任务清单、${problems} 个问题进入问题清单。`)
    .waitFor();
  await confirmDialog(page, /确\s*认/);
  await page
    .getByTestId('confirm-result')
    .getByText(`已生成任务 ${tasksBefore} 项、问题 ${problems} 个`, { exact: false })
    // Confirming writes every task and problem in one transaction: under a loaded CI machine it can take > 15 s.
    .waitFor({ timeout: 45_000 });
  step('outline confirmed');

  // 4. To the task list, open the fixed task and assign it to the three new branches.
  await page.getByTestId('confirm-result').getByRole('button', { name: '查看任务清单' }).click();
  await page.getByTestId('task-board-page').waitFor();
  await page.getByRole('link', { name: FIXED_HEADING }).click();
  await page.getByRole('heading', { name: FIXED_HEADING }).waitFor();
  await page
    .getByRole('button', { name: /下\s*发/ })
    .first()
    .click();
  const assignForm = page.getByTestId('assign-form');
  await assignForm.locator('.ant-select').first().click();
  const treeNode = (name: string) => page.locator('.ant-select-tree-treenode').filter({ hasText: name });
  await expandTreeNode(page, treeNode('甲一镇党委'), treeNode(BRANCHES[0]));
  for (const b of BRANCHES) await treeNode(b).locator('.ant-select-tree-checkbox').click();
  await page.locator('.ant-modal-title', { hasText: '下发任务' }).click(); // closes the tree's list
  await page.locator('.ant-modal-footer').getByRole('button', { name: '预览下发对象' }).click();
  // The preview names the count and the organisations before anything is sent.
  const preview = page.getByTestId('assign-preview');
  await preview.getByText('将向以下 3 个组织下发').waitFor();
  for (const b of BRANCHES) await preview.getByText(b).waitFor();
  await page.locator('.ant-modal-footer').getByRole('button', { name: '确认下发 3 个组织' }).click();
  await page.getByTestId('assign-result').getByText('已下发 3 个组织').waitFor();
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /确\s*定/ })
    .click();
  const taskUrl = page.url();
  const receivers = page.getByTestId('task-assignments').locator('.ant-table-tbody tr.ant-table-row');
  for (const b of BRANCHES) await receivers.filter({ hasText: b }).getByText('未启动').waitFor();
  step('assigned to three branches');

  // The dashboard before: three assigned, none done.
  await page.getByRole('menuitem', { name: '看板' }).click();
  await page.getByTestId('dashboard-page').waitFor();
  assert.equal(await stat(page, 'assigned'), '3');
  assert.equal(await stat(page, 'done'), '0');
  // Fair measures: work counts toward the rates once it is due (done, or past its deadline — the item says 今年, so
  // it is not yet, unless the test runs after the year the document names); the page says what the rate counts.
  const { deadline } = await database.db
    .selectFrom('task')
    .select('deadline')
    .where('title', '=', FIXED_HEADING)
    .executeTakeFirstOrThrow();
  const pastDeadline = deadline !== null && deadline < todayIn(new Date());
  assert.equal(await stat(page, 'due'), pastDeadline ? '3' : '0');
  assert.equal(await stat(page, 'rate'), pastDeadline ? '0' : '—');
  assert.match(
    (await page.getByTestId('stats-explain').textContent()) ?? '',
    new RegExp(`已完成 ÷ 已到期.*另有 ${pastDeadline ? 0 : 3} 项尚未到期`),
  );
  await close(admin);

  // 5. The branch's secretary: the bell has the new task; record progress with an evidence file, report done.
  const branch = await logIn(branchSecretary);
  page = branch.page;
  // A branch secretary lands on 本周任务, the new task on it.
  await page.waitForURL(/\/week(\?|$)/);
  await page.getByTestId('week-page').getByTestId('week-card').filter({ hasText: FIXED_HEADING }).waitFor();
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('notification-list').getByText(`收到新任务：${FIXED_HEADING}`).click();
  await page.getByTestId('assignment-page').waitFor();
  await page.getByRole('heading', { name: FIXED_HEADING }).waitFor();
  const ledgerForm = page.getByTestId('ledger-form');
  await ledgerForm
    .getByLabel('工作进展')
    .fill('召开村党员大会部署发展集体经济，流转土地 30 亩，村集体新增收入 5 万元。');
  await ledgerForm.getByLabel(/本次完成数值|本单位数值/).fill('5');
  await ledgerForm
    .locator('input[type=file]')
    .setInputFiles({ name: '村党员大会.png', mimeType: 'image/png', buffer: tinyPng() });
  await ledgerForm.getByText('村党员大会.png').waitFor();
  await ledgerForm.getByRole('button', { name: /提交台账/ }).click();
  const entry = page.getByTestId('ledger-entry').filter({ hasText: '流转土地 30 亩' });
  await entry.locator('img[alt="村党员大会.png"]').waitFor();
  await page.locator('[data-testid="assignment-page"] .ant-tag[data-state="in_progress"]').first().waitFor();
  await page.getByRole('button', { name: '报送完成' }).click();
  await confirmDialog(page, '报送完成');
  await page.locator('[data-testid="assignment-page"] .ant-tag[data-state="submitted"]').first().waitFor();
  await page.setViewportSize({ width: 390, height: 844 }); // the branch's phone
  await page.waitForTimeout(500);
  assert.equal(
    await page.evaluate<number>('document.documentElement.scrollWidth'),
    390,
    'no horizontal scrolling at phone width',
  );
  await page.screenshot({ path: path.join(OUTPUT, 'assignment-phone.png'), fullPage: true });
  const assignmentUrl = page.url();
  step('branch recorded progress with evidence and reported done');
  await close(branch);

  // 6. The assigner accepts it.
  const back = await logIn(fx.users.aAdmin.username);
  page = back.page;
  await page.goto(taskUrl);
  await page.getByTestId('task-assignments').getByRole('link', { name: BRANCHES[0] }).click();
  await page.waitForURL(assignmentUrl);
  await page.getByTestId('ledger-entry').filter({ hasText: '流转土地 30 亩' }).locator('img').waitFor();
  assert.equal(await page.getByTestId('ledger-card').count(), 0, 'the assigner sees no ledger form of the branch’s');
  await page.getByRole('button', { name: '验收通过' }).click();
  await confirmDialog(page, '验收通过');
  await page.locator('[data-testid="assignment-page"] .ant-tag[data-state="done"]').first().waitFor();
  step('assigner accepted');

  // 7. The dashboard changed: one of three done; the town's bar shows it. Screenshot.
  await page.getByRole('menuitem', { name: '看板' }).click();
  await page.getByTestId('dashboard-page').waitFor();
  assert.equal(await stat(page, 'assigned'), '3');
  assert.equal(await stat(page, 'done'), '1');
  // The done work is due; the two not yet due count against nobody.
  assert.equal(await stat(page, 'due'), pastDeadline ? '3' : '1');
  assert.equal(await stat(page, 'rate'), pastDeadline ? '33.3' : '100');
  assert.match(
    (await page.getByTestId('stats-explain').textContent()) ?? '',
    new RegExp(`另有 ${pastDeadline ? 0 : 2} 项尚未到期`),
  );
  await page.getByTestId('chart-completion').locator('canvas').waitFor();
  await page.getByTestId('chart-targets').locator('canvas').waitFor();
  await page.waitForTimeout(1000); // let the chart animation finish before the picture
  await page.screenshot({ path: path.join(OUTPUT, 'dashboard.png'), fullPage: true });
  step('dashboard changed: done 0 → 1');

  // 8. In English: the interface and the server-made text (the task's progress label, an error) switch together.
  await page.getByRole('radiogroup', { name: '界面语言' }).getByText('EN', { exact: true }).click();
  await page.getByText('How the work assigned in this subtree is being carried out').waitFor();
  const row = page.getByTestId('dashboard-page').locator('.ant-table-row').filter({ hasText: FIXED_HEADING });
  const progress = (await row.textContent()) ?? '';
  assert.match(progress, /Done \d+\/\d+|reported|reached \(target/, `an English progress label: ${progress}`);
  assert.doesNotMatch(progress, /完成 \d|已报|达标|个单位/, `no Chinese progress label: ${progress}`);
  await page.waitForTimeout(1000); // the charts redraw in English
  await page.screenshot({ path: path.join(OUTPUT, 'dashboard-en.png'), fullPage: true });
  await page.goto(`${base}/tasks/999999`);
  await page.getByText('Task not found or outside your scope (ID 999999)').waitFor();
  step('English: the dashboard, its progress labels and a server error');
  await close(back);

  t.diagnostic(`browser journey: ${Date.now() - started} ms`);
});

/**
 * Opens a lazily loaded tree node until `child` shows. A click on the switcher that lands while the popup
 * is still settling (or before the first level has rendered) can be swallowed, so the switcher's own state
 * decides whether to click again, rather than a single click followed by a long wait.
 */
async function expandTreeNode(page: Page, node: Locator, child: Locator): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await child.first().isVisible()) return;
    const switcher = node.locator('.ant-select-tree-switcher');
    await switcher.waitFor();
    if (await node.locator('.ant-select-tree-switcher_close').count()) await switcher.click();
    try {
      await child.first().waitFor({ timeout: 3000 });
      return;
    } catch {
      await page.waitForTimeout(200);
    }
  }
  await child.first().waitFor();
}
