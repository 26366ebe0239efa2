import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  countVillages,
  type EconomyRules,
  hasStableIncome,
  reachesAmount,
  twoEighty,
  villageMark,
} from './two-eighty.ts';

const RULES = ruleSetOn('2026-11-23').economy;
/** The default rules with a locality's floor of stable income (元). */
const withFloor = (floor: number): EconomyRules => ({
  ...RULES,
  stableIncomeFloor: { ...RULES.stableIncomeFloor, value: floor },
});

test('the defaults are the seed’s: any operating income is stable, 5万元 the amount, 80% and 80%, all [S]', () => {
  assert.equal(RULES.stableIncomeFloor.value, 0);
  assert.equal(RULES.reachingAmount.value, 50_000);
  assert.equal(RULES.stableSharePercent.value, 80);
  assert.equal(RULES.reachingSharePercent.value, 80);
  for (const r of Object.values(RULES)) assert.equal(r.confidence, 'S');
});

test('hasStableIncome: above 0 by default; with a floor, the floor itself counts, a fen below does not', () => {
  assert.deepEqual(
    [null, -1, 0, 0.01].map((x) => hasStableIncome(x, RULES)),
    [false, false, false, true],
  );
  const floor = withFloor(10_000);
  assert.deepEqual(
    [9_999.99, 10_000, 10_000.01].map((x) => hasStableIncome(x, floor)),
    [false, true, true],
  );
});

test('reachesAmount: 5万元 exactly counts, a fen below does not; reaching needs stable income too', () => {
  assert.deepEqual(
    [49_999.99, 50_000, 50_000.01].map((x) => reachesAmount(x, RULES)),
    [false, true, true],
  );
  // A floor above the amount: a village at the amount but below the floor has no stable income, so it does not reach.
  const high = withFloor(60_000);
  assert.equal(reachesAmount(50_000, high), false);
  assert.equal(reachesAmount(60_000, high), true);
});

test('villageMark: 未填报, 空壳村 (no operating income), 薄弱村 (below 5万元), then none; 5万元 exactly is not weak', () => {
  assert.deepEqual(
    [null, -100, 0, 0.01, 49_999.99, 50_000].map((x) => villageMark(x, RULES)),
    ['missing', 'hollow', 'hollow', 'weak', 'weak', 'none'],
  );
});

test('two shares at 79.9%, 80% and 80.1%: met from 80% exactly, in whole numbers', () => {
  for (const [stable, met] of [
    [799, false],
    [800, true],
    [801, true],
  ] as const) {
    const r = twoEighty({ villages: 1000, stable, reaching: stable }, RULES);
    assert.equal(r.stable.met, met, `${stable} of 1000`);
    assert.equal(r.stable.share, stable / 1000);
    assert.equal(r.reaching.met, true);
    assert.equal(r.met, met);
  }
  for (const [reaching, met] of [
    [799, false],
    [800, true],
    [801, true],
  ] as const) {
    const r = twoEighty({ villages: 1250, stable: 1000, reaching }, RULES);
    assert.equal(r.stable.met, true);
    assert.equal(r.reaching.of, 1000);
    assert.equal(r.reaching.met, met, `${reaching} of 1000`);
    assert.equal(r.met, met);
  }
});

test('twoEighty: no village (or none with stable income) meets nothing; the rules applied come with sources', () => {
  const none = twoEighty({ villages: 0, stable: 0, reaching: 0 }, RULES);
  assert.equal(none.stable.share, null);
  assert.equal(none.stable.met, false);
  assert.equal(none.reaching.met, false);
  const noStable = twoEighty({ villages: 5, stable: 0, reaching: 0 }, RULES);
  assert.equal(noStable.reaching.share, null);
  assert.equal(noStable.met, false);
  assert.equal(none.rules.refs.length, 5);
  assert.match(none.rules.refs[0]!.source, /两个80%/);
});

test('countVillages applies the same predicates one village at a time (the floor and the amount exactly)', () => {
  const incomes = [null, 0, 10_000, 49_999.99, 50_000, 80_000];
  assert.deepEqual(countVillages(incomes, RULES), { villages: 6, stable: 4, reaching: 2 });
  assert.deepEqual(countVillages(incomes, withFloor(10_000)), { villages: 6, stable: 4, reaching: 2 });
  assert.deepEqual(countVillages(incomes, withFloor(10_000.01)), { villages: 6, stable: 3, reaching: 2 });
});
