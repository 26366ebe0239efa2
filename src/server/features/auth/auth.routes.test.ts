import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, loginAs } from '../../test/factories.ts';

describeOnEngines('accounts and sessions', (ctx) => {
  let app: App;
  let fx: Fixture;
  let now = new Date('2026-11-23T02:00:00Z');
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => now, sessionHours: 12 });
  });
  after(() => app.close());

  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  test('a correct password gives 200 and an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await login(fx.users.aAdmin.username, FIXTURE_PASSWORD);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().role, 'orgadmin');
    assert.equal(res.json().orgId, fx.orgs.a.id);
    const cookie = res.cookies.find((c) => c.name === 'luoshi_session')!;
    assert.ok(cookie.httpOnly);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.secure, undefined); // plain HTTP in tests; Secure is set behind TLS
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `luoshi_session=${cookie.value}` },
    });
    assert.equal(me.json().username, fx.users.aAdmin.username);
  });

  test('a wrong password answers 401 with a Chinese message; an unknown user the same', async () => {
    const wrong = await login(fx.users.bAdmin.username, 'not-the-password1');
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.json().error.message, '用户名或密码错误');
    const unknown = await login('nobody-here', 'whatever123');
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().error.message, '用户名或密码错误');
  });

  test('requests without a session answer 401', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/orgs/${fx.orgs.a.id}` });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  });

  test('five wrong passwords lock the account for 15 minutes, even against the right password', async () => {
    const user = fx.users.aSecretary.username;
    for (let i = 0; i < 4; i++) assert.equal((await login(user, 'wrong-pass1')).statusCode, 401);
    const fifth = await login(user, 'wrong-pass1');
    assert.equal(fifth.statusCode, 423);
    assert.equal(fifth.json().error.code, 'ACCOUNT_LOCKED');
    assert.equal((await login(user, FIXTURE_PASSWORD)).statusCode, 423);
    now = new Date(now.getTime() + 16 * 60_000);
    assert.equal((await login(user, FIXTURE_PASSWORD)).statusCode, 200);
  });

  test('logout ends the session', async () => {
    const cookie = await loginAs(app, fx.users.bAdmin.username);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    assert.equal(out.statusCode, 200);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  test('sessions expire after the configured hours', async () => {
    const cookie = await loginAs(app, fx.users.bAdmin.username);
    now = new Date(now.getTime() + 13 * 3600_000);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  test("changing one's password checks the current one and the policy, and ends the other sessions", async () => {
    const user = fx.users.admin.username;
    const mine = await loginAs(app, user);
    const other = await loginAs(app, user);
    const badCurrent = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: mine },
      payload: { currentPassword: 'nope-nope1', newPassword: 'NewPassw0rd' },
    });
    assert.equal(badCurrent.statusCode, 400);
    const weak = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: mine },
      payload: { currentPassword: FIXTURE_PASSWORD, newPassword: 'onlyletters' },
    });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.json().error.message, /字母和数字/);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: mine },
      payload: { currentPassword: FIXTURE_PASSWORD, newPassword: 'NewPassw0rd' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: mine } })).statusCode, 200);
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other } })).statusCode,
      401,
    );
    assert.equal((await login(user, 'NewPassw0rd')).statusCode, 200);
  });

  test('a role without the permission gets 403 (a 党员 cannot list the roster)', async () => {
    const cookie = await loginAs(app, fx.users.aMember.username);
    const res = await app.inject({ method: 'GET', url: '/api/members', headers: { cookie } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'FORBIDDEN');
    const own = await app.inject({ method: 'GET', url: '/api/me/profile', headers: { cookie } });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().id, fx.people.a1aFull);
  });
});
