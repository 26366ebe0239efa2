import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp, type App } from '../app.ts';
import type { Database } from '../db/client.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, loginAs, type Fixture } from '../test/factories.ts';

/**
 * The route × role scope matrix. Every registered /api route must appear below, either with probes that
 * aim a well-formed request at the SIBLING subtree (B) for accounts scoped inside A — each must answer
 * 403 or 404 and leave the database unchanged — or in EXEMPT with the reason it touches no tree data.
 * The same probes aimed at the account's OWN subtree must not be refused for scope (positive control),
 * so a probe that fails for another reason (a malformed body) cannot pass unnoticed.
 * A new route that is not listed here makes this test fail.
 */
type Targets = {
  org: number; // a branch
  parentOrg: number; // its parent (a town committee)
  member: number;
  position: number;
  user: number;
};
type Probe = { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object };
type ProbeSet = (t: Targets, other: Targets) => Probe[];

const EXEMPT: Record<string, string> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'acts on the caller’s own session',
  'GET /api/auth/me': 'the caller’s own account',
  'POST /api/auth/password': 'the caller’s own password',
  'GET /api/me/profile': 'the caller’s own member record (no id parameter)',
  'GET /api/orgs/root': 'the caller’s own scope root (no id parameter)',
  'GET /api/org-fields': 'the global list of fields, not tree data',
  'POST /api/org-fields': 'the global list of fields (system administrators only), not tree data',
  'GET /api/audit/verify': 'walks the whole chain (system administrators only); returns no rows',
};

const PROBES: Record<string, ProbeSet> = {
  'GET /api/orgs/search': (t) => [{ method: 'GET', url: `/api/orgs/search?q=%E6%94%AF%E9%83%A8&within=${t.org}` }],
  'GET /api/orgs/:id': (t) => [{ method: 'GET', url: `/api/orgs/${t.org}` }],
  'GET /api/orgs/:id/children': (t) => [{ method: 'GET', url: `/api/orgs/${t.org}/children` }],
  'POST /api/orgs': (t) => [{ method: 'POST', url: '/api/orgs', payload: { parentId: t.org, name: '新党小组', type: 'group' } }],
  'PATCH /api/orgs/:id': (t) => [{ method: 'PATCH', url: `/api/orgs/${t.org}`, payload: { name: '改名党支部' } }],
  'POST /api/orgs/:id/move': (t, other) => [
    { method: 'POST', url: `/api/orgs/${t.org}/move`, payload: { newParentId: other.parentOrg } },
    { method: 'POST', url: `/api/orgs/${other.org}/move`, payload: { newParentId: t.parentOrg } },
  ],
  'POST /api/orgs/:id/dissolve': (t) => [
    { method: 'POST', url: `/api/orgs/${t.org}/dissolve`, payload: { dissolvedOn: '2026-11-01', reason: '撤并' } },
  ],
  'GET /api/orgs/:id/positions': (t) => [{ method: 'GET', url: `/api/orgs/${t.org}/positions` }],
  'POST /api/orgs/:id/positions': (t, other) => [
    { method: 'POST', url: `/api/orgs/${t.org}/positions`, payload: { personId: t.member, title: 'youth', startedOn: '2026-01-01' } },
    { method: 'POST', url: `/api/orgs/${other.org}/positions`, payload: { personId: t.member, title: 'youth', startedOn: '2026-01-01' } },
  ],
  'PATCH /api/positions/:id': (t) => [{ method: 'PATCH', url: `/api/positions/${t.position}`, payload: { portfolio: '分管宣传' } }],
  'GET /api/members': (t) => [{ method: 'GET', url: `/api/members?orgId=${t.org}` }],
  'GET /api/members/:id': (t) => [{ method: 'GET', url: `/api/members/${t.member}` }],
  'POST /api/members': (t) => [{ method: 'POST', url: '/api/members', payload: { orgId: t.org, name: '新申请人', status: 'applicant' } }],
  'PATCH /api/members/:id': (t, other) => [
    { method: 'PATCH', url: `/api/members/${t.member}`, payload: { phone: '010-12345678' } },
    { method: 'PATCH', url: `/api/members/${other.member}`, payload: { orgId: t.org } },
  ],
  'GET /api/users': (t) => [{ method: 'GET', url: `/api/users?orgId=${t.org}` }],
  'POST /api/users': (t) => [
    { method: 'POST', url: '/api/users', payload: { username: `probe-${t.org}`, displayName: '探针', role: 'secretary', orgId: t.org, password: 'Probe12345' } },
  ],
  'PATCH /api/users/:id': (t) => [{ method: 'PATCH', url: `/api/users/${t.user}`, payload: { displayName: '改名' } }],
  'GET /api/audit': (t) => [{ method: 'GET', url: `/api/audit?orgId=${t.org}` }],
};

const TABLES = ['org', 'person', 'org_position', 'app_user', 'org_field', 'audit_log'] as const;

async function snapshot(database: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ h: string }>`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.table(table)} t`.execute(database.db);
    out[table] = rows[0]!.h;
  }
  return out;
}

describeOnEngines('route × role scope matrix', (ctx) => {
  let app: App;
  let fx: Fixture;
  const cookies: Record<string, string> = {};
  const roles = ['aAdmin', 'aSecretary', 'aMember'] as const;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    for (const r of roles) cookies[r] = await loginAs(app, fx.users[r].username);
  });
  after(() => app.close());

  const own = (): Targets => ({
    org: fx.orgs.a1a.id,
    parentOrg: fx.orgs.a1.id,
    member: fx.people.a1aFull,
    position: fx.positions.a1aSecretary,
    user: fx.users.aMember.id,
  });
  const sibling = (): Targets => ({
    org: fx.orgs.b1a.id,
    parentOrg: fx.orgs.b1.id,
    member: fx.people.b1aFull,
    position: fx.positions.b1aSecretary,
    user: fx.users.bAdmin.id,
  });

  test('every registered route is either probed or exempt with a reason', () => {
    const keys = app.routeTable.map((r) => `${r.method} ${r.url}`);
    const missing = keys.filter((k) => !(k in PROBES) && !(k in EXEMPT));
    assert.deepEqual(missing, [], `routes without a scope probe: ${missing.join(', ')}`);
    const stale = [...Object.keys(PROBES), ...Object.keys(EXEMPT)].filter((k) => !keys.includes(k));
    assert.deepEqual(stale, [], `probes for routes that do not exist: ${stale.join(', ')}`);
    for (const key of Object.keys(EXEMPT)) {
      const route = app.routeTable.find((r) => `${r.method} ${r.url}` === key)!;
      if (EXEMPT[key] === 'public') assert.equal(route.permission, 'public', key);
    }
  });

  test('no account scoped in A can read or change anything in the sibling subtree B', async () => {
    const failures: string[] = [];
    for (const [key, probeSet] of Object.entries(PROBES)) {
      for (const role of roles) {
        for (const probe of probeSet(sibling(), own())) {
          const before = await snapshot(ctx.database);
          const res = await app.inject({ method: probe.method, url: probe.url, payload: probe.payload, headers: { cookie: cookies[role]! } });
          const after = await snapshot(ctx.database);
          if (res.statusCode !== 403 && res.statusCode !== 404) {
            failures.push(`${role} ${key} → ${probe.method} ${probe.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
          for (const t of TABLES) {
            if (before[t] !== after[t]) failures.push(`${role} ${key}: table ${t} changed`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test('the same probes aimed at the own subtree are not refused for scope (positive control)', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [key, probeSet] of Object.entries(PROBES)) {
      const permission = app.routeTable.find((r) => `${r.method} ${r.url}` === key)!.permission;
      for (const role of roles) {
        const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookies[role]! } });
        const granted = permission === 'authenticated' || (me.json().permissions as string[]).includes(permission);
        if (!granted) continue;
        const probe = probeSet(own(), own())[0]!;
        const res = await app.inject({ method: probe.method, url: probe.url, payload: probe.payload, headers: { cookie: cookies[role]! } });
        checked++;
        if ([400, 401, 403, 404].includes(res.statusCode)) {
          failures.push(`${role} ${key} → ${probe.method} ${probe.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked >= Object.keys(PROBES).length, `only ${checked} positive checks ran`);
  });

  test('lists without an explicit organisation hold nothing from the sibling subtree', async () => {
    for (const role of ['aAdmin', 'aSecretary'] as const) {
      const res = await app.inject({ method: 'GET', url: '/api/members?pageSize=200', headers: { cookie: cookies[role]! } });
      assert.equal(res.statusCode, 200);
      const orgIds = new Set(res.json().items.map((m: { orgId: number }) => m.orgId));
      assert.ok(!orgIds.has(fx.orgs.b1a.id));
      assert.ok(res.json().total > 0);
    }
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: cookies.aAdmin! } });
    assert.ok(!users.json().some((u: { orgId: number }) => [fx.orgs.b.id, fx.orgs.root.id].includes(u.orgId)));
    const search = await app.inject({ method: 'GET', url: '/api/orgs/search?q=%E4%B9%99', headers: { cookie: cookies.aAdmin! } });
    assert.deepEqual(search.json(), []);
  });
});
