import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { drawSample } from '../../../domain/supervise/sampling.ts';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, loginAs } from '../../test/factories.ts';

/**
 * Supervision through the API: a random spot check drawn by rule with a recorded seed (drawn again, the same
 * organisations), targets picked beside it, findings per target, a finding turned into a problem once, what a
 * target sees of a supervision, refusals that write nothing.
 */
describeOnEngines('supervise: a random spot check, its findings, a finding becomes a problem', (ctx) => {
  let app: App;
  let fx: Fixture;
  let district: string; // a-admin: district A's organisation department
  let branch: string; // a-sec: the secretary of branch a1a
  let b: string; // b-admin: the sibling district
  const rural: number[] = [];
  let supervisionId = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    // Twelve rural branches under town a1 beside the fixture's own: the pool of the draw.
    for (let i = 1; i <= 12; i++) {
      const o = await insertOrg(ctx.database, fx.orgs.a1, {
        code: `SUP-${i}`,
        name: `第${i}村党支部`,
        type: 'branch',
        field: 'rural',
      });
      rural.push(o.id);
    }
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    b = await loginAs(app, fx.users.bAdmin.username);
  });
  after(() => app.close());

  const post = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.database.db)).rows[0]!.n,
    );

  test('a random spot check of 25% (at least 2) of the rural branches under the town, the seed recorded', async () => {
    const res = await post(district, '/api/supervisions', {
      orgId: fx.orgs.a.id,
      kind: 'random',
      title: '农村党支部“三会一课”随机抽查',
      subject: '检查2026年“三会一课”落实情况',
      periodStart: '2026-11-23',
      periodEnd: '2026-12-10',
      orgIds: [fx.orgs.a1a.id],
      sample: { underOrgId: fx.orgs.a1.id, types: ['branch'], fields: ['rural'], share: 0.25, min: 2 },
    });
    assert.equal(res.statusCode, 201, res.body);
    const s = res.json();
    supervisionId = s.id;
    // The pool: every active rural branch under the town (the fixture's own and the twelve above), by id.
    const pool = (
      await sql<{ id: number }>`select id from org where path <@ ${fx.orgs.a1.path}::ltree and id <> ${fx.orgs.a1.id}
        and type = 'branch' and field = 'rural' and status = 'active' order by id`.execute(ctx.database.db)
    ).rows.map((r) => r.id);
    assert.ok(rural.every((id) => pool.includes(id)));
    assert.equal(s.draw.candidateCount, pool.length);
    assert.equal(s.draw.share, 0.25);
    assert.ok(Number.isInteger(s.draw.seed));
    const drawn = s.targets.filter((t: { drawn: boolean }) => t.drawn).map((t: { orgId: number }) => t.orgId);
    assert.equal(drawn.length, Math.max(2, Math.ceil(pool.length * 0.25)));
    assert.ok(drawn.every((id: number) => pool.includes(id)));
    // Anyone holding the rule, the seed and the candidates draws the same organisations again.
    assert.deepEqual(
      drawSample(pool, { share: 0.25, min: 2 }, s.draw.seed),
      [...drawn].sort((x, y) => x - y),
    );
    // The picked branch is a target beside the drawn ones (once, marked drawn if the draw took it too).
    assert.ok(s.targets.some((t: { orgId: number }) => t.orgId === fx.orgs.a1a.id));
    assert.equal(s.targetCount, new Set([...drawn, fx.orgs.a1a.id]).size);
    // The same rule with the same seed, issued again, draws the same.
    const again = await post(district, '/api/supervisions', {
      orgId: fx.orgs.a.id,
      kind: 'random',
      title: '复核抽取',
      periodStart: '2026-11-23',
      periodEnd: '2026-12-10',
      sample: {
        underOrgId: fx.orgs.a1.id,
        types: ['branch'],
        fields: ['rural'],
        share: 0.25,
        min: 2,
        seed: s.draw.seed,
      },
    });
    assert.deepEqual(
      again
        .json()
        .targets.map((t: { orgId: number }) => t.orgId)
        .sort((x: number, y: number) => x - y),
      [...drawn].sort((x, y) => x - y),
    );
  });

  test('refused, with nothing written: no rule for a random check, a target outside or above, none to draw', async () => {
    const before = await count('supervision');
    const base = { orgId: fx.orgs.a.id, title: '督查', periodStart: '2026-11-23', periodEnd: '2026-12-10' };
    const cases: [object, number, RegExp][] = [
      [{ ...base, kind: 'random', orgIds: [fx.orgs.a1a.id] }, 400, /随机抽查须给出抽取规则/],
      [{ ...base, kind: 'special', orgIds: [fx.orgs.b1a.id] }, 404, /./],
      [{ ...base, kind: 'special', orgIds: [fx.orgs.a.id] }, 422, /不在“.+”的下级范围内/],
      [
        { ...base, kind: 'special', periodEnd: '2026-11-01', orgIds: [fx.orgs.a1a.id] },
        400,
        /结束日期不能早于开始日期/,
      ],
      [
        {
          ...base,
          kind: 'random',
          sample: { underOrgId: fx.orgs.a1.id, types: ['branch'], fields: ['school'], share: 0.1, min: 1 },
        },
        422,
        /没有符合条件的组织可供抽取/,
      ],
    ];
    for (const [payload, status, message] of cases) {
      const res = await post(district, '/api/supervisions', payload);
      assert.equal(res.statusCode, status, res.body);
      assert.match(res.json().error.message, message);
    }
    assert.equal(await count('supervision'), before);
  });

  test('findings on targets only, by the supervising side only; a finding becomes a problem once', async () => {
    const target = fx.orgs.a1a.id;
    const notTarget = await post(district, `/api/supervisions/${supervisionId}/findings`, {
      orgId: fx.orgs.a1.id,
      text: '镇党委会议记录不全',
    });
    assert.equal(notTarget.statusCode, 422);
    assert.match(notTarget.json().error.message, /不是本次督查的对象/);
    const byTarget = await post(branch, `/api/supervisions/${supervisionId}/findings`, { orgId: target, text: '自报' });
    assert.equal(byTarget.statusCode, 403);
    const res = await post(district, `/api/supervisions/${supervisionId}/findings`, {
      orgId: target,
      text: '支部委员会会议记录缺少议题和决定事项。2026年第三季度未开展党课',
      severity: 'serious',
      evidence: '查阅会议记录本',
    });
    assert.equal(res.statusCode, 200, res.body);
    const finding = res.json().findings.at(-1);
    assert.equal(finding.problemId, null);

    const made = await post(district, `/api/supervisions/${supervisionId}/findings/${finding.id}/problem`, {
      deadline: '2027-01-31',
    });
    assert.equal(made.statusCode, 201, made.body);
    const problem = made.json();
    assert.equal(problem.source, 'supervision');
    assert.equal(problem.orgId, target);
    assert.equal(problem.issuerOrgId, fx.orgs.a.id);
    assert.equal(problem.severity, 'serious');
    assert.equal(problem.title, '支部委员会会议记录缺少议题和决定事项');
    assert.equal(problem.deadline, '2027-01-31');
    assert.equal(problem.state, 'open');
    const twice = await post(district, `/api/supervisions/${supervisionId}/findings/${finding.id}/problem`, {});
    assert.equal(twice.statusCode, 409);
    assert.match(twice.json().error.message, new RegExp(`问题 ID ${problem.id}`));
    const detail = (await get(district, `/api/supervisions/${supervisionId}`)).json();
    assert.equal(detail.findings.at(-1).problemId, problem.id);
    // The branch can claim the problem the supervision found: the rectification goes on in the rectify area.
    const claim = await post(branch, `/api/problems/${problem.id}/events`, { event: 'claim', person: '李秀英' });
    assert.equal(claim.statusCode, 200, claim.body);
  });

  test('the subject may name deployments (in scope) besides tasks', async () => {
    const dep = await post(district, '/api/deployments', {
      orgId: fx.orgs.a.id,
      text: '关于开展“三会一课”规范化建设的部署\n一、各党支部按月召开支委会。',
    });
    assert.equal(dep.statusCode, 201, dep.body);
    const plan = {
      orgId: fx.orgs.a.id,
      kind: 'special',
      title: '部署落实专项督查',
      periodStart: '2026-11-23',
      periodEnd: '2026-12-10',
      orgIds: [fx.orgs.a1a.id],
      deploymentIds: [dep.json().id],
      burdenReason: '专项',
    };
    const res = await post(district, '/api/supervisions', plan);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(
      res.json().deployments.map((d: { id: number }) => d.id),
      [dep.json().id],
    );
    const foreign = await post(b, '/api/deployments', { orgId: fx.orgs.b.id, text: '乙区部署\n一、落实。' });
    const refused = await post(district, '/api/supervisions', { ...plan, deploymentIds: [foreign.json().id] });
    assert.ok([403, 404].includes(refused.statusCode), refused.body);
  });

  test('a target sees that it was supervised, its own findings, not the others nor the draw', async () => {
    const mine = await get(branch, `/api/supervisions/${supervisionId}`);
    assert.equal(mine.statusCode, 200, mine.body);
    const s = mine.json();
    assert.deepEqual(
      s.targets.map((t: { orgId: number }) => t.orgId),
      [fx.orgs.a1a.id],
    );
    assert.equal(s.targetCount, 1);
    assert.equal(s.draw, null);
    assert.equal(s.canManage, false);
    assert.ok(s.findings.every((f: { orgId: number }) => f.orgId === fx.orgs.a1a.id));
    const list = (await get(branch, '/api/supervisions')).json();
    assert.ok(list.items.some((x: { id: number }) => x.id === supervisionId));
    // The sibling district sees nothing of it.
    assert.equal((await get(b, `/api/supervisions/${supervisionId}`)).statusCode, 404);
    assert.equal(
      (await get(b, '/api/supervisions')).json().items.filter((x: { id: number }) => x.id === supervisionId).length,
      0,
    );
  });
});
