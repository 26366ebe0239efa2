import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { DUMMY_HASH, hashCost, hashPassword, verifyPassword } from '../../auth/password.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, loginAs } from '../../test/factories.ts';

describeOnEngines('accounts and sessions', (ctx) => {
  let app: App;
  let fx: Fixture;
  let now = new Date('2026-11-23T02:00:00Z');
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  before(async () => {
    fx = await buildFixture(ctx.database);
    // Many tries from few addresses within seconds: the per-address request limit has its own test below.
    app = await buildApp({ database: ctx.database, now: () => now, sessionHours: 12, loginRatePerMinute: 10_000 });
  });
  after(() => app.close());

  const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  test('a correct password gives 200 and an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await login(fx.users.aAdmin.username, FIXTURE_PASSWORD);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().role, 'orgadmin');
    assert.equal(res.json().orgId, fx.orgs.a.id);
    assert.equal(res.json().mustChangePassword, false);
    const cookie = res.cookies.find((c) => c.name === 'luoshi_session')!;
    assert.ok(cookie.httpOnly);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.secure, undefined); // plain HTTP in tests; Secure is set behind TLS
    const me = await get(`luoshi_session=${cookie.value}`, '/api/auth/me');
    assert.equal(me.json().username, fx.users.aAdmin.username);
  });

  test('an unknown username and a known one with a wrong password answer alike, at the same scrypt cost', async () => {
    for (const username of [
      fx.users.bAdmin.username,
      'nobody-here',
      fx.users.bAdmin.username,
      'nobody-here',
      fx.users.bAdmin.username,
      'nobody-here',
    ]) {
      const res = await login(username, 'not-the-password1', '10.1.0.1');
      assert.equal(res.statusCode, 401);
      const { code, message, key } = res.json().error;
      assert.deepEqual(
        { code, message, key },
        { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', key: 'err.auth.invalid' },
      );
      assert.equal(res.headers['retry-after'], undefined);
    }
    // No timing oracle: an unknown username is checked against DUMMY_HASH, which must cost what a stored hash
    // costs (same N, r, p and key length). Compared by parameters, not by a clock, so it cannot flake.
    const stored = await ctx.database.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', fx.users.bAdmin.username)
      .executeTakeFirstOrThrow();
    assert.deepEqual(hashCost(DUMMY_HASH), hashCost(stored.password_hash));
    assert.deepEqual(hashCost(DUMMY_HASH), hashCost(await hashPassword('any-password-9')));
    assert.equal(await verifyPassword('not-the-password1', DUMMY_HASH), false);
  });

  test('requests without a session answer 401', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/orgs/${fx.orgs.a.id}` });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  });

  test('the 4th wrong password is free, the 5th delays the next try a minute (429, Retry-After), then it works', async () => {
    const user = fx.users.aSecretary.username;
    const addr = '10.2.0.1';
    for (let i = 0; i < 4; i++) assert.equal((await login(user, 'wrong-pass1', addr)).statusCode, 401);
    const fifth = await login(user, 'wrong-pass1', addr);
    assert.equal(fifth.statusCode, 429);
    assert.equal(fifth.json().error.code, 'LOGIN_DELAYED');
    assert.equal(fifth.headers['retry-after'], '60');
    assert.equal(fifth.json().error.message, '密码错误次数过多，请在 1 分钟后（10:01）再试，或联系管理员解除限制');
    assert.deepEqual(fifth.json().error.details, { retryAfterSeconds: 60, retryAt: '2026-11-23T02:01:00.000Z' });
    advance(30);
    const during = await login(user, FIXTURE_PASSWORD, addr);
    assert.equal(during.statusCode, 429, 'the right password is not read during the delay');
    assert.equal(during.headers['retry-after'], '30');
    advance(31);
    assert.equal((await login(user, FIXTURE_PASSWORD, addr)).statusCode, 200, 'no lock-out: after the delay it works');
    // the success cleared the count: the next wrong password is free again
    assert.equal((await login(user, 'wrong-pass1', addr)).statusCode, 401);
  });

  test('the delays grow (1, 2, 4 … minutes) up to 15 minutes, and a correct password after one still works', async () => {
    const user = fx.users.aMember.username;
    const addr = '10.3.0.1';
    for (let i = 0; i < 4; i++) await login(user, 'wrong-pass1', addr);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await login(user, 'wrong-pass1', addr);
      assert.equal(res.statusCode, 429);
      seen.push(String(res.headers['retry-after']));
      advance(Number(res.headers['retry-after']));
    }
    assert.deepEqual(seen, ['60', '120', '240', '480', '900', '900']);
    assert.equal((await login(user, FIXTURE_PASSWORD, addr)).statusCode, 200);
  });

  test("a stranger's wrong passwords do not keep the owner out: the delay holds for the stranger's address only", async () => {
    const user = fx.users.bAdmin.username;
    for (let i = 0; i < 5; i++) await login(user, 'guessing-1', '203.0.113.9');
    assert.equal((await login(user, FIXTURE_PASSWORD, '203.0.113.9')).statusCode, 429);
    assert.equal((await login(user, FIXTURE_PASSWORD, '10.4.0.1')).statusCode, 200);
  });

  test('an unknown username is delayed exactly like a known one (the delay tells nothing)', async () => {
    const answers = [];
    for (const user of [fx.users.admin.username, 'no-such-user']) {
      for (let i = 0; i < 4; i++) await login(user, 'guessing-1', '10.5.0.1');
      const res = await login(user, 'guessing-1', '10.5.0.1');
      // Every answer has its own request id; all the rest must be the same.
      const { requestId: _id, ...error } = res.json().error;
      answers.push({ status: res.statusCode, body: { error }, retryAfter: res.headers['retry-after'] });
    }
    assert.equal(answers[0]!.status, 429);
    assert.deepEqual(answers[0], answers[1]);
  });

  test('a wrong password more than an hour after the previous one starts the count afresh', async () => {
    const user = fx.users.admin.username;
    const addr = '10.6.0.1';
    for (let i = 0; i < 4; i++) await login(user, 'guessing-1', addr);
    advance(3601);
    assert.equal((await login(user, 'guessing-1', addr)).statusCode, 401, 'a fresh count: the first failure');
  });

  test('a disabled account says so only after the right password', async () => {
    const admin = await loginAs(app, fx.users.admin.username);
    const off = await app.inject({
      method: 'PATCH',
      url: `/api/users/${fx.users.bAdmin.id}`,
      headers: { cookie: admin },
      payload: { disabled: true },
    });
    assert.equal(off.statusCode, 200, off.body);
    const wrong = await login(fx.users.bAdmin.username, 'not-the-password1', '10.7.0.1');
    assert.equal(wrong.statusCode, 401);
    const { code, message, key } = wrong.json().error;
    assert.deepEqual(
      { code, message, key },
      { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', key: 'err.auth.invalid' },
    );
    const right = await login(fx.users.bAdmin.username, FIXTURE_PASSWORD, '10.7.0.1');
    assert.equal(right.statusCode, 403);
    assert.equal(right.json().error.code, 'ACCOUNT_DISABLED');
    assert.equal(right.json().error.message, '该账号已停用，请联系管理员');
    assert.equal(right.cookies.length, 0);
    await app.inject({
      method: 'PATCH',
      url: `/api/users/${fx.users.bAdmin.id}`,
      headers: { cookie: admin },
      payload: { disabled: false },
    });
  });

  test('logout ends the session', async () => {
    const cookie = await loginAs(app, fx.users.bAdmin.username);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    assert.equal(out.statusCode, 200);
    assert.equal((await get(cookie, '/api/auth/me')).statusCode, 401);
  });

  test('sessions expire after the configured hours', async () => {
    const cookie = await loginAs(app, fx.users.bAdmin.username);
    advance(13 * 3600);
    assert.equal((await get(cookie, '/api/auth/me')).statusCode, 401);
  });

  test("changing one's password checks the current one and the policy, and ends the other sessions", async () => {
    const user = fx.users.admin.username;
    const mine = await loginAs(app, user);
    const other = await loginAs(app, user);
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: mine },
        payload: { currentPassword, newPassword },
      });
    const badCurrent = await change('nope-nope1', 'Lantern-Maple-73');
    assert.equal(badCurrent.statusCode, 400);
    assert.equal(badCurrent.json().error.message, '当前密码不正确');
    const letters = await change(FIXTURE_PASSWORD, 'onlyletters');
    assert.equal(letters.statusCode, 400);
    assert.match(letters.json().error.message, /字母和数字/);
    const common = await change(FIXTURE_PASSWORD, 'Password2026');
    assert.equal(common.statusCode, 400);
    assert.match(common.json().error.message, /^密码太常见，容易被猜到/);
    assert.equal(common.json().error.details.field, 'newPassword');
    const ok = await change(FIXTURE_PASSWORD, 'Lantern-Maple-73');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await get(mine, '/api/auth/me')).statusCode, 200);
    assert.equal((await get(other, '/api/auth/me')).statusCode, 401);
    assert.equal((await login(user, 'Lantern-Maple-73')).statusCode, 200);
  });

  test('a role without the permission gets 403 (a 党员 cannot list the roster)', async () => {
    const cookie = await loginAs(app, fx.users.aMember.username);
    const res = await get(cookie, '/api/members');
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'FORBIDDEN');
    const own = await get(cookie, '/api/me/profile');
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().id, fx.people.a1aFull);
  });

  test('the authentication log holds every login, failure, delay, logout and password change, for the system administrator', async () => {
    const admin = await loginAs(app, fx.users.admin.username, 'Lantern-Maple-73');
    const events = async (query: string) => {
      const res = await get(admin, `/api/auth/events?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { items: Record<string, unknown>[]; total: number };
    };
    const sec = await events(`username=${fx.users.aSecretary.username}&pageSize=200`);
    const outcomes = sec.items.map((e) => e.outcome);
    for (const o of ['ok', 'bad_password', 'throttled']) assert.ok(outcomes.includes(o), `${o} in ${outcomes}`);
    const delayed = sec.items.find((e) => e.outcome === 'bad_password' && e.retryAt !== null)!;
    assert.equal(delayed.clientAddr, '10.2.0.1');
    assert.equal(delayed.userId, fx.users.aSecretary.id);
    assert.equal(delayed.kind, 'login');
    const unknown = await events('username=nobody-here');
    assert.equal(unknown.total, 3);
    assert.deepEqual(
      { ...unknown.items[0], id: undefined, at: undefined },
      {
        id: undefined,
        at: undefined,
        kind: 'login',
        outcome: 'unknown_user',
        username: 'nobody-here',
        userId: null,
        clientAddr: '10.1.0.1',
        retryAt: null,
      },
    );
    const b = await events(`username=${fx.users.bAdmin.username}&pageSize=200`);
    assert.ok(b.items.some((e) => e.kind === 'logout' && e.outcome === 'ok'));
    assert.ok(b.items.some((e) => e.outcome === 'disabled'));
    const changes = await events(`username=${fx.users.admin.username}&pageSize=200`);
    assert.ok(changes.items.some((e) => e.kind === 'password_change' && e.outcome === 'ok'));
    assert.ok(changes.items.some((e) => e.kind === 'password_change' && e.outcome === 'bad_password'));
    const paged = await events('pageSize=2&page=2');
    assert.equal(paged.items.length, 2);
    assert.ok(paged.total > 20);
    // newest first
    const first = await events('pageSize=5');
    const times = first.items.map((e) => String(e.at));
    assert.deepEqual([...times].sort().reverse(), times);
    for (const role of ['aAdmin', 'aSecretary'] as const) {
      const cookie = await loginAs(app, fx.users[role].username);
      const res = await get(cookie, '/api/auth/events');
      assert.equal(res.statusCode, 403, role);
    }
    // append-only, like the audit log
    await assert.rejects(ctx.database.db.deleteFrom('auth_event').execute(), /append-only/);
  });
});

describeOnEngines('the per-address request limit on the login route', (ctx) => {
  let app: App;
  let fx: Fixture;
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, loginRatePerMinute: 3 });
  });
  after(() => app.close());

  test('a client address that floods the login route gets 429 with Retry-After, whatever usernames it tries', async () => {
    const from = (remoteAddress: string, username: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'guess-guess-1' },
        remoteAddress,
      });
    for (const u of ['u1', 'u2', 'u3']) assert.equal((await from('198.51.100.7', u)).statusCode, 401);
    const flood = await from('198.51.100.7', fx.users.admin.username);
    assert.equal(flood.statusCode, 429);
    assert.equal(flood.json().error.code, 'RATE_LIMITED');
    assert.match(flood.json().error.message, /^尝试过于频繁，请在 \d+ 秒后再试$/);
    const retryAfter = Number(flood.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, String(retryAfter));
    assert.equal(flood.json().error.details.retryAfterSeconds, retryAfter);
    // another address has its own budget; the password route has one of its own per address too
    assert.equal((await from('198.51.100.8', 'u4')).statusCode, 401);
    const cookie = await loginAs(app, fx.users.aAdmin.username);
    const change = () =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie },
        payload: { currentPassword: 'not-the-current-1', newPassword: 'Lantern-Maple-73' },
        remoteAddress: '198.51.100.9',
      });
    for (let i = 0; i < 3; i++) assert.equal((await change()).statusCode, 400);
    const fourth = await change();
    assert.equal(fourth.statusCode, 429);
    assert.ok(Number(fourth.headers['retry-after']) > 0);
    assert.equal(fourth.json().error.code, 'RATE_LIMITED');
  });
});
