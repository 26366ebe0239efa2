import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkFigureSource,
  describeFigureSource,
  type FigureSource,
  sourceReads,
  starLevelCounts,
  villageReaches,
  wanOfYuan,
} from './figure-source.ts';

const stars = (minLevel: number, maxLevel: number | null, year = 2026): FigureSource => ({
  kind: 'stars',
  year,
  minLevel,
  maxLevel,
});

test('checkFigureSource: no source is always consistent', () => {
  assert.equal(checkFigureSource(null, 'none'), null);
  assert.equal(checkFigureSource(undefined, undefined), null);
});

test('checkFigureSource: a measured figure needs a sum or share target (none and absent refused)', () => {
  assert.equal(checkFigureSource(stars(4, null), 'none'), 'sourceNeedsTarget');
  assert.equal(checkFigureSource(stars(4, null), undefined), 'sourceNeedsTarget');
  assert.equal(checkFigureSource(stars(4, null), 'sum'), null);
  assert.equal(checkFigureSource(stars(4, null), 'share'), null);
});

test('checkFigureSource: levels at the range edges; min above max refused; min equal to max allowed', () => {
  assert.equal(checkFigureSource(stars(1, null), 'sum'), null);
  assert.equal(checkFigureSource(stars(9, 9), 'sum'), null);
  assert.equal(checkFigureSource(stars(0, null), 'sum'), 'sourceLevels');
  assert.equal(checkFigureSource(stars(10, null), 'sum'), 'sourceLevels');
  assert.equal(checkFigureSource(stars(4.5, null), 'sum'), 'sourceLevels');
  assert.equal(checkFigureSource(stars(5, 4), 'sum'), 'sourceLevels');
  assert.equal(checkFigureSource(stars(4, 4), 'sum'), null);
  assert.equal(checkFigureSource(stars(4, 10), 'sum'), 'sourceLevels');
});

test('checkFigureSource: the year at 2000 and 2100 passes, 1999 and 2101 are refused', () => {
  assert.equal(checkFigureSource(stars(4, null, 2000), 'sum'), null);
  assert.equal(checkFigureSource(stars(4, null, 2100), 'sum'), null);
  assert.equal(checkFigureSource(stars(4, null, 1999), 'sum'), 'sourceYear');
  assert.equal(checkFigureSource(stars(4, null, 2101), 'sum'), 'sourceYear');
});

test('starLevelCounts: the bounds themselves count; no maximum counts everything above', () => {
  const four = stars(4, 4);
  assert.deepEqual(
    [3, 4, 5].map((l) => starLevelCounts(four as never, l)),
    [false, true, false],
  );
  const fourUp = stars(4, null);
  assert.deepEqual(
    [3, 4, 5].map((l) => starLevelCounts(fourUp as never, l)),
    [false, true, true],
  );
});

test('sourceReads: the kind and the year must match; a change of unknown year reads every year', () => {
  assert.equal(sourceReads(stars(4, null, 2026), 'stars', 2026), true);
  assert.equal(sourceReads(stars(4, null, 2026), 'stars', 2025), false);
  assert.equal(sourceReads(stars(4, null, 2026), 'stars', null), true);
});

test('describeFigureSource says the year and the range in both languages', () => {
  assert.equal(describeFigureSource(stars(4, null)).zh, '评星定级结果自动统计：2026年4星级及以上党组织数');
  assert.equal(describeFigureSource(stars(5, 5)).zh, '评星定级结果自动统计：2026年5星级党组织数');
  assert.match(describeFigureSource(stars(3, 4)).en, /3 to 4 stars in 2026/);
});

test('checkFigureSource: collective income — a year for villageIncome; villagesReaching amounts 0 to 100000 万元, to the yuan', () => {
  assert.equal(checkFigureSource({ kind: 'villageIncome', year: 2026 }, 'share'), null);
  assert.equal(checkFigureSource({ kind: 'villageIncome', year: 1999 }, 'share'), 'sourceYear');
  assert.equal(checkFigureSource({ kind: 'villageIncome', year: 2026 }, 'none'), 'sourceNeedsTarget');
  const reaching = (minAmount: number): FigureSource => ({ kind: 'villagesReaching', year: 2026, minAmount });
  assert.equal(checkFigureSource(reaching(0), 'sum'), null);
  assert.equal(checkFigureSource(reaching(5), 'sum'), null);
  assert.equal(checkFigureSource(reaching(100_000), 'sum'), null);
  assert.equal(checkFigureSource(reaching(0.0001), 'sum'), null);
  assert.equal(checkFigureSource(reaching(0.00001), 'sum'), 'sourceAmount');
  assert.equal(checkFigureSource(reaching(-1), 'sum'), 'sourceAmount');
  assert.equal(checkFigureSource(reaching(100_000.0001), 'sum'), 'sourceAmount');
  assert.equal(checkFigureSource(reaching(Number.NaN), 'sum'), 'sourceAmount');
});

test('villageReaches: above 0 and at the amount exactly counts; 0 counts any operating income', () => {
  const five: FigureSource = { kind: 'villagesReaching', year: 2026, minAmount: 5 };
  const any: FigureSource = { kind: 'villagesReaching', year: 2026, minAmount: 0 };
  assert.deepEqual(
    [49_999.99, 50_000, 50_000.01].map((x) => villageReaches(five as never, x)),
    [false, true, true],
  );
  assert.deepEqual(
    [-1, 0, 0.01].map((x) => villageReaches(any as never, x)),
    [false, false, true],
  );
  assert.equal(wanOfYuan(50_000), 5);
});

test('sourceReads and describeFigureSource for the collective-income kinds', () => {
  assert.equal(sourceReads({ kind: 'villageIncome', year: 2026 }, 'villageIncome', 2026), true);
  assert.equal(sourceReads({ kind: 'villageIncome', year: 2026 }, 'villagesReaching', 2026), false);
  assert.match(describeFigureSource({ kind: 'villageIncome', year: 2026 }).zh, /2026年经营性收入（万元/);
  assert.equal(
    describeFigureSource({ kind: 'villagesReaching', year: 2026, minAmount: 5 }).zh,
    '村级集体经济收入自动统计：2026年经营性收入5万元以上的行政村数',
  );
  assert.match(
    describeFigureSource({ kind: 'villagesReaching', year: 2026, minAmount: 0 }).zh,
    /有经营性收入的行政村数/,
  );
});

test('oneShoulder: a state of today (no year to check), needs a quantitative target, read by its own kind only', () => {
  const s: FigureSource = { kind: 'oneShoulder' };
  assert.equal(checkFigureSource(s, 'sum'), null);
  assert.equal(checkFigureSource(s, 'share'), null);
  assert.equal(checkFigureSource(s, 'none'), 'sourceNeedsTarget');
  assert.equal(sourceReads(s, 'oneShoulder', 2026), true);
  assert.equal(sourceReads(s, 'oneShoulder', null), true);
  assert.equal(sourceReads(s, 'stars', null), false);
  assert.match(describeFigureSource(s).zh, /一肩挑自动统计/);
});
