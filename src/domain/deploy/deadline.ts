import { addDaysIso, addMonthsIso, addYearsIso, compareIso, isIsoDate } from '../dates.ts';
import { parseCnNumeral } from './numbering.ts';

/**
 * Deadline phrases of speeches and documents turned into a date (platform rule: the platform proposes, the
 * person confirming the task may change it). Readings: a period ends on its last day (年底前 → 12-31,
 * 6月底前 → 06-30, 一季度 → 03-31); without a year, a month, quarter, half or date already past at `base`
 * means the next year's; X天内 counts calendar days from `base`. Phrases whose reading is open are left
 * unresolved (null): 6月前 and 2025年前 (before the month begins or by its end?), X个工作日内 (needs the
 * holiday calendar), 春节前 (lunar), 尽快, 即日起.
 */

type YearPrefix = '' | '明年' | 'YYYY年';
type PeriodRule =
  | '上半年'
  | '下半年'
  | '第X季度'
  | 'X月底前'
  | 'X月上旬'
  | 'X月中旬'
  | 'X月下旬'
  | 'X月X日前'
  | '节日前';

/** Which reading matched; a year written before the period is named in front (YYYY年X月底前, 明年上半年). */
export type DeadlineRule =
  | '立即'
  | '限期X天'
  | 'X天内'
  | 'X周内'
  | 'X个月内'
  | 'X年内'
  | '年底前'
  | '明年底前'
  | 'YYYY年底前'
  | '今明两年'
  | '月底前'
  | `${YearPrefix}${PeriodRule}`;

export type ResolvedDeadline = { date: string; rule: DeadlineRule };

const MAX_PHRASE = 40;

// Words around the phrase itself: 要在 / 确保 … 完成.
const LEADING =
  /^(?:必须在|务必在|确保在|力争在|争取在|要在|须在|应在|确保|力争|争取|最迟于|最迟在|最迟|截至|截止到|截止|不晚于|在|于|到)/;
const TRAILING = /(?:完成|办结|到位|结束)$/;

const NUM = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
const COUNT = '(\\d{1,3}|[一二两三四五六七八九十百零]{1,5})';
const YEAR = '(\\d{4}|[〇零一二三四五六七八九]{4})';

const IMMEDIATE = /^(?:立即|立行立改|即知即改)$/;
// 3月内 (个 missing) is a month of the year, read with the months.
const COUNT_UNIT = '(天|日|个工作日|工作日|周|个星期|星期|个月|年)';
const LIMIT = new RegExp(`^限期${COUNT}${COUNT_UNIT}(?:内|之内|以内)?$`);
const WITHIN = new RegExp(`^${COUNT}${COUNT_UNIT}(?:内|之内|以内)$`);
const MONTH_END_BARE = /^(?:本月|当月)(?:底|末)(?:前|之前|以前)?$|^月底(?:前|之前|以前)?$/;
const YEAR_PREFIX = new RegExp(`^(?:(今年|本年|明年)|${YEAR}年)(.*)$`);
const YEAR_END = /^(?:年?底|年?底前|年?底之前|年?底以前|年?末|年?内|年?度|年?度内)?$/;
const YEAR_END_BARE = /^(?:年底|年底前|年底之前|年底以前|年末|年内|年度内)$/;
const HALF = /^(上|下)半年(?:末|底|前|内)?$/;
const QUARTER = /^第?([一二三四1-4])季度(?:末|底|前|内|末前)?$/;
const MONTH = new RegExp(`^${NUM}月(.*)$`);
const MONTH_END = /^(?:底|底前|底之前|底以前|末|份|份内|内)?$/;
const TENTH = /^(上|中|下)旬(?:前|末|内)?$/;
const DAY = new RegExp(`^${NUM}[日号](?:之前|以前|前)?$`);
const FESTIVAL = /^(?:“|")?(元旦|五一|七一|十一|国庆节|国庆)(?:”|")?(?:节)?(?:之前|以前|前)$/;

function parseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  return parseCnNumeral(s.replace(/两/g, '二'));
}

function parseYear(s: string): number | null {
  if (/^\d{4}$/.test(s)) return Number(s);
  let y = 0;
  for (const ch of s) {
    const d = '〇一二三四五六七八九'.indexOf(ch === '零' ? '〇' : ch);
    if (d < 0) return null;
    y = y * 10 + d;
  }
  return y;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** 'YYYY-MM-DD' for a real date, else null (2月30日, month 13, year 0). */
function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999) return null;
  const s = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  return isIsoDate(s) ? s : null;
}

function monthEnd(y: number, m: number): string | null {
  if (m < 1 || m > 12) return null;
  return isoOf(y, m, daysInMonth(y, m));
}

/** Folds full-width digits and spaces, drops quotes, punctuation and the words around the phrase. */
function normalise(text: string): string {
  let s = text.normalize('NFKC').replace(/[\s'‘’「」『』《》（）()]/g, '');
  s = s.replace(/[。，,.；;：:！!、]+$/u, '');
  return s.replace(LEADING, '').replace(TRAILING, '');
}

type Year = { kind: 'none' | 'this' | 'next' | 'explicit'; year: number };

/**
 * A date inside a year: with no year written, the next year's when it is before `base` (compared at the
 * level the phrase names: the month for 6月底前, the day for 3月15日前) or does not exist (2月29日).
 */
function inYear(y: Year, at: (year: number) => string | null, pastIf: (date: string) => boolean): string | null {
  const date = at(y.year);
  if (y.kind !== 'none') return date;
  return date === null || pastIf(date) ? at(y.year + 1) : date;
}

function prefixed(y: Year, rule: PeriodRule): DeadlineRule {
  return y.kind === 'next' ? `明年${rule}` : y.kind === 'explicit' ? `YYYY年${rule}` : rule;
}

function resolvePeriod(rest: string, y: Year, base: string): ResolvedDeadline | null {
  const baseMonth = Number(base.slice(5, 7));
  const beforeBase = (d: string): boolean => compareIso(d, base) < 0;

  const half = HALF.exec(rest);
  if (half) {
    const first = half[1] === '上';
    const date = inYear(y, (yr) => monthEnd(yr, first ? 6 : 12), beforeBase);
    return date === null ? null : { date, rule: prefixed(y, first ? '上半年' : '下半年') };
  }

  const quarter = QUARTER.exec(rest);
  if (quarter) {
    const c = quarter[1] ?? '';
    const q = '一二三四'.indexOf(c) + 1 || Number(c);
    const date = inYear(y, (yr) => monthEnd(yr, q * 3), beforeBase);
    return date === null ? null : { date, rule: prefixed(y, '第X季度') };
  }

  const festival = FESTIVAL.exec(rest);
  if (festival) {
    const name = festival[1] ?? '';
    // The day before the holiday; the day before 元旦 of year Y is 31 December of Y − 1.
    const [m, d, shift] =
      name === '元旦' ? [12, 31, -1] : name === '五一' ? [4, 30, 0] : name === '七一' ? [6, 30, 0] : [9, 30, 0];
    const date = inYear(y, (yr) => isoOf(yr + shift, m, d), beforeBase);
    return date === null ? null : { date, rule: prefixed(y, '节日前') };
  }

  const month = MONTH.exec(rest);
  if (month) {
    const m = parseNumber(month[1] ?? '');
    const suffix = month[2] ?? '';
    if (m === null || m < 1 || m > 12) return null;
    const monthPast = (): boolean => m < baseMonth;
    if (MONTH_END.test(suffix)) {
      const date = inYear(y, (yr) => monthEnd(yr, m), monthPast);
      return date === null ? null : { date, rule: prefixed(y, 'X月底前') };
    }
    const tenth = TENTH.exec(suffix);
    if (tenth) {
      const which = tenth[1];
      const date = inYear(
        y,
        (yr) => (which === '下' ? monthEnd(yr, m) : isoOf(yr, m, which === '上' ? 10 : 20)),
        monthPast,
      );
      const rule: PeriodRule = which === '上' ? 'X月上旬' : which === '中' ? 'X月中旬' : 'X月下旬';
      return date === null ? null : { date, rule: prefixed(y, rule) };
    }
    const day = DAY.exec(suffix);
    if (day) {
      const d = parseNumber(day[1] ?? '');
      if (d === null || d < 1 || d > 31) return null;
      const date = inYear(y, (yr) => isoOf(yr, m, d), beforeBase);
      return date === null ? null : { date, rule: prefixed(y, 'X月X日前') };
    }
    return null;
  }
  return null;
}

/** base + n units; null for working days, which need the holiday calendar. */
function addCount(base: string, n: number, unit: string): { date: string; rule: DeadlineRule } | null {
  if (unit === '天' || unit === '日') return { date: addDaysIso(base, n), rule: 'X天内' };
  if (unit.endsWith('星期') || unit === '周') return { date: addDaysIso(base, 7 * n), rule: 'X周内' };
  if (unit === '个月') return { date: addMonthsIso(base, n), rule: 'X个月内' };
  if (unit === '年') return { date: addYearsIso(base, n), rule: 'X年内' };
  return null;
}

/**
 * The date a deadline phrase names, counted from `base` (the meeting date, or today), with the reading
 * that matched; null for a phrase it cannot read or a `base` that is not a date. Never throws.
 */
export function resolveDeadline(text: string, base: string): ResolvedDeadline | null {
  if (typeof text !== 'string' || typeof base !== 'string' || !isIsoDate(base)) return null;
  const r = resolve(text, base);
  // Beyond year 9999 there is no 'YYYY-MM-DD' date.
  return r !== null && isIsoDate(r.date) ? r : null;
}

function resolve(text: string, base: string): ResolvedDeadline | null {
  const s = normalise(text);
  if (s === '' || s.length > MAX_PHRASE) return null;
  const baseYear = Number(base.slice(0, 4));

  if (IMMEDIATE.test(s)) return { date: base, rule: '立即' };

  const limit = LIMIT.exec(s);
  if (limit) {
    const n = parseNumber(limit[1] ?? '');
    const counted = n === null || n < 1 ? null : addCount(base, n, limit[2] ?? '');
    if (counted === null) return null;
    return counted.rule === 'X天内' ? { date: counted.date, rule: '限期X天' } : counted;
  }

  // A count that is not a number (二零二五年内) may still be a year, read below.
  const within = WITHIN.exec(s);
  const withinCount = within ? parseNumber(within[1] ?? '') : null;
  if (within && withinCount !== null) return withinCount < 1 ? null : addCount(base, withinCount, within[2] ?? '');

  if (s === '今明两年') return { date: `${pad(baseYear + 1, 4)}-12-31`, rule: '今明两年' };
  if (MONTH_END_BARE.test(s)) {
    const date = monthEnd(baseYear, Number(base.slice(5, 7)));
    return date === null ? null : { date, rule: '月底前' };
  }

  const prefix = YEAR_PREFIX.exec(s);
  let y: Year = { kind: 'none', year: baseYear };
  let rest = s;
  if (prefix) {
    const word = prefix[1];
    const year = word === undefined ? parseYear(prefix[2] ?? '') : word === '明年' ? baseYear + 1 : baseYear;
    if (year === null) return null;
    y = { kind: word === undefined ? 'explicit' : word === '明年' ? 'next' : 'this', year };
    rest = prefix[3] ?? '';
    if (YEAR_END.test(rest)) {
      const date = isoOf(year, 12, 31);
      if (date === null) return null;
      return { date, rule: y.kind === 'explicit' ? 'YYYY年底前' : y.kind === 'next' ? '明年底前' : '年底前' };
    }
  } else if (YEAR_END_BARE.test(s)) {
    return { date: `${pad(baseYear, 4)}-12-31`, rule: '年底前' };
  }
  return resolvePeriod(rest, y, base);
}
