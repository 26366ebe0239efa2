import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../app.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture, loginAs } from '../test/factories.ts';

const CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;" +
  "font-src 'self' data:;connect-src 'self';object-src 'none';frame-ancestors 'none';base-uri 'self';form-action 'self'";

describeOnEngines('security headers and cross-site requests', (ctx) => {
  let app: App;
  let proxied: App;
  let fx: Fixture;
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database });
    proxied = await buildApp({
      database: ctx.database,
      trustProxy: true,
      publicOrigins: ['https://luoshi.example.cn'],
    });
  });
  after(async () => {
    await app.close();
    await proxied.close();
  });

  const login = (target: App, headers: Record<string, string>) =>
    target.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: fx.users.aAdmin.username, password: FIXTURE_PASSWORD },
      headers,
    });

  test('every answer carries the security headers and the Content-Security-Policy of the web app', async () => {
    for (const url of ['/api/health', '/api/no-such-route', '/api/docs/']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.headers['content-security-policy'], CSP, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(res.headers['referrer-policy'], 'same-origin');
      assert.equal(res.headers['strict-transport-security'], 'max-age=15552000');
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(res.headers['x-powered-by'], undefined);
    }
  });

  test('the API documentation still opens under the policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.doesNotMatch(res.body, /<script>[^<]/, 'no inline script');
  });

  test('a state-changing request from another site is refused (Origin, or Referer without one)', async () => {
    const before = await ctx.database.db
      .selectFrom('auth_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .execute();
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost.evil.example' },
      { referer: 'https://evil.example/page.html' },
    ];
    for (const headers of refused) {
      const res = await login(app, headers);
      assert.equal(res.statusCode, 403, JSON.stringify(headers));
      assert.equal(res.json().error.code, 'ORIGIN_REFUSED');
      assert.match(res.json().error.message, /其他网站/);
      assert.equal(res.cookies.length, 0);
    }
    const cookie = await loginAs(app, fx.users.aAdmin.username);
    const logout = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: 'https://evil.example' },
    });
    assert.equal(logout.statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 200);
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/users/${fx.users.aMember.id}`,
      headers: { cookie, referer: 'https://evil.example/x' },
      payload: { displayName: '跨站' },
    });
    assert.equal(patch.statusCode, 403);
    const after = await ctx.database.db
      .selectFrom('auth_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .execute();
    assert.equal(Number(after[0]!.n), Number(before[0]!.n) + 1, 'only loginAs reached the login');
  });

  test("the app's own origin passes, as does a request with neither header (the CLI, scripts)", async () => {
    const passing: Record<string, string>[] = [
      { origin: 'http://localhost' },
      { origin: 'http://localhost:80' },
      { referer: 'http://localhost/login?next=%2F' },
      {},
    ];
    for (const headers of passing) {
      const res = await login(app, headers);
      assert.equal(res.statusCode, 200, `${JSON.stringify(headers)}: ${res.body}`);
    }
    const read = await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
    assert.equal(read.statusCode, 200, 'reads are not state-changing');
  });

  test('behind a trusted proxy, the configured public origin is the own one', async () => {
    const own = await login(proxied, { origin: 'https://luoshi.example.cn', 'x-forwarded-host': 'luoshi.example.cn' });
    assert.equal(own.statusCode, 200, own.body);
    const host = await login(proxied, { origin: 'http://localhost' });
    assert.equal(host.statusCode, 403, 'with LUOSHI_PUBLIC_ORIGIN set, only it counts');
  });
});
