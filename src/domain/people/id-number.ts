import { compareIso, isIsoDate } from '../dates.ts';
import { type Msg, msg, zhOf } from '../messages.ts';
import type { Gender } from './vocab.ts';

/**
 * The mainland resident identity number (公民身份号码, GB 11643-1999): 6-digit region code, 8-digit birth
 * date, 3-digit sequence (odd = male) and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH = '1900-01-01';

/** Province-level codes (GB/T 2260): the first two digits of every valid number. */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type IdNumberCode = 'ID_EMPTY' | 'ID_LENGTH' | 'ID_FORMAT' | 'ID_REGION' | 'ID_BIRTH_DATE' | 'ID_CHECK_DIGIT';

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; gender: Gender; regionCode: string }
  | { ok: false; code: IdNumberCode; message: string; msg: Msg };

function idRefused(code: IdNumberCode, m: Msg): IdNumberResult {
  return { ok: false, code, message: zhOf(m), msg: m };
}

/** GB 11643-1999 §7: Σ(digit × weight) mod 11 indexes '10X98765432'. */
export function checkDigitOf(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkDigitOf expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * Validates an 18-character identity number (GB 11643-1999) and reads birth date, gender and region from it.
 * Trims, folds full-width characters (common in spreadsheets) and upper-cases a trailing x.
 */
export function checkIdNumber(raw: string, today: string): IdNumberResult {
  const s = raw.normalize('NFKC').trim().replace(/x$/, 'X');
  if (s === '') return idRefused('ID_EMPTY', msg('err.id.empty'));
  if (s.length !== 18) return idRefused('ID_LENGTH', msg('err.id.length', { length: s.length }));
  if (!/^\d{17}[\dX]$/.test(s)) {
    return idRefused('ID_FORMAT', msg('err.id.format'));
  }
  if (!PROVINCE_CODES.has(s.slice(0, 2))) return idRefused('ID_REGION', msg('err.id.region'));

  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isIsoDate(birthDate)) return idRefused('ID_BIRTH_DATE', msg('err.id.birthDate'));
  if (compareIso(birthDate, today) > 0) {
    return idRefused('ID_BIRTH_DATE', msg('err.id.birthFuture'));
  }
  if (compareIso(birthDate, EARLIEST_BIRTH) < 0) {
    return idRefused('ID_BIRTH_DATE', msg('err.id.birthTooEarly'));
  }

  const expected = checkDigitOf(s.slice(0, 17));
  if (s[17] !== expected) {
    // The expected character is not named: a wrong check digit almost always means another digit was mistyped,
    // and "type X here" would turn a typo into a valid-looking wrong number.
    return idRefused('ID_CHECK_DIGIT', msg('err.id.checkDigit'));
  }
  const gender: Gender = Number(s[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, normalized: s, birthDate, gender, regionCode: s.slice(0, 6) };
}

/**
 * Masks a number for display to those without member:sensitive: 339901********123*. The 8 birth-date digits
 * and the check character are hidden: the check character would otherwise narrow a known birth month down to
 * about 3 possible days (GB 11643-1999 §7 weighs the day digits 10 and 5 mod 11). Region and sequence (and so
 * gender) stay. Anything not 18 characters long keeps its first 2 and last 2 characters; 4 characters or fewer
 * are masked entirely.
 */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length === 18) return `${s.slice(0, 6)}********${s.slice(14, 17)}*`;
  if (s.length <= 4) return '*'.repeat(s.length);
  return `${s.slice(0, 2)}${'*'.repeat(s.length - 4)}${s.slice(-2)}`;
}
