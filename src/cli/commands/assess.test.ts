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
  describe(`luoshi assess systems / round [${engine}]`, () => {
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
      const bad = await runCli(['assess', 'round', 'x', '--org', fx.orgs.root.code], target.env);
      assert.notEqual(bad.code, 0);
    });
  });
}
