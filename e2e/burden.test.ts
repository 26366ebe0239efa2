/**
 * Browser journey (issue 10, 基层减负): with a cap of one assignment a month for a branch, the district's
 * administrator assigns a second task to the town's branches by rule; the preview warns that 甲一村 would go over
 * its cap, confirming without a reason is refused in the form, with a reason it goes ahead; the burden page then
 * shows the district ranked among the issuers and the reason it gave, and the branch its counts against its caps and
 * why it was asked for more (screenshots at desktop and phone width).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, type Session, serveApp, signIn } from './harness.ts';

const REASON = '全区统一部署，年底前须完成';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let taskId = 0;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({
    database,
    taskRules: { burdenCaps: { grassroots: { assignment: { max: 1, per: 'month' } } } },
  }));
  browser = await launchChromium();
  const cookie = await loginAs(app, fx.users.aAdmin.username);
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie }, payload });
    assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
    return res.json();
  };
  const first = await post('/api/tasks', { orgId: fx.orgs.a.id, title: '党员信息核查', deadline: '2027-01-31' });
  await post(`/api/tasks/${first.id}/assignments`, { orgIds: [fx.orgs.a1a.id] });
  taskId = (await post('/api/tasks', { orgId: fx.orgs.a.id, title: '软弱涣散党组织整顿', deadline: '2027-01-31' })).id;
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

function logIn(username: string, width = 1440): Promise<Session> {
  return signIn(browser, base, username, { width });
}

test('an assignment over a cap is warned of, needs a reason, and shows on the burden page', async () => {
  const { page, errors } = await logIn(fx.users.aAdmin.username);
  await page.goto(`${base}/tasks/${taskId}`);
  await page.getByRole('heading', { name: '软弱涣散党组织整顿' }).waitFor();
  await page
    .getByRole('button', { name: /下\s*发/ })
    .first()
    .click();
  await page.getByTestId('assign-form').getByText('按规则').click();
  const under = page.getByLabel('在此组织下');
  await under.fill('甲一镇');
  await pickOption(page, under, '甲一镇党委');
  await page.locator('.ant-modal-footer').getByRole('button', { name: '预览下发对象' }).click();
  const warning = page.getByTestId('burden-warning');
  await warning.getByText('基层减负提醒：1 个组织将超出上限').waitFor();
  await warning.getByText(`${fx.orgs.a1a.name}：本月已有 1 项，上限 1 项`).waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'burden-warning.png') });

  // Without a reason the form says so and sends nothing; with one it goes ahead.
  const confirm = page.locator('.ant-modal-footer').getByRole('button', { name: /确认下发/ });
  await confirm.click();
  await page.getByTestId('assign-preview').getByText('请填写超限理由').waitFor();
  await warning.getByLabel('超限理由').fill(REASON);
  await confirm.click();
  await page
    .getByTestId('assign-result')
    .getByText(/已下发 \d+ 个组织/)
    .waitFor();
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /确\s*定/ })
    .click();

  // The burden page of the district: the branch asked the most of, the district ranked first, the reason kept.
  await page.goto(`${base}/burden?orgId=${fx.orgs.a.id}`);
  const burden = page.getByTestId('burden-page');
  await burden.getByRole('tab', { name: '基层减负' }).waitFor();
  const issuers = page.getByTestId('burden-issuers');
  await issuers.locator('tr.ant-table-row', { hasText: '甲区委' }).first().waitFor();
  await page.getByTestId('burden-overrides').getByText(REASON).waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'burden-page.png'), fullPage: true });
  assert.deepEqual(errors, []);

  // The branch sees its own counts against its caps, at phone width.
  const phone = await logIn(fx.users.aSecretary.username, 390);
  await phone.page.goto(`${base}/burden?orgId=${fx.orgs.a1a.id}`);
  await phone.page.getByTestId('burden-caps').getByText('下发任务：2 / 1（本月）').waitFor();
  await phone.page.getByTestId('burden-overrides').getByText(REASON).waitFor();
  await phone.page.screenshot({ path: path.join(OUTPUT, 'burden-page-phone.png'), fullPage: true });
  assert.deepEqual(phone.errors, []);
});
