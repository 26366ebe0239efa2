/**
 * Browser journey (the words): log in, open an organisation, filter members, import a roster with
 * one bad row and see the error, fix it, import, see the members; a screenshot of the organisation page
 * goes to the test output. The real server runs in-process on a free port and serves the built web app.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import {
  buildFixture,
  FIXTURE_PASSWORD,
  type Fixture,
  fakeIdNumber,
  insertPerson,
} from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, pickOption, serveApp, WAIT_MS } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // A few more people on the branch's roll, so that filtering has something to leave out.
  await insertPerson(database, fx.orgs.a1a, { name: '赵红梅', gender: 'female', birthDate: '1988-08-08' });
  await insertPerson(database, fx.orgs.a1a, { name: '孙志强', birthDate: '1965-02-14' });
  await insertPerson(database, fx.orgs.a1a, {
    name: '周丽',
    status: 'activist',
    gender: 'female',
    birthDate: '2000-01-20',
  });
  await insertPerson(database, fx.orgs.a1a, { name: '吴建军', status: 'applicant', birthDate: '2001-06-30' });
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

type RosterRow = {
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  joinDate: string;
  fullDate: string;
  phone?: string;
};

const HEADERS = [
  '姓名',
  '性别',
  '民族',
  '出生日期',
  '学历',
  '身份证号',
  '联系电话',
  '所在党组织',
  '人员类别',
  '入党日期',
  '转正日期',
];

/** A roster workbook as a district would fill it in: header on row 1, one person per row, dates as text. */
async function rosterXlsx(rows: RosterRow[], headers: readonly string[] = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员花名册');
  ws.addRow([...headers]);
  rows.forEach((r, i) => {
    ws.addRow([
      r.name,
      r.gender === 'male' ? '男' : '女',
      '汉族',
      r.birthDate,
      '大学本科',
      r.idNumber,
      r.phone ?? `1380000${String(i + 1).padStart(4, '0')}`,
      '甲一村党支部',
      '正式党员',
      r.joinDate,
      r.fullDate,
    ]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same number with a wrong check digit (GB 11643 position 18). */
function breakCheckDigit(id: string): string {
  const last = id.slice(-1);
  return id.slice(0, -1) + (last === '0' ? '1' : '0');
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(1000); // let fonts, tables and transitions settle before the picture
  await page.screenshot({ path: path.join(OUTPUT, name), fullPage: true });
}

test('log in, open an organisation, filter members, import a roster with one bad row, fix it, see the members', async (t) => {
  const started = Date.now();
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  try {
    // 1. Log in: a wrong password is refused inline, the right one lands on the account's root organisation.
    await page.goto(`${base}/login`);
    await page.getByText('党建工作落实平台').waitFor();
    await page.getByLabel('用户名').fill(fx.users.aAdmin.username);
    await page.getByLabel('密码').fill('not-the-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').getByText('用户名或密码错误').waitFor();
    await page.getByLabel('密码').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('heading', { name: '甲区委' }).waitFor();
    assert.match(page.url(), new RegExp(`/orgs/${fx.orgs.a.id}$`));

    // 2. Open an organisation: through the tree to the town, then the village branch from its children.
    const tree = page.getByTestId('org-tree');
    await tree.getByText('甲一镇党委', { exact: true }).click();
    await page.getByRole('heading', { name: '甲一镇党委' }).waitFor();
    await page.getByRole('link', { name: '甲一村党支部' }).first().click();
    await page.getByRole('heading', { name: '甲一村党支部' }).waitFor();
    const committee = page.locator('.ant-card').filter({ hasText: '班子成员' });
    await committee.getByRole('row').filter({ hasText: '李秀英' }).getByText('书记').waitFor();
    // 党员 = full (张海生, 李秀英, 赵红梅, 孙志强) + probationary (王小明); the activist and the applicant are counted apart.
    await page.getByTestId('stat-members').getByText('5', { exact: true }).waitFor();
    await page.getByTestId('stat-activists').getByText('1', { exact: true }).waitFor();
    await shoot(page, 'org-page.png');

    // 3. The branch's roster, then filter it: pinyin initials, then the status filter.
    await page.getByRole('button', { name: '党员名册' }).click();
    await page.getByRole('heading', { name: '党员名册' }).waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await page.getByText('共 7 人').waitFor();
    await page.getByLabel('关键词').fill('zhs');
    await page.getByLabel('关键词').press('Enter');
    await page.getByText('共 1 人').waitFor();
    await rows.filter({ hasText: '张海生' }).waitFor();
    assert.equal(await rows.count(), 1);
    assert.match(page.url(), /q=zhs/);
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.getByText('共 7 人').waitFor();
    await page.getByLabel('人员类别').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '预备党员' }).click();
    await page.keyboard.press('Escape');
    await page.getByText('共 1 人').waitFor();
    await rows.filter({ hasText: '王小明' }).waitFor();
    assert.match(page.url(), /status=probationary/);

    // 4. Import a roster whose second person (sheet row 3) has a wrong check digit: the dry run names it.
    const people: RosterRow[] = [
      {
        name: '郑晓东',
        gender: 'male',
        birthDate: '1990-04-12',
        joinDate: '2015-07-01',
        fullDate: '2016-07-01',
        idNumber: '',
      },
      {
        name: '冯雪梅',
        gender: 'female',
        birthDate: '1986-11-03',
        joinDate: '2012-06-20',
        fullDate: '2013-06-20',
        idNumber: '',
      },
      {
        name: '陈国栋',
        gender: 'male',
        birthDate: '1979-01-25',
        joinDate: '2003-05-04',
        fullDate: '2004-05-04',
        idNumber: '',
      },
    ].map((p) => ({ ...p, idNumber: fakeIdNumber(p.birthDate, p.gender as 'male' | 'female') })) as RosterRow[];
    const bad = people.map((p, i) => (i === 1 ? { ...p, idNumber: breakCheckDigit(p.idNumber) } : p));

    await page.getByRole('button', { name: /导入花名册/ }).click();
    await page.getByTestId('import-wizard').waitFor();
    // The file names its name column 名字, which no template uses: the wizard shows the mapping it proposed, the
    // column left unmapped and the required 姓名 missing; the user maps it and checks again.
    await page.locator('input[type=file]').setInputFiles({
      name: '花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await rosterXlsx(
        bad,
        HEADERS.map((h) => (h === '姓名' ? '名字' : h)),
      ),
    });
    const mapping = page.getByTestId('import-mapping');
    await mapping.getByText('第A列“名字”不是党员花名册的列，已忽略').waitFor();
    await page.getByTestId('import-error-lines').getByText('缺少必填列“姓名”', { exact: false }).waitFor();
    await pickOption(page, mapping.getByLabel('“名字”对应的字段'), /^姓名$/, '姓名');
    await mapping.getByRole('button', { name: '按此对应重新校验' }).click();
    await mapping.getByText('手动指定').first().waitFor();
    await shoot(page, 'import-mapping.png');
    const errorLines = page.getByTestId('import-error-lines');
    await errorLines.getByText('第3行 身份证号：').waitFor();
    assert.equal(
      await errorLines.locator('li').count(),
      1,
      `one error expected, got: ${await errorLines.textContent()}`,
    );
    await page.getByRole('cell', { name: '第3行' }).waitFor();
    await page.getByText('冯雪梅').first().waitFor(); // the preview shows the rows as read
    await shoot(page, 'import-errors.png');

    // 5. Fix the file and upload it again: all rows valid, confirm, and the result.
    await page.locator('input[type=file]').setInputFiles({
      name: '花名册（修改）.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await rosterXlsx(people),
    });
    await page.getByText('校验通过：3 行数据全部可以导入').waitFor();
    await page.getByRole('button', { name: '确认导入 3 人' }).click();
    await page.getByText('已导入 3 人').waitFor();

    // 6. The new members are on the branch's roster.
    await page.getByRole('button', { name: '查看党员名册' }).click();
    await page.getByRole('heading', { name: '党员名册' }).waitFor();
    await page.getByText('共 10 人').waitFor();
    for (const p of people) await rows.filter({ hasText: p.name }).waitFor();
    await shoot(page, 'members-after-import.png');

    // 7. The same roster again with one phone changed: matched by ID number, the preview shows the one change
    //    (before → after) and that nobody is new, before the commit button; the commit updates that one person.
    await page.getByRole('button', { name: /导入花名册/ }).click();
    await page.getByTestId('import-wizard').waitFor();
    const edited = people.map((p, i) => (i === 0 ? { ...p, phone: '13912345678' } : p));
    await page.locator('input[type=file]').setInputFiles({
      name: '花名册（再次导入）.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await rosterXlsx(edited),
    });
    await page.getByText('新增 0 人，更新 1 人，2 人无变化').waitFor();
    const outcomes = page.getByTestId('import-outcomes');
    await outcomes.getByText('联系电话：13800000001 → 13912345678').waitFor();
    await outcomes.getByText(people[0]!.name).waitFor();
    await shoot(page, 'import-update-preview.png');
    await page.getByRole('button', { name: '确认导入：新增 0 人，更新 1 人' }).click();
    await page.getByText('已新增 0 人，更新 1 人').waitFor();

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
    t.diagnostic(`browser journey: ${Date.now() - started} ms`);
  }
});
