import { addDaysIso, addMonthsIso, addYearsIso, isIsoDate } from '../dates.ts';
import type { AgeBand } from './vocab.ts';

/**
 * Age in full years on a date (周岁). Someone born on 02-29 turns a year older on 03-01 in non-leap
 * years (date-fns differenceInYears). Negative when `on` is before the birth date.
 */
export function ageOn(birthDate: string, on: string): number {
  if (!isIsoDate(birthDate) || !isIsoDate(on)) throw new RangeError(`ageOn: not a date: ${birthDate} / ${on}`);
  // As date-fns differenceInYears counts (it compares month and day within a leap year), by the strings: a year
  // is not full while the later date's 'MM-DD' is before the earlier's. Fixed-width dates order like the days.
  const sign = on > birthDate ? 1 : on < birthDate ? -1 : 0;
  const [later, earlier] = sign > 0 ? [on, birthDate] : [birthDate, on];
  const full = Number(later.slice(0, 4)) - Number(earlier.slice(0, 4));
  const years = sign * (full - (later.slice(5) < earlier.slice(5) ? 1 : 0));
  return years === 0 ? 0 : years; // no -0
}

/** Inclusive age bounds of each statistics band (党内统计公报: ≤30, 31–35 … 56–60, ≥61). */
const BAND_AGES: Record<AgeBand, { min: number | null; max: number | null }> = {
  le30: { min: null, max: 30 },
  '31_35': { min: 31, max: 35 },
  '36_40': { min: 36, max: 40 },
  '41_45': { min: 41, max: 45 },
  '46_50': { min: 46, max: 50 },
  '51_55': { min: 51, max: 55 },
  '56_60': { min: 56, max: 60 },
  ge61: { min: 61, max: null },
};

/** The statistics age band of an age in full years. */
export function ageBandOf(age: number): AgeBand {
  if (age <= 30) return 'le30';
  if (age <= 35) return '31_35';
  if (age <= 40) return '36_40';
  if (age <= 45) return '41_45';
  if (age <= 50) return '46_50';
  if (age <= 55) return '51_55';
  if (age <= 60) return '56_60';
  return 'ge61';
}

/**
 * The inclusive range of birth dates whose age on `today` falls in the band, for filtering on
 * birth_date in SQL. null means unbounded. Age ≥ n exactly when birth ≤ today − n years.
 */
export function birthDateRangeForBand(band: AgeBand, today: string): { from: string | null; to: string | null } {
  const { min, max } = BAND_AGES[band];
  return {
    from: max === null ? null : addDaysIso(addYearsIso(today, -(max + 1)), 1),
    to: min === null ? null : addYearsIso(today, -min),
  };
}

const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/** 'YYYY-MM' of a 'YYYY-MM-DD' date: the birth date as shown to those who may not see the day (出生年月). */
export function yearMonthOf(date: string): string {
  if (!isIsoDate(date)) throw new RangeError(`yearMonthOf: not a date: ${date}`);
  return date.slice(0, 7);
}

/**
 * Age in full years counted by month: a year older from the first day of the birth month. Shown beside the birth
 * year-month (instead of `ageOn`), so that the age does not tell on which day of the month the birthday falls.
 */
export function ageByMonthOn(birthYearMonth: string, on: string): number {
  const m = YEAR_MONTH.exec(birthYearMonth);
  if (!m || !isIsoDate(on)) throw new RangeError(`ageByMonthOn: ${birthYearMonth} / ${on}`);
  const months = (Number(on.slice(0, 4)) - Number(m[1])) * 12 + (Number(on.slice(5, 7)) - Number(m[2]));
  const years = Math.trunc(months / 12); // like ageOn: toward zero before the birth month
  return years === 0 ? 0 : years; // no -0
}

/**
 * The inclusive range of birth dates whose age counted by month (`ageByMonthOn`) on `today` falls in the band: whole
 * months only, so that filtering by band tells nothing about the day of a birthday. null means unbounded.
 */
export function birthMonthRangeForBand(band: AgeBand, today: string): { from: string | null; to: string | null } {
  const { min, max } = BAND_AGES[band];
  const firstOfMonth = `${yearMonthOf(today)}-01`;
  return {
    from: max === null ? null : addMonthsIso(addYearsIso(firstOfMonth, -(max + 1)), 1),
    to: min === null ? null : addDaysIso(addMonthsIso(addYearsIso(firstOfMonth, -min), 1), -1),
  };
}
