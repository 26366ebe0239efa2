/**
 * Browser (issue 8, the national level): a top organisation's administrator opens 全国汇总 after the province has
 * published, and sees the province with its work, its members as the national statistics count them and its
 * organisations' 三会一课 and star levels, then drills down to the published organisations.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { todayIn } from '../src/domain/dates.ts';
import type { App } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { publishHub } from '../src/server/features/hub/hub.service.ts';
import { openTestDatabase } from '../src/server/test/engines.ts';
import { buildFixture, type Fixture } from '../src/server/test/factories.ts';
import { launchChromium, OUTPUT, serveApp, signIn } from './harness.ts';

let database: Database;
let app: App;
let browser: Browser;
let fx: Fixture;
let base: string;
const year = Number(todayIn(new Date()).slice(0, 4));

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  // One member of the fixture a woman, one branch's 三会一课 of this year kept: 10 of 12 held.
  await sql`update person set gender = 'female' where id = ${fx.people.a1aFull}`.execute(database.db);
  await sql`insert into life_compliance (org_id, year, region_id, due, met, findings, pending, checked_on)
    values (${fx.orgs.a1a.id}, ${year}, ${fx.orgs.a1a.id}, 12, 10, 0, 0, ${todayIn(new Date())})`.execute(database.db);
  await publishHub(database.db, { region: '440000', depth: 3 }, new Date());
  ({ app, base } = await serveApp({ database }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

test('全国汇总: the province’s work, members and organisations, then its published levels', async () => {
  const { page, errors } = await signIn(browser, base, fx.users.admin.username);
  const published = await database.db
    .selectFrom('hub_org_figure')
    .selectAll()
    .where('org_code', '=', fx.orgs.root.code)
    .executeTakeFirstOrThrow();
  await page.goto(`${base}/hub`);
  const hub = page.getByTestId('hub-page');
  for (const header of ['工作落实', '党员队伍（本次统计）', '组织建设', '女党员', '30岁及以下', '党支部']) {
    await hub.getByRole('columnheader', { name: header, exact: true }).waitFor();
  }
  await hub.getByRole('columnheader', { name: `三会一课完成率（${year}年）` }).waitFor();
  const province = hub.locator('tr', { hasText: '440000' });
  const cells = await province.locator('td').allInnerTexts();
  // Name, code, 6 work columns, then members and the women's share of them.
  assert.equal(cells[8], String(published.members));
  assert.equal(cells[9], `${Math.round((published.women / published.members) * 100)}%`);
  assert.ok(cells.includes('83%'), `三会一课 10 of 12: ${cells.join(' | ')}`);
  await page.screenshot({ path: path.join(OUTPUT, 'hub-page.png'), fullPage: true });

  await province.getByRole('button').click();
  await hub.locator('tr', { hasText: fx.orgs.root.code }).getByRole('button').click();
  await hub.locator('tr', { hasText: fx.orgs.a.code }).waitFor();
  await hub.locator('tr', { hasText: fx.orgs.b.code }).waitFor();
  assert.deepEqual(errors, []);
});
