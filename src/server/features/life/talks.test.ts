import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';
import { sweepLifeCompliance } from './compliance.service.ts';

/**
 * 谈心谈话 through the API: a branch secretary records talks (two people of the roster, the first holding a position
 * on the day, a topic optional), the coverage of the year follows on the calendar and in the kept figures and the
 * subtree rates; refusals say why; a 党员 sees counts but no names; another district sees nothing; a talk recorded
 * in error is removed with an audit row.
 */
describeOnEngines('organisational life: 谈心谈话 (talks)', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  let member: string;
  let district: string;
  let b: string;
  let clock = new Date('2026-06-02T02:00:00Z');
  let organiser = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    organiser = await insertPerson(ctx.database, fx.orgs.a1a, { name: '周组织' });
    await ctx.database.db
      .insertInto('org_position')
      .values({ org_id: fx.orgs.a1a.id, person_id: organiser, title: 'organization', started_on: '2026-03-01' })
      .execute();
    app = await buildApp({ database: ctx.database, now: () => clock });
    secretary = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
    district = await loginAs(app, fx.users.aAdmin.username);
    b = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (cookie: string, payload: object) =>
    app.inject({ method: 'POST', url: '/api/talks', headers: { cookie }, payload });
  const talk = (over: object = {}) => ({
    orgId: fx.orgs.a1a.id,
    heldOn: '2026-05-10',
    committeeId: fx.people.a1aSecretary,
    memberId: fx.people.a1aFull,
    ...over,
  });
  const calendar = async (cookie = secretary) =>
    (await get(cookie, `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`)).json();

  let first = 0;
  test('the quick form’s lists: today’s committee and the roster; nothing talked yet', async () => {
    const res = await get(secretary, `/api/talks?orgId=${fx.orgs.a1a.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json();
    assert.deepEqual(
      d.committee.map((c: { personId: number }) => c.personId),
      [fx.people.a1aSecretary, organiser],
    );
    assert.equal(d.roster.length, 4);
    // Two committee members, four on the roster: 1 pairing between them + 2 × 2 with the others.
    assert.deepEqual([d.coverage.due, d.coverage.done], [5, 0]);
  });

  test('a talk recorded (no topic needed): the coverage, the calendar and the kept figures follow', async () => {
    const res = await post(secretary, talk());
    assert.equal(res.statusCode, 201, res.body);
    first = res.json().id;
    assert.equal(res.json().topic, '');
    const cal = await calendar();
    assert.deepEqual([cal.talks.due, cal.talks.done], [5, 1]);
    const sec = cal.talks.byCommittee.find((c: { personId: number }) => c.personId === fx.people.a1aSecretary);
    assert.deepEqual([sec.done, sec.missing], [1, 2]);
    assert.ok(sec.missingNames.includes('周组织'));
    // The year is running: no finding yet.
    assert.equal(cal.findings.filter((f: { code: string }) => f.code === 'talksMissing').length, 0);
    const kept = await ctx.database.db
      .selectFrom('life_compliance')
      .select(['talk_due', 'talk_done'])
      .where('org_id', '=', fx.orgs.a1a.id)
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();
    assert.deepEqual(kept, { talk_due: 5, talk_done: 1 });
  });

  test('refused with the reason: not a committee member on the day, off the roster, the future, oneself', async () => {
    const early = await post(secretary, talk({ committeeId: organiser, heldOn: '2026-02-28' }));
    assert.equal(early.statusCode, 422);
    assert.equal(early.json().error.key, 'err.talk.notCommittee');
    assert.equal(early.json().error.details.field, 'committeeId');
    assert.match(early.json().error.message, /周组织在 2026-02-28 未在.*担任支部委员/);
    assert.equal((await post(secretary, talk({ committeeId: organiser, heldOn: '2026-03-01' }))).statusCode, 201);
    const plain = await post(secretary, talk({ committeeId: fx.people.a1aFull, memberId: fx.people.a1aSecretary }));
    assert.equal(plain.json().error.key, 'err.talk.notCommittee');
    const grouped = await insertPerson(ctx.database, fx.orgs.a1g, { name: '陈六' });
    const off = await post(secretary, talk({ memberId: grouped }));
    assert.equal(off.statusCode, 422);
    assert.equal(off.json().error.key, 'err.talk.notOnRoster');
    assert.equal(off.json().error.details.field, 'memberId');
    const future = await post(secretary, talk({ heldOn: '2026-06-03' }));
    assert.equal(future.statusCode, 400);
    assert.equal((await post(secretary, talk({ memberId: fx.people.a1aSecretary }))).json().error.key, 'err.talk.self');
    assert.equal((await post(member, talk())).statusCode, 403);
    assert.equal((await post(b, talk())).statusCode, 404);
    assert.equal((await post(secretary, talk({ memberId: fx.people.b1aFull }))).statusCode, 404);
  });

  test('a 党员 sees the counts but no names; the list of talks needs the roster right; another district nothing', async () => {
    const cal = await calendar(member);
    assert.equal(cal.talks.done, 2);
    assert.ok(cal.talks.byCommittee.every((c: { name: unknown; missingNames: unknown }) => c.name === null));
    assert.ok(cal.talks.byCommittee.every((c: { missingNames: unknown }) => c.missingNames === null));
    assert.equal((await get(member, `/api/talks?orgId=${fx.orgs.a1a.id}`)).statusCode, 403);
    assert.equal((await get(b, `/api/talks?orgId=${fx.orgs.a1a.id}`)).statusCode, 404);
    assert.equal(
      (await app.inject({ method: 'DELETE', url: `/api/talks/${first}`, headers: { cookie: b } })).statusCode,
      404,
    );
    assert.equal(
      (await app.inject({ method: 'DELETE', url: `/api/talks/${first}`, headers: { cookie: member } })).statusCode,
      403,
    );
  });

  test('subtree rates carry the talk coverage from the kept figures', async () => {
    await sweepLifeCompliance(ctx.database.db, { today: '2026-06-02' });
    const r = (await get(district, `/api/life/rates?orgId=${fx.orgs.a1.id}&year=2026`)).json();
    const child = r.children.find((c: { orgId: number }) => c.orgId === fx.orgs.a1a.id);
    assert.deepEqual([child.talkDue, child.talkDone, child.talkRate], [5, 2, 2 / 5]);
    assert.deepEqual([r.subtree.talkDue, r.subtree.talkDone], [5, 2]);
  });

  test('a talk recorded in error is removed, with an audit row; the coverage drops', async () => {
    const res = await app.inject({ method: 'DELETE', url: `/api/talks/${first}`, headers: { cookie: secretary } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await calendar()).talks.done, 1);
    const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'talk.delete' and entity_id = ${String(first)}`.execute(ctx.database.db);
    assert.equal(audits.rows[0]!.n, 1);
  });

  test('once the year has ended, a finding per committee member short of talks, counted in the kept figures', async () => {
    clock = new Date('2027-01-02T02:00:00Z');
    const cal = await calendar(await loginAs(app, fx.users.aSecretary.username));
    const f = cal.findings.filter((x: { code: string }) => x.code === 'talksMissing');
    assert.equal(f.length, 2);
    assert.equal(f[0].ruleId, 'life.talks');
    assert.equal(f[0].tag, 'S');
    await sweepLifeCompliance(ctx.database.db, { today: '2027-01-02' });
    const kept = await ctx.database.db
      .selectFrom('life_compliance')
      .select(['findings'])
      .where('org_id', '=', fx.orgs.a1a.id)
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();
    assert.equal(kept.findings, cal.counts.findings);
  });
});
