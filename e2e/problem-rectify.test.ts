/**
 * Browser journey (issue 10): the district's administrator registers a problem fed back by a 巡察 for a village
 * branch (no deadline given: two months by default); the branch's secretary, told by the bell, claims it naming
 * the person responsible, sets two measures each with a deadline and asks for 销号 with the evidence; the district
 * returns it once with a reason (a stale page's step is refused with the server's message); the branch asks again,
 * attaching a photo this time (the timeline links it);
 * the district verifies and closes it; the page shows 已销号 and the day of the 回头看 (screenshot). Then a problem
 * past its deadline: red on the board with the days overdue and the suggested step; the district records a 约谈.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { addDaysIso, addMonthsIso, todayIn } from '../src/domain/dates.ts';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../src/server/test/factories.ts';
import { clickForAnswer, launchChromium, OUTPUT, pickOption, type Session, serveApp, signIn } from './harness.ts';

const TITLE = '支部“三会一课”记录不规范';
const LATE = '村务公开栏长期未更新';
const PERSON = '李秀英';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const MEASURES = ['对照《支部工作条例》补齐近一年支委会会议记录的议题和决定事项', '每月由组织委员检查一次会议记录'];

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

function logIn(username: string): Promise<Session> {
  return signIn(browser, base, username);
}

async function close(s: Session): Promise<void> {
  await s.context.close();
  assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
}

/** The state tag in the problem page's header. */
async function waitForState(page: Page, state: string, label: string): Promise<void> {
  await page
    .locator(`[data-testid="problem-page"] .ant-tag[data-state="${state}"]`, { hasText: label })
    .first()
    .waitFor();
}

/** Types a date into an antd DatePicker and confirms it. */
async function pickDate(picker: Locator, iso: string): Promise<void> {
  const input = picker.locator('input');
  await input.click();
  await input.fill(iso);
  await input.press('Enter');
}

/**
 * Opens the step's form from its button, fills it and sends it with the modal's OK button. On a loaded machine the
 * modal's first render can replace a field right after it was filled (the form then refuses to send, naming the
 * empty field, and nothing reaches the server): the form is filled and sent once more in that case only. Any other
 * way of staying open (the server's refusal) fails the test with what the form says.
 */
async function step(page: Page, event: string, fill: (form: Locator) => Promise<void>): Promise<void> {
  await page.locator(`[data-testid="problem-page"] button[data-event="${event}"]`).click();
  const form = page.getByTestId('problem-event-form');
  await form.waitFor();
  for (let attempt = 1; ; attempt++) {
    await fill(form);
    await page.locator('.ant-modal-footer').getByRole('button').last().click();
    const gone = form.waitFor({ state: 'detached', timeout: 20_000 }).then(() => 'sent' as const);
    const refused = form
      .locator('.ant-form-item-explain-error')
      .first()
      .waitFor({ timeout: 20_000 })
      .then(() => 'unfilled' as const);
    const outcome = await Promise.any([gone, refused]).catch(() => 'stuck' as const);
    if (outcome === 'sent') return;
    const said = [
      ...(await form.locator('.ant-form-item-explain-error').allTextContents()),
      ...(await page.getByTestId('event-error').allTextContents()),
    ].join(' / ');
    if (outcome === 'unfilled' && attempt === 1) continue;
    await page.screenshot({ path: path.join(OUTPUT, `problem-step-${event}-stuck.png`) });
    throw new Error(`the ${event} form stayed open (${outcome}): ${said || 'nothing said'}`);
  }
}

test('register a 巡察 finding, claim, set measures, ask for 销号, returned once, asked again, verified and closed', async (t) => {
  const started = Date.now();
  const note = (s: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s  ${s}`);
  const today = todayIn(new Date());

  // 1. The district's administrator registers the problem for the branch from the 清单's problem board.
  const district = await logIn(fx.users.aAdmin.username);
  let page = district.page;
  await page.getByRole('menuitem', { name: '清单' }).click();
  await page.getByTestId('lists-page').waitFor();
  await page.getByTestId('problem-filters').waitFor();
  await page.getByRole('button', { name: '登记问题' }).click();
  const form = page.getByTestId('problem-form');
  await form.getByLabel('责任单位').fill('甲一村');
  await pickOption(page, form.getByLabel('责任单位'), fx.orgs.a1a.name);
  await form.getByLabel('问题', { exact: true }).fill(TITLE);
  await form.getByLabel('具体表现').fill('巡察反馈：支委会会议记录缺少议题和决定事项，党员大会记录不全。');
  await pickOption(page, form.getByLabel('问题来源'), /^巡察反馈$/, '巡察反馈');
  await form.getByLabel('问题类别').fill('组织生活');
  await pickOption(page, form.getByLabel('严重程度'), /^较重$/, '较重');
  // No deadline: the form says what a 巡视/巡察 feedback gets when it is left empty.
  assert.match(
    (await form.getByTestId('deadline-hint').textContent()) ?? '',
    /巡视、巡察反馈的问题默认为反馈之日起2个月/,
  );
  await page.screenshot({ path: path.join(OUTPUT, 'problem-form.png') });
  await page.locator('.ant-modal-footer').getByRole('button', { name: '登记问题' }).click();
  await form.waitFor({ state: 'detached' });
  const row = page.locator('.ant-table-row').filter({ hasText: TITLE });
  await row.waitFor();
  const stored = await database.db
    .selectFrom('problem')
    .select(['id', 'found_on', 'deadline', 'source', 'severity', 'issuer_org_id', 'org_id'])
    .where('title', '=', TITLE)
    .executeTakeFirstOrThrow();
  assert.equal(stored.source, 'patrol');
  assert.equal(stored.severity, 'serious');
  assert.equal(stored.org_id, fx.orgs.a1a.id);
  assert.equal(stored.issuer_org_id, fx.orgs.a.id);
  assert.equal(stored.deadline, addMonthsIso(stored.found_on, 2), 'two months after the feedback');
  for (const cell of [fx.orgs.a1a.name, fx.orgs.a.name, '巡察反馈', '较重', '待认领', stored.deadline!]) {
    await row.getByText(cell, { exact: true }).waitFor();
  }
  await page.getByTestId('state-open').getByTestId('count').getByText('1', { exact: true }).waitFor();
  note('problem registered: two months by default');
  await close(district);

  // 2. The branch's secretary: the bell leads to the problem; claim it, naming the person responsible.
  const branch = await logIn(fx.users.aSecretary.username);
  page = branch.page;
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('notification-list').getByText(`问题“${TITLE}”已交办，请认领整改`).click();
  await page.waitForURL(`${base}/problems/${stored.id}`);
  await page.getByRole('heading', { name: TITLE }).waitFor();
  await waitForState(page, 'open', '待认领');
  assert.equal(await page.locator('button[data-event="action"]').count(), 0, 'the branch keeps no 约谈 records');
  await step(page, 'claim', (f) => f.getByLabel('责任人').fill(PERSON));
  await waitForState(page, 'claimed', '已认领');
  await page.getByTestId('problem-facts').getByText(PERSON, { exact: true }).waitFor();

  // Two measures, each with its deadline.
  const dues = [addDaysIso(today, 20), addDaysIso(today, 40)];
  await step(page, 'plan', async (f) => {
    await f.getByRole('button', { name: '添加一条措施' }).click();
    const rows = f.getByTestId('measure-row');
    for (const [i, text] of MEASURES.entries()) {
      await rows
        .nth(i)
        .getByLabel(`措施 ${i + 1}`, { exact: true })
        .fill(text);
      await pickDate(rows.nth(i).locator('.ant-picker'), dues[i]!);
    }
    await page.screenshot({ path: path.join(OUTPUT, 'problem-measures.png') });
  });
  await waitForState(page, 'rectifying', '整改中');
  const measures = page.getByTestId('measure');
  assert.equal(await measures.count(), 2);
  for (const [i, text] of MEASURES.entries()) {
    await measures.nth(i).getByText(text).waitFor();
    await measures.nth(i).getByText(`时限 ${dues[i]}`).waitFor();
  }

  // 申请销号: the note is 整改情况及佐证.
  await step(page, 'submit', async (f) => {
    await f.locator('label', { hasText: '整改情况及佐证' }).waitFor();
    await f
      .getByLabel('整改情况及佐证', { exact: true })
      .fill('已补齐 2026 年支委会记录 12 次；佐证：会议记录本扫描件（存支部档案柜）。');
  });
  await waitForState(page, 'submitted', '待核查');
  assert.equal(await page.locator('[data-testid="problem-page"] button[data-event]').count(), 0, 'nothing to do now');
  note('branch claimed, set two measures, asked for closure');
  await close(branch);

  // 3. The district returns it with a reason. A second tab, opened before, still offers 核查通过: refused.
  const back = await logIn(fx.users.aAdmin.username);
  page = back.page;
  await page.getByTestId('notification-bell').click();
  await page
    .getByTestId('notification-list')
    .getByText(`问题“${TITLE}”（${fx.orgs.a1a.name}）申请销号，请核查`)
    .click();
  await page.waitForURL(`${base}/problems/${stored.id}`);
  await waitForState(page, 'submitted', '待核查');
  const stale = await back.context.newPage();
  await stale.goto(`${base}/problems/${stored.id}`);
  await waitForState(stale, 'submitted', '待核查');
  await step(page, 'return', (f) => f.getByLabel(/退回理由/).fill('党员大会记录仍不全，请补齐后再申请销号。'));
  await waitForState(page, 'rectifying', '整改中');
  await stale.locator('button[data-event="pass"]').click();
  const refused = (await clickForAnswer(
    stale,
    stale.locator('.ant-modal-confirm').getByRole('button', { name: '核查通过（销号）' }),
    'POST',
    /^\/api\/problems\/\d+\/events$/,
    { status: 422 },
  )) as { error: { key: string; message: string } };
  assert.deepEqual(
    [refused.error.key, refused.error.message],
    ['rule.problem.notAllowed', '问题整改中，不能“核查通过（销号）”'],
  );
  await stale.locator('.ant-message').getByText('问题整改中，不能“核查通过（销号）”').waitFor();
  await waitForState(stale, 'submitted', '待核查'); // the refused step changed nothing on the page either
  await stale.close();
  note('district returned it; the stale page’s step was refused with the server’s message');

  // 4. The branch asks again.
  const branch2 = await logIn(fx.users.aSecretary.username);
  await branch2.page.goto(`${base}/problems/${stored.id}`);
  await waitForState(branch2.page, 'rectifying', '整改中');
  await branch2.page.getByText('党员大会记录仍不全，请补齐后再申请销号。').waitFor();
  // This time with a photo of the sign-in sheet attached (optional: the first request went without one).
  await step(branch2.page, 'submit', async (f) => {
    await f
      .getByLabel('整改情况及佐证', { exact: true })
      .fill('已补齐党员大会记录 4 次；佐证：会议记录本扫描件、签到表。');
    await f.locator('input[type="file"]').setInputFiles({ name: '签到表.png', mimeType: 'image/png', buffer: PNG });
    await f.getByText('签到表.png').waitFor();
  });
  await waitForState(branch2.page, 'submitted', '待核查');
  const attached = branch2.page.getByTestId('problem-event-files').getByRole('link', { name: /签到表\.png/ });
  await attached.waitFor();
  assert.match((await attached.getAttribute('href')) ?? '', /^\/api\/evidence\/\d+$/);
  await close(branch2);

  // 5. The district verifies and closes it: 已销号, with the day of the 回头看 (three months on).
  await page.reload();
  await waitForState(page, 'submitted', '待核查');
  await page.locator('button[data-event="pass"]').click();
  const passed = (await clickForAnswer(
    page,
    page.locator('.ant-modal-confirm').getByRole('button', { name: '核查通过（销号）' }),
    'POST',
    /^\/api\/problems\/\d+\/events$/,
  )) as { state: string; closedOn: string | null; recheckDue: string | null };
  assert.equal(passed.state, 'closed');
  // Closed today, by the server's clock: the day the journey started, or the next if it ran past midnight.
  const closedOn = passed.closedOn ?? '';
  assert.ok([today, addDaysIso(today, 1)].includes(closedOn), `closed on ${closedOn}, started on ${today}`);
  const recheckDue = addMonthsIso(closedOn, 3);
  assert.equal(passed.recheckDue, recheckDue);
  await waitForState(page, 'closed', '已销号');
  await page.getByTestId('recheck-due').getByText(recheckDue).waitFor();
  await page.getByTestId('closed-alert').getByText(`已于 ${closedOn} 核查销号，${recheckDue} 回头看`).waitFor();
  // Now the 回头看 and 重新整改 are the district's to take.
  await page.locator('button[data-event="recheck"]').waitFor();
  await page.locator('button[data-event="reopen"]').waitFor();

  // The timeline holds every step, in order, with its side and what it carried.
  const events = page.getByTestId('problem-event');
  const steps: (string | null)[] = [];
  for (let i = 0; i < (await events.count()); i++) steps.push(await events.nth(i).getAttribute('data-event'));
  assert.deepEqual(steps, ['claim', 'plan', 'submit', 'return', 'submit', 'pass']);
  await events.nth(0).getByText(`责任人：${PERSON}`).waitFor();
  await events
    .nth(2)
    .getByText(/^整改情况及佐证：已补齐 2026 年支委会记录/)
    .waitFor();
  await events.nth(3).getByText('理由：党员大会记录仍不全，请补齐后再申请销号。').waitFor();
  await events
    .nth(4)
    .getByRole('link', { name: /签到表\.png/ })
    .waitFor(); // the district sees the evidence too
  await events.nth(5).getByText('待核查 → 已销号', { exact: false }).waitFor();
  const closed = await database.db
    .selectFrom('problem')
    .select(['state', 'closed_on', 'recheck_due'])
    .where('id', '=', stored.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(closed, { state: 'closed', closed_on: closedOn, recheck_due: recheckDue });
  await page.locator('.ant-message-notice').last().waitFor({ state: 'hidden', timeout: 10_000 }); // before the picture
  await page.screenshot({ path: path.join(OUTPUT, 'problem-detail.png'), fullPage: true });
  note('district verified and closed it; 回头看 due');

  // The board: one problem, closed.
  await page.goto(`${base}/problems?orgId=${fx.orgs.a.id}`);
  await page.getByTestId('state-closed').getByTestId('count').getByText('1', { exact: true }).waitFor();
  await page.getByTestId('state-open').getByTestId('count').getByText('0', { exact: true }).waitFor();
  await page.locator('.ant-table-row').filter({ hasText: TITLE }).getByText('已销号').waitFor();

  // 6. A problem 20 days past its deadline (registered through the API): the board shows it red with the days
  // overdue and the step the ladder suggests (约谈 from 15 days); the overdue filter keeps it alone; on its page the
  // district records the 约谈.
  const cookie = await loginAs(app, fx.users.aAdmin.username);
  const late = await app.inject({
    method: 'POST',
    url: '/api/problems',
    headers: { cookie },
    payload: {
      orgId: fx.orgs.a1a.id,
      title: LATE,
      source: 'supervision',
      severity: 'grave',
      foundOn: addDaysIso(today, -60),
      deadline: addDaysIso(today, -20),
    },
  });
  assert.equal(late.statusCode, 201, late.body);
  await page.reload();
  const lateRow = page.locator('.ant-table-row').filter({ hasText: LATE });
  await lateRow.getByTestId('days-overdue').getByText('逾期 20 天').waitFor();
  await lateRow.getByTestId('escalation').getByText('建议约谈').waitFor();
  await page.getByTestId('overdue-count').getByText('1', { exact: true }).waitFor();
  await page.getByRole('switch', { name: '只看逾期' }).click();
  await page.waitForURL(/overdue=true/);
  await page.getByTestId('state-all').getByTestId('count').getByText('1', { exact: true }).waitFor();
  await page.locator('.ant-table-row').filter({ hasText: TITLE }).waitFor({ state: 'detached' });
  await lateRow.waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'problem-board.png'), fullPage: true });
  await lateRow.getByRole('link', { name: LATE }).click();
  await page
    .getByTestId('escalation-alert')
    .getByText(/已逾期 20 天，按督办升级规则建议：约谈/)
    .waitFor();
  await page.locator('button[data-event="action"]').click();
  const action = page.getByTestId('problem-action-form');
  await action.getByLabel('约谈人和被约谈人').fill('区委组织部副部长约谈甲一村党支部书记');
  await action.getByLabel('约谈内容', { exact: true }).fill('指出整改逾期 20 天，要求说明原因。');
  await action.getByLabel('整改承诺').fill('十日内完成整改并申请销号。');
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /记\s*录/ })
    .click();
  await action.waitFor({ state: 'detached' });
  const record = page.getByTestId('problem-action');
  await record.getByText('约谈', { exact: true }).waitFor();
  await record.getByText('十日内完成整改并申请销号。').waitFor();
  note('overdue problem on the board, 约谈 recorded');
  await close(back);
});
