import chineseDays from 'chinese-days';
import { addDaysIso, compareIso } from './dates.ts';

/**
 * Working days of the official calendar (国务院办公厅 holiday notices, as chinese-days 1.5.7 carries them): weekends
 * and statutory holidays are off, make-up workdays (调休上班, e.g. a Saturday before National Day) are working days.
 * Years the package does not know count as plain Monday–Friday weeks.
 */
export function isWorkingDay(day: string): boolean {
  addDaysIso(day, 0); // throws on a string that is not a calendar date, as every dates.ts helper does
  return chineseDays.isWorkday(day);
}

/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = from; compareIso(d, to) <= 0; d = addDaysIso(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/** The day on which `count` working days starting at `from` (included) are complete. */
export function workingDaysEnd(from: string, count: number): string {
  let d = from;
  let n = isWorkingDay(d) ? 1 : 0;
  while (n < count) {
    d = addDaysIso(d, 1);
    if (isWorkingDay(d)) n++;
  }
  return d;
}
