import { compareIso, diffDaysIso } from '../dates.ts';
import { type Msg, msg, zhOf } from '../messages.ts';

/**
 * The workflow of an assignment: a task that an organisation (the assigner, 交办方) assigned to one of its
 * sub-organisations (the receiver, 承办方). Platform rule: "一级抓一级" leaves the steps to the platform;
 * no regulation fixes them.
 */
export const ASSIGNMENT_STATES = ['not_started', 'in_progress', 'submitted', 'done', 'cancelled'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, { zh: string; en: string }> = {
  not_started: { zh: '未启动', en: 'Not started' },
  in_progress: { zh: '推进中', en: 'In progress' },
  submitted: { zh: '待验收', en: 'Awaiting acceptance' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已撤回', en: 'Cancelled' },
};

export const ASSIGNMENT_EVENTS = ['start', 'record', 'submit', 'accept', 'return', 'reopen', 'cancel'] as const;
export type AssignmentEvent = (typeof ASSIGNMENT_EVENTS)[number];

export const ASSIGNMENT_EVENT_LABELS: Record<AssignmentEvent, { zh: string; en: string }> = {
  start: { zh: '启动', en: 'Start' },
  record: { zh: '记录进展', en: 'Record progress' },
  submit: { zh: '报送完成', en: 'Report done' },
  accept: { zh: '验收通过', en: 'Accept' },
  return: { zh: '退回', en: 'Return' },
  reopen: { zh: '重新打开', en: 'Reopen' },
  cancel: { zh: '撤回', en: 'Cancel' },
};

export const ASSIGNMENT_SIDES = ['assigner', 'receiver'] as const;
export type AssignmentSide = (typeof ASSIGNMENT_SIDES)[number];

export const ASSIGNMENT_SIDE_LABELS: Record<AssignmentSide, { zh: string; en: string }> = {
  assigner: { zh: '交办方', en: 'Assigner' },
  receiver: { zh: '承办方', en: 'Receiver' },
};

export type TransitionCode = 'TRANSITION_NOT_ALLOWED' | 'WRONG_SIDE' | 'REASON_REQUIRED';
export type TransitionResult =
  | { ok: true; to: AssignmentState }
  | { ok: false; code: TransitionCode; message: string; msg: Msg; rule: string };

type EventRule = {
  side: AssignmentSide;
  /** Target state by source state; a source state not listed refuses the event. */
  from: Partial<Record<AssignmentState, AssignmentState>>;
  needsReason: boolean;
  rule: string;
};

// Each event belongs to exactly one side. record in not_started implies start; in submitted it keeps the
// report pending (the receiver may still add evidence while the assigner checks).
const EVENT_RULES: Record<AssignmentEvent, EventRule> = {
  start: {
    side: 'receiver',
    from: { not_started: 'in_progress' },
    needsReason: false,
    rule: '平台规则：承办方启动任务',
  },
  record: {
    side: 'receiver',
    from: { not_started: 'in_progress', in_progress: 'in_progress', submitted: 'submitted' },
    needsReason: false,
    rule: '平台规则：承办方记录台账，已完成或已撤回的任务不再记录',
  },
  submit: {
    side: 'receiver',
    from: { in_progress: 'submitted' },
    needsReason: false,
    rule: '平台规则：承办方报送完成，须先有进展记录',
  },
  accept: { side: 'assigner', from: { submitted: 'done' }, needsReason: false, rule: '平台规则：交办方验收' },
  return: {
    side: 'assigner',
    from: { submitted: 'in_progress' },
    needsReason: true,
    rule: '平台规则：交办方退回须说明理由',
  },
  reopen: {
    side: 'assigner',
    from: { done: 'in_progress' },
    needsReason: true,
    rule: '平台规则：交办方重新打开须说明理由',
  },
  cancel: {
    side: 'assigner',
    from: { not_started: 'cancelled', in_progress: 'cancelled', submitted: 'cancelled' },
    needsReason: true,
    rule: '平台规则：交办方撤回须说明理由，已完成的任务不能撤回',
  },
};

/**
 * One step of the assignment workflow (platform rule). Checks, in order: the side (each event belongs to
 * one side), the source state, then the reason that return, reopen and cancel require.
 */
export function transition(
  state: AssignmentState,
  event: AssignmentEvent,
  side: AssignmentSide,
  opts: { reason?: string } = {},
): TransitionResult {
  const r = EVENT_RULES[event];
  const refuse = (code: TransitionCode, m: Msg): TransitionResult => ({
    ok: false,
    code,
    message: zhOf(m),
    msg: m,
    rule: r.rule,
  });
  const eventLabel = ASSIGNMENT_EVENT_LABELS[event];
  if (side !== r.side) {
    return refuse(
      'WRONG_SIDE',
      msg('rule.transition.wrongSide', { event: eventLabel, side: ASSIGNMENT_SIDE_LABELS[r.side] }),
    );
  }
  const to = r.from[state];
  if (to === undefined) {
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      event === 'submit' && state === 'not_started'
        ? msg('rule.transition.startFirst')
        : msg('rule.transition.notAllowed', { state: ASSIGNMENT_STATE_LABELS[state], event: eventLabel }),
    );
  }
  if (r.needsReason && (opts.reason ?? '').trim() === '') {
    return refuse('REASON_REQUIRED', msg('rule.transition.reasonRequired', { event: eventLabel }));
  }
  return { ok: true, to };
}

/** The events a side may fire in a state (reasons aside), in ASSIGNMENT_EVENTS order: the buttons to show. */
export function allowedEvents(state: AssignmentState, side: AssignmentSide): AssignmentEvent[] {
  return ASSIGNMENT_EVENTS.filter((e) => {
    const r = EVENT_RULES[e];
    return r.side === side && r.from[state] !== undefined;
  });
}

/** Whether the event needs a reason (return, reopen, cancel). */
export function isReasonRequired(event: AssignmentEvent): boolean {
  return EVENT_RULES[event].needsReason;
}

/** What a list shows: the stored state, or 逾期 / 滞后 derived from the dates and the progress. */
export type DisplayState = AssignmentState | 'overdue' | 'lagging';

export const DISPLAY_STATE_LABELS: Record<DisplayState, { zh: string; en: string }> = {
  ...ASSIGNMENT_STATE_LABELS,
  overdue: { zh: '逾期', en: 'Overdue' },
  lagging: { zh: '滞后', en: 'Lagging' },
};

/**
 * The share of an assignment's time that has elapsed on `today`, 0..1: days since assignedOn over the days
 * from assignedOn to the deadline. A deadline on or before the assignment day gives 1. Platform rule.
 */
export function expectedShare(assignedOn: string, deadline: string, today: string): number {
  const total = diffDaysIso(deadline, assignedOn);
  if (total <= 0) return 1;
  const share = diffDaysIso(today, assignedOn) / total;
  return Math.min(1, Math.max(0, share));
}

// Guards the threshold comparison against binary rounding (0.8 − 0.2 = 0.6000000000000001).
const EPSILON = 1e-9;

/**
 * 逾期 and 滞后 (platform rule; thresholds in RuleSet.tasks, see task-rules.ts). Overdue: not done, cancelled or submitted, and today
 * is after the deadline (the deadline day itself is not overdue). Lagging: not overdue, not started or in progress,
 * with a deadline, and progress below the elapsed share by more than lagThreshold; without a quantitative
 * target (progress null), still not started after startGraceShare of the time.
 */
export function displayState(
  a: { state: AssignmentState; assignedOn: string; deadline: string | null; progress: number | null },
  today: string,
  rules: { lagThreshold: number; startGraceShare: number },
): DisplayState {
  // A submitted assignment waits on the assigner's acceptance: the receiver has done its part, so it is
  // not shown overdue (whether it was submitted in time counts in the on-time rate instead).
  if (a.state === 'done' || a.state === 'cancelled' || a.state === 'submitted') return a.state;
  if (a.deadline === null) return a.state;
  if (compareIso(today, a.deadline) > 0) return 'overdue';
  const expected = expectedShare(a.assignedOn, a.deadline, today);
  const lagging =
    a.progress !== null
      ? a.progress < expected - rules.lagThreshold - EPSILON
      : a.state === 'not_started' && expected > rules.startGraceShare + EPSILON;
  return lagging ? 'lagging' : a.state;
}

/**
 * Whether an assignment counts as due work (platform rule, the fair measures of the dashboard): done work always
 * counts; open work once its deadline has passed (the day after the deadline, as for 逾期); work without a
 * deadline, not yet at its deadline, or withdrawn does not. Rates are taken over due work only, so that new work
 * lowers nobody's rate.
 */
export function isDue(a: { state: AssignmentState; deadline: string | null }, today: string): boolean {
  if (a.state === 'done') return true;
  if (a.state === 'cancelled' || a.deadline === null) return false;
  return compareIso(today, a.deadline) > 0;
}

/**
 * The reminder window today falls in (platform rule, RuleSet.tasks.reminderDaysBeforeDeadline): the smallest
 * configured number of days n with 0 ≤ days left ≤ n, or null. A daily sweep that sends one reminder per
 * (assignment, n) still sends it after a missed day.
 */
export function reminderWindow(deadline: string, today: string, reminderDays: readonly number[]): number | null {
  const left = diffDaysIso(deadline, today);
  if (left < 0) return null;
  let window: number | null = null;
  for (const n of reminderDays) if (left <= n && (window === null || n < window)) window = n;
  return window;
}
