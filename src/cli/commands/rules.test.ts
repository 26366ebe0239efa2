import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { ENGINES } from '../../server/test/engines.ts';
import { buildFixture, type Fixture } from '../../server/test/factories.ts';

/** `luoshi rules list --json`: the stable shape [{ id, area, summary, params, source, tag, effectiveFrom }]. */
test('luoshi rules list --json prints every rule with its source and tag; --area filters; text lists them too', async () => {
  const json = await runCli(['rules', 'list', '--json'], {});
  assert.equal(json.code, 0, json.stderr);
  const list = JSON.parse(json.stdout) as Record<string, unknown>[];
  assert.ok(list.length > 50);
  for (const r of list) {
    for (const k of ['id', 'area', 'summary', 'params', 'source', 'tag', 'effectiveFrom']) assert.ok(k in r, `${k}`);
  }
  const probation = list.find((r) => r.id === 'people.probationYears')!;
  assert.deepEqual(
    [probation.area, probation.params, probation.source, probation.tag],
    ['people', 1, '中国共产党章程', 'C'],
  );

  const life = await runCli(['rules', 'list', '--json', '--area', 'life'], {});
  const lifeRules = JSON.parse(life.stdout) as { area: string }[];
  assert.ok(lifeRules.length > 5 && lifeRules.every((r) => r.area === 'life'));

  const text = await runCli(['rules', 'list'], {});
  assert.equal(text.code, 0);
  assert.match(text.stdout, /life\.committeeMeeting {2}\[life\] \[C\] {2}支部委员会会议每月至少1次/);
  assert.match(text.stdout, /依据：中国共产党支部工作条例（试行）第十二条（2018-10-28 起）/);

  const bad = await runCli(['rules', 'list', '--date', '2026-3-1'], {});
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--date 应为/);
});

for (const engine of ENGINES) {
  describe(`luoshi rules list --org: the local rules of the organisation's line [${engine}]`, () => {
    let target: CliTarget;
    let fx: Fixture;
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      try {
        fx = await buildFixture(database);
        await database.db
          .insertInto('rule_override')
          .values({
            org_id: fx.orgs.a.id,
            rule_id: 'development.publicNoticeWorkingDays',
            value: JSON.stringify(7),
            effective_from: '2026-01-01',
            document: '甲区发展党员工作实施办法',
            reason: '本区规定公示7个工作日',
            actor_id: null,
            actor_name: 'test',
          })
          .execute();
      } finally {
        await database.close();
      }
    });
    after(() => target.cleanup());

    test('a branch below the district reads the local value and its origin; the sibling district the default', async () => {
      const mine = await runCli(['rules', 'list', '--json', '--org', fx.orgs.a1a.code, '--area', 'people'], target.env);
      assert.equal(mine.code, 0, mine.stderr);
      const rule = (JSON.parse(mine.stdout) as { id: string; params: unknown; local?: { orgName: string } }[]).find(
        (r) => r.id === 'development.publicNoticeWorkingDays',
      )!;
      assert.deepEqual([rule.params, rule.local?.orgName], [7, '甲区委']);
      const theirs = await runCli(['rules', 'list', '--org', fx.orgs.b1a.code, '--area', 'people'], target.env);
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.match(theirs.stdout, /development\.publicNoticeWorkingDays .*发展对象公示不少于 5 个工作日/);
      assert.doesNotMatch(theirs.stdout, /地方规定：/);
      const text = await runCli(['rules', 'list', '--org', fx.orgs.a1a.code, '--area', 'people'], target.env);
      assert.match(text.stdout, /公示不少于 7 个工作日（地方规定：甲区委）/);
    });
  });
}
