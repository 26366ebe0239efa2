/**
 * Browser journey (issue 13, 四议两公开): on a phone (375 px), a village secretary who also chairs the village committee
 * (一肩挑) goes from the life page to the village decisions, opens a land-contract case and records its six steps —
 * the proposal merged with the 两委 deliberation, the members' meeting, the representatives' meeting first short of
 * its quorum (refused, the message naming the article shown) then held with 2/3, the disclosure, the result; the
 * town's secretary then sees the case in every village's list, and filters the completed ones. Both are captured.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertUser } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let townUser = '';
const MATTER = '二轮土地承包到期后再延长三十年方案';

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  await sql`update org set unit_level = 'village' where id = ${fx.orgs.a1a.id}`.execute(database.db);
  await sql`update person set village_committee_post = 'director' where id = ${fx.people.a1aSecretary}`.execute(
    database.db,
  );
  ({ app, base } = await serveApp({ database, now: () => new Date('2026-12-10T02:00:00Z') }));
  townUser = (await insertUser(database, 'town-village', 'secretary', fx.orgs.a1)).username;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/** The browser's clock is not the server's: every day is typed in. */
async function typeDate(page: Page, testId: string, day: string) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(day);
  await input.press('Tab');
}

async function fillCount(page: Page, testId: string, n: number) {
  await page.getByTestId(testId).fill(String(n));
}

async function save(page: Page, stepDone: string) {
  await page.getByTestId('village-step-save').click();
  await page
    .getByTestId(`village-step-${stepDone}`)
    .getByText(/\d{4}-\d{2}-\d{2}/)
    .waitFor();
}

test('a village records a case through its six steps on a phone; a quorum short of 2/3 is refused with the article', async () => {
  const { page, errors } = await signIn(browser, base, fx.users.aSecretary.username, { width: 375 });
  await page.goto(`${base}/life?orgId=${fx.orgs.a1a.id}&year=2026`);
  await page.getByTestId('life-village').click();
  await page.getByTestId('village-page').waitFor();
  await page.getByTestId('village-new').click();
  await page.getByTestId('village-matter').fill(MATTER);
  await pickOption(page, page.getByTestId('village-kind'), '土地承包经营方案');
  await page.getByTestId('village-create').click();
  await page.getByTestId('village-case-page').waitFor();
  await page.getByText(MATTER).first().waitFor();

  // 1 + 2: the proposal, with the 两委 deliberation merged (the secretary chairs the village committee).
  await typeDate(page, 'village-held-on', '2026-09-01');
  assert.equal(await page.getByTestId('village-merge').isChecked(), true);
  await page.getByTestId('village-minutes').fill('村党支部提议，两委联席会议商议');
  await save(page, 'deliberation');
  await page.getByTestId('village-step-deliberation').getByText('与党组织提议合并进行').waitFor();

  // 3: the members' meeting (应到 defaults to the village's members).
  await typeDate(page, 'village-held-on', '2026-09-10');
  assert.equal(await page.getByTestId('village-due').inputValue(), '3');
  await fillCount(page, 'village-present', 3);
  await fillCount(page, 'village-yes', 3);
  await save(page, 'review');

  // 4: the representatives' meeting, first with 19 of 30: refused, the message names the article.
  await typeDate(page, 'village-held-on', '2026-09-20');
  await page.getByTestId('village-body').getByText('村民代表会议').click();
  await fillCount(page, 'village-due', 30);
  await fillCount(page, 'village-present', 19);
  await fillCount(page, 'village-yes', 18);
  await page.getByTestId('village-step-save').click();
  await page
    .getByTestId('village-step-error')
    .getByText(/村民代表会议须有 2\/3 以上的组成人员参加方可召开：应到 30 人，实到 19 人.*第二十六条/)
    .waitFor();
  await fillCount(page, 'village-present', 20);
  await save(page, 'resolution');
  await page.getByTestId('village-step-resolution').getByText('通过').waitFor();

  // 5 + 6: the resolution and the result disclosed.
  await typeDate(page, 'village-held-on', '2026-09-22');
  await page.getByTestId('village-form-field').fill('村务公开栏');
  await save(page, 'disclosure');
  await typeDate(page, 'village-held-on', '2026-12-01');
  await page.getByTestId('village-minutes').fill('延包合同已全部签订');
  await save(page, 'result');
  await page.getByText('实施结果已公开，事项已办结').waitFor();
  assert.equal(await page.locator('[data-testid="village-flags"]').count(), 0);
  await page.screenshot({ path: path.join(OUTPUT, 'village-decision-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the town sees the village’s case in its list with each step’s day and filters the completed ones', async () => {
  const { page, errors } = await signIn(browser, base, townUser);
  await page.goto(`${base}/village?orgId=${fx.orgs.a1.id}`);
  await page.getByTestId('village-counts').waitFor();
  const row = page.getByTestId('village-table').locator('tr', { hasText: MATTER });
  await row.waitFor();
  for (const day of ['2026-09-01', '2026-09-10', '2026-09-20', '2026-09-22', '2026-12-01']) {
    await row.getByText(day).first().waitFor();
  }
  await row.getByText('甲一村党支部').waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'village-decisions-town.png'), fullPage: true });
  await page.getByTestId('village-filter').getByText('已完成').click();
  await page.getByTestId('village-table').locator('tr', { hasText: MATTER }).waitFor();
  await page.getByTestId('village-filter').getByText('公开逾期').click();
  await page.getByTestId('village-table').getByText('暂无事项').waitFor();
  await page.getByTestId('village-filter').getByText('全部').click();
  await row.getByRole('link', { name: MATTER }).click();
  await page.getByTestId('village-case-page').waitFor();
  await page.getByTestId('village-step-result').getByText('2026-12-01').waitFor();
  assert.deepEqual(errors, []);
});
