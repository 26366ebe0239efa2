// Calendar arithmetic on day numbers (days since 1970-01-01): the domain's, fast enough for millions of people (date-fns
// on Date objects would dominate the generator's time).
import { civilFromDays, daysFromCivil } from '../../../domain/dates.ts';
import { pad2 } from './prng.ts';

export { civilFromDays, daysFromCivil };

export function isoOf(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function daysOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  return daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The same calendar day `years` later; 29 February becomes 1 March in a common year (the later day). */
export function addYears(days: number, years: number): number {
  const [y, m, d] = civilFromDays(days);
  const ty = y + years;
  if (m === 2 && d === 29 && !(ty % 4 === 0 && (ty % 100 !== 0 || ty % 400 === 0))) return daysFromCivil(ty, 3, 1);
  return daysFromCivil(ty, m, d);
}

export const isLeapDay = (days: number): boolean => {
  const [, m, d] = civilFromDays(days);
  return m === 2 && d === 29;
};
