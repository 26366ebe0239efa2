import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  type Assessed,
  bandOf,
  defaultGradingConfig,
  type GradingConfig,
  gradeRound,
  levelCounts,
  quotaAllowed,
  rankAssessed,
  starChanges,
} from './grading.ts';

const RULES = ruleSetOn('2026-12-01');
const BANDS = RULES.assess.starBands.value;
const org = (key: string, total: number | null, extra: Partial<Assessed> = {}): Assessed => ({
  key,
  name: `支部${key}`,
  total,
  ...extra,
});

test('bands at their edges: exactly 90 is ★5, 89.99 is ★4, 0 is ★1', () => {
  assert.equal(bandOf(90, BANDS), 5);
  assert.equal(bandOf(89.99, BANDS), 4);
  assert.equal(bandOf(80, BANDS), 4);
  assert.equal(bandOf(79.99, BANDS), 3);
  assert.equal(bandOf(60, BANDS), 2);
  assert.equal(bandOf(59.99, BANDS), 1);
  assert.equal(bandOf(0, BANDS), 1);
});

test('the default quota from the rule set: ★5 at most 30% (⌊0.3 × n⌋)', () => {
  assert.deepEqual(RULES.assess.starQuota.value, [{ level: 5, maxShare: 0.3 }]);
  assert.equal(RULES.assess.starQuota.confidence, 'S');
  assert.equal(quotaAllowed(0.3, 10), 3);
  assert.equal(quotaAllowed(0.3, 9), 2);
  assert.equal(quotaAllowed(0.3, 3), 0);
});

test('ranking: total, then the secondary key, then name, then key; vetoed last; unscored not ranked', () => {
  const r = rankAssessed([
    org('1', 85, { secondary: 8 }),
    org('2', 85, { secondary: 9 }),
    org('4', 85, { secondary: 9, name: '支部0' }),
    org('3', 95, { vetoed: true }),
    org('5', null),
    org('6', 70),
  ]);
  assert.deepEqual(
    r.map((a) => a.key),
    ['4', '2', '1', '6', '3'],
  );
});

test('demote mode: more ★5 than the quota allows, the lowest ranked drop to ★4 (and further if ★4 is full)', () => {
  const list = [95, 94, 93, 92, 91, 85, 84, 83, 70, 50].map((t, i) => org(String(i + 1), t));
  const r = gradeRound(list, defaultGradingConfig(RULES));
  assert.ok(r.ok);
  assert.deepEqual(
    r.graded.map((g) => g.level),
    [5, 5, 5, 4, 4, 4, 4, 4, 3, 1],
  );
  assert.deepEqual(r.graded[3]!.why, ['quota']);
  const cascade: GradingConfig = {
    ...defaultGradingConfig(RULES),
    quotas: [
      { level: 5, maxShare: 0.1 },
      { level: 4, maxShare: 0.2 },
    ],
  };
  const c = gradeRound(list, cascade);
  assert.ok(c.ok);
  // ★5: 1 of 10; ★4: 2 of 10; 91–85 beyond it fall to ★3.
  assert.deepEqual(
    c.graded.map((g) => g.level),
    [5, 4, 4, 3, 3, 3, 3, 3, 3, 1],
  );
});

test('refuse mode: a manual grade over the quota is refused with the counts', () => {
  const list = [95, 94, 93, 92, 70, 70, 70, 70, 70, 70].map((t, i) => org(String(i + 1), t));
  const r = gradeRound(list, defaultGradingConfig(RULES, 'refuse'));
  assert.ok(!r.ok);
  assert.equal(r.refusals[0]!.code, 'quotaExceeded');
  assert.equal(r.refusals[0]!.message, '5星最多占参评组织的 30%（10 个中至多 3 个），现评定 4 个');
  const manual = list.map((a, i) => (i === 3 ? { ...a, manualLevel: 4 } : a));
  assert.ok(gradeRound(manual, defaultGradingConfig(RULES, 'refuse')).ok);
  const raised = list.map((a, i) => (i === 3 ? { ...a, manualLevel: 4 } : i === 4 ? { ...a, manualLevel: 5 } : a));
  assert.ok(!gradeRound(raised, defaultGradingConfig(RULES, 'refuse')).ok);
  assert.ok(!gradeRound([org('1', 90, { manualLevel: 7 })], defaultGradingConfig(RULES, 'refuse')).ok);
});

test('the veto caps the grade at the lowest whatever the score, and takes no quota place', () => {
  const list = [99, 95, 94, 93, 70, 70, 70, 70, 70, 70].map((t, i) => org(String(i + 1), t, { vetoed: i === 0 }));
  const r = gradeRound(list, defaultGradingConfig(RULES));
  assert.ok(r.ok);
  const v = r.graded.find((g) => g.key === '1')!;
  assert.deepEqual([v.bandLevel, v.level, v.why, v.rank], [5, 1, ['veto'], 10]);
  assert.deepEqual(
    r.graded.filter((g) => g.level === 5).map((g) => g.key),
    ['2', '3', '4'],
  );
});

test('a band’s extra condition (★5 needs an innovation project) drops to the band below without it', () => {
  const cfg: GradingConfig = {
    ...defaultGradingConfig(RULES),
    bands: BANDS.map((b) => (b.level === 5 ? { ...b, requires: ['创新项目'] } : b)),
  };
  const r = gradeRound([org('1', 95), org('2', 92, { conditions: ['创新项目'] }), org('3', 50), org('4', 50)], cfg);
  assert.ok(r.ok);
  assert.deepEqual(
    r.graded.map((g) => [g.key, g.level, g.why]),
    [
      ['1', 4, ['condition']],
      ['2', 5, []],
      ['3', 1, []],
      ['4', 1, []],
    ],
  );
});

test('bands must be distinct and descending', () => {
  const r = gradeRound([org('1', 90)], {
    ...defaultGradingConfig(RULES),
    bands: [
      { level: 5, min: 80 },
      { level: 4, min: 80 },
    ],
  });
  assert.ok(!r.ok);
  assert.equal(r.refusals[0]!.code, 'bandsInvalid');
});

test('star levels year over year: promotions, demotions and counts', () => {
  const { changes, counts } = starChanges({ a: 3, b: 5, c: 4, d: 2 }, { a: 4, b: 3, c: 4, e: 5 });
  assert.deepEqual(
    changes.map((c) => [c.key, c.change]),
    [
      ['a', 'up'],
      ['b', 'down'],
      ['c', 'same'],
      ['d', 'gone'],
      ['e', 'new'],
    ],
  );
  assert.deepEqual(counts, { up: 1, down: 1, same: 1, new: 1, gone: 1 });
  assert.deepEqual(levelCounts({ a: 4, b: 3, c: 4, e: 5 }), { 3: 1, 4: 2, 5: 1 });
});
