/**
 * Browser journey (issue 11, 发展党员): the secretary of branch a1a opens a development case for an applicant from
 * the member's page, records the talk and confirms the activist (the roster follows); eleven months later the
 * promotion to candidate is refused with the rule on screen (one full year as an activist, 发展党员工作细则), twelve
 * months later it is accepted; the pipeline board shows the person among the candidates (screenshots of the case).
 * An imported activist is opened partway (补录) from the board, and the branch stops the development with a reason.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, type Session, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
let person = 0;
let clock = new Date('2025-07-15T02:00:00Z');

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  ({ app, base } = await serveApp({ database, now: () => clock }));
  browser = await launchChromium();
  person = await insertPerson(database, fx.orgs.a1a, { name: '赵申请', status: 'applicant', birthDate: '2001-09-09' });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/** Signs in (again after the clock moved: a session does not outlive a jump of months). */
function logIn(): Promise<Session> {
  return signIn(browser, base, fx.users.aSecretary.username);
}

/** Records a step through the form: the step (picked when not the first offered), date, document, decider. */
async function recordStep(page: Page, on: string, document: string, decider: string, step?: string) {
  const form = page.getByTestId('dev-step-form');
  if (step) {
    await pickOption(page, form.getByLabel('步骤'), step);
  }
  await form.getByLabel('日期').fill(on);
  await form.getByLabel('材料').fill(document);
  await form.getByLabel('决定或办理').fill(decider);
  await form.getByRole('button', { name: /记\s*录/ }).click();
}

test('a case opened, an activist refused as a candidate at 11 months and accepted at 12', async () => {
  let { page, errors } = await logIn();
  await page.goto(`${base}/members/${person}`);
  await page.getByTestId('dev-case-button').click();
  await page.getByLabel('递交入党申请书日期').fill('2025-01-10');
  await page.getByRole('button', { name: /建\s*立/ }).click();
  await page.getByTestId('development-case-page').waitFor();
  await page.getByRole('heading', { name: '赵申请' }).waitFor();

  await recordStep(page, '2025-01-20', '谈话记录', '组织委员 钱谈话');
  await page.getByTestId('dev-timeline').getByText('党组织派人谈话').waitFor();
  await recordStep(page, '2025-07-15', '支委会会议记录', '支部委员会');
  await page.getByTestId('dev-timeline').getByText('推荐和确定入党积极分子').waitFor();
  await page.getByText('入党积极分子', { exact: true }).first().waitFor();

  // The filing, the mentors and the first assessment, through the API as the same secretary.
  const cookie = await loginAs(app, fx.users.aSecretary.username);
  const caseId = Number(page.url().split('/').at(-1));
  for (const [kind, extra] of [
    ['activist_filed', {}],
    ['mentors', { mentors: ['孙联系', '李联系'] }],
    ['activist_training', {}],
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/development/cases/${caseId}/steps`,
      headers: { cookie },
      payload: { kind, on: '2025-07-15', document: '备案表', decider: '支部委员会', ...extra },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  const member = await app.inject({ method: 'GET', url: `/api/members/${person}`, headers: { cookie } });
  assert.equal(member.json().status, 'activist');
  await page.context().close();

  // Eleven months later: refused, the reason on screen with its rule.
  clock = new Date('2026-06-15T02:00:00Z');
  ({ page, errors } = await logIn());
  await page.goto(`${base}/development/${caseId}`);
  await page.getByTestId('development-case-page').waitFor();
  await recordStep(page, '2026-06-15', '支委会会议记录', '支部委员会', '确定发展对象');
  const refusal = page.getByTestId('dev-refusal');
  await refusal.getByText(/满1年后方可列为发展对象/).waitFor();
  await refusal.getByText(/development\.activistMinYears/).waitFor();
  await refusal.getByText(/最早 2026-07-15/).waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'development-refused.png'), fullPage: true });
  await page.context().close();

  // Twelve months: accepted; the person is a 发展对象 on the roster and on the board.
  clock = new Date('2026-07-15T02:00:00Z');
  ({ page, errors } = await logIn());
  await page.goto(`${base}/development/${caseId}`);
  await page.getByTestId('development-case-page').waitFor();
  await recordStep(page, '2026-07-15', '支委会会议记录', '支部委员会', '确定发展对象');
  await page.getByTestId('dev-timeline').getByText('确定发展对象').waitFor();
  await page.getByTestId('dev-step-form').getByText('发展对象报上级党委备案').waitFor();
  await page.getByTestId('dev-gates').getByText('development.activistMinYears', { exact: false }).waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'development-case.png'), fullPage: true });

  await page.goto(`${base}/development?orgId=${fx.orgs.a1a.id}`);
  await page.getByTestId('dev-column-candidate').getByText('赵申请').waitFor();
  await page.screenshot({ path: path.join(OUTPUT, 'development-pipeline.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('补录 an imported activist from the board; the branch stops the development with a reason', async () => {
  clock = new Date('2026-07-20T02:00:00Z');
  await insertPerson(database, fx.orgs.a1a, { name: '钱补录', status: 'activist', birthDate: '1999-03-03' });
  const { page, errors } = await logIn();
  await page.goto(`${base}/development?orgId=${fx.orgs.a1a.id}`);
  await page.getByTestId('dev-backfill-button').click();
  const dialog = page.getByRole('dialog');
  await pickOption(page, dialog.getByLabel('人员（积极分子、发展对象、预备党员）'), '钱补录');
  await dialog.getByTestId('dev-backfill-stage').getByText('入党积极分子').waitFor();
  await dialog.getByLabel('确定为积极分子').fill('2026-01-05');
  await dialog.getByRole('button', { name: /建\s*立/ }).click();
  await page.getByTestId('development-case-page').waitFor();
  await page.getByRole('heading', { name: '钱补录' }).waitFor();
  await page.getByTestId('dev-timeline').getByText('建档时已处于入党积极分子阶段（补录）').waitFor();
  await page.getByTestId('dev-action-withdraw').waitFor();

  await page.getByTestId('dev-action-terminate').click();
  const stop = page.getByRole('dialog');
  await stop.getByLabel('日期').fill('2026-07-20');
  await stop.getByLabel('理由').fill('本人长期不参加培养教育活动');
  await stop.getByRole('button', { name: /记\s*录/ }).click();
  await page.getByText('已终止培养').first().waitFor();
  await page.getByTestId('dev-timeline').getByText('终止培养').first().waitFor();
  assert.equal(await page.getByTestId('dev-case-actions').count(), 0);
  await page.screenshot({ path: path.join(OUTPUT, 'development-terminated.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
