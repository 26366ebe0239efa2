import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, loginAs } from '../../test/factories.ts';

describeOnEngines('account management', (ctx) => {
  let app: App;
  let fx: Fixture;
  let aAdmin: string;
  before(async () => {
    fx = await buildFixture(ctx.database);
    // many logins from one address in a few seconds: the per-address limit is tested in auth.routes.test.ts
    app = await buildApp({ database: ctx.database, loginRatePerMinute: 1000 });
    aAdmin = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  const send = (cookie: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
    app.inject({ method, url, headers: { cookie }, payload });

  test('an organisation administrator creates a secretary account inside the subtree, who can then log in', async () => {
    const res = await send(aAdmin, 'POST', '/api/users', {
      username: `sec-${ctx.engine}`,
      displayName: '甲一镇书记',
      role: 'secretary',
      orgId: fx.orgs.a1.id,
      password: 'Secret-Pine-417',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().orgName, '甲一镇党委');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: `sec-${ctx.engine}`, password: 'Secret-Pine-417' },
    });
    assert.equal(login.statusCode, 200);
  });

  test('the accounts a page at a time: the cursor pages give the unpaged list in order, once each', async () => {
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: aAdmin } });
    const all = (await get('/api/users')).json() as { id: number }[];
    assert.ok(all.length >= 3, `${all.length} accounts in the fixture's district`);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/users/paged?pageSize=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { items: { id: number }[]; total: number; nextCursor: string | null };
      assert.equal(body.total, all.length);
      seen.push(...body.items.map((u) => u.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    assert.deepEqual(
      seen,
      all.map((u) => u.id),
    );
    // The second page by number is the same as by cursor.
    const byNumber = (await get('/api/users/paged?pageSize=2&page=2')).json() as { items: { id: number }[] };
    assert.deepEqual(
      byNumber.items.map((u) => u.id),
      all.slice(2, 4).map((u) => u.id),
    );
    const forged = await get('/api/users/paged?cursor=abc.def');
    assert.equal(forged.statusCode, 400);
    const filtered = (await get(`/api/users/paged?orgId=${fx.orgs.a1.id}`)).json() as { items: { orgId: number }[] };
    assert.ok(filtered.items.every((u) => u.orgId !== fx.orgs.a.id));
  });

  test("cannot grant a role above one's own", async () => {
    const res = await send(aAdmin, 'POST', '/api/users', {
      username: `boss-${ctx.engine}`,
      displayName: '越权',
      role: 'sysadmin',
      orgId: fx.orgs.a1.id,
      password: 'Secret-Pine-417',
    });
    assert.equal(res.statusCode, 403);
  });

  test("a 党员 account must be linked to the member's own record in that organisation", async () => {
    const missing = await send(aAdmin, 'POST', '/api/users', {
      username: `m1-${ctx.engine}`,
      displayName: '党员',
      role: 'member',
      orgId: fx.orgs.a1a.id,
      password: 'Secret-Pine-417',
    });
    assert.equal(missing.statusCode, 400);
    const elsewhere = await send(aAdmin, 'POST', '/api/users', {
      username: `m2-${ctx.engine}`,
      displayName: '党员',
      role: 'member',
      orgId: fx.orgs.a1.id,
      personId: fx.people.a1aFull,
      password: 'Secret-Pine-417',
    });
    assert.equal(elsewhere.statusCode, 400);
    const ok = await send(aAdmin, 'POST', '/api/users', {
      username: `m3-${ctx.engine}`,
      displayName: '王小明',
      role: 'member',
      orgId: fx.orgs.a1a.id,
      personId: fx.people.a1aProbationary,
      password: 'Secret-Pine-417',
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('duplicate usernames and weak passwords are refused with a Chinese message', async () => {
    const dup = await send(aAdmin, 'POST', '/api/users', {
      username: fx.users.aSecretary.username,
      displayName: 'x',
      role: 'secretary',
      orgId: fx.orgs.a1a.id,
      password: 'Secret-Pine-417',
    });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.json().error.message, /已被使用/);
    const weak = await send(aAdmin, 'POST', '/api/users', {
      username: `weak-${ctx.engine}`,
      displayName: 'x',
      role: 'secretary',
      orgId: fx.orgs.a1a.id,
      password: 'abcdefghij',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.json().error.message, /字母和数字/);
    const common = await send(aAdmin, 'POST', '/api/users', {
      username: `common-${ctx.engine}`,
      displayName: 'x',
      role: 'secretary',
      orgId: fx.orgs.a1a.id,
      password: 'password123',
    });
    assert.equal(common.statusCode, 400);
    assert.match(common.json().error.message, /^密码太常见，容易被猜到/);
    assert.equal(common.json().error.details.field, 'password');
    const ownName = await send(aAdmin, 'POST', '/api/users', {
      username: `zhangsan-${ctx.engine}`,
      displayName: '张三',
      role: 'secretary',
      orgId: fx.orgs.a1a.id,
      password: `zhangsan-${ctx.engine}1`,
    });
    assert.equal(ownName.statusCode, 400);
    assert.match(ownName.json().error.message, /用户名、姓名/);
  });

  const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const userRow = async (id: number) =>
    (await get(aAdmin, `/api/users?orgId=${fx.orgs.a.id}`)).json().find((u: { id: number }) => u.id === id);

  test('disabling an account ends its sessions; resetting the password lifts its login delays', async () => {
    const secCookie = await loginAs(app, fx.users.aSecretary.username);
    const off = await send(aAdmin, 'PATCH', `/api/users/${fx.users.aSecretary.id}`, { disabled: true });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal((await get(secCookie, '/api/auth/me')).statusCode, 401);
    for (let i = 0; i < 5; i++) await login(fx.users.aSecretary.username, 'not-the-password-1');
    assert.equal((await login(fx.users.aSecretary.username, FIXTURE_PASSWORD)).statusCode, 429);
    assert.equal((await userRow(fx.users.aSecretary.id)).locked, true);
    const on = await send(aAdmin, 'PATCH', `/api/users/${fx.users.aSecretary.id}`, {
      disabled: false,
      password: 'Reset-Heron-2026',
    });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().locked, false);
    assert.equal(on.json().mustChangePassword, true);
    const fresh = await login(fx.users.aSecretary.username, 'Reset-Heron-2026');
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal(fresh.json().mustChangePassword, true);
    assert.equal((await login(fx.users.aSecretary.username, FIXTURE_PASSWORD)).statusCode, 401);
  });

  test('unlock lifts the login delays of a username from every address', async () => {
    const username = fx.users.bAdmin.username;
    for (const addr of ['10.0.0.7', '10.0.0.8']) {
      for (let i = 0; i < 5; i++) await login(username, 'not-the-password-1', addr);
      assert.equal((await login(username, FIXTURE_PASSWORD, addr)).statusCode, 429);
    }
    const admin = await loginAs(app, fx.users.admin.username);
    const listed = (await get(admin, `/api/users?orgId=${fx.orgs.b.id}`)).json();
    assert.equal(listed.find((u: { id: number }) => u.id === fx.users.bAdmin.id).locked, true);
    const res = await send(admin, 'PATCH', `/api/users/${fx.users.bAdmin.id}`, { unlock: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().locked, false);
    assert.equal(res.json().mustChangePassword, false);
    for (const addr of ['10.0.0.7', '10.0.0.8']) {
      assert.equal((await login(username, FIXTURE_PASSWORD, addr)).statusCode, 200);
    }
  });

  test('an account an administrator creates must change its initial password before anything else', async () => {
    const username = `first-${ctx.engine}`;
    const created = await send(aAdmin, 'POST', '/api/users', {
      username,
      displayName: '首次登录',
      role: 'secretary',
      orgId: fx.orgs.a1.id,
      password: 'Amber-Fox-4419',
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().mustChangePassword, true);
    const cookie = await loginAs(app, username, 'Amber-Fox-4419');
    const me = await get(cookie, '/api/auth/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().mustChangePassword, true);
    for (const url of ['/api/orgs/root', `/api/members?orgId=${fx.orgs.a1.id}`, '/api/tasks']) {
      const refused = await get(cookie, url);
      assert.equal(refused.statusCode, 403, url);
      assert.equal(refused.json().error.code, 'PASSWORD_CHANGE_REQUIRED');
      assert.match(refused.json().error.message, /修改初始密码/);
    }
    const ownPatch = await send(cookie, 'PATCH', `/api/users/${created.json().id}`, { displayName: '改名' });
    assert.equal(ownPatch.statusCode, 403);
    const changed = await send(cookie, 'POST', '/api/auth/password', {
      currentPassword: 'Amber-Fox-4419',
      newPassword: 'Quiet-Harbor-88',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((await get(cookie, '/api/auth/me')).json().mustChangePassword, false);
    assert.equal((await get(cookie, '/api/orgs/root')).statusCode, 200);
    const out = await send(cookie, 'POST', '/api/auth/logout', {});
    assert.equal(out.statusCode, 200);
  });

  test('an account that must change its password may still log out', async () => {
    const username = `leave-${ctx.engine}`;
    await send(aAdmin, 'POST', '/api/users', {
      username,
      displayName: '先退出',
      role: 'secretary',
      orgId: fx.orgs.a1.id,
      password: 'Amber-Fox-4419',
    });
    const cookie = await loginAs(app, username, 'Amber-Fox-4419');
    assert.equal((await send(cookie, 'POST', '/api/auth/logout', {})).statusCode, 200);
    assert.equal((await get(cookie, '/api/auth/me')).statusCode, 401);
  });

  test("changing one's own password through the users route needs the current password", async () => {
    const mine = await loginAs(app, fx.users.aAdmin.username);
    const other = await loginAs(app, fx.users.aAdmin.username);
    const url = `/api/users/${fx.users.aAdmin.id}`;
    const without = await send(mine, 'PATCH', url, { password: 'River-Stone-559' });
    assert.equal(without.statusCode, 400);
    assert.equal(without.json().error.details.field, 'currentPassword');
    assert.match(without.json().error.message, /当前密码/);
    const wrong = await send(mine, 'PATCH', url, { password: 'River-Stone-559', currentPassword: 'not-it-at-all' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.message, '当前密码不正确');
    assert.equal((await login(fx.users.aAdmin.username, 'River-Stone-559')).statusCode, 401, 'unchanged');
    const weak = await send(mine, 'PATCH', url, { password: 'a-admin-2026', currentPassword: FIXTURE_PASSWORD });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.json().error.message, /容易被猜到/);
    const ok = await send(mine, 'PATCH', url, { password: 'River-Stone-559', currentPassword: FIXTURE_PASSWORD });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().mustChangePassword, false, 'one’s own choice is not a one-time password');
    assert.equal((await get(mine, '/api/auth/me')).statusCode, 200, 'this session stays');
    assert.equal((await get(other, '/api/auth/me')).statusCode, 401, 'the other sessions end');
    assert.equal((await login(fx.users.aAdmin.username, 'River-Stone-559')).statusCode, 200);
    // the audit row names the change but holds neither password
    const rows = await ctx.database.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'user.update')
      .where('entity_id', '=', String(fx.users.aAdmin.id))
      .execute();
    const text = JSON.stringify(rows);
    assert.ok(!text.includes('River-Stone-559') && !text.includes(FIXTURE_PASSWORD), text);
    aAdmin = await loginAs(app, fx.users.aAdmin.username, 'River-Stone-559');
  });

  test('wrong current passwords count toward the login delays of the username', async () => {
    const cookie = await loginAs(app, fx.users.aMember.username);
    const url = `/api/users/${fx.users.aMember.id}`;
    // a 党员 has no user:manage: the password route is theirs
    for (let i = 0; i < 4; i++) {
      const res = await send(cookie, 'POST', '/api/auth/password', {
        currentPassword: `wrong-${i}-password`,
        newPassword: 'Kite-Morning-62',
      });
      assert.equal(res.statusCode, 400);
    }
    const fifth = await send(cookie, 'POST', '/api/auth/password', {
      currentPassword: 'wrong-5-password',
      newPassword: 'Kite-Morning-62',
    });
    assert.equal(fifth.statusCode, 429);
    assert.equal(fifth.json().error.code, 'LOGIN_DELAYED');
    assert.ok(Number(fifth.headers['retry-after']) > 0);
    const right = await send(cookie, 'POST', '/api/auth/password', {
      currentPassword: FIXTURE_PASSWORD,
      newPassword: 'Kite-Morning-62',
    });
    assert.equal(right.statusCode, 429, 'during the delay even the right password is not read');
    assert.equal((await login(fx.users.aMember.username, FIXTURE_PASSWORD)).statusCode, 429, 'and no login either');
    assert.equal((await send(cookie, 'PATCH', url, { displayName: 'x' })).statusCode, 403);
  });

  test('an administrator cannot demote or disable their own account', async () => {
    const res = await send(aAdmin, 'PATCH', `/api/users/${fx.users.aAdmin.id}`, { role: 'secretary' });
    assert.equal(res.statusCode, 403);
  });
});
