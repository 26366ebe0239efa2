import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture, type Fixture } from '../../server/test/factories.ts';

const INDICATORS = [
  {
    id: 'P-1',
    name: '综合评价',
    max: 100,
    method: { kind: 'graded', grades: [{ grade: '好', points: 100 }], evidenceFor: [] },
  },
];

for (const engine of ENGINES) {
  describe(`luoshi assess systems / round / appraisals / weak [${engine}]`, () => {
    let target: CliTarget;
    let fx: Fixture;
    let roundId = 0;
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      try {
        fx = await buildFixture(database);
        const at = new Date('2026-12-01T00:00:00Z');
        const s = await database.db
          .insertInto('assess_system')
          .values({
            org_id: fx.orgs.a1.id,
            region_id: fx.orgs.a1.id,
            year: 2026,
            name: '镇考核',
            total: 100,
            indicators: JSON.stringify(INDICATORS),
            state: 'published',
            template: null,
            copied_from: null,
            actor_name: 'test',
            created_by: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const system = { name: '镇考核', year: 2026, issuer: '甲一镇党委', total: 100, indicators: INDICATORS };
        const r = await database.db
          .insertInto('assess_round')
          .values({
            system_id: s.id,
            org_id: fx.orgs.a1.id,
            region_id: fx.orgs.a1.id,
            year: 2026,
            name: '镇考核',
            system: JSON.stringify(system),
            grading: JSON.stringify({ bands: [{ level: 1, min: 0 }], quotas: [], secondaryIndicatorId: null }),
            self_due: '2026-12-20',
            score_due: '2027-01-10',
            cutoff: '2026-12-05',
            publicity_from: '2027-01-11',
            publicity_to: '2027-01-17',
            target_rule: null,
            actor_name: 'test',
            created_by: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        roundId = r.id;
        await database.db
          .insertInto('assess_round_org')
          .values({ round_id: roundId, org_id: fx.orgs.a1a.id, region_id: fx.orgs.a1a.id })
          .execute();
        // 民主评议党员: 甲一村 decided (one member 不合格, with a handling record); 乙一村 not decided, long past due.
        const appraisal = async (org: { id: number }, asOf: string, dueOn: string, members: number[]) => {
          const a = await database.db
            .insertInto('appraisal')
            .values({
              org_id: org.id,
              region_id: org.id,
              year: 2026,
              as_of: asOf,
              due_on: dueOn,
              created_by: null,
              actor_name: 'test',
              created_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await database.db
            .insertInto('appraisal_member')
            .values(members.map((p, i) => ({ appraisal_id: a.id, person_id: p, name: `党员${i}`, status: 'full' })))
            .execute();
          return a.id;
        };
        const p = fx.people;
        const decided = await appraisal(fx.orgs.a1a, '2026-11-30', '2026-12-30', [p.a1aFull, p.a1aSecretary]);
        await appraisal(fx.orgs.b1a, '2026-01-05', '2026-02-04', [p.b1aFull, p.b1aSecretary]);
        const d = await database.db
          .insertInto('appraisal_decision')
          .values({
            appraisal_id: decided,
            body: 'general',
            decided_on: '2026-12-01',
            meeting_id: null,
            grades: JSON.stringify([
              { personId: p.a1aFull, grade: 'unqualified' },
              { personId: p.a1aSecretary, grade: 'qualified' },
            ]),
            actor_name: 'test',
            at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await database.db
          .insertInto('appraisal_handling')
          .values({ appraisal_id: decided, person_id: p.a1aFull, decision_id: d.id, opened_at: at })
          .execute();
        // 软弱涣散: 甲一村 designated by its town, its deadline passed, not lifted.
        await database.db
          .insertInto('weak_org')
          .values({
            org_id: fx.orgs.a1a.id,
            region_id: fx.orgs.a1a.id,
            year: 2026,
            designator_org_id: fx.orgs.a1.id,
            designated_on: '2026-03-01',
            due_on: '2026-06-30',
            reasons: ['noActivities'],
            actor_name: 'test',
            at,
          })
          .execute();
      } finally {
        await database.close();
      }
    });
    after(() => target.cleanup());

    test('systems --json lists the tree’s systems; round --json gives its results with the stated tie-break', async () => {
      const systems = await runCli(['assess', 'systems', '--org', fx.orgs.root.code, '--json'], target.env);
      assert.equal(systems.code, 0, systems.stderr);
      const list = JSON.parse(systems.stdout);
      assert.deepEqual(
        list.map((x: { name: string; state: string }) => [x.name, x.state]),
        [['镇考核', 'published']],
      );
      const round = await runCli(
        ['assess', 'round', String(roundId), '--org', fx.orgs.root.code, '--json'],
        target.env,
      );
      assert.equal(round.code, 0, round.stderr);
      const res = JSON.parse(round.stdout);
      assert.equal(res.round.id, roundId);
      assert.match(res.tieBreak, /总分/);
      assert.equal(res.results.length, 1);
      assert.equal(res.results[0].total, null);
      assert.match(res.results[0].problems[0], /综合评价/);
      // For people: the ranking on stdout, the progress of scoring the whole round on stderr (--json: none).
      const text = await runCli(['assess', 'round', String(roundId), '--org', fx.orgs.root.code], target.env);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /镇考核（甲一镇党委，2026）/);
      assert.match(text.stderr, /计分：读取自动指标 .* 1\/1/);
      assert.match(text.stderr, /计分：读取自动指标 完成，用时/);
      assert.doesNotMatch(round.stderr, /计分/);
      const bad = await runCli(['assess', 'round', 'x', '--org', fx.orgs.root.code], target.env);
      assert.notEqual(bad.code, 0);
    });

    test('appraisals lists the subtree’s 民主评议党员 with their counts; --year is required', async () => {
      const all = await runCli(
        ['assess', 'appraisals', '--org', fx.orgs.root.code, '--year', '2026', '--json'],
        target.env,
      );
      assert.equal(all.code, 0, all.stderr);
      const res = JSON.parse(all.stdout);
      assert.deepEqual(
        res.items.map((x: { orgName: string; decided: boolean; overdue: boolean }) => [
          x.orgName,
          x.decided,
          x.overdue,
        ]),
        [
          ['甲一村党支部', true, false],
          ['乙一村党支部', false, true],
        ],
      );
      assert.deepEqual(res.counts, {
        appraisals: 2,
        decided: 1,
        overdue: 1,
        members: 4,
        excellent: 0,
        unqualified: 1,
        handlings: 1,
      });
      const town = await runCli(['assess', 'appraisals', '--org', fx.orgs.a.code, '--year', '2026'], target.env);
      assert.equal(town.code, 0, town.stderr);
      assert.match(
        town.stdout,
        /甲一村党支部 {2}2026年度 {2}名单 2026-11-30 {2}期限 2026-12-30 {2}参评 2 名 {2}已评定/,
      );
      assert.match(town.stdout, /共 1 个支部：已评定 1，未评定 0（逾期 0）；参评党员 2 名，优秀 0 名，不合格 1 名/);
      assert.doesNotMatch(town.stdout, /乙一村/);
      const noYear = await runCli(['assess', 'appraisals', '--org', fx.orgs.root.code], target.env);
      assert.equal(noYear.code, 2);
      assert.match(noYear.stderr, /--year/);
    });

    test('weak lists the subtree’s 软弱涣散 designations with their counts', async () => {
      const json = await runCli(['assess', 'weak', '--org', fx.orgs.root.code, '--json'], target.env);
      assert.equal(json.code, 0, json.stderr);
      const res = JSON.parse(json.stdout);
      assert.deepEqual(res.counts, { designated: 1, lifted: 0, overdue: 1 });
      assert.equal(res.items[0].orgName, '甲一村党支部');
      assert.equal(res.items[0].designatorName, '甲一镇党委');
      assert.deepEqual(
        res.items[0].reasons.map((r: { code: string }) => r.code),
        ['noActivities'],
      );
      const text = await runCli(['assess', 'weak', '--org', fx.orgs.a.code, '--year', '2026'], target.env);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /甲一村党支部 {2}2026年度 {2}甲一镇党委认定 2026-03-01 {2}期限 2026-06-30 {2}整顿逾期/);
      assert.match(text.stdout, /认定 1 个，已摘帽 0 个，整顿逾期 1 个/);
      const b = JSON.parse((await runCli(['assess', 'weak', '--org', fx.orgs.b.code, '--json'], target.env)).stdout);
      assert.deepEqual(b.counts, { designated: 0, lifted: 0, overdue: 0 });
    });
  });
}
