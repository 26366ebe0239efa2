import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';
import { sweepLifeCompliance } from './compliance.service.ts';

/**
 * Whether a branch owes 支委会 is judged window by window from the positions held then (支部条例 第十二、二十条), not
 * from today's committee: a branch whose committee of three lasted until 10 June owes them January to June only, in
 * the calendar, in the kept figures written on a meeting and in those the sweep writes.
 */
describeOnEngines('organisational life: the committee as of each window', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  const clock = new Date('2026-10-02T02:00:00Z');

  before(async () => {
    fx = await buildFixture(ctx.database);
    for (const [i, name] of ['周一', '吴二'].entries()) {
      const person = await insertPerson(ctx.database, fx.orgs.a1a, { name });
      await ctx.database.db
        .insertInto('org_position')
        .values({
          org_id: fx.orgs.a1a.id,
          person_id: person,
          title: i === 0 ? 'organization' : 'propaganda',
          started_on: '2024-01-10',
          ended_on: '2026-06-10',
        })
        .execute();
    }
    app = await buildApp({ database: ctx.database, now: () => clock });
    secretary = await loginAs(app, fx.users.aSecretary.username);
  });
  after(() => app.close());

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: secretary } });

  test('a committee until 10 June: 支委会 owed January to June, not after', async () => {
    const res = await get(`/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`);
    assert.equal(res.statusCode, 200, res.body);
    const cal = res.json();
    const months = cal.cells
      .filter((c: { kind: string }) => c.kind === 'committee_meeting')
      .map((c: { status: string }) => c.status);
    assert.deepEqual(months, [...Array(6).fill('missing'), ...Array(6).fill('none')]);
    assert.equal(cal.hasCommittee, false);
    assert.equal(cal.findings.filter((f: { kind: string; code: string }) => f.kind === 'committee_meeting').length, 6);
  });

  test('the kept figures agree, written on a meeting and by the sweep', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: { cookie: secretary },
      payload: { orgId: fx.orgs.a1a.id, kind: 'committee_meeting', heldOn: '2026-05-12', topic: '研究五月工作' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const cal = (await get(`/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    const kept = () =>
      ctx.database.db
        .selectFrom('life_compliance')
        .select(['due', 'met', 'late', 'findings', 'pending'])
        .where('org_id', '=', fx.orgs.a1a.id)
        .where('year', '=', 2026)
        .executeTakeFirstOrThrow();
    assert.deepEqual(await kept(), cal.counts);
    await ctx.database.db.deleteFrom('life_compliance').execute();
    await sweepLifeCompliance(ctx.database.db, { today: '2026-10-02' });
    assert.deepEqual(await kept(), cal.counts);
  });
});
