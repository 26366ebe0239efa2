import type { RuleSet } from '../rules/ruleset.ts';
import { type AssessRefusal, refusal } from './refusal.ts';

/**
 * 软弱涣散基层党组织 (issue 12; the situations are the rule set's platform checklist assess.weakReasons, [S]: no list
 * in ../shared/domain-rules.md): an organisation above designates one for a year with its reasons, a rectification
 * plan and a leader (挂点领导); a passed acceptance check (转化验收) lifts it. A designation is never deleted.
 */

/** The reasons a designation names: at least one (a checklist item, other text or a low assessment), all known. */
export function checkWeakReasons(
  codes: readonly string[],
  other: string,
  fromAssessment: boolean,
  rules: RuleSet,
): AssessRefusal[] {
  const known = new Set(rules.assess.weakReasons.value.map((r) => r.code));
  const out = codes.filter((c) => !known.has(c)).map((c) => refusal('weakReasonUnknown', { code: c }));
  if (codes.length === 0 && other.trim() === '' && !fromAssessment) out.push(refusal('weakNoReason'));
  return out;
}

/** A final assessment result is a reason when its total is below the threshold (assess.weakAssessmentBelow) or vetoed. */
export function isAssessmentLow(total: number | null, vetoed: boolean, rules: RuleSet): boolean {
  return vetoed || (total !== null && total < rules.assess.weakAssessmentBelow.value);
}

/**
 * An acceptance check (转化验收): not on a lifted designation, not before the designation's day, and a passed one
 * only when every rectification measure is closed (the titles of those still open are named).
 */
export function checkAcceptance(
  d: { liftedOn: string | null; designatedOn: string },
  check: { passed: boolean; checkedOn: string },
  openMeasures: readonly string[],
): AssessRefusal[] {
  if (d.liftedOn) return [refusal('weakLifted', { on: d.liftedOn })];
  if (check.checkedOn < d.designatedOn) {
    return [refusal('weakCheckBefore', { on: check.checkedOn, designatedOn: d.designatedOn })];
  }
  if (check.passed && openMeasures.length > 0) {
    return [refusal('weakMeasuresOpen', { count: openMeasures.length, first: openMeasures[0]! })];
  }
  return [];
}

/** The day a designation was lifted: the first passed check's day (checks in the order recorded), or null. */
export function liftedOn(checks: readonly { passed: boolean; checkedOn: string }[]): string | null {
  return checks.find((c) => c.passed)?.checkedOn ?? null;
}

/** Overdue: not lifted and its rectification deadline (due) is before today. Dates are ISO days. */
export function isWeakOverdue(d: { liftedOn: string | null; dueOn: string }, today: string): boolean {
  return d.liftedOn === null && d.dueOn < today;
}

export type WeakCounts = { designated: number; lifted: number; overdue: number };

/** The dashboard counts of a set of designations: all designated, lifted, and overdue (not lifted, past due). */
export function countWeak(list: readonly { liftedOn: string | null; dueOn: string }[], today: string): WeakCounts {
  return {
    designated: list.length,
    lifted: list.filter((d) => d.liftedOn !== null).length,
    overdue: list.filter((d) => isWeakOverdue(d, today)).length,
  };
}
