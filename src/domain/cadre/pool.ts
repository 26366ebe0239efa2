/**
 * The young-cadre pool (年轻干部信息库, issue 13): a person enters by nomination with the reasons, under a category the
 * locality defines (cadre.poolCategories [S]); training and practice (挂职, 轮岗, 培训) are recorded with place and
 * dates; the person exits with a reason. Append-only: an entry and its records are never changed.
 */
import { compareIso } from '../dates.ts';
import type { RuleSet } from '../rules/ruleset.ts';

export const POOL_RECORD_KINDS = ['secondment', 'rotation', 'training'] as const;
export type PoolRecordKind = (typeof POOL_RECORD_KINDS)[number];

export const POOL_STATUSES = ['active', 'exited'] as const;
export type PoolStatus = (typeof POOL_STATUSES)[number];

/** The category of the rule list with this code, or undefined (a code the locality does not define). */
export function poolCategory(code: string, rules: RuleSet) {
  return rules.cadre.poolCategories.value.find((c) => c.code === code);
}

/** Whether a rank is one of the rule's list (cadre.postRanks). */
export function isPostRank(rank: string, rules: RuleSet): boolean {
  return rules.cadre.postRanks.value.includes(rank);
}

/** A record's dates: from no later than to (an open record has no end). */
export function recordDatesValid(fromOn: string, toOn: string | null): boolean {
  return toOn === null || compareIso(fromOn, toOn) <= 0;
}
