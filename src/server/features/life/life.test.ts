import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, loginAs } from '../../test/factories.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';
import { sweepLifeCompliance } from './compliance.service.ts';

/**
 * Organisational life through the API: a branch secretary records meetings (attendance from the roster, votes),
 * failing quorums and votes are flagged, never refused; corrections leave an audit row; a meeting a task asked for
 * is a ledger entry on the branch's assignment; the calendar and the kept figures follow each write; the sweep
 * keeps the figures of organisations without meetings; subtree rates rank the children.
 */
describeOnEngines('organisational life: meetings, compliance, kept figures and rates', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string;
  let secretary: string;
  let member: string;
  let b: string;
  let clock = new Date('2026-04-02T02:00:00Z');
  let extra: number[] = [];
  let committee: number[] = [];

  before(async () => {
    fx = await buildFixture(ctx.database);
    // Seven full members and a committee of three: the branch holds 支委会 (支部条例 第十二条).
    extra = [];
    for (const name of ['周一', '吴二', '郑三', '孙四', '冯五'])
      extra.push(await insertPerson(ctx.database, fx.orgs.a1a, { name }));
    for (const [i, person] of [extra[0]!, extra[1]!].entries()) {
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
    committee = [fx.people.a1aSecretary, extra[0]!, extra[1]!];
    app = await buildApp({ database: ctx.database, now: () => clock });
    district = await loginAs(app, fx.users.aAdmin.username);
    secretary = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
    b = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  const post = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const patch = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'PATCH', url, headers: { cookie }, payload });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const everyone = () => [fx.people.a1aFull, fx.people.a1aSecretary, fx.people.a1aProbationary, ...extra];

  test('the form starts from the roster, open work and the kinds still due', async () => {
    const res = await get(secretary, `/api/meetings/form-defaults?orgId=${fx.orgs.a1a.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json();
    assert.equal(d.hasCommittee, true);
    assert.equal(d.roster.length, 8);
    assert.equal(d.roster.find((r: { personId: number }) => r.personId === fx.people.a1aProbationary).voting, false);
    assert.ok(d.roster.find((r: { personId: number }) => r.personId === extra[0]).committee);
    assert.ok(d.dueKinds.some((k: { kind: string }) => k.kind === 'committee_meeting'));
    assert.equal((await get(b, `/api/meetings/form-defaults?orgId=${fx.orgs.a1a.id}`)).statusCode, 404);
  });

  let committeeMeeting = 0;
  test('a secretary records a 支委会 in March: the calendar turns March done, the kept figures follow', async () => {
    const before = await get(secretary, `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`);
    const cell = (
      body: { cells: { kind: string; month: number; status: string; meetingIds: number[] }[] },
      kind: string,
      m: number,
    ) => body.cells.find((c) => c.kind === kind && c.month === m)!;
    assert.equal(cell(before.json(), 'committee_meeting', 3).status, 'missing');
    const res = await post(secretary, '/api/meetings', {
      orgId: fx.orgs.a1a.id,
      kind: 'committee_meeting',
      heldOn: '2026-03-10',
      startTime: '09:00',
      endTime: '10:30',
      topic: '研究季度工作',
      minutes: '会议研究了第一季度工作。',
      attendance: committee.map((personId) => ({ personId, present: true })),
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    committeeMeeting = m.id;
    assert.deepEqual([m.expectedCount, m.presentCount, m.findings.length], [3, 3, 0]);
    const after = (await get(secretary, `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    assert.equal(cell(after, 'committee_meeting', 3).status, 'done');
    assert.deepEqual(cell(after, 'committee_meeting', 3).meetingIds, [m.id]);
    assert.equal(cell(after, 'committee_meeting', 4).status, 'pending');
    const missing = after.findings.find(
      (f: { code: string; kind: string }) => f.code === 'missing' && f.kind === 'committee_meeting',
    );
    assert.deepEqual(
      [missing.ruleId, missing.source, missing.article],
      ['life.committeeMeeting', '中国共产党支部工作条例（试行）', '第十二条'],
    );
    const kept = await ctx.database.db
      .selectFrom('life_compliance')
      .selectAll()
      .where('org_id', '=', fx.orgs.a1a.id)
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();
    assert.deepEqual([kept.due, kept.met, kept.findings], [after.counts.due, after.counts.met, after.counts.findings]);
    assert.equal(kept.met, 1);
  });

  test('a 党员大会 below quorum with a failed vote is recorded and flagged, citing Art.11', async () => {
    const present = [fx.people.a1aFull, fx.people.a1aSecretary, fx.people.a1aProbationary];
    const res = await post(secretary, '/api/meetings', {
      orgId: fx.orgs.a1a.id,
      kind: 'general_meeting',
      heldOn: '2026-03-20',
      topic: '讨论接收预备党员',
      attendance: everyone().map((personId) => ({
        personId,
        present: present.includes(personId),
        ...(present.includes(personId) ? {} : { reason: 'business', note: '外出学习' }),
      })),
      votes: [{ motion: '接收王小明为预备党员', yes: 2, no: 0, abstain: 0, shouldAttend: 7, present: 2 }],
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    assert.deepEqual([m.expectedCount, m.presentCount], [7, 2]);
    assert.equal(m.attendance.find((a: { personId: number }) => a.personId === extra[2]).reason, 'business');
    assert.deepEqual(
      m.findings.map((f: { code: string }) => f.code),
      ['underAttended', 'noMinutes', 'voteNoQuorum'],
    );
    assert.equal(m.findings[0].article, '第十一条');
    assert.equal(m.votes[0].outcome.passed, false);
  });

  test('refused: a future day, a member off the roster, another subtree’s person, a 党员 recording', async () => {
    const base = { orgId: fx.orgs.a1a.id, kind: 'lecture', heldOn: '2026-03-25', topic: '党课' };
    const future = await post(secretary, '/api/meetings', { ...base, heldOn: '2026-04-03' });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().error.key, 'err.life.futureDate');
    const foreign = await post(secretary, '/api/meetings', {
      ...base,
      attendance: [{ personId: fx.people.b1aFull, present: true }],
    });
    assert.equal(foreign.statusCode, 404);
    const groupMember = await insertPerson(ctx.database, fx.orgs.a1g, { name: '陈六' });
    const off = await post(secretary, '/api/meetings', {
      ...base,
      attendance: [{ personId: groupMember, present: true }],
    });
    assert.equal(off.statusCode, 422);
    assert.equal(off.json().error.key, 'err.life.notOnRoster');
    const counts = await post(secretary, '/api/meetings', {
      ...base,
      votes: [{ motion: '甲', yes: 5, no: 0, abstain: 0, shouldAttend: 7, present: 4 }],
    });
    assert.equal(counts.statusCode, 400);
    assert.equal((await post(member, '/api/meetings', base)).statusCode, 403);
    assert.equal((await post(b, '/api/meetings', base)).statusCode, 404);
  });

  test('a correction replaces the fields and leaves an audit row; another district sees nothing', async () => {
    const res = await patch(secretary, `/api/meetings/${committeeMeeting}`, {
      topic: '研究第一季度工作',
      heldOn: '2026-02-27',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().topic, '研究第一季度工作');
    const audits = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'meeting.correct'`.execute(ctx.database.db);
    assert.equal(audits.rows[0]!.n, 1);
    const cal = (await get(secretary, `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    assert.equal(
      cal.cells.find((c: { kind: string; month: number }) => c.kind === 'committee_meeting' && c.month === 2).status,
      'done',
    );
    assert.equal(
      cal.cells.find((c: { kind: string; month: number }) => c.kind === 'committee_meeting' && c.month === 3).status,
      'missing',
    );
    await patch(secretary, `/api/meetings/${committeeMeeting}`, { heldOn: '2026-03-10' });
    assert.equal((await get(b, `/api/meetings/${committeeMeeting}`)).statusCode, 404);
    assert.equal((await patch(member, `/api/meetings/${committeeMeeting}`, { topic: 'x' })).statusCode, 403);
    const list = (await get(member, `/api/meetings?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    assert.equal(list.items.length, 2);
  });

  test('a meeting a task asked for is a ledger entry on the branch’s assignment, in the same write', async () => {
    const task = (
      await post(district, '/api/tasks', { orgId: fx.orgs.a1.id, title: '专题组织生活会', deadline: '2026-12-31' })
    ).json();
    const assigned = await post(district, `/api/tasks/${task.id}/assignments`, { orgIds: [fx.orgs.a1a.id] });
    assert.ok(assigned.statusCode < 300, assigned.body);
    const defaults = (await get(secretary, `/api/meetings/form-defaults?orgId=${fx.orgs.a1a.id}`)).json();
    assert.ok(defaults.suggestions.some((s: { taskId: number }) => s.taskId === task.id));
    const res = await post(secretary, '/api/meetings', {
      orgId: fx.orgs.a1a.id,
      kind: 'life_meeting',
      heldOn: '2026-04-01',
      topic: '专题组织生活会',
      minutes: '开展批评与自我批评。',
      taskId: task.id,
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    assert.ok(m.ledgerEntryId);
    const a = await ctx.database.db
      .selectFrom('assignment')
      .select(['state', 'id'])
      .where('task_id', '=', task.id)
      .executeTakeFirstOrThrow();
    assert.equal(a.state, 'in_progress');
    assert.equal(m.assignmentId, a.id);
    const entry = await ctx.database.db
      .selectFrom('ledger_entry')
      .select(['text', 'entry_date'])
      .where('id', '=', m.ledgerEntryId)
      .executeTakeFirstOrThrow();
    assert.equal(entry.entry_date, '2026-04-01');
    assert.match(entry.text, /组织生活会/);
    // 基层减负: counted as a meeting the task asked for (from the town that assigned it), not as a report.
    const demands = await ctx.database.db
      .selectFrom('org_demand')
      .select(['kind', 'from_org_id'])
      .where('assignment_id', '=', a.id)
      .where('kind', 'in', ['report', 'meeting'])
      .execute();
    assert.deepEqual(demands, [{ kind: 'meeting', from_org_id: fx.orgs.a1.id }]);
    // A task of the branch itself (visible to it) that no one assigned to it: nothing to record progress on.
    const other = (await post(district, '/api/tasks', { orgId: fx.orgs.a1a.id, title: '未下发' })).json();
    const refused = await post(secretary, '/api/meetings', {
      ...{ orgId: fx.orgs.a1a.id, kind: 'lecture', heldOn: '2026-04-01', topic: '党课' },
      taskId: other.id,
    });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.key, 'err.life.taskNotAssigned');
  });

  test('the sweep keeps every organisation’s figures once a month has ended; rates rank the children', async () => {
    const first = await sweepLifeCompliance(ctx.database.db, { today: '2026-04-02' });
    // Drift check: the branch's kept row, written on each meeting, equals its calendar computed from the records,
    // and a recount by the sweep from nothing gives it again.
    const cal = (await get(secretary, `/api/life/compliance?orgId=${fx.orgs.a1a.id}&year=2026`)).json();
    const row = await ctx.database.db
      .selectFrom('life_compliance')
      .select(['due', 'met', 'late', 'findings', 'pending'])
      .where('org_id', '=', fx.orgs.a1a.id)
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, cal.counts);
    await ctx.database.db.deleteFrom('life_compliance').where('org_id', '=', fx.orgs.a1a.id).execute();
    assert.equal((await sweepLifeCompliance(ctx.database.db, { today: '2026-04-02' })).checked, 1);
    assert.deepEqual(
      await ctx.database.db
        .selectFrom('life_compliance')
        .select(['due', 'met', 'late', 'findings', 'pending'])
        .where('org_id', '=', fx.orgs.a1a.id)
        .where('year', '=', 2026)
        .executeTakeFirstOrThrow(),
      cal.counts,
    );
    assert.ok(first.checked >= 6, `checked ${first.checked}`);
    assert.equal((await sweepLifeCompliance(ctx.database.db, { today: '2026-04-30' })).checked, 0);
    assert.ok((await sweepLifeCompliance(ctx.database.db, { today: '2026-05-01' })).checked >= 8);
    const rates = await get(district, `/api/life/rates?orgId=${fx.orgs.a.id}&year=2026`);
    assert.equal(rates.statusCode, 200, rates.body);
    const r = rates.json();
    assert.equal(r.children.length, 1);
    assert.equal(r.children[0].orgId, fx.orgs.a1.id);
    assert.ok(r.subtree.due > 0);
    assert.equal(r.subtree.rate, r.subtree.met / r.subtree.due);
    const kept = await sql<{ due: number; met: number; late: number }>`
      select sum(c.due)::int as due, sum(c.met)::int as met, sum(c.late)::int as late
      from life_compliance c join org o on o.id = c.org_id
      where c.year = 2026 and o.path <@ (select path from org where id = ${fx.orgs.a.id})`.execute(ctx.database.db);
    assert.deepEqual(
      [r.subtree.due, r.subtree.met, r.subtree.late],
      [kept.rows[0]!.due, kept.rows[0]!.met, kept.rows[0]!.late],
    );
    const town = (await get(district, `/api/life/rates?orgId=${fx.orgs.a1.id}&year=2026`)).json();
    assert.equal(town.children[0].orgId, fx.orgs.a1a.id);
    assert.equal(town.children[0].rank, 1);
    assert.equal((await get(b, `/api/life/rates?orgId=${fx.orgs.a.id}&year=2026`)).statusCode, 404);
    // The hourly deadline sweep carries the check: in June, May has ended for everyone.
    const hourly = await sweepDeadlines(ctx.database.db, clockAt(new Date('2026-06-01T12:00:00+08:00')));
    assert.ok(hourly.life.checked >= 8);
    clock = new Date('2026-05-02T02:00:00Z');
  });
});
