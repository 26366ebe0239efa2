import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs } from '../../test/factories.ts';
import { sweepLifeCompliance } from './compliance.service.ts';

/**
 * 民主生活会 情况报告 through the API: the day the report reached the higher level is recorded after the meeting
 * (PATCH /api/meetings/:id/report); sent after the 15 days it is late, not sent once they have passed it is missing,
 * on the meeting, the calendar and in the kept figures — which the sweep refreshes on the day the deadline passes.
 */
describeOnEngines('organisational life: the 民主生活会 report to the higher level', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let clock = new Date('2026-12-10T02:00:00Z');
  let meetingId = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => clock });
    district = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  const report = (cookie: string, id: number, payload: object) =>
    app.inject({ method: 'PATCH', url: `/api/meetings/${id}/report`, headers: { cookie }, payload });
  const codes = async (cookie: string) =>
    (await app.inject({ method: 'GET', url: `/api/meetings/${meetingId}`, headers: { cookie } }))
      .json()
      .findings.map((f: { code: string }) => f.code);
  const kept = () =>
    ctx.database.db
      .selectFrom('life_compliance')
      .select(['findings', 'checked_on'])
      .where('org_id', '=', fx.orgs.a1.id)
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();

  test('a 民主生活会 on 1 December: its report is due by 16 December, nothing to find before', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: { cookie: district },
      payload: {
        orgId: fx.orgs.a1.id,
        kind: 'leadership_life_meeting',
        heldOn: '2026-12-01',
        topic: '年度民主生活会',
        minutes: '开展批评和自我批评。',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    meetingId = res.json().id;
    assert.deepEqual(res.json().report, { sentOn: null, note: '', deadline: '2026-12-16', days: 15 });
    assert.deepEqual(await codes(district), []);
  });

  test('refused: a report for another kind, before the meeting, after today; another district, a 党员', async () => {
    const lecture = await app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: { cookie: district },
      payload: { orgId: fx.orgs.a1a.id, kind: 'lecture', heldOn: '2026-12-02', topic: '党课' },
    });
    const other = await report(district, lecture.json().id, { sentOn: '2026-12-05' });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.message, '只有民主生活会需要向上级报送情况报告，党课不需要');
    const early = await report(district, meetingId, { sentOn: '2026-11-30' });
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.details.field, 'sentOn');
    assert.equal(
      (await report(district, meetingId, { sentOn: '2026-12-11' })).json().error.key,
      'err.life.report.future',
    );
    const b = await loginAs(app, fx.users.bAdmin.username);
    assert.equal((await report(b, meetingId, { sentOn: '2026-12-05' })).statusCode, 404);
    const member = await loginAs(app, fx.users.aMember.username);
    assert.equal((await report(member, meetingId, { sentOn: '2026-12-05' })).statusCode, 403);
  });

  test('day 16 without a report: missing, and the sweep brings the kept figures along that day', async () => {
    clock = new Date('2026-12-17T02:00:00Z');
    district = await loginAs(app, fx.users.aAdmin.username);
    assert.deepEqual(await codes(district), ['reportMissing']);
    const before = await kept();
    // Kept on 10 December (a write), so the monthly sweep would wait for January: the passed deadline makes it stale.
    await sweepLifeCompliance(ctx.database.db, { today: '2026-12-17' });
    const after = await kept();
    assert.equal(after.findings, before.findings + 1);
    const cal = (
      await app.inject({
        method: 'GET',
        url: `/api/life/compliance?orgId=${fx.orgs.a1.id}&year=2026`,
        headers: { cookie: district },
      })
    ).json();
    assert.equal(after.findings, cal.counts.findings);
    assert.equal((await sweepLifeCompliance(ctx.database.db, { today: '2026-12-17' })).checked, 0);
  });

  test('sent on day 16: late by a day; corrected to day 15: in time; each change audited', async () => {
    const late = await report(district, meetingId, { sentOn: '2026-12-17', note: '组织部收文 2026-45 号' });
    assert.equal(late.statusCode, 200, late.body);
    assert.equal(late.json().report.note, '组织部收文 2026-45 号');
    const f = late.json().findings.find((x: { code: string }) => x.code === 'reportLate');
    assert.deepEqual([f.params.over, f.ruleId], [1, 'life.leadershipLifeReportDays']);
    const ok = await report(district, meetingId, { sentOn: '2026-12-16' });
    assert.deepEqual(
      ok.json().findings.map((x: { code: string }) => x.code),
      [],
    );
    assert.equal(ok.json().report.note, '组织部收文 2026-45 号');
    const cal = (
      await app.inject({
        method: 'GET',
        url: `/api/life/compliance?orgId=${fx.orgs.a1.id}&year=2026`,
        headers: { cookie: district },
      })
    ).json();
    assert.equal((await kept()).findings, cal.counts.findings);
    const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'meeting.report' and entity_id = ${String(meetingId)}`.execute(ctx.database.db);
    assert.equal(audits.rows[0]!.n, 2);
  });
});
