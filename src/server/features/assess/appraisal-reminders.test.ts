import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertPerson, insertUser, loginAs } from '../../test/factories.ts';
import { sweepDeadlines } from '../assignments/sweep.service.ts';
import { clockAt } from '../context.ts';

/**
 * 民主评议党员 reminders as notifications (kind 'appraisal', issue 12), made by the daily deadline sweep: the branch is
 * told once when its appraisal is not decided by its due day (from the day after it), once when a 不合格 member's
 * 限期改正 deadline is near (assess.handlingDueSoonDays, 7 days) and once when it has passed; never twice for the same
 * thing, nothing once the outcome is recorded, nothing to the town above or to another district. The due day is the
 * branch's own or 30 days after the roster day (assess.appraisalDecideDays [S]).
 */
describeOnEngines('member appraisal: reminders as notifications from the daily sweep', (ctx) => {
  let app: App;
  let fx: Fixture;
  let sec: string;
  let town: string;
  let other: string;
  let branchId = 0;
  let members: number[] = [];
  let id = 0;
  let now = new Date('2027-01-05T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers read for their fields
  const ok = (res: { statusCode: number; body: string; json: () => any }, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const send = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  type Item = { kind: string; title: string; body: string; appraisalId: number | null; titleMsg: { key: string } };
  const told = async (cookie: string) =>
    (ok(await send(cookie, 'GET', '/api/notifications?limit=200')).items as Item[]).filter(
      (n) => n.kind === 'appraisal',
    );
  const sweep = (day: string) => sweepDeadlines(ctx.database.db, clockAt(new Date(`${day}T12:00:00+08:00`)));

  before(async () => {
    fx = await buildFixture(ctx.database);
    const branch = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `AR-${Date.now()}`,
      name: '提醒党支部',
      type: 'branch',
    });
    branchId = branch.id;
    members = [];
    for (const name of ['党员赵', '党员钱', '党员孙']) members.push(await insertPerson(ctx.database, branch, { name }));
    app = await buildApp({ database: ctx.database, now: () => now });
    sec = await loginAs(app, (await insertUser(ctx.database, `ar-sec-${branch.id}`, 'secretary', branch)).username);
    town = await loginAs(app, fx.users.aAdmin.username);
    other = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  test('the due day: the branch’s own (not before the roster day), else 30 days after the roster day', async () => {
    const bad = await send(sec, 'POST', '/api/appraisals', {
      orgId: branchId,
      year: 2026,
      asOf: '2026-12-31',
      dueOn: '2026-12-30',
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.json().error.message, /评定期限 2026-12-30 早于名单日期 2026-12-31/);
    const a = ok(
      await send(sec, 'POST', '/api/appraisals', {
        orgId: branchId,
        year: 2026,
        asOf: '2026-12-31',
        dueOn: '2027-01-15',
      }),
      201,
    );
    id = a.id;
    assert.equal(a.dueOn, '2027-01-15');
    assert.equal(a.overdue, false);
    const small = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `AR2-${Date.now()}`,
      name: '默认期限党支部',
      type: 'branch',
    });
    await insertPerson(ctx.database, small, { name: '党员李' });
    const d = ok(await send(town, 'POST', '/api/appraisals', { orgId: small.id, year: 2026, asOf: '2026-12-31' }), 201);
    assert.equal(d.dueOn, '2027-01-30');
  });

  test('not decided by the due day: told once from the day after it, never twice; the town and others not', async () => {
    await sweep('2027-01-15');
    assert.deepEqual(await told(sec), []);
    const first = await sweep('2027-01-16');
    assert.equal(first.appraisal.undecided, 1);
    assert.equal(first.appraisal.reminders, 1);
    const [n] = await told(sec);
    assert.equal(n!.titleMsg.key, 'notice.appraisal.overdue');
    assert.equal(n!.title, '民主评议党员逾期未评定：2026年度（评定期限 2027-01-15）');
    assert.match(n!.body, /支委会或党员大会/);
    assert.equal(n!.appraisalId, id);
    const again = await sweep('2027-01-16');
    assert.equal(again.appraisal.reminders, 0);
    await sweep('2027-01-20');
    assert.equal((await told(sec)).length, 1);
    assert.deepEqual(await told(town), []);
    assert.deepEqual(await told(other), []);
    // The API's day moves on too (the sessions with it).
    now = new Date('2027-01-20T02:00:00Z');
    sec = await loginAs(app, `ar-sec-${branchId}`);
    town = await loginAs(app, fx.users.aAdmin.username);
    const list = ok(await send(sec, 'GET', `/api/appraisals?orgId=${branchId}&year=2026`));
    assert.equal(list[0].overdue, true);
  });

  test('限期改正: told once when the deadline is near and once when it has passed; nothing after the outcome', async () => {
    const m = members[2]!;
    const grades = members.map((personId) => ({ personId, grade: personId === m ? 'unqualified' : 'qualified' }));
    const decided = ok(
      await send(sec, 'POST', `/api/appraisals/${id}/decisions`, { body: 'general', decidedOn: '2027-01-21', grades }),
    );
    assert.equal(decided.overdue, false);
    ok(
      await send(sec, 'POST', `/api/appraisals/${id}/members/${m}/handling`, {
        kind: 'decide',
        measure: 'correct',
        deadline: '2027-03-01',
        by: '支部委员会',
        on: '2027-01-22',
        note: '限期改正',
      }),
    );
    const keys = async () => (await told(sec)).map((n) => n.titleMsg.key);
    // Seven days ahead is near: 2 Feb 2027 + 7 = 1 Mar (February has 28 days in 2027).
    await sweep('2027-02-21');
    assert.deepEqual(await keys(), ['notice.appraisal.overdue']);
    const near = await sweep('2027-02-22');
    assert.equal(near.appraisal.handlings, 1);
    const [due] = await told(sec);
    assert.equal(due!.titleMsg.key, 'notice.appraisal.correctionDue');
    assert.equal(due!.title, '不合格党员限期改正即将到期：党员孙（期限 2027-03-01）');
    assert.equal(due!.appraisalId, id);
    await sweep('2027-02-25');
    await sweep('2027-03-01');
    assert.equal((await keys()).length, 2);
    await sweep('2027-03-02');
    assert.deepEqual(await keys(), [
      'notice.appraisal.correctionOverdue',
      'notice.appraisal.correctionDue',
      'notice.appraisal.overdue',
    ]);
    assert.equal((await sweep('2027-03-03')).appraisal.reminders, 0);
    ok(
      await send(sec, 'POST', `/api/appraisals/${id}/members/${m}/handling`, {
        kind: 'outcome',
        outcome: 'corrected',
        by: '支部委员会',
        on: '2027-03-05',
        note: '已改正',
      }),
    );
    const later = await sweep('2027-03-10');
    assert.equal(later.appraisal.handlings, 0);
    assert.equal((await keys()).length, 3);
    assert.deepEqual(await told(town), []);
  });
});
