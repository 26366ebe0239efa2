import { addMonthsIso, addYearsIso, compareIso } from '../dates.ts';
import type { RuleSet, RuleValue } from '../rules/ruleset.ts';
import type { OrgType } from './vocab.ts';

export type TermStatus = 'ok' | 'due_soon' | 'overdue';

/** The day a term ends and re-election falls due: start + term years (党章 第三十一条). */
export function termDueOn(termStartedOn: string, termYears: number): string {
  return addYearsIso(termStartedOn, termYears);
}

/**
 * The usual term of an organisation (关于党的基层组织任期的意见 2018 第一条): base committee 5 years,
 * general branch and branch 3, village and community organisations 5. null for 党小组 (no level) and
 * 党工委 (appointed by the committee that dispatches it, not elected for a term).
 */
export function expectedTermYears(type: OrgType, field: string | null, rules: RuleSet): RuleValue<number> | null {
  if (type === 'group' || type === 'working_committee') return null;
  const { byField, byType } = rules.org.termYears;
  if (field !== null && Object.hasOwn(byField, field)) {
    const byFieldRule = byField[field];
    if (byFieldRule) return byFieldRule;
  }
  return byType[type];
}

/**
 * Re-election is due soon from reElectionReminderMonths before the due date up to and including it
 * (the higher level reminds ~6 months ahead), and overdue from the day after (选举条例 2020 第三条).
 */
export function termStatus(dueOn: string, today: string, rules: RuleSet): TermStatus {
  if (compareIso(today, dueOn) > 0) return 'overdue';
  const remindFrom = addMonthsIso(dueOn, -rules.org.reElectionReminderMonths.value);
  return compareIso(today, remindFrom) >= 0 ? 'due_soon' : 'ok';
}
