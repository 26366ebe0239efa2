// One module per function: the package's index loads all of its ~300 modules, a tenth of a CLI command's start.
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { addYears } from 'date-fns/addYears';
import { lightFormat } from 'date-fns/lightFormat';

/**
 * Calendar dates as 'YYYY-MM-DD' strings. Read at local midnight and formatted
 * back with `lightFormat`, never `toISOString`, so the process time zone cannot shift a date by one day.
 * Functions taking a date throw a RangeError on a string that is not a real calendar date: that is a
 * programming error (inputs are validated at the edge), not a rule being broken.
 */
const ISO_FORMAT = 'yyyy-MM-dd';

/**
 * A real calendar date written 'YYYY-MM-DD' ('2023-02-29' and '2024-2-01' are not), years 0001–9999 of the
 * Gregorian calendar. Counted, not parsed, character by character: it runs for every date of every row a list
 * answers, and a dozen times for each row of a roster import.
 */
export function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 7);
  const d = digitsAt(s, 8, 10);
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The number that the ASCII digits s[from..to) spell, or -1 when one of them is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function daysInMonth(y: number, m: number): number {
  if (m !== 2) return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

function assertIsoDate(s: string): void {
  if (!isIsoDate(s)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(s)}`);
}

function toDate(s: string): Date {
  assertIsoDate(s);
  // Local midnight, as parseISO gives it, built from the checked fields (parseISO was most of a roster import's
  // time: the member rules compare several dates per row). setFullYear keeps years 1–99 as written.
  const d = new Date(2000, 0, 1);
  d.setFullYear(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return d;
}

function toIso(d: Date): string {
  return lightFormat(d, ISO_FORMAT);
}

/** Adds whole years; 02-29 lands on 02-28 in a non-leap year: addYearsIso('2024-02-29', 1) = '2025-02-28'. */
export function addYearsIso(d: string, n: number): string {
  assertIsoDate(d);
  // By the fields, as date-fns addYears does it (the member rules add years for every row of a roster import; the
  // Date round trip was a tenth of the checks' time). Outside years 1–9999 the Date path says what happens.
  const y = digitsAt(d, 0, 4) + n;
  if (!Number.isInteger(n) || y < 1 || y > 9999) return toIso(addYears(toDate(d), n));
  const leapDayLost = d.charCodeAt(5) === 48 && d.charCodeAt(6) === 50 && d.endsWith('29') && daysInMonth(y, 2) === 28;
  return `${String(y).padStart(4, '0')}${leapDayLost ? '-02-28' : d.slice(4)}`;
}

/** Adds whole months, clamping to the month's last day: addMonthsIso('2024-08-31', -6) = '2024-02-29'. */
export function addMonthsIso(d: string, n: number): string {
  assertIsoDate(d);
  // By the fields, as date-fns addMonths does it (a compliance sweep steps through every window of every
  // organisation's year). Outside years 1–9999, or for a fraction, the Date path says what happens.
  const months = digitsAt(d, 0, 4) * 12 + digitsAt(d, 5, 7) - 1 + n;
  const y = Math.floor(months / 12);
  if (!Number.isInteger(n) || y < 1 || y > 9999) return toIso(addMonths(toDate(d), n));
  const m = months - y * 12 + 1;
  return isoOf(y, m, Math.min(digitsAt(d, 8, 10), daysInMonth(y, m)));
}

export function addDaysIso(d: string, n: number): string {
  assertIsoDate(d);
  if (!Number.isInteger(n)) return toIso(addDays(toDate(d), n));
  return isoOfDayNumber(dayNumber(d) + n) ?? toIso(addDays(toDate(d), n));
}

/** -1 if a is earlier than b, 0 if the same day, 1 if later. */
export function compareIso(a: string, b: string): -1 | 0 | 1 {
  assertIsoDate(a);
  assertIsoDate(b);
  // Fixed-width 'YYYY-MM-DD' strings order like the dates they name.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calendar days from b to a (a − b): diffDaysIso('2024-03-01', '2024-02-28') = 2. */
export function diffDaysIso(a: string, b: string): number {
  assertIsoDate(a);
  assertIsoDate(b);
  return dayNumber(a) - dayNumber(b);
}

/**
 * Calendar arithmetic on day numbers (days since 1970-01-01 in the proleptic Gregorian calendar; H. Hinnant's
 * days_from_civil and civil_from_days): calendar days, so no time zone or daylight saving time can move them. The
 * seed generator uses them for millions of people, the date helpers here for every window a sweep steps through.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The [year, month, day] of a day number (the inverse of daysFromCivil). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The day number of a checked 'YYYY-MM-DD'. */
function dayNumber(s: string): number {
  return daysFromCivil(digitsAt(s, 0, 4), digitsAt(s, 5, 7), digitsAt(s, 8, 10));
}

/** The date of a day number; undefined outside years 1–9999. */
function isoOfDayNumber(days: number): string | undefined {
  const [y, m, d] = civilFromDays(days);
  return y < 1 || y > 9999 ? undefined : isoOf(y, m, d);
}

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const CHINA_FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1) - 8 * 3600_000;

/** One formatter per time zone: building one costs far more than using it (every request asks for today). */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Today's calendar date in a time zone (China by default), whatever the server's own zone is.
 * The only helper taking a Date: callers pass their clock's `now`, so it stays pure.
 */
export function todayIn(now: Date, timeZone = 'Asia/Shanghai'): string {
  // China has kept UTC+8 all year since 1992 (no daylight saving time): today there is a shift of the UTC date.
  if (timeZone === 'Asia/Shanghai' && now.getTime() >= CHINA_FIXED_OFFSET_SINCE) {
    return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  }
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** The moment a calendar day begins in China (UTC+8 all year: China keeps no daylight saving time). */
export function chinaDayStart(d: string): Date {
  return new Date(`${d}T00:00:00+08:00`);
}
