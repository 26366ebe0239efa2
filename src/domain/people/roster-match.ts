import { yearMonthOf } from './age.ts';
import { maskIdNumber } from './id-number.ts';
import { maskPhone } from './person-view.ts';
import type { Education, Gender, MemberStatus } from './vocab.ts';

/**
 * Re-importing a roster (花名册 round trip): a row that names a person already registered in the caller's scope
 * updates that person. These rules say what the row changes, and what a cell written by a reduced export
 * (339901********123*, 138****0000, 出生年月 1980-05) stands for.
 */

/** The fields of a member record a roster row carries. */
export type RosterValues = {
  name: string;
  gender: Gender | null;
  ethnicity: string | null;
  birthDate: string | null;
  education: Education | null;
  idNumber: string | null;
  phone: string | null;
  orgId: number;
  status: MemberStatus;
  appliedOn: string | null;
  joinDate: string | null;
  fullDate: string | null;
  isFloating: boolean;
  isRetired: boolean;
};

export type RosterValueField = keyof RosterValues;

/** The order a row's changes are listed in (the roster's column order). */
export const ROSTER_VALUE_FIELDS: readonly RosterValueField[] = [
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'education',
  'idNumber',
  'phone',
  'orgId',
  'status',
  'joinDate',
  'fullDate',
  'appliedOn',
  'isFloating',
  'isRetired',
];

/** The fields whose value differs (none: the row leaves the person as registered, and nothing is written). */
export function changedFields(before: RosterValues, after: RosterValues): RosterValueField[] {
  return ROSTER_VALUE_FIELDS.filter((f) => before[f] !== after[f]);
}

export type MaskedField = 'idNumber' | 'phone' | 'birthDate';

/**
 * Whether a masked cell is what the reduced view shows of the registered value: then it stands for that value
 * (the row leaves it as it is). Anything else cannot be read: the hidden part is not in the file.
 */
export function maskedCellMatches(field: MaskedField, cell: string, registered: string | null): boolean {
  if (registered === null) return false;
  if (field === 'idNumber') return maskIdNumber(registered) === cell.trim().toUpperCase();
  if (field === 'phone') return maskPhone(registered) === cell.trim();
  return yearMonthOf(registered) === cell.trim();
}
