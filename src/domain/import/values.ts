import { isIsoDate } from '../dates.ts';
import { type Msg, msg } from '../messages.ts';
import { checkDigitOf } from '../people/id-number.ts';
import { type CellValue, cellText, type GridCell, isoOfUtc } from './grid.ts';
import { foldChoice } from './list-spec.ts';

/**
 * Reading cells as real files hold them: dates as Excel dates, date serials, text in every usual form, numbers
 * such as 19800301 and year-month alone (出生年月: 1980.3, 198003, 1998-02); ID numbers stored as numbers (refused
 * where Excel dropped digits) and 15-digit ones (upgraded to 18); choices with a dropdown list's code in front
 * (1-男, 01 正式党员, [2]女). Pure; each reader returns the value or the message of what is wrong with the cell.
 */

export type Read<T> = { ok: true; value: T } | { ok: false; msg: Msg };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(m: Msg): Read<T> => ({ ok: false, msg: m });

/** A date, or a year and month alone (YYYY-MM) where only that was written. */
export type DateOrMonth = { date: string } | { month: string };

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DATE_TEXT: readonly RegExp[] = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];
const MONTH_TEXT: readonly RegExp[] = [/^(\d{4})[-/.年](\d{1,2})月?$/, /^(\d{4})(\d{2})$/];

function month(y: string, m: string): Read<DateOrMonth> | null {
  const mm = Number(m);
  if (mm < 1 || mm > 12 || Number(y) < 1900) return null;
  return ok({ month: `${y}-${String(mm).padStart(2, '0')}` });
}

/** Whether a number format shows a date (yyyy, mm-dd, 年 月 日), so that the number is a serial. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const f = numFmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[yd]|m{1,2}[-/.]|年|月|日/i.test(f);
}

/** A date cell, where a year and month alone is allowed to stand (the reader's caller says what to do with it). */
export function readDateOrMonth(cell: GridCell | null): Read<DateOrMonth | null> {
  const v = cell?.value ?? null;
  if (v === null || v === '') return ok(null);
  if (v instanceof Date) {
    return Number.isNaN(v.getTime()) ? bad(msg('err.imp.date.invalid', { text: '' })) : ok({ date: isoOfUtc(v) });
  }
  if (typeof v === 'number') return readDateNumber(v, cell?.numFmt);
  if (typeof v === 'boolean') return bad(msg('err.imp.date.invalid', { text: cellText(v) }));
  const s = v.normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '');
  for (const re of DATE_TEXT) {
    const m = re.exec(s);
    if (!m) continue;
    const iso = `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
    return isIsoDate(iso) ? ok({ date: iso }) : bad(msg('err.imp.date.invalid', { text: s }));
  }
  for (const re of MONTH_TEXT) {
    const m = re.exec(s);
    if (m) return month(m[1] ?? '', m[2] ?? '') ?? bad(msg('err.imp.date.invalid', { text: s }));
  }
  return bad(msg('err.imp.date.invalid', { text: s }));
}

function readDateNumber(n: number, numFmt: string | undefined): Read<DateOrMonth | null> {
  const text = String(n);
  if (Number.isInteger(n)) {
    // 19800301 (also when a date format was put on it: it is not a serial of the year 56,000).
    if (n >= 1_900_01_01 && n <= 2_199_12_31) return readDateOrMonth({ value: text });
    // 198003: a year and month.
    if (n >= 1900_01 && n <= 2199_12) return readDateOrMonth({ value: text });
    // A date serial (formatted as a date, or one whose format was changed to 常规): 1927 to 2119.
    if ((isDateFormat(numFmt) && n > 0 && n < 2_958_466) || (n >= 10_000 && n <= 80_000)) {
      return ok({ date: isoOfUtc(new Date(EXCEL_EPOCH + n * 86_400_000)) });
    }
    return bad(msg('err.imp.date.invalid', { text }));
  }
  // 1980.3 typed into a cell becomes the number 1980.3; 1980.10 becomes 1980.1, which cannot be told from January.
  const m = /^(\d{4})\.(\d{1,2})$/.exec(text);
  if (m) {
    if (m[2] === '1') return bad(msg('err.imp.date.monthAmbiguous', { text, year: m[1] ?? '' }));
    return month(m[1] ?? '', m[2] ?? '') ?? bad(msg('err.imp.date.invalid', { text }));
  }
  if (isDateFormat(numFmt) && n > 0 && n < 2_958_466) {
    return ok({ date: isoOfUtc(new Date(EXCEL_EPOCH + Math.floor(n) * 86_400_000)) });
  }
  return bad(msg('err.imp.date.invalid', { text }));
}

/** A date that must be complete: a year and month alone is flagged. */
export function readDate(cell: GridCell | null): Read<string | null> {
  const r = readDateOrMonth(cell);
  if (!r.ok) return r;
  if (r.value === null) return ok(null);
  if ('date' in r.value) return ok(r.value.date);
  return bad(msg('err.imp.date.monthOnly', { text: cellText(cell?.value ?? null) }));
}

/** The 18-character number of a 15-character one (GB 11643-1999 appendix: century 19 inserted, check digit added). */
export function upgradeIdNumber15(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + checkDigitOf(first17);
}

/**
 * An ID number cell: text as it is (the caller checks it); a 15-digit number upgraded to 18; an 18-digit one that
 * Excel stored as a number has lost its last digits (Excel keeps 15) and is refused so, never guessed.
 */
export function readIdNumber(cell: GridCell | null): Read<string | null> {
  const v = cell?.value ?? null;
  if (v === null) return ok(null);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1e14 && v < 1e15) return ok(upgradeIdNumber15(String(v)) ?? String(v));
    if (v >= 1e15) return bad(msg('err.imp.id.storedAsNumber'));
    return bad(msg('err.imp.id.invalid', { text: cellText(v) }));
  }
  const s = cellText(v).normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '').toUpperCase();
  if (/^\d(\.\d+)?E\+\d+$/.test(s)) return bad(msg('err.imp.id.storedAsNumber'));
  if (/^\d{15}$/.test(s)) return ok(upgradeIdNumber15(s) ?? s);
  return ok(s === '' ? null : s);
}

/** A dropdown list's code in front of the text: 1-男, 01 正式党员, [2]女, (21)大学本科, 3.预备党员, A|是. */
const CODE_PREFIX = /^[[［(（【]?\s*[0-9A-Za-z]{1,3}\s*[\]］)）】]?\s*[-－—_.．、,，:：|｜\s]?\s*(?=\S)/u;

/** A choice: the text, else the text without a dropdown code in front. */
export function readChoice<T>(v: CellValue, values: ReadonlyMap<string, T>, labels: readonly string[]): Read<T | null> {
  if (v === null) return ok(null);
  const text = typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : cellText(v);
  if (text === '') return ok(null);
  const hit = values.get(foldChoice(text));
  if (hit !== undefined) return ok(hit);
  const stripped = text.normalize('NFKC').replace(CODE_PREFIX, '');
  if (stripped !== text) {
    const again = values.get(foldChoice(stripped));
    if (again !== undefined) return ok(again);
  }
  return bad(msg('err.imp.choice.unknown', { text, choices: labels.join('、') }));
}

/** Spaces typed between the characters of a Chinese name to align a column (张  三) are not part of it. */
export function cleanPersonName(s: string): string {
  // Most names hold no space at all: then there is nothing to take out (trim takes out what \s matches).
  if (!/\s/.test(s)) return s;
  return s.replace(/(?<=\p{Script=Han})[\s\u3000]+(?=\p{Script=Han})/gu, '').trim();
}
