import assert from 'node:assert/strict';
import { test } from 'node:test';
import { format, isValid, parseISO } from 'date-fns';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { addYears } from 'date-fns/addYears';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { lightFormat } from 'date-fns/lightFormat';
import {
  addDaysIso,
  addMonthsIso,
  addYearsIso,
  chinaDayStart,
  compareIso,
  diffDaysIso,
  isIsoDate,
  todayIn,
} from './dates.ts';

test('isIsoDate accepts only real calendar dates written YYYY-MM-DD', () => {
  const cases: [string, boolean][] = [
    ['2024-02-29', true],
    ['2023-02-28', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-1-01', false],
    ['2024-01-01T00:00', false],
    [' 2024-01-01', false],
    ['', false],
  ];
  for (const [s, expected] of cases) assert.equal(isIsoDate(s), expected, s);
});

test('addYearsIso moves 02-29 to 02-28 in a non-leap year (date-fns behaviour)', () => {
  assert.equal(addYearsIso('2024-02-29', 1), '2025-02-28');
  assert.equal(addYearsIso('2024-02-29', 4), '2028-02-29');
  assert.equal(addYearsIso('2024-02-29', -18), '2006-02-28');
  assert.equal(addYearsIso('2023-03-01', 1), '2024-03-01');
  assert.equal(addYearsIso('1900-02-28', 100), '2000-02-28');
  assert.equal(addYearsIso('2000-02-29', 100), '2100-02-28'); // 2100 is not a leap year
  assert.equal(addYearsIso('2000-02-29', 400), '2400-02-29');
  assert.equal(addYearsIso('0999-12-31', 1), '1000-12-31');
  assert.equal(addYearsIso('0005-06-01', -4), '0001-06-01');
});

test('addYearsIso by its fields agrees with date-fns addYears on every day of 1999–2005 and at the year edges', () => {
  const byDate = (d: string, n: number) => {
    const at = new Date(2000, 0, 1);
    at.setFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
    return lightFormat(addYears(at, n), 'yyyy-MM-dd');
  };
  for (let day = '1999-01-01'; day <= '2005-12-31'; day = addDaysIso(day, 1)) {
    for (const n of [-101, -18, -4, -1, 0, 1, 3, 4, 18, 100])
      assert.equal(addYearsIso(day, n), byDate(day, n), `${day} ${n}`);
  }
  for (const [d, n] of [
    ['0001-01-01', 0],
    ['9998-12-31', 1],
    ['0004-02-29', 1],
    ['9996-02-29', 3],
  ] as const) {
    assert.equal(addYearsIso(d, n), byDate(d, n), `${d} ${n}`);
  }
});

test('addMonthsIso, addDaysIso and diffDaysIso by their fields agree with date-fns on every day of 1999–2005 and at the edges', () => {
  const at = (d: string) => {
    const x = new Date(2000, 0, 1);
    x.setFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
    return x;
  };
  const iso = (x: Date) => lightFormat(x, 'yyyy-MM-dd');
  const days: string[] = [];
  for (let x = at('1999-01-01'); x <= at('2005-12-31'); x = addDays(x, 1)) days.push(iso(x));
  assert.equal(days.length, 7 * 365 + 2);
  for (const day of days) {
    for (const n of [-1200, -25, -13, -12, -6, -1, 0, 1, 2, 11, 12, 13, 48])
      assert.equal(addMonthsIso(day, n), iso(addMonths(at(day), n)), `months ${day} ${n}`);
    for (const n of [-146097, -36525, -366, -365, -59, -1, 0, 1, 28, 29, 60, 365, 366, 1461])
      assert.equal(addDaysIso(day, n), iso(addDays(at(day), n)), `days ${day} ${n}`);
    for (const other of ['1900-03-01', '1999-12-31', '2000-02-29', '2004-03-01', '2400-02-29'])
      assert.equal(diffDaysIso(day, other), differenceInCalendarDays(at(day), at(other)), `${day} − ${other}`);
  }
  for (const [d, n] of [
    ['0001-01-01', 0],
    ['0001-03-01', -1],
    ['0004-02-29', 12],
    ['9999-12-31', 0],
    ['9999-11-30', 1],
    ['1582-10-04', 1],
  ] as const) {
    assert.equal(addMonthsIso(d, n), iso(addMonths(at(d), n)), `months ${d} ${n}`);
    assert.equal(addDaysIso(d, n), iso(addDays(at(d), n)), `days ${d} ${n}`);
  }
  assert.equal(diffDaysIso('9999-12-31', '0001-01-01'), differenceInCalendarDays(at('9999-12-31'), at('0001-01-01')));
  assert.equal(diffDaysIso('0001-01-01', '1970-01-01'), differenceInCalendarDays(at('0001-01-01'), at('1970-01-01')));
  // Past year 9999 or before year 1 the Date path answers, as before.
  assert.equal(addDaysIso('9999-12-31', 1), iso(addDays(at('9999-12-31'), 1)));
  assert.equal(addMonthsIso('0001-01-31', -1), iso(addMonths(at('0001-01-31'), -1)));
  assert.throws(() => addDaysIso('2023-02-29', 1), RangeError);
  assert.throws(() => addMonthsIso('2024-13-01', 1), RangeError);
  assert.throws(() => diffDaysIso('2024-01-01', '2024-1-01'), RangeError);
});

test('addMonthsIso clamps to the last day of the month', () => {
  assert.equal(addMonthsIso('2024-08-31', -6), '2024-02-29');
  assert.equal(addMonthsIso('2023-08-31', -6), '2023-02-28');
  assert.equal(addMonthsIso('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonthsIso('2024-12-15', 1), '2025-01-15');
});

test('addDaysIso crosses month, year and leap-day boundaries', () => {
  assert.equal(addDaysIso('2024-02-28', 1), '2024-02-29');
  assert.equal(addDaysIso('2023-02-28', 1), '2023-03-01');
  assert.equal(addDaysIso('2024-12-31', 1), '2025-01-01');
  assert.equal(addDaysIso('2025-01-01', -1), '2024-12-31');
  assert.equal(addDaysIso('2024-03-10', 0), '2024-03-10');
});

test('compareIso orders dates', () => {
  assert.equal(compareIso('2024-01-01', '2024-01-02'), -1);
  assert.equal(compareIso('2024-01-02', '2024-01-02'), 0);
  assert.equal(compareIso('2024-01-03', '2024-01-02'), 1);
  assert.equal(compareIso('1999-12-31', '2000-01-01'), -1);
});

test('diffDaysIso counts calendar days from b to a', () => {
  assert.equal(diffDaysIso('2024-03-01', '2024-02-28'), 2);
  assert.equal(diffDaysIso('2023-03-01', '2023-02-28'), 1);
  assert.equal(diffDaysIso('2024-02-28', '2024-03-01'), -2);
  assert.equal(diffDaysIso('2025-01-01', '2024-01-01'), 366);
  assert.equal(diffDaysIso('2024-05-05', '2024-05-05'), 0);
});

test('date helpers refuse strings that are not calendar dates', () => {
  assert.throws(() => addDaysIso('2023-02-29', 1), RangeError);
  assert.throws(() => addYearsIso('20240101', 1), RangeError);
  assert.throws(() => compareIso('2024-01-01', 'x'), RangeError);
});

test('todayIn gives the calendar date in China around midnight, whatever the server zone', () => {
  const cases: [string, string][] = [
    ['2024-12-31T15:59:59.999Z', '2024-12-31'],
    ['2024-12-31T16:00:00.000Z', '2025-01-01'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['2024-02-29T15:59:59.000Z', '2024-02-29'],
  ];
  for (const [instant, expected] of cases) assert.equal(todayIn(new Date(instant)), expected, instant);
  assert.equal(todayIn(new Date('2024-12-31T16:00:00.000Z'), 'UTC'), '2024-12-31');
});

test('chinaDayStart is midnight in China, 16:00 UTC the day before; todayIn of it is that day, of a moment before it the day before', () => {
  const start = chinaDayStart('2026-03-01');
  assert.equal(start.toISOString(), '2026-02-28T16:00:00.000Z');
  assert.equal(todayIn(start), '2026-03-01');
  assert.equal(todayIn(new Date(start.getTime() - 1)), '2026-02-28');
  assert.equal(chinaDayStart('2028-02-29').toISOString(), '2028-02-28T16:00:00.000Z');
});

test('isIsoDate, counted, agrees with parsing the date and formatting it back (1896–2104, every day 01–31)', () => {
  const parsedBack = (s: string) => {
    const d = parseISO(s);
    return isValid(d) && format(d, 'yyyy-MM-dd') === s;
  };
  for (let y = 1896; y <= 2104; y++) {
    for (let m = 0; m <= 13; m++) {
      for (let d = 0; d <= 32; d++) {
        const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        assert.equal(isIsoDate(s), parsedBack(s), s);
      }
    }
  }
  for (const s of ['0000-01-01', '0001-01-01', '9999-12-31', '0004-02-29'])
    assert.equal(isIsoDate(s), parsedBack(s), s);
});

test('todayIn gives the same day from its kept formatter for every zone asked', () => {
  const now = new Date('2026-03-01T16:30:00Z');
  assert.equal(todayIn(now), '2026-03-02');
  assert.equal(todayIn(now, 'UTC'), '2026-03-01');
  assert.equal(todayIn(now), '2026-03-02');
  assert.equal(todayIn(new Date('2026-03-01T15:59:59Z')), '2026-03-01');
});

test('todayIn in China by UTC+8 agrees with the time-zone database every 7 hours from 1992 to 2040', () => {
  const tzdb = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  for (let t = Date.UTC(1991, 11, 31, 16); t < Date.UTC(2040, 0, 1); t += 7 * 3600_000 + 1) {
    const now = new Date(t);
    assert.equal(todayIn(now), tzdb.format(now), now.toISOString());
  }
});
