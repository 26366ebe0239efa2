import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, insertUser, loginAs, type OrgRef } from '../../test/factories.ts';

/**
 * Assessment through the API (issue 12): a system from the default template, a round over three branches of a
 * town, 自评 by a branch, 评分 by the town with one veto, 公示 with an objection answered, 确定 with star levels, and
 * a revision after that; and the refusals (a step out of order, a grade over its quota, weights that do not add up,
 * an indicator scored by an organisation that is not its scorer, a round of another subtree read).
 */
describeOnEngines('assessment: system → round → self → score → 公示 → 确定 → stars → revision', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string; // a secretary of 甲一镇党委 (the issuer and scorer)
  let branch: string; // a-sec: 甲一村党支部
  let other: string; // b-admin: the sibling district
  let branches: OrgRef[] = [];
  let systemId = 0;
  let roundId = 0;
  const clock = new Date('2026-12-10T02:00:00Z');

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

  before(async () => {
    fx = await buildFixture(ctx.database);
    const b2 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `A1b-${Date.now()}`,
      name: '甲一社区党支部',
      type: 'branch',
    });
    const b3 = await insertOrg(ctx.database, fx.orgs.a1, {
      code: `A1c-${Date.now()}`,
      name: '甲一学校党支部',
      type: 'branch',
    });
    branches = [fx.orgs.a1a, b2, b3];
    app = await buildApp({ database: ctx.database, now: () => clock });
    const t = await insertUser(ctx.database, `town-${fx.orgs.a1.id}`, 'secretary', fx.orgs.a1);
    town = await loginAs(app, t.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    // A task of the town for the first branch, due before the cut-off and not done: its on-time rate is 0 of 1.
    const task = ok(
      await send(town, 'POST', '/api/tasks', { orgId: fx.orgs.a1.id, title: '阵地建设', deadline: '2026-12-01' }),
      201,
    );
    ok(await send(town, 'POST', `/api/tasks/${task.id}/assignments`, { orgIds: [fx.orgs.a1a.id] }));
  });
  after(() => app.close());

  test('a system from the default template; weights that do not add up are refused naming the indicator', async () => {
    const s = ok(await send(town, 'POST', '/api/assess/systems', { year: 2026, template: 'default' }), 201);
    systemId = s.id;
    assert.equal(s.state, 'draft');
    assert.equal(s.template, 'default');
    assert.ok(s.canEdit);
    const before = JSON.stringify(ok(await send(town, 'GET', `/api/assess/systems/${systemId}`)));
    const bad = structuredClone(s.indicators);
    bad[1].children[0].max = 15; // 组织生活 › 三会一课: 15 + 10 ≠ 30
    const res = await send(town, 'PUT', `/api/assess/systems/${systemId}`, {
      name: s.name,
      total: 100,
      indicators: bad,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().error.message, /组织生活/);
    assert.match(res.json().error.message, /25/);
    assert.equal(JSON.stringify(ok(await send(town, 'GET', `/api/assess/systems/${systemId}`))), before);
    // The branch below cannot edit the town's system, nor see it while it is a draft.
    assert.equal((await send(branch, 'GET', `/api/assess/systems/${systemId}`)).statusCode, 404);
    const renamed = ok(
      await send(town, 'PUT', `/api/assess/systems/${systemId}`, {
        name: '2026年度党支部考核',
        total: 100,
        indicators: s.indicators,
      }),
    );
    assert.equal(renamed.name, '2026年度党支部考核');
    ok(await send(town, 'POST', `/api/assess/systems/${systemId}/publish`));
    const seen = ok(await send(branch, 'GET', '/api/assess/systems'));
    assert.ok(seen.some((x: { id: number; canEdit: boolean }) => x.id === systemId && !x.canEdit));
    assert.equal((await send(other, 'GET', `/api/assess/systems/${systemId}`)).statusCode, 404);
  });

  test('a round over the town’s three branches, by rule with a preview; steps out of order are refused', async () => {
    const rule = { underOrgId: fx.orgs.a1.id, types: ['branch'] };
    const preview = ok(await send(town, 'POST', `/api/assess/systems/${systemId}/rounds/preview`, { rule }));
    assert.equal(preview.count, 3);
    const round = ok(
      await send(town, 'POST', `/api/assess/systems/${systemId}/rounds`, {
        rule,
        name: '2026年度党支部考核',
        selfDue: '2026-12-20',
        scoreDue: '2027-01-10',
        cutoff: '2026-12-05',
        publicityFrom: '2027-01-11',
        publicityTo: '2027-01-17',
        grading: { secondaryIndicatorId: 'D-6' },
      }),
      201,
    );
    roundId = round.id;
    assert.equal(round.state, 'draft');
    assert.equal(round.orgs.length, 3);
    assert.match(round.tieBreak, /群众评议/);
    const skip = await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'publicity' });
    assert.equal(skip.statusCode, 422, skip.body);
    assert.match(skip.json().error.message, /草稿.*自评.*公示/);
    // A draft round is the issuer's alone.
    assert.equal((await send(branch, 'GET', `/api/assess/rounds/${roundId}`)).statusCode, 404);
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'self_assessment' }));
    assert.equal((await send(other, 'GET', `/api/assess/rounds/${roundId}`)).statusCode, 404);
    assert.equal((await send(other, 'GET', `/api/assess/rounds/${roundId}/results`)).statusCode, 404);
    const mine = ok(await send(branch, 'GET', `/api/assess/rounds/${roundId}`));
    assert.deepEqual(
      mine.orgs.map((o: { id: number }) => o.id),
      [fx.orgs.a1a.id],
    );
  });

  test('self-assessment by the branch, on its own sheet; not for another branch', async () => {
    const sheet = ok(await send(branch, 'GET', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}`));
    const life = sheet.items.find((i: { id: string }) => i.id === 'D-2-1');
    assert.equal(life.measured, true);
    assert.equal(life.canSelf, false);
    const self = ok(
      await send(branch, 'PUT', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/self`, {
        entries: [{ indicatorId: 'D-2-2', grade: '好' }],
      }),
    );
    assert.deepEqual(self.items.find((i: { id: string }) => i.id === 'D-2-2').self.input, {
      kind: 'graded',
      grade: '好',
    });
    const low = await send(branch, 'PUT', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/self`, {
      entries: [{ indicatorId: 'D-4', grade: '差' }],
    });
    assert.equal(low.statusCode, 400, low.body);
    assert.match(low.json().error.message, /阵地与台账.*佐证/);
    const notMine = await send(branch, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[1]!.id}/self`, {
      entries: [{ indicatorId: 'D-2-2', grade: '好' }],
    });
    assert.ok([403, 404].includes(notMine.statusCode), notMine.body);
    const early = await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/score`, {
      entries: [{ indicatorId: 'D-2-2', grade: '好' }],
    });
    assert.equal(early.statusCode, 422, early.body);
  });

  const full = (grade: string, veto: { reason: string } | null) => [
    { indicatorId: 'D-1', items: [] },
    { indicatorId: 'D-2-2', grade },
    { indicatorId: 'D-4', grade: '较好' },
    { indicatorId: 'D-6', grade },
    { indicatorId: 'D-7', items: [{ points: 3, reason: '获评先进党支部', evidence: '表彰文件' }] },
    { indicatorId: 'D-8', veto },
  ];

  test('the town scores each branch, one with a veto; the branch cannot score the town’s indicators', async () => {
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'scoring' }));
    const theirs = await send(branch, 'PUT', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/score`, {
      entries: [{ indicatorId: 'D-2-2', grade: '好' }],
    });
    assert.equal(theirs.statusCode, 403, theirs.body);
    assert.match(theirs.json().error.message, /甲一镇党委/);
    const before = await count('assess_entry');
    const noWhy = await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[2]!.id}/score`, {
      entries: full('好', { reason: ' ' }),
    });
    assert.equal(noWhy.statusCode, 400, noWhy.body);
    assert.equal(await count('assess_entry'), before);
    // Closing scoring is refused while anything is unscored.
    const early = await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'publicity' });
    assert.equal(early.statusCode, 422, early.body);
    assert.match(early.json().error.message, /未评分/);
    ok(
      await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[0]!.id}/score`, {
        entries: full('好', null),
      }),
    );
    ok(
      await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[1]!.id}/score`, {
        entries: full('较好', null),
      }),
    );
    ok(
      await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${branches[2]!.id}/score`, {
        entries: full('好', { reason: '支部书记严重违纪' }),
      }),
    );
    // The assessed do not see results before 公示.
    assert.equal((await send(branch, 'GET', `/api/assess/rounds/${roundId}/results`)).statusCode, 403);
  });

  test('公示: results with explanations, ranked, the veto at the lowest; a grade over its quota is refused', async () => {
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'publicity' }));
    const res = ok(await send(branch, 'GET', `/api/assess/rounds/${roundId}/results`));
    assert.equal(res.results.length, 3);
    const [first, second, third] = res.results;
    assert.equal(third.orgId, branches[2]!.id);
    assert.equal(third.vetoed, true);
    assert.equal(third.level, 1);
    assert.ok(first.total >= second.total);
    const a = res.results.find((x: { orgId: number }) => x.orgId === fx.orgs.a1a.id);
    const onTime = a.lines.find((l: { id: string }) => l.id === 'D-5-1');
    assert.equal(onTime.points, 0);
    assert.equal(onTime.detail.due, 1);
    assert.match(onTime.text, /应计 1 项、达标 0 项/);
    assert.equal(onTime.link.route, '/api/assignments');
    assert.equal(onTime.link.query.orgId, String(fx.orgs.a1a.id));
    const veto = third.lines.find((l: { id: string }) => l.id === 'D-8');
    assert.match(veto.text, /支部书记严重违纪/);
    // 30% of 3 branches allows no ★5: a manual ★5 is refused with the counts, and nothing changes.
    const before = await count('audit_log');
    const over = await send(town, 'PUT', `/api/assess/rounds/${roundId}/orgs/${first.orgId}/level`, { level: 5 });
    assert.equal(over.statusCode, 422, over.body);
    assert.match(over.json().error.message, /5星.*3 个中至多 0 个/);
    assert.equal(await count('audit_log'), before);
  });

  test('an objection by the branch, answered by the town; both kept', async () => {
    const detail = ok(
      await send(branch, 'POST', `/api/assess/rounds/${roundId}/orgs/${fx.orgs.a1a.id}/objections`, {
        text: '任务已按期完成，系统未及时登记',
      }),
    );
    const j = detail.objections[0];
    assert.equal(j.answer, null);
    const forbidden = await send(branch, 'POST', `/api/assess/objections/${j.id}/answer`, { answer: '自答' });
    assert.equal(forbidden.statusCode, 403, forbidden.body);
    const answered = ok(
      await send(town, 'POST', `/api/assess/objections/${j.id}/answer`, { answer: '经核实，维持原结果' }),
    );
    assert.equal(answered.objections[0].answer, '经核实，维持原结果');
    assert.equal(answered.objections[0].text, '任务已按期完成，系统未及时登记');
  });

  test('确定: star levels per organisation; a revision after that is recorded, never an overwrite', async () => {
    ok(await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'final' }));
    const again = await send(town, 'POST', `/api/assess/rounds/${roundId}/transition`, { to: 'final' });
    assert.equal(again.statusCode, 422);
    assert.match(again.json().error.message, /已确定/);
    const stars = ok(await send(town, 'GET', `/api/assess/stars?orgId=${fx.orgs.a1.id}&year=2026`));
    assert.equal(stars.orgs.length, 3);
    assert.ok(stars.orgs.every((o: { change: string }) => o.change === 'new'));
    const vetoed = stars.orgs.find((o: { orgId: number }) => o.orgId === branches[2]!.id);
    assert.equal(vetoed.level, 1);
    const beforeResults = ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/results`));
    const was = beforeResults.results.find((x: { orgId: number }) => x.orgId === branches[1]!.id);
    const noReason = await send(town, 'POST', `/api/assess/rounds/${roundId}/orgs/${branches[1]!.id}/revisions`, {
      entry: { indicatorId: 'D-6', grade: '差', evidence: '复核测评表' },
      reason: ' ',
    });
    assert.equal(noReason.statusCode, 400);
    const detail = ok(
      await send(town, 'POST', `/api/assess/rounds/${roundId}/orgs/${branches[1]!.id}/revisions`, {
        entry: { indicatorId: 'D-6', grade: '差', evidence: '复核测评表' },
        reason: '群众评议复核后更正',
      }),
    );
    const rev = detail.revisions[0];
    assert.equal(rev.reason, '群众评议复核后更正');
    assert.deepEqual(rev.oldInput, { kind: 'graded', grade: '较好' });
    assert.equal(rev.newInput.grade, '差');
    const change = rev.changes.find((c: { orgId: number }) => c.orgId === branches[1]!.id);
    assert.equal(change.old.total, was.total);
    // 较好 → 差 takes 8 of D-6's 10 points; the indicators with nothing due drop out, so the total moves by more.
    assert.ok(change.new.total < change.old.total - 8, JSON.stringify(change));
    const after = ok(await send(town, 'GET', `/api/assess/rounds/${roundId}/results`));
    const now = after.results.find((x: { orgId: number }) => x.orgId === branches[1]!.id);
    assert.equal(now.revision, 1);
    assert.equal(now.total, change.new.total);
    // The kept revision cannot be changed.
    await assert.rejects(sql`update assess_revision set reason = 'x'`.execute(ctx.database.db));
  });
});
