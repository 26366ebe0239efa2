import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';

/** GET /api/rules: the catalogue for any signed-in account (a member too), filtered by area; none without a session. */
describeOnEngines('rules: the catalogue through the API', (ctx) => {
  let app: App;
  let fx: Fixture;
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
  });
  after(() => app.close());

  test('a member reads the rules of branch life with their sources; without a session 401', async () => {
    const cookie = await loginAs(app, fx.users.aMember.username);
    const res = await app.inject({ method: 'GET', url: '/api/rules?area=life', headers: { cookie } });
    assert.equal(res.statusCode, 200, res.body);
    const list = res.json() as { id: string; area: string; summary: string; source: string; tag: string }[];
    assert.ok(list.length > 5 && list.every((r) => r.area === 'life'));
    const general = list.find((r) => r.id === 'life.generalMeeting')!;
    assert.equal(general.summary, '支部党员大会每季度至少1次');
    assert.equal(general.source, '中国共产党支部工作条例（试行）');
    assert.equal(general.tag, 'C');
    const anonymous = await app.inject({ method: 'GET', url: '/api/rules' });
    assert.equal(anonymous.statusCode, 401);
    const bad = await app.inject({ method: 'GET', url: '/api/rules?date=2026-1-1', headers: { cookie } });
    assert.equal(bad.statusCode, 400);
  });
});
