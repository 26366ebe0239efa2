import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';

describeOnEngines('health and OpenAPI', (ctx) => {
  test('GET /api/health answers ok once migrations have run', async () => {
    const app = await buildApp({ database: ctx.database });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ok');
    assert.equal(res.json().engine, ctx.engine);
    await app.close();
  });

  test('unknown API routes answer 404 with a JSON error in Chinese', async () => {
    const app = await buildApp({ database: ctx.database });
    const res = await app.inject({ method: 'GET', url: '/api/nope' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
    assert.match(res.json().error.message, /未找到/);
    await app.close();
  });

  test('GET /api/openapi.json describes every registered route', async () => {
    const app = await buildApp({ database: ctx.database });
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/health']);
    // Every registered route is described (Fastify's :id becomes OpenAPI's {id}).
    const missing = app.routeTable
      .filter((r) => r.url !== '/api/openapi.json')
      .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
    assert.ok(app.routeTable.length > 20);
    await app.close();
  });
});
