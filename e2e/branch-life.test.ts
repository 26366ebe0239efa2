/**
 * Browser journey (issue 11, 组织生活): a branch secretary, in April of a year whose March had no meetings, sees the
 * 支委会 and 党课 of March marked red (missing) in the branch calendar, records a 支委会 and a 党课 held in March
 * through the meeting form (kind, date, topic, the roster pre-filled, save), and sees March turn green; the calendar
 * is captured at desktop and phone width, and the form at phone width. A photo of the sign-in sheet is attached to
 * the 支委会 (optional: the page says files are never required). On a phone, the secretary records one 谈心谈话 through
 * the quick form (two selects pre-filled, today's date) and sees the branch's talk coverage move from 0 to 1.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertPerson } from '../src/server/test/factories.ts';
import { PNG } from '../src/server/test/route-probes.ts';
import { launchChromium, OUTPUT, pickOption, type Session, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // Seven full members: the branch has a committee and so holds a 支委会 every month (支部条例 第十二条).
  for (const name of ['周一', '吴二', '郑三', '孙四', '冯五']) await insertPerson(database, fx.orgs.a1a, { name });
  ({ app, base } = await serveApp({ database, now: () => new Date('2026-04-03T02:00:00Z') }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

function logIn(username: string, width = 1440): Promise<Session> {
  return signIn(browser, base, username, { width });
}

const cell = (page: Page, kind: string, month: number) => page.getByTestId(`life-cell-${kind}-${month}`);

async function record(page: Page, kindLabel: string, day: string, topic: string) {
  await page.getByTestId('life-record').click();
  const form = page.getByTestId('meeting-form');
  await form.waitFor();
  await pickOption(page, form.getByLabel('会议类型'), kindLabel);
  const date = form.getByLabel('召开日期');
  await date.click();
  await date.fill(day);
  await date.press('Enter');
  await form.getByLabel('议题').fill(topic);
  await form.getByLabel('会议记录').fill(`${topic}：会议按议程进行。`);
  await page.getByTestId('meeting-save').click();
  await page.getByTestId('life-calendar').waitFor();
}

test('a secretary records a 支委会 and a 党课 in March, and March turns compliant', async () => {
  const { page, errors } = await logIn(fx.users.aSecretary.username);
  await page.goto(`${base}/life?orgId=${fx.orgs.a1a.id}&year=2026`);
  await page.getByTestId('life-calendar').waitFor();
  assert.equal(await cell(page, 'committee_meeting', 3).getAttribute('data-status'), 'missing');
  assert.equal(await cell(page, 'lecture', 3).getAttribute('data-status'), 'missing');
  await page.getByTestId('life-findings').getByText('2026年3月应召开支部委员会会议至少 1 次，实际 0 次').waitFor();

  await record(page, '支部委员会会议', '2026-03-20', '研究三月份党建工作');
  await page.locator('[data-testid="life-cell-committee_meeting-3"][data-status="done"]').waitFor();
  await record(page, '党课', '2026-03-27', '学习党章');
  await page.locator('[data-testid="life-cell-lecture-3"][data-status="done"]').waitFor();
  // The quarter holds March: its other months show the same window.
  assert.equal(await cell(page, 'lecture', 1).getAttribute('data-status'), 'done');
  assert.equal(await cell(page, 'committee_meeting', 2).getAttribute('data-status'), 'missing');
  // A cell opens its meeting.
  await cell(page, 'committee_meeting', 3).click();
  await page.getByRole('link', { name: /研究三月份党建工作/ }).click();
  await page.getByTestId('meeting-page').getByText('出席 8 / 8 人', { exact: false }).waitFor();
  // Files are optional: none so far; a photo of the sign-in sheet is attached and listed.
  await page.getByText('没有佐证材料：照片、签到表等从不强制要求').waitFor();
  await page
    .getByTestId('meeting-page')
    .locator('input[type=file]')
    .setInputFiles({ name: '签到表.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('meeting-files').getByText('签到表.png').waitFor();
  await page.goBack();
  await page.getByTestId('life-calendar').waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'life-calendar.png'), fullPage: true });
  assert.deepEqual(errors, []);

  const phone = await logIn(fx.users.aSecretary.username, 390);
  await phone.page.goto(`${base}/life?orgId=${fx.orgs.a1a.id}&year=2026`);
  await phone.page.getByTestId('life-calendar').waitFor();
  assert.equal(await cell(phone.page, 'committee_meeting', 3).getAttribute('data-status'), 'done');
  await phone.page.screenshot({ path: path.join(OUTPUT, 'life-calendar-phone.png'), fullPage: true });
  await phone.page.goto(`${base}/life/meetings/new?orgId=${fx.orgs.a1a.id}`);
  await phone.page.getByTestId('meeting-form').waitFor();
  const width = Number(await phone.page.evaluate('document.documentElement.scrollWidth'));
  assert.ok(width <= 390, `the form is ${width}px wide at phone width`);
  await phone.page.screenshot({ path: path.join(OUTPUT, 'life-meeting-form-phone.png'), fullPage: true });
  assert.deepEqual(phone.errors, []);
});

test('on a phone, a secretary records one talk and the coverage moves', async () => {
  const { page, errors } = await logIn(fx.users.aSecretary.username, 390);
  await page.goto(`${base}/life?orgId=${fx.orgs.a1a.id}&year=2026`);
  // One committee member (the secretary) and eight on the roster: seven pairings owed.
  await page.getByTestId('life-talk-coverage').getByText('0 / 7').waitFor();
  await page.getByTestId('life-talks').click();
  await page.getByTestId('talk-form').waitFor();
  await pickOption(page, page.getByTestId('talk-member'), '周一');
  await page.getByTestId('talk-save').click();
  await page.getByTestId('talks-done').getByText('1 / 7').waitFor();
  await page.getByTestId('talks-list').getByText('周一').waitFor();
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  assert.ok(width <= 390, `the talks page is ${width}px wide at phone width`);
  await page.screenshot({ path: path.join(OUTPUT, 'life-talks-phone.png'), fullPage: true });
  await page.goBack();
  await page.getByTestId('life-talk-coverage').getByText('1 / 7').waitFor();
  assert.deepEqual(errors, []);
});
