import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';

/**
 * How members pay their dues, through the API: monthly, or with the branch's consent (its date) quarterly or by
 * proxy (代缴, the proxy named and written on the payments); a quarterly payer not in arrears before the quarter
 * ends; one-off extra payments, those of 1000 yuan or more marked 上缴中央 and summed apart; refusals in Chinese.
 */
describeOnEngines('people: dues arrangements and extra payments', (ctx) => {
  let app: App;
  let fx: Fixture;
  const now = new Date('2026-09-10T02:00:00Z');
  let branch: string;
  let other: string;
  let wang = 0;
  let zhao = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => now });
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    wang = await insertPerson(ctx.database, fx.orgs.a1a, { name: '王建华', joinDate: '2015-07-01' });
    zhao = await insertPerson(ctx.database, fx.orgs.a1a, { name: '赵红梅', joinDate: '2015-07-01' });
    for (const personId of [wang, zhao]) {
      const res = await post(branch, '/api/dues/bases', { personId, fromMonth: '2026-01', category: 'minimal' });
      assert.equal(res.statusCode, 200, res.body);
    }
  });
  after(() => app.close());

  const post = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const rowOf = async (personId: number) =>
    (await get(branch, `/api/dues?orgId=${fx.orgs.a1a.id}&year=2026`))
      .json()
      .members.find((m: { personId: number }) => m.personId === personId);

  test('quarterly needs the branch consent date; a proxy needs a name; nothing is written when refused', async () => {
    const noConsent = await post(branch, '/api/dues/arrangements', {
      personId: wang,
      fromMonth: '2026-01',
      kind: 'quarterly',
    });
    assert.equal(noConsent.statusCode, 400, noConsent.body);
    assert.match(noConsent.json().error.message, /“按季度交纳”须经党支部同意，请填写支部同意的日期/);
    const noName = await post(branch, '/api/dues/arrangements', {
      personId: zhao,
      fromMonth: '2026-01',
      kind: 'proxy',
      consentOn: '2025-12-20',
    });
    assert.equal(noName.statusCode, 400);
    assert.match(noName.json().error.message, /委托代缴请填写代缴人姓名/);
    const future = await post(branch, '/api/dues/arrangements', {
      personId: wang,
      fromMonth: '2026-01',
      kind: 'quarterly',
      consentOn: '2026-09-11',
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().error.message, /支部同意日期 2026-09-11 不能晚于今天/);
    const n = await sql<{ n: number }>`select count(*)::int as n from dues_arrangement`.execute(ctx.database.db);
    assert.equal(n.rows[0]!.n, 0);
    const foreign = await post(other, '/api/dues/arrangements', {
      personId: wang,
      fromMonth: '2026-01',
      kind: 'quarterly',
      consentOn: '2025-12-20',
    });
    assert.ok([403, 404].includes(foreign.statusCode), foreign.body);
  });

  test('a quarterly payer owes the months of quarters ended only: on 10 September, January–June', async () => {
    const before = await rowOf(wang);
    assert.deepEqual([before.unpaidCount, before.runToDate, before.lapse], [8, 8, true], 'monthly: January–August');
    const res = await post(branch, '/api/dues/arrangements', {
      personId: wang,
      fromMonth: '2026-01',
      kind: 'quarterly',
      consentOn: '2025-12-20',
      note: '支委会研究同意按季度交纳',
    });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual(r.arrangement, {
      kind: 'quarterly',
      fromMonth: '2026-01',
      proxyName: null,
      consentOn: '2025-12-20',
    });
    assert.deepEqual([r.unpaidCount, r.runToDate, r.lapse], [6, 6, true]);
    assert.deepEqual(
      r.months.slice(5, 9).map((m: { status: string }) => m.status),
      ['unpaid', 'notDue', 'notDue', 'notDue'],
      'July and August wait for the end of September',
    );
    const paid = await post(branch, '/api/dues/payments', {
      personId: wang,
      months: ['2026-04', '2026-05', '2026-06'],
      paidOn: '2026-07-02',
    });
    assert.equal(paid.statusCode, 200, paid.body);
    assert.deepEqual([paid.json().unpaidCount, paid.json().runToDate, paid.json().lapse], [3, 0, false]);
  });

  test('by proxy: the proxy is written on each payment unless another is named', async () => {
    const res = await post(branch, '/api/dues/arrangements', {
      personId: zhao,
      fromMonth: '2026-03',
      kind: 'proxy',
      proxyName: '赵大山',
      consentOn: '2026-02-25',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().arrangement.proxyName, '赵大山');
    assert.equal(
      (await post(branch, '/api/dues/payments', { personId: zhao, months: ['2026-03'], paidOn: '2026-03-30' }))
        .statusCode,
      200,
    );
    assert.equal(
      (
        await post(branch, '/api/dues/payments', {
          personId: zhao,
          months: ['2026-04'],
          paidOn: '2026-04-30',
          proxyName: '赵小川',
        })
      ).statusCode,
      200,
    );
    assert.equal(
      (
        await post(branch, '/api/dues/payments', {
          personId: zhao,
          months: ['2026-02'],
          paidOn: '2026-03-30',
          note: '补登记',
        })
      ).statusCode,
      200,
    );
    const list = (await get(branch, `/api/dues/payments?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    const mine = list.items
      .filter((i: { personId: number }) => i.personId === zhao)
      .map((i: { month: string; proxyName: string | null }) => [i.month, i.proxyName])
      .sort();
    assert.deepEqual(mine, [
      ['2026-02', null],
      ['2026-03', '赵大山'],
      ['2026-04', '赵小川'],
    ]);
  });

  test('extra payments: 999.99 stays, 1000 and 1000.01 go to the centre, marked and summed apart', async () => {
    for (const amount of [999.99, 1000, 1000.01]) {
      const res = await post(branch, '/api/dues/extras', { personId: zhao, amount, paidOn: '2026-07-01' });
      assert.equal(res.statusCode, 200, res.body);
    }
    const list = (await get(branch, `/api/dues/payments?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    const extras = list.items
      .filter((i: { extra: boolean }) => i.extra)
      .map((i: { amount: number; toCentre: boolean; month: string | null }) => [i.amount, i.toCentre, i.month])
      .sort((a: number[], b: number[]) => a[0]! - b[0]!);
    assert.deepEqual(extras, [
      [999.99, false, null],
      [1000, true, null],
      [1000.01, true, null],
    ]);
    const report = (await get(branch, `/api/dues?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    assert.equal(report.totals.extraThisYear, 999.99);
    assert.equal(report.totals.toCentreThisYear, 2000.01);
    assert.equal(report.totals.paidThisYear, 1.2, 'monthly dues only: the extras are not months');
    const zhaoRow = report.members.find((m: { personId: number }) => m.personId === zhao);
    assert.equal(zhaoRow.months.filter((m: { status: string }) => m.status === 'paid').length, 3);
    // The town above sums its subtree the same way.
    const district = await loginAs(app, fx.users.aAdmin.username);
    const town = (await get(district, `/api/dues?orgId=${fx.orgs.a1.id}&year=2026`)).json();
    assert.deepEqual([town.totals.extraThisYear, town.totals.toCentreThisYear], [999.99, 2000.01]);

    // A mistaken one is voided like any payment; the sums follow.
    const big = list.items.find((i: { amount: number }) => i.amount === 1000.01);
    const voided = await post(branch, `/api/dues/payments/${big.id}/void`, { reason: '金额登记错误' });
    assert.equal(voided.statusCode, 200, voided.body);
    const after = (await get(branch, `/api/dues?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    assert.equal(after.totals.toCentreThisYear, 1000);
    const again = (await get(branch, `/api/dues/payments?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    assert.equal(again.items.find((i: { id: number }) => i.id === big.id).voided, true);

    const zero = await post(branch, '/api/dues/extras', { personId: zhao, amount: 0, paidOn: '2026-07-01' });
    assert.equal(zero.statusCode, 400);
    const future = await post(branch, '/api/dues/extras', { personId: zhao, amount: 5, paidOn: '2026-09-11' });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().error.message, /交纳日期 2026-09-11 不能晚于今天/);
    const foreign = await post(other, '/api/dues/extras', { personId: zhao, amount: 5, paidOn: '2026-07-01' });
    assert.ok([403, 404].includes(foreign.statusCode));
    assert.ok([403, 404].includes((await get(other, `/api/dues/payments?orgId=${fx.orgs.a1a.id}`)).statusCode));
  });
});
