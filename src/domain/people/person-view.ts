import { ageByMonthOn, ageOn, yearMonthOf } from './age.ts';
import { maskIdNumber } from './id-number.ts';

/** The facts of a person record that identify them (公民身份号码, 出生日期, 联系电话). */
export type IdentifyingFacts = { birthDate: string | null; idNumber: string | null; phone: string | null };

/** What a viewer receives of those facts, and whether they were reduced for this viewer. */
export type IdentifyingView = {
  /** The full date, or null for a reduced view. */
  birthDate: string | null;
  /** 出生年月 'YYYY-MM': in every view. */
  birthYearMonth: string | null;
  /** Full years: on the day for a full view, counted by month for a reduced one. */
  age: number | null;
  idNumber: string | null;
  phone: string | null;
  reduced: boolean;
};

/**
 * Masks a phone number: a mobile or other all-digit number keeps its first 3 and last 4 digits (139****1111);
 * anything else (a landline with its area code, 010-12345678) keeps only its last 4 characters.
 */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  const digits = /^(\d{3})\d{4}(\d+)$/.exec(s);
  if (digits) return `${digits[1]}****${digits[2]}`;
  if (s.length <= 4) return '*'.repeat(s.length);
  return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`;
}

/**
 * What a viewer without member:sensitive sees of someone else's record (个人信息保护法 第六条: no more than the work
 * needs): the ID number with its birth digits and check character hidden, the birth date as year and
 * month only (出生年月) with the age counted by month, and the phone masked. Taken together, one view leaves every
 * day of the birth month possible, so no full ID number can be formed from it. A full view shows everything.
 */
export function viewIdentifyingFacts(p: IdentifyingFacts, today: string, full: boolean): IdentifyingView {
  const birthYearMonth = p.birthDate ? yearMonthOf(p.birthDate) : null;
  if (full) {
    return {
      birthDate: p.birthDate,
      birthYearMonth,
      age: p.birthDate ? ageOn(p.birthDate, today) : null,
      idNumber: p.idNumber,
      phone: p.phone,
      reduced: false,
    };
  }
  return {
    birthDate: null,
    birthYearMonth,
    age: birthYearMonth ? ageByMonthOn(birthYearMonth, today) : null,
    idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null,
    phone: p.phone ? maskPhone(p.phone) : null,
    reduced: true,
  };
}
