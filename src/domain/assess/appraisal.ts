import { addDaysIso } from '../dates.ts';
import type { MessageText } from '../messages.ts';
import type { RuleSet } from '../rules/ruleset.ts';
import { type AssessRefusal, refusal } from './refusal.ts';

/**
 * 民主评议党员 (../shared/domain-rules.md §10, [C]): the 支委会 or 党员大会 decides each member's grade after self,
 * peer and poll appraisal. 优秀 is at most a share of the members appraised (assess.excellentMaxShare, 1/3:
 * "不超过三分之一" means count × 3 ≤ members, so 3 of 9 is allowed, 4 of 9 and 1 of 2 are not). 不合格 opens a
 * handling record (党章第九条: 限期改正, 劝退, 除名) that the platform records and reminds of, never executes.
 */
export const APPRAISAL_GRADES = ['excellent', 'qualified', 'basic', 'unqualified'] as const;
export type AppraisalGrade = (typeof APPRAISAL_GRADES)[number];
export const APPRAISAL_GRADE_LABELS: Record<AppraisalGrade, MessageText> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  qualified: { zh: '合格', en: 'Qualified' },
  basic: { zh: '基本合格', en: 'Basically qualified' },
  unqualified: { zh: '不合格', en: 'Unqualified' },
};

export type MemberGrade = { member: string; grade: AppraisalGrade };

/** The most members the share allows: ⌊members × numerator / denominator⌋, in integers. */
export function excellentAllowed(members: number, share: { numerator: number; denominator: number }): number {
  return Math.floor((members * share.numerator) / share.denominator);
}

/**
 * Checks the grades decided for the members appraised: each member graded exactly once, nobody else graded, and
 * 优秀 within the share of the rule set (count × denominator ≤ members × numerator). Returns every problem.
 */
export function checkAppraisal(
  grades: readonly MemberGrade[],
  members: readonly string[],
  rules: RuleSet,
): AssessRefusal[] {
  const out: AssessRefusal[] = [];
  const roll = new Set(members);
  const seen = new Set<string>();
  for (const g of grades) {
    if (!roll.has(g.member)) out.push(refusal('memberUnknown', { member: g.member }));
    else if (seen.has(g.member)) out.push(refusal('memberTwice', { member: g.member }));
    seen.add(g.member);
  }
  for (const m of members) if (!seen.has(m)) out.push(refusal('memberMissing', { member: m }));
  const share = rules.assess.excellentMaxShare.value;
  const count = grades.filter((g) => g.grade === 'excellent' && roll.has(g.member)).length;
  const n = roll.size;
  if (count * share.denominator > n * share.numerator) {
    out.push(
      refusal('excellentOverShare', {
        count,
        members: n,
        max: excellentAllowed(n, share),
        share: `${share.numerator}/${share.denominator}`,
      }),
    );
  }
  return out;
}

/** The handling of a member graded 不合格 (党章第九条); recorded and reminded here, carried out by the organisation. */
export type HandlingState = 'open' | 'correcting' | 'persuading' | 'removing' | 'closed';
export type HandlingMeasure = 'correct' | 'persuade' | 'remove';
export type HandlingOutcome = 'corrected' | 'left' | 'removed';
export const HANDLING_STATE_LABELS: Record<HandlingState, MessageText> = {
  open: { zh: '待组织处置', en: 'Awaiting a decision' },
  correcting: { zh: '限期改正', en: 'Correcting by a deadline' },
  persuading: { zh: '劝退', en: 'Persuaded to leave' },
  removing: { zh: '除名', en: 'Removal' },
  closed: { zh: '已办结', en: 'Closed' },
};

export type HandlingEvent =
  /** The 支部 decides the measure; 限期改正 needs its deadline. */
  | { kind: 'decide'; measure: HandlingMeasure; deadline?: string; by: string; on: string; note: string }
  /** A harder measure when the first did not work (改正无效 → 劝退 or 除名; 劝而不退 → 除名). */
  | { kind: 'escalate'; measure: 'persuade' | 'remove'; by: string; on: string; note: string }
  /** What happened, as the organisation recorded it (转变/退党/上级批准除名). */
  | { kind: 'outcome'; outcome: HandlingOutcome; by: string; on: string; note: string };

const EVENT_LABELS: Record<HandlingEvent['kind'], MessageText> = {
  decide: { zh: '确定处置方式', en: 'Decide the measure' },
  escalate: { zh: '改变处置方式', en: 'Change the measure' },
  outcome: { zh: '记录处置结果', en: 'Record the outcome' },
};

export type HandlingRecord = {
  member: string;
  year: number;
  state: HandlingState;
  measure: HandlingMeasure | null;
  deadline: string | null;
  outcome: HandlingOutcome | null;
  history: readonly HandlingEvent[];
};

/** Opened when a member is graded 不合格. */
export function openHandling(member: string, year: number): HandlingRecord {
  return { member, year, state: 'open', measure: null, deadline: null, outcome: null, history: [] };
}

const STATE_OF: Record<HandlingMeasure, HandlingState> = {
  correct: 'correcting',
  persuade: 'persuading',
  remove: 'removing',
};
/** Which outcome closes which state. */
const OUTCOME_FROM: Record<HandlingOutcome, HandlingState> = {
  corrected: 'correcting',
  left: 'persuading',
  removed: 'removing',
};

/**
 * One step of a handling record: open → decide (限期改正 with a deadline, 劝退, 除名); correcting → escalate (劝退,
 * 除名) or outcome corrected; persuading → escalate (除名) or outcome left; removing → outcome removed. Each step
 * needs who and a note. The record changes nothing else: the platform never removes a member by itself.
 */
export function handlingStep(
  record: HandlingRecord,
  event: HandlingEvent,
): { ok: true; record: HandlingRecord } | { ok: false; refusal: AssessRefusal } {
  const label = EVENT_LABELS[event.kind].zh;
  const notAllowed = () => ({
    ok: false as const,
    refusal: refusal('handlingNotAllowed', { state: HANDLING_STATE_LABELS[record.state].zh, event: label }),
  });
  if (event.by.trim() === '')
    return { ok: false, refusal: refusal('handlingNeeds', { event: label, field: '经办人' }) };
  if (event.note.trim() === '')
    return { ok: false, refusal: refusal('handlingNeeds', { event: label, field: '说明' }) };
  const history = [...record.history, event];
  if (event.kind === 'decide') {
    if (record.state !== 'open') return notAllowed();
    if (event.measure === 'correct' && !event.deadline) {
      return { ok: false, refusal: refusal('handlingNeeds', { event: label, field: '改正期限' }) };
    }
    return {
      ok: true,
      record: {
        ...record,
        state: STATE_OF[event.measure],
        measure: event.measure,
        deadline: event.measure === 'correct' ? event.deadline! : null,
        history,
      },
    };
  }
  if (event.kind === 'escalate') {
    const allowed = record.state === 'correcting' || (record.state === 'persuading' && event.measure === 'remove');
    if (!allowed) return notAllowed();
    return {
      ok: true,
      record: { ...record, state: STATE_OF[event.measure], measure: event.measure, deadline: null, history },
    };
  }
  if (OUTCOME_FROM[event.outcome] !== record.state) return notAllowed();
  return { ok: true, record: { ...record, state: 'closed', outcome: event.outcome, history } };
}

export type HandlingReminder = {
  kind: 'decisionPending' | 'correctionDue' | 'correctionOverdue';
  member: string;
  on: string | null;
};

/**
 * What to remind of on a day: a record still open (the measure is not decided), a correction due on or before
 * `dueSoon` (the caller's horizon, e.g. today + 7 days), or past its deadline (the 支部 decides whether the member
 * has changed, or escalates). Dates are ISO days, compared as text.
 */
export function handlingReminder(record: HandlingRecord, today: string, dueSoon: string): HandlingReminder | null {
  if (record.state === 'open') return { kind: 'decisionPending', member: record.member, on: null };
  if (record.state === 'correcting' && record.deadline) {
    if (record.deadline < today) return { kind: 'correctionOverdue', member: record.member, on: record.deadline };
    if (record.deadline <= dueSoon) return { kind: 'correctionDue', member: record.member, on: record.deadline };
  }
  return null;
}

/**
 * The day by which the 支委会 or 党员大会 should decide an appraisal's grades: the day the branch set when it opened
 * it, or `days` after the roster's day (assess.appraisalDecideDays [S]: no source gives a time limit; a platform
 * default); the service refuses a day before the roster's.
 */
export function appraisalDueOn(asOf: string, dueOn: string | null, days: number): string {
  return dueOn ?? addDaysIso(asOf, days);
}

export type AppraisalReminder = { kind: 'decisionOverdue'; on: string };

/**
 * An appraisal whose grades are not decided by its due day is reminded from the day after it (on the due day itself
 * it is not late yet); a decided one never. Dates are ISO days, compared as text.
 */
export function appraisalReminder(
  appraisal: { decided: boolean; dueOn: string },
  today: string,
): AppraisalReminder | null {
  if (appraisal.decided || today <= appraisal.dueOn) return null;
  return { kind: 'decisionOverdue', on: appraisal.dueOn };
}
