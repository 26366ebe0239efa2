import { pad2 } from './prng.ts';

/**
 * Calendar arithmetic on day numbers (days since 1970-01-01; H. Hinnant's civil-date algorithms), fast
 * enough for millions of people: date-fns on Date objects would dominate the generator's time.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

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
