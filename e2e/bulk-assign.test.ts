/**
 * Browser journey for bulk assignment (issue 7 item 12): a district assigns by rule under one town, sees the count
 * and the organisations before anything is sent (the rule stays under the chosen town), confirms the count,
 * withdraws the whole batch with a reason, then chases every late receiver at once and one receiver by hand; the
 * branch secretary finds the chase in the bell. The real server runs in-process and serves the built web app.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import {
  buildFixture,
  FIXTURE_PASSWORD,
  type Fixture,
  insertOrg,
  loginAs,
  type OrgRef,
} from '../src/server/test/factories.ts';
import { clickForAnswer, launchChromium, OUTPUT, pickOption, serveApp, WAIT_MS } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let otherTownBranch: OrgRef;
const TOWN_BRANCHES = ['甲一村党支部', '甲二村党支部', '甲三村党支部'];

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  for (const [i, name] of TOWN_BRANCHES.slice(1).entries()) {
    await insertOrg(database, fx.orgs.a1, {
      code: `${fx.orgs.a1.code}-V${i + 2}`,
      name,
      type: 'branch',
      field: 'rural',
    });
  }
  const a2 = await insertOrg(database, fx.orgs.a, {
    code: `${fx.orgs.a.code}-T2`,
    name: '甲二镇党委',
    type: 'committee',
    field: 'rural',
  });
  otherTownBranch = await insertOrg(database, a2, {
    code: `${a2.code}-V1`,
    name: '甲二镇东村党支部',
    type: 'branch',
    field: 'rural',
  });
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
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

test('assign by rule under a town with a preview, withdraw the batch, chase the late receivers', async () => {
  const cookie = await loginAs(app, fx.users.aAdmin.username);
  const created = await app.inject({
    method: 'POST',
    url: '/api/tasks',
    headers: { cookie },
    payload: { orgId: fx.orgs.a.id, title: '村级活动场所规范化', deadline: '2026-12-31' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const taskId = created.json().id as number;

  const district = await logIn(fx.users.aAdmin.username);
  const page = district.page;
  await page.goto(`${base}/tasks/${taskId}`);
  await page.getByRole('heading', { name: '村级活动场所规范化' }).waitFor();

  // 1. By rule: every branch under 甲一镇 (not the other town's branch).
  await page
    .getByRole('button', { name: /下\s*发/ })
    .first()
    .click();
  await page.getByTestId('assign-form').getByText('按规则').click();
  const under = page.getByLabel('在此组织下');
  await under.fill('甲一镇');
  await pickOption(page, under, '甲一镇党委');
  await page.locator('.ant-modal-footer').getByRole('button', { name: '预览下发对象' }).click();
  const preview = page.getByTestId('assign-preview');
  await preview.getByText('将向以下 3 个组织下发').waitFor();
  for (const b of TOWN_BRANCHES) await preview.locator('.ant-list-item', { hasText: b }).waitFor();
  assert.equal(await preview.getByText(otherTownBranch.name).count(), 0, 'the other town is not reached');
  await page.screenshot({ path: path.join(OUTPUT, 'assign-preview.png') });
  await page.locator('.ant-modal-footer').getByRole('button', { name: '确认下发 3 个组织' }).click();
  await page.getByTestId('assign-result').getByText('已下发 3 个组织').waitFor();
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /确\s*定/ })
    .click();

  // 2. Nobody has started: withdraw the whole batch, with a reason.
  const batches = page.getByTestId('task-batches');
  await batches.getByText('3 个均未启动').waitFor();
  await batches.getByRole('button', { name: '整批撤回' }).click();
  await page.getByRole('dialog').getByLabel('理由').fill('下发范围应为全区');
  await page.getByRole('dialog').getByRole('button', { name: '整批撤回' }).click();
  await batches.getByText('已整批撤回').waitFor();
  await batches.getByText('下发范围应为全区').waitFor();
  const rows = page.getByTestId('task-assignments').locator('.ant-table-tbody tr.ant-table-row');
  for (const b of TOWN_BRANCHES) await rows.filter({ hasText: b }).getByText('已撤回').waitFor();

  // 3. Work that is already late: chase every late receiver at once, then one by hand (once a day).
  const late = await app.inject({
    method: 'POST',
    url: `/api/tasks/${taskId}/assignments`,
    headers: { cookie },
    payload: { orgIds: [otherTownBranch.id, fx.orgs.a1a.id], deadline: '2026-01-05' },
  });
  assert.equal(late.statusCode, 200, late.body);
  await page.reload();
  await page.getByTestId('chase-late').click();
  const all = await clickForAnswer(
    page,
    page.locator('.ant-modal-confirm').getByRole('button', { name: '发送催办' }),
    'POST',
    /^\/api\/tasks\/\d+\/chase$/,
  );
  assert.deepEqual(all, { chased: 2, alreadyToday: 0 }); // 已催办 2 个单位，0 个今天已催办过
  await rows.filter({ hasText: '甲一村党支部' }).filter({ hasNotText: '已撤回' }).getByRole('link').first().click();
  await page.getByTestId('assignment-page').waitFor();
  await page.locator('[data-event="chase"]').click();
  await page.getByRole('dialog').getByLabel('催办说明（可选）').fill('请于本周五前报送');
  const one = await clickForAnswer(
    page,
    page.getByRole('dialog').getByRole('button', { name: '发送催办' }),
    'POST',
    /^\/api\/assignments\/\d+\/chase$/,
  );
  assert.deepEqual(one, { chased: 0, alreadyToday: 1 }); // 今天已经催办过（1 个）: once a day
  await close(district);

  // 4. The branch secretary finds the chase in the bell and in the assignment's history.
  const branch = await logIn(fx.users.aSecretary.username);
  await branch.page.getByTestId('notification-bell').click();
  await branch.page.getByTestId('notification-list').getByText('催办：村级活动场所规范化').first().click();
  await branch.page.getByTestId('assignment-page').waitFor();
  await branch.page.getByText('催办', { exact: true }).first().waitFor();
  await close(branch);
});
