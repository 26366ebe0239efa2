import { addDays, addMonths, addYears, differenceInCalendarDays, format, isValid, parseISO } from 'date-fns';

/**
 * Calendar dates as 'YYYY-MM-DD' strings. Parsed at local midnight (date-fns `parseISO`) and formatted
 * back with `format`, never `toISOString`, so the process time zone cannot shift a date by one day.
 * Functions taking a date throw a RangeError on a string that is not a real calendar date: that is a
 * programming error (inputs are validated at the edge), not a rule being broken.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_FORMAT = 'yyyy-MM-dd';

/** A real calendar date written 'YYYY-MM-DD' ('2023-02-29' and '2024-2-01' are not). */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = parseISO(s);
  return isValid(d) && format(d, ISO_FORMAT) === s;
}

function toDate(s: string): Date {
  if (!isIsoDate(s)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(s)}`);
  return parseISO(s);
}

function toIso(d: Date): string {
  return format(d, ISO_FORMAT);
}

/** Adds whole years; 02-29 lands on 02-28 in a non-leap year: addYearsIso('2024-02-29', 1) = '2025-02-28'. */
export function addYearsIso(d: string, n: number): string {
  return toIso(addYears(toDate(d), n));
}

/** Adds whole months, clamping to the month's last day: addMonthsIso('2024-08-31', -6) = '2024-02-29'. */
export function addMonthsIso(d: string, n: number): string {
  return toIso(addMonths(toDate(d), n));
}

export function addDaysIso(d: string, n: number): string {
  return toIso(addDays(toDate(d), n));
}

/** -1 if a is earlier than b, 0 if the same day, 1 if later. */
export function compareIso(a: string, b: string): -1 | 0 | 1 {
  toDate(a);
  toDate(b);
  // Fixed-width 'YYYY-MM-DD' strings order like the dates they name.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calendar days from b to a (a − b): diffDaysIso('2024-03-01', '2024-02-28') = 2. */
export function diffDaysIso(a: string, b: string): number {
  return differenceInCalendarDays(toDate(a), toDate(b));
}

/**
 * Today's calendar date in a time zone (China by default), whatever the server's own zone is.
 * The only helper taking a Date: callers pass their clock's `now`, so it stays pure.
 */
export function todayIn(now: Date, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** The moment a calendar day begins in China (UTC+8 all year: China keeps no daylight saving time). */
export function chinaDayStart(d: string): Date {
  return new Date(`${d}T00:00:00+08:00`);
}
