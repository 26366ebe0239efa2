import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../app.ts';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../test/factories.ts';

/** Request ids in answers and errors; /api/metrics behind its token, absent without one. */
let database: Database;
let app: App;
let bare: App;
let fx: Fixture;
const TOKEN = 'metrics-token-for-tests-only';

before(async () => {
  database = await openTestDatabase('pglite');
  fx = await buildFixture(database);
  app = await buildApp({ database, metricsToken: TOKEN });
  bare = await buildApp({ database });
});
after(async () => {
  await app.close();
  await bare.close();
  await database.close();
});

test('every answer carries a request id; an error answer carries the same id in its body', async () => {
  const ok = await app.inject({ method: 'GET', url: '/api/health' });
  assert.match(String(ok.headers['x-request-id']), /^[0-9a-f]{12}$/);
  const refused = await app.inject({ method: 'GET', url: '/api/orgs/1' });
  assert.equal(refused.statusCode, 401);
  assert.equal(refused.json().error.requestId, refused.headers['x-request-id']);
  assert.notEqual(ok.headers['x-request-id'], refused.headers['x-request-id']);
});

test('/api/metrics answers Prometheus text to the token only, and does not exist without one', async () => {
  const cookie = await loginAs(app, fx.users.admin.username);
  await app.inject({ method: 'GET', url: `/api/orgs/${fx.orgs.root.id}/children`, headers: { cookie } });
  const anonymous = await app.inject({ method: 'GET', url: '/api/metrics' });
  assert.equal(anonymous.statusCode, 401);
  const wrong = await app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: 'Bearer nope' } });
  assert.equal(wrong.statusCode, 401);
  const res = await app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(
    res.body,
    /luoshi_http_request_duration_seconds_count\{method="GET",route="\/api\/orgs\/:id\/children",status="2xx"\} 1/,
  );
  assert.match(res.body, /luoshi_db_pool_connections\{state="total"\}/);
  assert.match(res.body, /luoshi_rollup_pending_deltas \d+/);
  assert.match(res.body, /luoshi_rollup_lag_seconds/);
  const none = await bare.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(none.statusCode, 404);
});
