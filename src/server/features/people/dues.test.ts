import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertPerson, loginAs, type OrgRef } from '../../test/factories.ts';

/**
 * Dues (党费) and transfers (组织关系转接) through the API: the amount from the pay (kept: the amount, never the pay),
 * payments by month with back-payment limits, voiding, arrears and the lapse flag; a transfer inside the platform
 * waits for the receiving branch (the member never in two branches or none), one out of it waits for the receipt,
 * refusals in Chinese, both ends scoped.
 */
describeOnEngines('people: dues and transfers', (ctx) => {
  let app: App;
  let fx: Fixture;
  let now = new Date('2026-09-10T02:00:00Z');
  let branch: string; // 甲一村 secretary
  let other: string; // 乙区 administrator
  let otherBranch: OrgRef;
  let otherSecretary: string;
  let zhang = 0;
  let li = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => now });
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    otherBranch = fx.orgs.b1a;
    otherSecretary = other;
    zhang = fx.people.a1aFull;
    li = await insertPerson(ctx.database, fx.orgs.a1a, { name: '李卫东', joinDate: '2020-07-01' });
    await insertOrg(ctx.database, fx.orgs.a1, { code: `DT-${fx.orgs.a1.id}`, name: '甲一镇党委', type: 'committee' });
  });
  after(() => app.close());

  const post = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  test('the amount by bracket: 5000.01 yuan a month in work pays 1.5%; the pay itself is not kept', async () => {
    const res = await post(branch, '/api/dues/bases', {
      personId: zhang,
      fromMonth: '2026-01',
      category: 'salaried',
      monthlyIncome: 5000.01,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      { amount: res.json().base.amount, rate: res.json().base.rate, rule: res.json().base.ruleId },
      { amount: 75, rate: 0.015, rule: 'dues.salaried' },
    );
    const kept = await sql<{ t: string }>`select row_to_json(b)::text as t from dues_base b`.execute(ctx.database.db);
    assert.ok(!kept.rows[0]!.t.includes('5000.01'), 'the pay is not stored');
    const audit = await sql<{
      t: string;
    }>`select coalesce(after::text, '') as t from audit_log where action = 'dues.base'`.execute(ctx.database.db);
    assert.ok(!audit.rows[0]!.t.includes('5000.01'), 'nor in the audit log');
    const farmer = await post(branch, '/api/dues/bases', {
      personId: li,
      fromMonth: '2026-01',
      category: 'farmer',
      amount: 2,
    });
    assert.equal(farmer.statusCode, 422);
    assert.match(farmer.json().error.message, /农民党员每月交纳党费 0.2 元至 1 元/);
  });

  test('payments by month; paid twice refused; more than 6 months back needs a note', async () => {
    const pay = await post(branch, '/api/dues/payments', {
      personId: zhang,
      months: ['2026-01', '2026-02'],
      paidOn: '2026-02-05',
      note: '年初已交，补登记',
    });
    assert.equal(pay.statusCode, 200, pay.body);
    const row = pay.json();
    assert.deepEqual(
      row.months.slice(0, 3).map((m: { status: string; amount: number | null }) => [m.status, m.amount]),
      [
        ['paid', 75],
        ['paid', 75],
        ['unpaid', null],
      ],
    );
    // On 2026-09-10 the months owed are Jan–Aug: Mar–Aug unpaid, six in a row: the lapse rule is flagged.
    assert.equal(row.unpaidCount, 6);
    assert.equal(row.runToDate, 6);
    assert.equal(row.lapse, true);
    const twice = await post(branch, '/api/dues/payments', {
      personId: zhang,
      months: ['2026-02'],
      paidOn: '2026-09-01',
    });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.json().error.message, /2026-02 的党费已登记/);
    // March is six months before September: fine; February would be seven (already paid anyway). Back to 2026-02 for Li:
    await post(branch, '/api/dues/bases', { personId: li, fromMonth: '2026-01', category: 'minimal' });
    const old = await post(branch, '/api/dues/payments', { personId: li, months: ['2026-02'], paidOn: '2026-09-10' });
    assert.equal(old.statusCode, 422);
    assert.match(old.json().error.message, /2026-02 已超过补交期限（一般不超过 6 个月）/);
    const noted = await post(branch, '/api/dues/payments', {
      personId: li,
      months: ['2026-02', '2026-03'],
      paidOn: '2026-09-10',
      note: '外出务工期间未能交纳，经支委会同意补交',
    });
    assert.equal(noted.statusCode, 200, noted.body);
    assert.equal(noted.json().months[1].amount, 0.2);
  });

  test('a mistaken payment is voided by a new row; the month is owed again', async () => {
    const before = (await get(branch, `/api/dues?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    const z = before.members.find((m: { personId: number }) => m.personId === zhang);
    const feb = z.months[1].paymentId as number;
    const voided = await post(branch, `/api/dues/payments/${feb}/void`, { reason: '重复登记' });
    assert.equal(voided.statusCode, 200, voided.body);
    assert.equal(voided.json().months[1].status, 'unpaid');
    const again = await post(branch, `/api/dues/payments/${feb}/void`, { reason: '重复登记' });
    assert.equal(again.statusCode, 409);
    assert.equal(
      Number((await sql<{ n: string }>`select count(*) as n from dues_payment`.execute(ctx.database.db)).rows[0]!.n),
      5,
      'four payments and the void row: nothing removed',
    );
    await assert.rejects(sql`delete from dues_payment`.execute(ctx.database.db));
  });

  test('a floating member: where, who manages them, contacts; lost contact six months after the last one', async () => {
    const start = await post(branch, '/api/floating', {
      personId: zhang,
      location: '广东省深圳市',
      leftOn: '2026-02-01',
      managingOutside: '深圳市某流动党员党支部',
    });
    assert.equal(start.statusCode, 201, start.body);
    const id = start.json().id as number;
    const contact = await post(branch, `/api/floating/${id}/contacts`, {
      contactedOn: '2026-03-10',
      channel: 'wechat',
      note: '在厂里上班',
    });
    assert.equal(contact.statusCode, 200, contact.body);
    const r = contact.json();
    // 2026-09-10 is six months after the last contact (the day of): lost contact, for the branch to act on.
    assert.deepEqual(
      [r.lastContactOn, r.lostContactOn, r.lostContact, r.awayLong],
      ['2026-03-10', '2026-09-10', true, true],
    );
    const flag = await sql<{ is_floating: boolean }>`select is_floating from person where id = ${zhang}`.execute(
      ctx.database.db,
    );
    assert.equal(flag.rows[0]!.is_floating, true);
    const twice = await post(branch, '/api/floating', { personId: zhang, location: '上海', leftOn: '2026-05-01' });
    assert.equal(twice.statusCode, 409);
    const early = await post(branch, `/api/floating/${id}/contacts`, { contactedOn: '2026-01-01', channel: 'phone' });
    assert.equal(early.statusCode, 422);
    assert.match(early.json().error.message, /应在外出日期 2026-02-01 之后、今天之前/);
    assert.ok([403, 404].includes((await get(other, `/api/floating?orgId=${fx.orgs.a1a.id}`)).statusCode));
    const back = await post(branch, `/api/floating/${id}/return`, { returnedOn: '2026-09-01' });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json().lostContact, false, 'a closed record flags nothing');
    const after = await sql<{ is_floating: boolean }>`select is_floating from person where id = ${zhang}`.execute(
      ctx.database.db,
    );
    assert.equal(after.rows[0]!.is_floating, false);
  });

  test('the town sees the members in arrears of its subtree, longest run first; another district sees nothing', async () => {
    const district = await loginAs(app, fx.users.aAdmin.username);
    const town = (await get(district, `/api/dues?orgId=${fx.orgs.a1.id}`)).json();
    assert.deepEqual(
      town.members.map((m: { name: string; runToDate: number; lapse: boolean }) => [m.name, m.runToDate, m.lapse]),
      [
        ['张海生', 7, true],
        ['李卫东', 5, false],
      ],
    );
    assert.equal(town.totals.lapse, 1);
    assert.equal(town.totals.paidThisYear, 75 + 0.2 + 0.2);
    const refused = await get(other, `/api/dues?orgId=${fx.orgs.a1a.id}`);
    assert.ok([403, 404].includes(refused.statusCode));
    const foreign = await post(other, '/api/dues/payments', {
      personId: zhang,
      months: ['2026-09'],
      paidOn: '2026-09-10',
      amount: 1,
    });
    assert.ok([403, 404].includes(foreign.statusCode), foreign.body);
  });

  test('inside the platform: the member stays until the receiving branch accepts; never in two or none', async () => {
    const res = await post(branch, '/api/transfers', {
      personId: li,
      kind: 'internal',
      toOrgCode: otherBranch.code,
      reason: '工作调动到乙区',
    });
    assert.equal(res.statusCode, 201, res.body);
    const t = res.json();
    assert.equal(t.state, 'pending');
    assert.equal(t.dueOn, '2026-12-10', 'a letter is valid three months');
    assert.deepEqual(t.allowed, ['cancel']);
    const twice = await post(branch, '/api/transfers', {
      personId: li,
      kind: 'out',
      outsideOrg: '某省某支部',
      letterNo: 'X2',
      reason: '重复',
    });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.json().error.message, /已有一项正在办理的组织关系转接/);
    const committee = await post(branch, '/api/transfers', {
      personId: zhang,
      kind: 'internal',
      toOrgCode: `DT-${fx.orgs.a1.id}`,
      reason: '调动',
    });
    assert.equal(committee.statusCode, 422);
    assert.match(committee.json().error.message, /是党委，党员组织关系应转入其下的党支部/);

    // Still in 甲一村 while pending; the receiving district sees the transfer and may accept it.
    const where = async () =>
      (await sql<{ org_id: number }>`select org_id from person where id = ${li}`.execute(ctx.database.db)).rows[0]!
        .org_id;
    assert.equal(await where(), fx.orgs.a1a.id);
    const seen = await get(otherSecretary, `/api/transfers?orgId=${fx.orgs.b.id}`);
    const mine = seen.json().find((x: { id: number }) => x.id === t.id);
    assert.deepEqual(mine.allowed, ['accept', 'reject']);
    const refuse = await post(branch, `/api/transfers/${t.id}/events`, { event: 'accept' });
    assert.equal(refuse.statusCode, 422);
    assert.match(refuse.json().error.message, /不能“接收”/);
    const accepted = await post(otherSecretary, `/api/transfers/${t.id}/events`, { event: 'accept', note: '已接收' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().state, 'completed');
    assert.equal(await where(), otherBranch.id);
    // Now outside 甲区: the branch no longer sees the member.
    const gone = await get(branch, `/api/members/${li}`);
    assert.equal(gone.statusCode, 404);
  });

  test('out of the platform: pending until the receipt; then transferred out; overdue after the letter runs out', async () => {
    const res = await post(branch, '/api/transfers', {
      personId: zhang,
      kind: 'out',
      outsideOrg: '某省某市某区某党支部',
      letterNo: '甲组转〔2026〕12号',
      reason: '随迁',
      crossProvince: true,
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().dueOn, '2027-03-10', 'six months across provinces');
    now = new Date('2027-03-11T02:00:00Z');
    branch = await loginAs(app, fx.users.aSecretary.username);
    const late = (await get(branch, `/api/transfers/${res.json().id}`)).json();
    assert.equal(late.overdue, true);
    assert.deepEqual(late.allowed, ['receipt', 'cancel']);
    const receipt = await post(branch, `/api/transfers/${res.json().id}/events`, {
      event: 'receipt',
      note: '回执已收到',
    });
    assert.equal(receipt.statusCode, 200, receipt.body);
    const status = await sql<{ status: string }>`select status from person where id = ${zhang}`.execute(
      ctx.database.db,
    );
    assert.equal(status.rows[0]!.status, 'transferred_out');
    assert.deepEqual(
      receipt.json().events.map((e: { event: string }) => e.event),
      ['issue', 'receipt'],
    );
  });
});
