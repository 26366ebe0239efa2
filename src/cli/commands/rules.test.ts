import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../server/test/cli-harness.ts';

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
