import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkIncomeEntry,
  effectiveIncomeEntries,
  type IncomeEntry,
  operatingOf,
  originalOf,
  sameAmounts,
  totalOf,
  yearFigures,
} from './income.ts';
import type { IncomeAmounts } from './vocab.ts';

const amounts = (business: number, extra: Partial<IncomeAmounts> = {}): IncomeAmounts => ({
  business,
  contracting: 0,
  investment: 0,
  subsidy: 0,
  other: 0,
  ...extra,
});
const entry = (
  id: number,
  quarter: number | null,
  a: IncomeAmounts,
  correctsId: number | null = null,
  at = `2026-0${Math.min(9, id)}-01T00:00:00Z`,
): IncomeEntry => ({ id, quarter, amounts: a, correctsId, at });

test('checkIncomeEntry: the year from 2000 to this year; a quarter that has begun, on its first day', () => {
  const a = amounts(1000);
  assert.equal(checkIncomeEntry({ year: 2026, quarter: null, amounts: a }, '2026-01-05').ok, true);
  assert.equal(checkIncomeEntry({ year: 2000, quarter: null, amounts: a }, '2026-01-05').ok, true);
  const early = checkIncomeEntry({ year: 1999, quarter: null, amounts: a }, '2026-01-05');
  assert.equal(early.ok === false && early.field, 'year');
  const next = checkIncomeEntry({ year: 2027, quarter: null, amounts: a }, '2026-12-31');
  assert.equal(next.ok === false && next.field, 'year');
  // The second quarter begins on 1 April: the day before it cannot be reported, the day itself can.
  const before = checkIncomeEntry({ year: 2026, quarter: 2, amounts: a }, '2026-03-31');
  assert.equal(before.ok === false && before.msg.key, 'err.economy.quarterFuture');
  assert.equal(checkIncomeEntry({ year: 2026, quarter: 2, amounts: a }, '2026-04-01').ok, true);
  assert.equal(checkIncomeEntry({ year: 2025, quarter: 4, amounts: a }, '2026-01-01').ok, true);
  const q5 = checkIncomeEntry({ year: 2025, quarter: 5, amounts: a }, '2026-01-01');
  assert.equal(q5.ok === false && q5.field, 'quarter');
});

test('checkIncomeEntry: amounts to the fen, never negative but 投资收益 (a loss), at most 100亿元', () => {
  const ok = (a: IncomeAmounts) => checkIncomeEntry({ year: 2026, quarter: null, amounts: a }, '2026-06-01');
  assert.equal(ok(amounts(0)).ok, true);
  assert.equal(ok(amounts(12.34)).ok, true);
  // 0.1 + 0.2 as a spreadsheet computes it is still whole fen.
  assert.equal(ok(amounts(0.1 + 0.2)).ok, true);
  const fen = ok(amounts(12.345));
  assert.equal(fen.ok === false && fen.msg.key, 'err.economy.amountFen');
  const neg = ok(amounts(-1));
  assert.equal(neg.ok === false && neg.field, 'business');
  assert.equal(neg.ok === false && neg.msg.key, 'err.economy.amountNegative');
  assert.equal(ok(amounts(100, { investment: -5000 })).ok, true);
  const subsidy = ok(amounts(100, { subsidy: -1 }));
  assert.equal(subsidy.ok === false && subsidy.field, 'subsidy');
  assert.equal(ok(amounts(10_000_000_000)).ok, true);
  const big = ok(amounts(10_000_000_000.01));
  assert.equal(big.ok === false && big.msg.key, 'err.economy.amountTooLarge');
});

test('operatingOf counts 经营收入, 发包及上交收入 and 投资收益, not 补助收入 nor 其他收入; sums in fen', () => {
  const a = amounts(0.1, { contracting: 0.2, investment: -0.05, subsidy: 100, other: 7 });
  assert.equal(operatingOf(a), 0.25);
  assert.equal(totalOf(a), 107.25);
  assert.equal(sameAmounts(a, { ...a, business: 0.1000000001 }), true);
  assert.equal(sameAmounts(a, { ...a, other: 7.01 }), false);
});

test('effectiveIncomeEntries: a correction replaces its original; of two the latest wins; chains followed', () => {
  const entries = [
    entry(1, null, amounts(100)),
    entry(2, null, amounts(200), 1),
    entry(3, null, amounts(300), 2),
    entry(4, 1, amounts(10)),
  ];
  const eff = effectiveIncomeEntries(entries);
  assert.equal(eff.get(1)?.id, 3);
  assert.equal(eff.get(4)?.id, 4);
  assert.equal(originalOf(entries, 3), 1);
  assert.equal(originalOf(entries, 4), 4);
  // Two corrections of the same original: the later one (by time) wins, whatever the ids.
  const crossed = [
    entry(1, null, amounts(100)),
    entry(7, null, amounts(700), 1, '2026-05-02T00:00:00Z'),
    entry(5, null, amounts(500), 1, '2026-05-03T00:00:00Z'),
  ];
  assert.equal(effectiveIncomeEntries(crossed).get(1)?.id, 5);
  // A dangling correction (its original not given) is ignored.
  assert.equal(effectiveIncomeEntries([entry(9, null, amounts(1), 8)]).size, 0);
  assert.equal(originalOf([entry(9, null, amounts(1), 8)], 9), null);
});

test('yearFigures: the annual statement when there is one, else the quarters so far; null without entries', () => {
  assert.equal(yearFigures([]), null);
  const quarters = [entry(1, 1, amounts(10_000, { subsidy: 500 })), entry(2, 2, amounts(20_000.5))];
  const soFar = yearFigures(quarters)!;
  assert.equal(soFar.annual, false);
  assert.deepEqual(soFar.quarters, [1, 2]);
  assert.equal(soFar.operating, 30_000.5);
  assert.equal(soFar.total, 30_500.5);
  // A correction of the first quarter counts instead of it.
  const corrected = yearFigures([...quarters, entry(3, 1, amounts(15_000), 1)])!;
  assert.equal(corrected.operating, 35_000.5);
  // The annual statement replaces the quarters.
  const year = yearFigures([...quarters, entry(4, null, amounts(48_000, { contracting: 2_000 }))])!;
  assert.equal(year.annual, true);
  assert.equal(year.operating, 50_000);
  assert.deepEqual(year.quarters, [1, 2]);
});
