import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';
import { sweepLifeCompliance } from './compliance.service.ts';

/**
 * Make-up meetings (补开) through the API: March's 支委会 held on 5 April marked 补开3月 turns March late (not missing,
 * not met) with a finding citing Art.12; a make-up for a window not yet ended, one already held or already made up
 * is refused with the reason; a correction can clear it; the kept figures written on each write agree with the
 * calendar and with a recount by the sweep, across the turn of a year too.
 */
describeOnEngines('organisational life: make-up meetings (补开) and late windows', (ctx) => {
  let app: App;
  let fx: Fixture;
  let secretary: string;
  let district: string;
  const clock = new Date('2026-04-06T02:00:00Z');

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
        })
        .execute();
    }
    app = await buildApp({ database: ctx.database, now: () => clock });
    secretary = await loginAs(app, fx.users.aSecretary.username);
    district = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    app.inject({ method, url, headers: { cookie: secretary }, payload });
  const committee = (heldOn: string, extra: object = {}) =>
    send('POST', '/api/meetings', {
      orgId: fx.orgs.a1a.id,
      kind: 'committee_meeting',
      heldOn,
      topic: '研究工作',
      minutes: '会议记录。',
      ...extra,
    });
  const calendar = async (year = 2026) =>
    (await get(secretary, `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=${year}`)).json();
  type Cal = {
    cells: { kind: string; month: number; status: string }[];
    windows: { kind: string; start: string; status: string; madeUpBy: number[] }[];
    findings: { code: string; ruleId: string; article: string | null; params: Record<string, unknown> }[];
    counts: { due: number; met: number; late: number; findings: number; pending: number };
  };
  const cell = (c: Cal, month: number) => c.cells.find((x) => x.kind === 'committee_meeting' && x.month === month)!;
  const kept = (year = 2026) =>
    ctx.database.db
      .selectFrom('life_compliance')
      .select(['due', 'met', 'late', 'findings', 'pending'])
      .where('org_id', '=', fx.orgs.a1a.id)
      .where('year', '=', year)
      .executeTakeFirstOrThrow();

  let makeUp = 0;
  test('the form offers the missing past windows of each kind to make up', async () => {
    const d = (await get(secretary, `/api/meetings/form-defaults?orgId=${fx.orgs.a1a.id}`)).json();
    const starts = d.missingWindows
      .filter((w: { kind: string }) => w.kind === 'committee_meeting')
      .map((w: { start: string }) => w.start);
    assert.deepEqual(starts.slice(0, 3), ['2026-03-01', '2026-02-01', '2026-01-01']);
    assert.equal(d.missingWindows[0].label.zh, '2026年3月');
  });

  test('March’s 支委会 held on 5 April as 补开3月: March late by 5 days, April still pending', async () => {
    const res = await committee('2026-04-05', { makesUpFor: '2026-03-15' });
    assert.equal(res.statusCode, 201, res.body);
    makeUp = res.json().id;
    assert.equal(res.json().makesUp.label.zh, '2026年3月');
    const cal: Cal = await calendar();
    assert.equal(cell(cal, 3).status, 'late');
    assert.equal(cell(cal, 4).status, 'pending');
    const late = cal.findings.find((f) => f.code === 'late')!;
    assert.deepEqual([late.ruleId, late.article, late.params.days], ['life.committeeMeeting', '第十二条', 5]);
    assert.equal(cal.counts.late, 1);
    assert.deepEqual(await kept(), cal.counts);
    const row = await ctx.database.db
      .selectFrom('meeting')
      .select('makes_up_for')
      .where('id', '=', makeUp)
      .executeTakeFirstOrThrow();
    assert.equal(row.makes_up_for, '2026-03-01');
  });

  test('refused with the reason: a window not ended, one already held, one already made up', async () => {
    const open = await committee('2026-04-05', { makesUpFor: '2026-04-01' });
    assert.equal(open.statusCode, 422);
    assert.equal(open.json().error.key, 'err.life.makeUp.notEnded');
    assert.match(open.json().error.message, /只能补开此前已结束的期限/);
    assert.equal(open.json().error.details.field, 'makesUpFor');
    await committee('2026-02-10');
    const held = await committee('2026-04-05', { makesUpFor: '2026-02-01' });
    assert.equal(held.statusCode, 422);
    assert.equal(held.json().error.message, '补开：2026年2月已于 2026-02-10 召开支部委员会会议，无需补开');
    const twice = await committee('2026-04-06', { makesUpFor: '2026-03-01' });
    assert.equal(twice.statusCode, 422);
    assert.equal(twice.json().error.key, 'err.life.makeUp.alreadyMadeUp');
    const n = await sql<{ n: number }>`select count(*)::int as n from meeting where org_id = ${fx.orgs.a1a.id}`.execute(
      ctx.database.db,
    );
    assert.equal(n.rows[0]!.n, 2);
  });

  test('a correction may clear the make-up (March missing again) or name it again; both audited', async () => {
    const cleared = await send('PATCH', `/api/meetings/${makeUp}`, { makesUpFor: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    let cal: Cal = await calendar();
    assert.equal(cell(cal, 3).status, 'missing');
    // Held in April and no longer a make-up, it counts for April.
    assert.equal(cell(cal, 4).status, 'done');
    assert.equal(cal.counts.late, 0);
    assert.deepEqual(await kept(), cal.counts);
    // Now a meeting held in April, it cannot make up its own month.
    const own = await send('PATCH', `/api/meetings/${makeUp}`, { makesUpFor: '2026-04-01' });
    assert.equal(own.statusCode, 422);
    const again = await send('PATCH', `/api/meetings/${makeUp}`, { makesUpFor: '2026-03-01' });
    assert.equal(again.statusCode, 200, again.body);
    cal = await calendar();
    assert.equal(cell(cal, 3).status, 'late');
    assert.deepEqual(await kept(), cal.counts);
    const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'meeting.correct' and entity_id = ${String(makeUp)}`.execute(ctx.database.db);
    assert.equal(audits.rows[0]!.n, 2);
  });

  test('December made up in January: the past year’s kept figures follow, and a recount agrees', async () => {
    const dec = await committee('2026-01-05', { makesUpFor: '2025-12-01' });
    assert.equal(dec.statusCode, 201, dec.body);
    const past: Cal = await calendar(2025);
    assert.equal(past.cells.find((x) => x.kind === 'committee_meeting' && x.month === 12)!.status, 'late');
    assert.deepEqual(await kept(2025), past.counts);
    const now: Cal = await calendar();
    assert.equal(cell(now, 1).status, 'missing');
    // Drift check: the sweep's recount from nothing gives the same figures as those kept on write.
    const before = [await kept(2025), await kept()];
    await ctx.database.db.deleteFrom('life_compliance').execute();
    await sweepLifeCompliance(ctx.database.db, { today: '2026-01-06' });
    await sweepLifeCompliance(ctx.database.db, { today: '2026-04-06' });
    assert.deepEqual(await kept(2025), before[0]);
    assert.deepEqual(await kept(), before[1]);
  });

  test('rates count a late window as due, not met, and show it', async () => {
    const r = (await get(district, `/api/life/rates?orgId=${fx.orgs.a1.id}&year=2026`)).json();
    const child = r.children.find((c: { orgId: number }) => c.orgId === fx.orgs.a1a.id);
    assert.equal(child.late, 1, JSON.stringify(r));
    assert.equal(child.rate, child.met / child.due);
  });
});
