import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differenceInYears, parseISO } from 'date-fns';
import { addDaysIso } from '../dates.ts';
import { ageBandOf, ageOn, birthDateRangeForBand } from './age.ts';
import { AGE_BANDS } from './vocab.ts';

test('ageOn counts full years, turning a year older on the birthday', () => {
  const cases: [string, string, number][] = [
    ['2000-06-15', '2018-06-14', 17],
    ['2000-06-15', '2018-06-15', 18],
    ['2000-06-15', '2018-06-16', 18],
    ['2000-01-01', '2000-01-01', 0],
    ['2000-12-31', '2001-12-30', 0],
    ['2000-12-31', '2001-12-31', 1],
  ];
  for (const [birth, on, age] of cases) assert.equal(ageOn(birth, on), age, `${birth} on ${on}`);
});

test('ageOn: a 02-29 birthday counts on 03-01 in non-leap years and on 02-29 in leap years', () => {
  const cases: [string, number][] = [
    ['2022-02-28', 17],
    ['2022-03-01', 18],
    ['2024-02-28', 19],
    ['2024-02-29', 20],
    ['2024-03-01', 20],
  ];
  for (const [on, age] of cases) assert.equal(ageOn('2004-02-29', on), age, on);
});

test('ageOn is negative before birth and refuses non-dates', () => {
  assert.equal(ageOn('2020-01-02', '2020-01-01'), 0);
  assert.ok(Object.is(ageOn('2020-01-02', '2020-01-01'), 0));
  assert.equal(ageOn('2020-01-01', '2018-01-01'), -2);
  assert.throws(() => ageOn('2023-02-29', '2024-01-01'), RangeError);
});

test('ageBandOf puts each age in its statistics band at the bracket edges', () => {
  const cases: [number, string][] = [
    [0, 'le30'],
    [18, 'le30'],
    [30, 'le30'],
    [31, '31_35'],
    [35, '31_35'],
    [36, '36_40'],
    [40, '36_40'],
    [41, '41_45'],
    [45, '41_45'],
    [46, '46_50'],
    [50, '46_50'],
    [51, '51_55'],
    [55, '51_55'],
    [56, '56_60'],
    [60, '56_60'],
    [61, 'ge61'],
    [105, 'ge61'],
  ];
  for (const [age, band] of cases) assert.equal(ageBandOf(age), band, String(age));
});

test('birthDateRangeForBand: the range edges are in the band and the days just outside are not', () => {
  // Ordinary days, leap days and the days around them, on both sides of a leap year.
  const todays = [
    '2026-11-23',
    '2024-02-28',
    '2024-02-29',
    '2024-03-01',
    '2025-02-28',
    '2025-03-01',
    '2023-12-31',
    '2024-01-01',
  ];
  for (const today of todays) {
    for (const band of AGE_BANDS) {
      const { from, to } = birthDateRangeForBand(band, today);
      const label = `${band} on ${today}`;
      if (from !== null) {
        assert.equal(ageBandOf(ageOn(from, today)), band, `${label}: from ${from}`);
        assert.notEqual(ageBandOf(ageOn(addDaysIso(from, -1), today)), band, `${label}: day before ${from}`);
      }
      if (to !== null) {
        assert.equal(ageBandOf(ageOn(to, today)), band, `${label}: to ${to}`);
        assert.notEqual(ageBandOf(ageOn(addDaysIso(to, 1), today)), band, `${label}: day after ${to}`);
      }
      assert.equal(from === null, band === 'ge61', label);
      assert.equal(to === null, band === 'le30', label);
    }
  }
});

test('birthDateRangeForBand gives contiguous ranges', () => {
  const today = '2024-02-29';
  for (let i = 1; i < AGE_BANDS.length; i++) {
    const younger = birthDateRangeForBand(AGE_BANDS[i - 1]!, today);
    const older = birthDateRangeForBand(AGE_BANDS[i]!, today);
    assert.equal(addDaysIso(older.to!, 1), younger.from, `${AGE_BANDS[i]} → ${AGE_BANDS[i - 1]}`);
  }
  assert.deepEqual(birthDateRangeForBand('31_35', '2026-11-23'), { from: '1990-11-24', to: '1995-11-23' });
});

test('birthDateRangeForBand agrees with ageOn on every day of February and March, leap and non-leap', () => {
  const todays: string[] = [];
  for (const [start, end] of [
    ['2024-02-01', '2024-03-31'],
    ['2025-02-01', '2025-03-31'],
  ] as const) {
    for (let d: string = start; d <= end; d = addDaysIso(d, 1)) todays.push(d);
  }
  for (const today of todays) {
    for (const band of AGE_BANDS) {
      const { from, to } = birthDateRangeForBand(band, today);
      for (const edge of [from, to]) {
        if (edge === null) continue;
        for (const d of [-2, -1, 0, 1, 2]) {
          const birth = addDaysIso(edge, d);
          const inRange = (from === null || birth >= from) && (to === null || birth <= to);
          assert.equal(ageBandOf(ageOn(birth, today)) === band, inRange, `${band} on ${today}, born ${birth}`);
        }
      }
    }
  }
});

test('ageOn, counted from the strings, agrees with date-fns differenceInYears before, on and after every birthday', () => {
  const births = ['2000-02-29', '2001-03-01', '1999-12-31', '2004-01-01', '1996-02-28', '2000-06-15'];
  for (const birth of births) {
    for (let day = -3 * 366; day <= 30 * 366; day += 1) {
      const on = addDaysIso(birth, day);
      const expected = differenceInYears(parseISO(on), parseISO(birth));
      assert.equal(ageOn(birth, on), expected === 0 ? 0 : expected, `${birth} on ${on}`);
    }
  }
});
