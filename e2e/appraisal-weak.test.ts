/**
 * Browser journey (issue 12, 民主评议党员 and 软弱涣散): on a phone, a branch secretary goes from the life page to the
 * member appraisal, opens the year's appraisal over nine members, records one member's self-appraisal and poll
 * tallies, tries four 优秀 (refused with the counts), decides three 优秀 and one 不合格, and sees the handling
 * reminder; a town secretary, on a phone, sees the 软弱涣散 register with its counts, opens a designation and adds a
 * rectification measure. Both pages are captured at phone width. The town designates another branch with the result
 * of a final round below the threshold picked from the form's list (not typed), and sees the counts on its dashboard.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import {
  buildFixture,
  type Fixture,
  insertOrg,
  insertPerson,
  insertUser,
  loginAs,
} from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let townUser = '';

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // Nine full and probationary members in all (the fixture's three and six more).
  for (const name of ['周一', '吴二', '郑三', '孙四', '冯五', '陈六'])
    await insertPerson(database, fx.orgs.a1a, { name });
  ({ app, base } = await serveApp({ database, now: () => new Date('2027-01-20T02:00:00Z') }));
  townUser = (await insertUser(database, 'town-weak', 'secretary', fx.orgs.a1)).username;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function pickGrade(page: Page, personId: number, grade: string) {
  await page.getByTestId(`grade-${personId}`).getByText(grade, { exact: true }).click();
}

test('a secretary appraises the branch on a phone: 4 of 9 优秀 refused, 3 of 9 decided, a 不合格 reminded', async () => {
  const { page, errors } = await signIn(browser, base, fx.users.aSecretary.username, { width: 390 });
  await page.goto(`${base}/life?orgId=${fx.orgs.a1a.id}&year=2026`);
  await page.getByTestId('life-appraisal').click();
  await page.getByTestId('appraisal-page').waitFor();
  await page.getByTestId('appraisal-open').click();
  await page.getByTestId('appraisal-decision').waitFor();
  const items = page.locator('[data-testid^="appraisal-member-"]');
  // The members come with a request of their own: wait for them before counting.
  await items.first().waitFor();
  const ids: number[] = [];
  for (let i = 0; i < (await items.count()); i++) {
    ids.push(Number((await items.nth(i).getAttribute('data-testid'))!.replace('appraisal-member-', '')));
  }
  assert.equal(ids.length, 9);

  await page.getByTestId(`appraisal-edit-${ids[0]}`).click();
  await page.getByTestId('self-done').check();
  await page.getByTestId('poll-excellent').fill('6');
  await page.getByTestId('appraisal-entry-save').click();
  await page.getByTestId(`appraisal-member-${ids[0]}`).getByText('测评：优6').waitFor();

  // The browser's clock is not the server's: the decision's day is typed in.
  const on = page.getByLabel('决定日期');
  await on.click();
  await on.fill('2027-01-18');
  await on.press('Enter');
  for (const id of ids.slice(0, 4)) await pickGrade(page, id, '优秀');
  await page.getByTestId('appraisal-decide').click();
  await page
    .getByTestId('appraisal-decision-error')
    .getByText(/超过参评党员 9 名的1\/3（至多 3 名）/)
    .waitFor();
  await pickGrade(page, ids[3]!, '合格');
  await pickGrade(page, ids[8]!, '不合格');
  await page.getByTestId('appraisal-decide').click();
  await page
    .getByTestId('appraisal-reminders')
    .getByText(/尚未确定处置方式/)
    .waitFor();
  await page.getByTestId(`handling-${ids[8]}`).waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'appraisal-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('a town secretary sees the 软弱涣散 register on a phone and adds a measure to a designation', async () => {
  const cookie = await loginAs(app, townUser);
  const res = await app.inject({
    method: 'POST',
    url: '/api/weak-orgs',
    headers: { cookie },
    payload: {
      orgId: fx.orgs.a1a.id,
      year: 2027,
      designatedOn: '2027-01-10',
      dueOn: '2027-12-31',
      reasons: ['noActivities'],
      leader: { name: '王镇长', post: '镇党委副书记' },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const { page, errors } = await signIn(browser, base, townUser, { width: 390 });
  await page.goto(`${base}/weak-orgs?orgId=${fx.orgs.a1.id}&year=2027`);
  await page.getByTestId('weak-counts').waitFor();
  await page.getByTestId(`weak-item-${fx.orgs.a1a.id}`).click();
  const detail = page.locator('[data-testid^="weak-detail-"]');
  await detail.waitFor();
  await detail.getByPlaceholder('整顿措施').fill('配齐配强支部班子');
  const due = detail.getByPlaceholder('完成期限');
  await due.click();
  await due.fill('2027-06-30');
  await due.press('Enter');
  await page.getByTestId('weak-add-measure').click();
  await detail.getByRole('link', { name: '配齐配强支部班子' }).waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'weak-orgs-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the town picks a final round below the threshold on the designation form and sees the counts on its dashboard', async () => {
  // The pages count this year by the browser's clock (the register's own default), as the test's clock is.
  const year = new Date().getFullYear();
  const db = database.db;
  const branch = await insertOrg(database, fx.orgs.a1, {
    code: `W-E2E-${Date.now()}`,
    name: '甲一新村党支部',
    type: 'branch',
  });
  const at = new Date('2027-01-10T02:00:00Z');
  const sys = await db
    .insertInto('assess_system')
    .values({
      org_id: fx.orgs.a1.id,
      region_id: fx.orgs.a1.id,
      year: 2026,
      name: '2026年度考核',
      total: 100,
      indicators: '[]',
      actor_name: '测试',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const round = await db
    .insertInto('assess_round')
    .values({
      system_id: sys.id,
      org_id: fx.orgs.a1.id,
      region_id: fx.orgs.a1.id,
      year: 2026,
      name: '2026年度党支部考核',
      system: '{}',
      grading: '{}',
      state: 'final',
      self_due: '2026-12-20',
      score_due: '2027-01-05',
      cutoff: '2026-12-05',
      publicity_from: '2027-01-06',
      publicity_to: '2027-01-08',
      actor_name: '测试',
      created_at: at,
      updated_at: at,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assess_round_org')
    .values({ round_id: round.id, org_id: branch.id, region_id: fx.orgs.a1.id })
    .execute();
  await db
    .insertInto('assess_result')
    .values({ round_id: round.id, org_id: branch.id, total: 55, lines: '[]', computed_at: at })
    .execute();

  const { page, errors } = await signIn(browser, base, townUser, { width: 1280 });
  await page.goto(`${base}/weak-orgs?orgId=${fx.orgs.a1.id}&year=${year}`);
  const form = page.getByTestId('weak-designate');
  await form.waitFor();
  const org = form.getByLabel('党组织');
  await org.fill('甲一新村');
  await pickOption(page, org, '甲一新村党支部');
  await pickOption(
    page,
    form.getByRole('combobox', { name: /考核结果/ }),
    '2026 · 2026年度党支部考核（甲一镇党委）得分 55',
  );
  // The days as the form offers them: today and the end of the year.
  await page.getByTestId('weak-designate-save').click();
  await page
    .getByTestId(`weak-item-${branch.id}`)
    .getByText(/2026年度党支部考核.*55/)
    .waitFor();

  await page.goto(`${base}/dashboard?orgId=${fx.orgs.a1.id}`);
  const card = page.getByTestId('weak-counts-card');
  await card
    .getByTestId(`weak-counts-child-${branch.id}`)
    .getByText(/认定1·摘帽0/)
    .waitFor();
  await card.screenshot({ path: path.join(OUTPUT, 'dashboard-weak-counts.png') });
  assert.deepEqual(errors, []);
});
