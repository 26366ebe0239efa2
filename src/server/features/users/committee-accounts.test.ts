import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { BulkAccountsPlan } from '../../../contracts/users.ts';
import type { PositionTitle } from '../../../domain/org/vocab.ts';
import { type App, buildApp } from '../../app.ts';
import { verifyPassword } from '../../auth/password.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs, type OrgRef } from '../../test/factories.ts';
import { generateInitialPassword } from './committee-accounts.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOW = new Date('2026-11-23T02:00:00Z');

async function sheetRows(data: Buffer, sheet: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet);
  assert.ok(ws, `sheet ${sheet}`);
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return out;
}

describeOnEngines('批量开通书记账号 (POST /api/users/bulk-secretaries)', (ctx) => {
  let app: App;
  let fx: Fixture;
  let aAdmin: string;
  let people: { zhou: number; wu: number; gone: number };

  const appoint = (org: OrgRef, personId: number, title: PositionTitle, endedOn: string | null = null) =>
    ctx.database.db
      .insertInto('org_position')
      .values({
        org_id: org.id,
        person_id: personId,
        title,
        portfolio: null,
        started_on: '2024-01-10',
        ended_on: endedOn,
      })
      .execute();

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => NOW, loginRatePerMinute: 1000 });
    aAdmin = await loginAs(app, fx.users.aAdmin.username);
    // 甲一镇党委: 书记 周明. 甲一村党支部: 书记 李秀英 (has the account a-sec), 组织委员 吴芳, a former 组织委员.
    people = {
      zhou: await insertPerson(ctx.database, fx.orgs.a1, { name: '周明' }),
      wu: await insertPerson(ctx.database, fx.orgs.a1a, { name: '吴芳', gender: 'female' }),
      gone: await insertPerson(ctx.database, fx.orgs.a1a, { name: '郑离任' }),
    };
    await appoint(fx.orgs.a1, people.zhou, 'secretary');
    await appoint(fx.orgs.a1a, people.wu, 'organization');
    await appoint(fx.orgs.a1a, people.gone, 'organization', '2025-06-30');
  });
  after(() => app.close());

  const bulk = (cookie: string, payload: object) =>
    app.inject({ method: 'POST', url: '/api/users/bulk-secretaries', headers: { cookie }, payload });
  const accountCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from app_user`.execute(ctx.database.db)).rows[0]!.n;

  test('the dry run lists who gets an account and who is skipped, and writes nothing', async () => {
    const before = await accountCount();
    const res = await bulk(aAdmin, { orgId: fx.orgs.a.id, dryRun: true });
    assert.equal(res.statusCode, 200, res.body);
    const plan = res.json() as BulkAccountsPlan;
    assert.deepEqual([plan.toCreate, plan.skipped], [1, 1]);
    assert.deepEqual(
      plan.rows.map((r) => [r.orgCode, r.personName, r.post, r.action, r.reason, r.username]),
      [
        [fx.orgs.a1.code, '周明', 'secretary', 'create', null, 'a1-shuji'],
        [fx.orgs.a1a.code, '李秀英', 'secretary', 'skip', 'has_account', fx.users.aSecretary.username],
      ],
    );
    const withOrganisers = (await bulk(aAdmin, { orgId: fx.orgs.a.id, includeOrganisers: true, dryRun: true })).json();
    assert.equal(withOrganisers.toCreate, 2, 'the former 组织委员 is not counted');
    assert.equal(await accountCount(), before);
  });

  test('the accounts are created with must-change passwords, handed out once as .xlsx, and audited without them', async () => {
    const before = await accountCount();
    // As the web client sends it: with an idempotency key (whose answers are kept for replay, unless streamed).
    const res = await app.inject({
      method: 'POST',
      url: '/api/users/bulk-secretaries',
      headers: { cookie: aAdmin, 'idempotency-key': `bulk-${ctx.engine}-0001` },
      payload: { orgId: fx.orgs.a.id, includeOrganisers: true },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], XLSX);
    assert.match(String(res.headers['content-disposition']), /^attachment;/);
    assert.ok(
      String(res.headers['content-disposition']).includes(encodeURIComponent('书记账号初始密码-甲区委-20261123.xlsx')),
    );
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['x-accounts-created'], '2');

    const rows = await sheetRows(res.rawPayload, '初始密码');
    assert.deepEqual(rows[0], ['组织编码', '组织名称', '姓名', '职务', '用户名', '初始密码']);
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(0, 5)),
      [
        [fx.orgs.a1.code, '甲一镇党委', '周明', '书记', 'a1-shuji'],
        [fx.orgs.a1a.code, '甲一村党支部', '吴芳', '组织委员', 'a1a-zuzhi'],
      ],
    );
    const skipped = await sheetRows(res.rawPayload, '未开通');
    assert.deepEqual(skipped.slice(1), [
      [fx.orgs.a1a.code, '甲一村党支部', '李秀英', '书记', '已有账号', fx.users.aSecretary.username],
    ]);
    assert.equal(await accountCount(), before + 2);

    for (const [, orgName, personName, , username, password] of rows.slice(1) as string[][]) {
      const user = await ctx.database.db
        .selectFrom('app_user as u')
        .innerJoin('org as o', 'o.id', 'u.org_id')
        .select(['u.role', 'o.name', 'u.person_id', 'u.display_name', 'u.must_change_password', 'u.password_hash'])
        .where('u.username', '=', username!)
        .executeTakeFirstOrThrow();
      assert.equal(user.role, 'secretary');
      assert.equal(user.name, orgName);
      assert.equal(user.display_name, personName);
      assert.equal(user.must_change_password, true);
      assert.equal(user.person_id, personName === '周明' ? people.zhou : people.wu);
      assert.ok(!user.password_hash.includes(password!), 'only the hash is stored');
      assert.ok(await verifyPassword(password!, user.password_hash));
      // The first login works and says the password must be changed before anything else.
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      assert.equal(login.statusCode, 200, login.body);
      assert.equal(login.json().mustChangePassword, true);
    }

    const log = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.bulk_create')
      .executeTakeFirstOrThrow();
    assert.equal(log.org_id, fx.orgs.a.id);
    assert.equal(log.actor_id, fx.users.aAdmin.id);
    assert.deepEqual(log.after, {
      orgCode: fx.orgs.a.code,
      includeOrganisers: true,
      created: 2,
      skipped: 1,
      usernames: ['a1-shuji', 'a1a-zuzhi'],
    });
    const text = JSON.stringify(log);
    for (const r of rows.slice(1)) assert.ok(!text.includes(r[5]!), 'no password in the audit log');
    // Nor kept as an idempotent answer: the workbook is streamed, and a streamed answer is not stored.
    const { rows: kept } = await sql<{ n: number }>`
      select count(*)::int as n from idempotency_key where body is not null and key = ${`bulk-${ctx.engine}-0001`}`.execute(
      ctx.database.db,
    );
    assert.equal(kept[0]!.n, 0);
  });

  test('a second run creates none: everyone it would open has an account', async () => {
    const before = await accountCount();
    const audits = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(ctx.database.db))
      .rows[0]!.n;
    const plan = (await bulk(aAdmin, { orgId: fx.orgs.a.id, includeOrganisers: true, dryRun: true })).json();
    assert.deepEqual([plan.toCreate, plan.skipped], [0, 3]);
    assert.ok(plan.rows.every((r: { reason: string }) => r.reason === 'has_account'));
    const res = await bulk(aAdmin, { orgId: fx.orgs.a.id, includeOrganisers: true });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-accounts-created'], '0');
    assert.deepEqual((await sheetRows(res.rawPayload, '初始密码')).length, 1, 'the header alone');
    assert.equal(await accountCount(), before);
    const after = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(ctx.database.db)).rows[0]!
      .n;
    assert.equal(after, audits, 'nothing opened, nothing audited');
  });

  test('another subtree is not found, a secretary may not, and the other administrator opens their own', async () => {
    const before = await accountCount();
    const other = await bulk(aAdmin, { orgId: fx.orgs.b.id });
    assert.equal(other.statusCode, 404, other.body);
    const otherDry = await bulk(aAdmin, { orgId: fx.orgs.b1a.id, dryRun: true });
    assert.equal(otherDry.statusCode, 404);
    const aSec = await loginAs(app, fx.users.aSecretary.username);
    const sec = await bulk(aSec, { orgId: fx.orgs.a1a.id, dryRun: true });
    assert.equal(sec.statusCode, 403);
    assert.equal(await accountCount(), before);

    const bAdmin = await loginAs(app, fx.users.bAdmin.username);
    const own = await bulk(bAdmin, { orgId: fx.orgs.b.id });
    assert.equal(own.statusCode, 200, own.body);
    const rows = await sheetRows(own.rawPayload, '初始密码');
    assert.deepEqual(
      rows.slice(1).map((r) => [r[2], r[4]]),
      [['钱文静', 'b1a-shuji']],
    );
  });
});

test('initial passwords: 12 characters without look-alikes, letters and digits, drawn afresh each time', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const p = generateInitialPassword(['a1a-shuji', '李秀英']);
    assert.match(p, /^[a-hjkmnp-zA-HJ-NP-Z2-9]{12}$/);
    assert.match(p, /[A-Za-z]/);
    assert.match(p, /\d/);
    seen.add(p);
  }
  assert.equal(seen.size, 50);
});
