import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkFigureSource,
  describeFigureSource,
  type FigureSource,
  sourceReads,
  starLevelCounts,
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
