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
    app = await buildApp({ database: ctx.database });
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
      password: 'Secret123',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().orgName, '甲一镇党委');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: `sec-${ctx.engine}`, password: 'Secret123' },
    });
    assert.equal(login.statusCode, 200);
  });

  test("cannot grant a role above one's own", async () => {
    const res = await send(aAdmin, 'POST', '/api/users', {
      username: `boss-${ctx.engine}`,
      displayName: '越权',
      role: 'sysadmin',
      orgId: fx.orgs.a1.id,
      password: 'Secret123',
    });
    assert.equal(res.statusCode, 403);
  });

  test("a 党员 account must be linked to the member's own record in that organisation", async () => {
    const missing = await send(aAdmin, 'POST', '/api/users', {
      username: `m1-${ctx.engine}`,
      displayName: '党员',
      role: 'member',
      orgId: fx.orgs.a1a.id,
      password: 'Secret123',
    });
    assert.equal(missing.statusCode, 400);
    const elsewhere = await send(aAdmin, 'POST', '/api/users', {
      username: `m2-${ctx.engine}`,
      displayName: '党员',
      role: 'member',
      orgId: fx.orgs.a1.id,
      personId: fx.people.a1aFull,
      password: 'Secret123',
    });
    assert.equal(elsewhere.statusCode, 400);
    const ok = await send(aAdmin, 'POST', '/api/users', {
      username: `m3-${ctx.engine}`,
      displayName: '王小明',
      role: 'member',
      orgId: fx.orgs.a1a.id,
      personId: fx.people.a1aProbationary,
      password: 'Secret123',
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('duplicate usernames and weak passwords are refused with a Chinese message', async () => {
    const dup = await send(aAdmin, 'POST', '/api/users', {
      username: fx.users.aSecretary.username,
      displayName: 'x',
      role: 'secretary',
      orgId: fx.orgs.a1a.id,
      password: 'Secret123',
    });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.json().error.message, /已被使用/);
    const weak = await send(aAdmin, 'POST', '/api/users', {
      username: `weak-${ctx.engine}`,
      displayName: 'x',
      role: 'secretary',
      orgId: fx.orgs.a1a.id,
      password: 'abcdefgh',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.json().error.message, /字母和数字/);
  });

  test('disabling an account ends its sessions; resetting the password unlocks it', async () => {
    const secCookie = await loginAs(app, fx.users.aSecretary.username);
    const off = await send(aAdmin, 'PATCH', `/api/users/${fx.users.aSecretary.id}`, { disabled: true });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: secCookie } })).statusCode,
      401,
    );
    const on = await send(aAdmin, 'PATCH', `/api/users/${fx.users.aSecretary.id}`, {
      disabled: false,
      password: 'Reset2026a',
    });
    assert.equal(on.statusCode, 200);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: fx.users.aSecretary.username, password: 'Reset2026a' },
    });
    assert.equal(login.statusCode, 200);
    const old = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: fx.users.aSecretary.username, password: FIXTURE_PASSWORD },
    });
    assert.equal(old.statusCode, 401);
  });

  test('an administrator cannot demote or disable their own account', async () => {
    const res = await send(aAdmin, 'PATCH', `/api/users/${fx.users.aAdmin.id}`, { role: 'secretary' });
    assert.equal(res.statusCode, 403);
  });
});
