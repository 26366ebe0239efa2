import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import {
  buildFixture,
  type Fixture,
  insertOrg,
  insertPerson,
  insertUser,
  loginAs,
  type OrgRef,
} from '../../test/factories.ts';

/**
 * 民主评议党员 through the API (issue 12): a branch of nine members opens its appraisal over the roster as of a day,
 * records self, peer and poll (tallies), and decides; 优秀 3 of 9 passes, 4 of 9 is refused with the counts, 1 of 2
 * is refused; a member graded 不合格 gets a handling record whose steps are recorded and reminded, and whose
 * member's status never changes; corrections are new rows; another district reads nothing.
 */
describeOnEngines('member appraisal: open → self/peer/poll → decide (1/3) → handling', (ctx) => {
  let app: App;
  let fx: Fixture;
  let branch: OrgRef;
  let small: OrgRef;
  let sec: string;
  let other: string;
  let members: number[] = [];
  let id = 0;
  const clock = new Date('2027-01-20T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
    );
  const grades = (excellent: number, unqualified: number[] = []) =>
    members.map((personId, i) => ({
      personId,
      grade: unqualified.includes(personId) ? 'unqualified' : i < excellent ? 'excellent' : 'qualified',
    }));

  before(async () => {
    fx = await buildFixture(ctx.database);
    branch = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `AP-${Date.now()}`,
      name: '评议党支部',
      type: 'branch',
    });
    small = await insertOrg(ctx.database, fx.orgs.a1, { code: `AS-${Date.now()}`, name: '两人党支部', type: 'branch' });
    members = [];
    for (let i = 0; i < 8; i++)
      members.push(await insertPerson(ctx.database, branch, { name: `党员${'甲乙丙丁戊己庚辛'[i]}` }));
    // Full since after the day: probationary on the roster.
    members.push(
      await insertPerson(ctx.database, branch, {
        name: '党员壬',
        status: 'full',
        joinDate: '2025-06-01',
        fullDate: '2027-01-10',
      }),
    );
    // Not on the roster: an applicant, and a member who joined after the day.
    await insertPerson(ctx.database, branch, { name: '申请人', status: 'applicant' });
    await insertPerson(ctx.database, branch, { name: '新党员', status: 'probationary', joinDate: '2027-01-05' });
    for (const n of ['两人甲', '两人乙']) await insertPerson(ctx.database, small, { name: n });
    app = await buildApp({ database: ctx.database, now: () => clock });
    sec = await loginAs(app, (await insertUser(ctx.database, `ap-sec-${branch.id}`, 'secretary', branch)).username);
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  test('opens over the full and probationary members as of the day; not twice; not for a committee', async () => {
    const a = ok(await send(sec, 'POST', '/api/appraisals', { orgId: branch.id, year: 2026, asOf: '2026-12-31' }), 201);
    id = a.id;
    assert.equal(a.memberCount, 9);
    assert.equal(a.excellentMax, 3);
    assert.equal(a.share, '1/3');
    const ren = a.members.find((m: { name: string }) => m.name === '党员壬');
    assert.equal(ren.status, 'probationary');
    assert.ok(!a.members.some((m: { name: string }) => m.name === '申请人' || m.name === '新党员'));
    const again = await send(sec, 'POST', '/api/appraisals', { orgId: branch.id, year: 2026, asOf: '2026-12-31' });
    assert.equal(again.statusCode, 409, again.body);
    assert.match(again.json().error.message, /已开启/);
    const admin = await loginAs(app, fx.users.aAdmin.username);
    const town = await send(admin, 'POST', '/api/appraisals', { orgId: fx.orgs.a1.id, year: 2026, asOf: '2026-12-31' });
    assert.equal(town.statusCode, 422, town.body);
    assert.match(town.json().error.message, /不是党支部/);
    const list = ok(await send(admin, 'GET', `/api/appraisals?orgId=${fx.orgs.a1.id}&year=2026`));
    assert.deepEqual(
      list.map((x: { id: number }) => x.id),
      [id],
    );
  });

  test('self, peer and poll are recorded as tallies; a correction is a new row and the latest counts', async () => {
    const m = members[0]!;
    const tallies = { excellent: 5, qualified: 3, basic: 0, unqualified: 0 };
    ok(
      await send(sec, 'PUT', `/api/appraisals/${id}/members/${m}`, {
        self: { done: true, note: '已提交个人总结' },
        peer: { tallies },
        poll: { tallies: { ...tallies, excellent: 4, qualified: 4 } },
      }),
    );
    const d = ok(
      await send(sec, 'PUT', `/api/appraisals/${id}/members/${m}`, {
        poll: { tallies: { excellent: 6, qualified: 2, basic: 0, unqualified: 0 }, note: '更正计票' },
      }),
    );
    const row = d.members.find((x: { personId: number }) => x.personId === m);
    assert.equal(row.self.done, true);
    assert.equal(row.poll.tallies.excellent, 6);
    assert.equal(row.peer.tallies.excellent, 5);
    assert.equal(d.entries.length, 4);
    const empty = await send(sec, 'PUT', `/api/appraisals/${id}/members/${m}`, {});
    assert.equal(empty.statusCode, 400, empty.body);
    const stranger = await send(sec, 'PUT', `/api/appraisals/${id}/members/${fx.people.a1aFull}`, {
      self: { done: true },
    });
    assert.equal(stranger.statusCode, 404, stranger.body);
  });

  test('优秀 4 of 9 is refused with the counts, nothing written; 3 of 9 passes', async () => {
    const before = await count('appraisal_decision');
    const over = await send(sec, 'POST', `/api/appraisals/${id}/decisions`, {
      body: 'general',
      decidedOn: '2027-01-15',
      grades: grades(4),
    });
    assert.equal(over.statusCode, 422, over.body);
    assert.match(over.json().error.message, /优秀的党员 4 名，超过参评党员 9 名的1\/3（至多 3 名）/);
    assert.equal(await count('appraisal_decision'), before);
    const missing = await send(sec, 'POST', `/api/appraisals/${id}/decisions`, {
      body: 'general',
      decidedOn: '2027-01-15',
      grades: grades(1).slice(1),
    });
    assert.equal(missing.statusCode, 422, missing.body);
    assert.match(missing.json().error.message, /党员甲.*尚未评定等次/);
    const d = ok(
      await send(sec, 'POST', `/api/appraisals/${id}/decisions`, {
        body: 'general',
        decidedOn: '2027-01-15',
        grades: grades(3, [members[8]!]),
        note: '党员大会表决',
      }),
    );
    assert.equal(d.decided, true);
    assert.equal(d.excellent, 3);
    assert.deepEqual(d.decisions[0].counts, { excellent: 3, qualified: 5, basic: 0, unqualified: 1 });
    assert.equal(d.handlings.length, 1);
    assert.equal(d.handlings[0].state, 'open');
    assert.deepEqual(
      d.reminders.map((r: { kind: string; name: string }) => [r.kind, r.name]),
      [['decisionPending', '党员壬']],
    );
  });

  test('优秀 1 of 2 is refused', async () => {
    const smallSec = await loginAs(
      app,
      (await insertUser(ctx.database, `ap-s-${small.id}`, 'secretary', small)).username,
    );
    const a = ok(
      await send(smallSec, 'POST', '/api/appraisals', { orgId: small.id, year: 2026, asOf: '2026-12-31' }),
      201,
    );
    const [x, y] = a.members.map((m: { personId: number }) => m.personId);
    const res = await send(smallSec, 'POST', `/api/appraisals/${a.id}/decisions`, {
      body: 'committee',
      decidedOn: '2027-01-10',
      grades: [
        { personId: x, grade: 'excellent' },
        { personId: y, grade: 'qualified' },
      ],
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.json().error.message, /1 名，超过参评党员 2 名的1\/3（至多 0 名）/);
  });

  test('the handling record: 限期改正 with a deadline, reminded, then 除名 recorded — the status never changes', async () => {
    const m = members[8]!;
    const url = `/api/appraisals/${id}/members/${m}/handling`;
    const noDeadline = await send(sec, 'POST', url, {
      kind: 'decide',
      measure: 'correct',
      by: '支部委员会',
      on: '2027-01-16',
      note: '限期改正',
    });
    assert.equal(noDeadline.statusCode, 422, noDeadline.body);
    assert.match(noDeadline.json().error.message, /改正期限/);
    const d = ok(
      await send(sec, 'POST', url, {
        kind: 'decide',
        measure: 'correct',
        deadline: '2027-01-25',
        by: '支部委员会',
        on: '2027-01-16',
        note: '限期三个月改正',
      }),
    );
    assert.equal(d.handlings[0].state, 'correcting');
    assert.deepEqual(
      d.reminders.map((r: { kind: string; on: string }) => [r.kind, r.on]),
      [['correctionDue', '2027-01-25']],
    );
    const wrong = await send(sec, 'POST', url, {
      kind: 'outcome',
      outcome: 'removed',
      by: '支部委员会',
      on: '2027-01-26',
      note: 'x',
    });
    assert.equal(wrong.statusCode, 422, wrong.body);
    ok(
      await send(sec, 'POST', url, {
        kind: 'escalate',
        measure: 'remove',
        by: '党员大会',
        on: '2027-01-26',
        note: '改正无效',
      }),
    );
    const done = ok(
      await send(sec, 'POST', url, {
        kind: 'outcome',
        outcome: 'removed',
        by: '镇党委',
        on: '2027-02-01',
        note: '上级批准除名',
      }),
    );
    assert.equal(done.handlings[0].state, 'closed');
    assert.equal(done.handlings[0].outcome, 'removed');
    assert.equal(done.handlings[0].events.length, 3);
    assert.deepEqual(done.reminders, []);
    const person = await ctx.database.db
      .selectFrom('person')
      .select('status')
      .where('id', '=', m)
      .executeTakeFirstOrThrow();
    assert.equal(person.status, 'full');
    const notUnq = await send(sec, 'POST', `/api/appraisals/${id}/members/${members[0]}/handling`, {
      kind: 'decide',
      measure: 'persuade',
      by: '支委会',
      on: '2027-01-16',
      note: 'x',
    });
    assert.equal(notUnq.statusCode, 422, notUnq.body);
  });

  test('a correcting decision is a new row; a meeting not of the branch is refused; another district sees nothing', async () => {
    const before = await count('appraisal_decision');
    const meeting = await send(sec, 'POST', `/api/appraisals/${id}/decisions`, {
      body: 'general',
      decidedOn: '2027-01-18',
      meetingId: 999999,
      grades: grades(2),
    });
    assert.equal(meeting.statusCode, 404, meeting.body);
    const d = ok(
      await send(sec, 'POST', `/api/appraisals/${id}/decisions`, {
        body: 'general',
        decidedOn: '2027-01-18',
        grades: grades(2, [members[8]!]),
        note: '更正',
      }),
    );
    assert.equal(await count('appraisal_decision'), before + 1);
    assert.equal(d.decisions.length, 2);
    assert.equal(d.excellent, 2);
    assert.equal(d.handlings.length, 1);
    assert.equal((await send(other, 'GET', `/api/appraisals/${id}`)).statusCode, 404);
    const list = await send(other, 'GET', `/api/appraisals?orgId=${branch.id}`);
    assert.equal(list.statusCode, 404, list.body);
    const member = await loginAs(app, fx.users.aMember.username);
    assert.equal((await send(member, 'GET', `/api/appraisals/${id}`)).statusCode, 403);
  });
});
