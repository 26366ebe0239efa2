import { addMonthsIso, compareIso, diffDaysIso } from '../dates.ts';
import { type Msg, msg, zhOf } from '../messages.ts';

/**
 * The rectification of a problem (整改), from 交办 to 销号 and 回头看. The steps follow local practice as the
 * regulations' commentaries describe it (domain-rules.md §7, [S]): the responsible organisation claims the problem
 * and names who answers for it (认领), sets measures each with a deadline (制定措施), rectifies, asks for closure with
 * evidence (申请销号, 举证); the issuing side checks (核查) and closes it (销号) or returns it with reasons; after
 * closure a re-check (回头看) can reopen it. Every step is recorded, append-only, with its date and author.
 */
export const PROBLEM_STATES = ['open', 'claimed', 'rectifying', 'submitted', 'closed'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export const PROBLEM_STATE_LABELS: Record<ProblemState, { zh: string; en: string }> = {
  open: { zh: '待认领', en: 'To be claimed' },
  claimed: { zh: '已认领', en: 'Claimed' },
  rectifying: { zh: '整改中', en: 'Being rectified' },
  submitted: { zh: '待核查', en: 'Awaiting verification' },
  closed: { zh: '已销号', en: 'Closed' },
};

export const PROBLEM_EVENTS = ['claim', 'plan', 'progress', 'submit', 'pass', 'return', 'recheck', 'reopen'] as const;
export type ProblemEvent = (typeof PROBLEM_EVENTS)[number];

export const PROBLEM_EVENT_LABELS: Record<ProblemEvent, { zh: string; en: string }> = {
  claim: { zh: '认领', en: 'Claim' },
  plan: { zh: '制定措施', en: 'Set measures' },
  progress: { zh: '报告进展', en: 'Report progress' },
  submit: { zh: '申请销号', en: 'Ask for closure' },
  pass: { zh: '核查通过（销号）', en: 'Verify and close' },
  return: { zh: '退回整改', en: 'Return' },
  recheck: { zh: '回头看', en: 'Re-check' },
  reopen: { zh: '重新整改', en: 'Reopen' },
};

export const PROBLEM_SIDES = ['issuer', 'responsible'] as const;
export type ProblemSide = (typeof PROBLEM_SIDES)[number];

export const PROBLEM_SIDE_LABELS: Record<ProblemSide, { zh: string; en: string }> = {
  issuer: { zh: '交办方', en: 'Issuing side' },
  responsible: { zh: '责任单位', en: 'Responsible organisation' },
};

/** Where a problem was found (问题来源). */
export const PROBLEM_SOURCES = [
  'inspection',
  'patrol',
  'supervision',
  'self_check',
  'public',
  'review',
  'speech',
  'manual',
] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

export const PROBLEM_SOURCE_LABELS: Record<ProblemSource, { zh: string; en: string }> = {
  inspection: { zh: '巡视反馈', en: 'Inspection (巡视) feedback' },
  patrol: { zh: '巡察反馈', en: 'Inspection (巡察) feedback' },
  supervision: { zh: '督查发现', en: 'Found in supervision' },
  self_check: { zh: '自查', en: 'Self-check' },
  public: { zh: '群众反映', en: 'Reported by the public' },
  review: { zh: '检视', en: 'Self-examination' },
  speech: { zh: '讲话点名', en: 'Named in a speech' },
  manual: { zh: '其他', en: 'Other' },
};

export const PROBLEM_SEVERITIES = ['general', 'serious', 'grave'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

export const PROBLEM_SEVERITY_LABELS: Record<ProblemSeverity, { zh: string; en: string }> = {
  general: { zh: '一般', en: 'Ordinary' },
  serious: { zh: '较重', en: 'Serious' },
  grave: { zh: '严重', en: 'Grave' },
};

/** What an event must carry besides the state it is fired in. */
export type ProblemEventInput = {
  reason?: string | undefined;
  /** claim: the person who answers for the rectification (责任人). */
  person?: string | undefined;
  /** plan: the measures, each with its deadline. */
  measures?: readonly { text: string; deadline: string | null }[] | undefined;
  /** progress, submit, recheck: what was done, the evidence (举证), what the re-check found. */
  note?: string | undefined;
};

export type ProblemTransitionCode =
  | 'TRANSITION_NOT_ALLOWED'
  | 'WRONG_SIDE'
  | 'REASON_REQUIRED'
  | 'PERSON_REQUIRED'
  | 'MEASURES_REQUIRED'
  | 'NOTE_REQUIRED';

export type ProblemTransitionResult =
  | { ok: true; to: ProblemState }
  | { ok: false; code: ProblemTransitionCode; message: string; msg: Msg; rule: string };

/** What an event must carry: a reason, the person responsible, measures, a note (the form each step asks for). */
export type ProblemEventNeeds = 'reason' | 'person' | 'measures' | 'note';
type Needs = ProblemEventNeeds;

type EventRule = {
  side: ProblemSide;
  /** Target state by source state; a source state not listed refuses the event. */
  from: Partial<Record<ProblemState, ProblemState>>;
  needs: Needs | null;
  rule: string;
};

const PRACTICE = '整改工作通行做法（domain-rules.md §7）';

const EVENT_RULES: Record<ProblemEvent, EventRule> = {
  claim: { side: 'responsible', from: { open: 'claimed' }, needs: 'person', rule: `${PRACTICE}：认领须明确责任人` },
  plan: {
    side: 'responsible',
    from: { claimed: 'rectifying', rectifying: 'rectifying' },
    needs: 'measures',
    rule: `${PRACTICE}：整改措施逐条明确时限`,
  },
  progress: {
    side: 'responsible',
    from: { rectifying: 'rectifying' },
    needs: 'note',
    rule: `${PRACTICE}：报告整改进展`,
  },
  submit: {
    side: 'responsible',
    from: { rectifying: 'submitted' },
    needs: 'note',
    rule: `${PRACTICE}：申请销号须举证`,
  },
  pass: { side: 'issuer', from: { submitted: 'closed' }, needs: null, rule: `${PRACTICE}：交办方核查后对账销号` },
  return: {
    side: 'issuer',
    from: { submitted: 'rectifying' },
    needs: 'reason',
    rule: `${PRACTICE}：核查未通过须说明理由`,
  },
  recheck: {
    side: 'issuer',
    from: { closed: 'closed' },
    needs: 'note',
    rule: `${PRACTICE}：销号后回头看`,
  },
  reopen: {
    side: 'issuer',
    from: { closed: 'rectifying' },
    needs: 'reason',
    rule: `${PRACTICE}：回头看发现问题反弹的，重新整改`,
  },
};

const blank = (s: string | undefined) => (s ?? '').trim() === '';

/**
 * One step of a problem's rectification. Checks, in order: the side (each event belongs to one side), the source
 * state, then what the event must carry (a reason, the responsible person, measures each with a deadline, a note).
 */
export function problemTransition(
  state: ProblemState,
  event: ProblemEvent,
  side: ProblemSide,
  input: ProblemEventInput = {},
): ProblemTransitionResult {
  const r = EVENT_RULES[event];
  const label = PROBLEM_EVENT_LABELS[event];
  const refuse = (code: ProblemTransitionCode, m: Msg): ProblemTransitionResult => ({
    ok: false,
    code,
    message: zhOf(m),
    msg: m,
    rule: r.rule,
  });
  if (side !== r.side) {
    return refuse('WRONG_SIDE', msg('rule.transition.wrongSide', { event: label, side: PROBLEM_SIDE_LABELS[r.side] }));
  }
  const to = r.from[state];
  if (to === undefined) {
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      msg('rule.problem.notAllowed', { state: PROBLEM_STATE_LABELS[state], event: label }),
    );
  }
  if (r.needs === 'reason' && blank(input.reason)) {
    return refuse('REASON_REQUIRED', msg('rule.transition.reasonRequired', { event: label }));
  }
  if (r.needs === 'person' && blank(input.person)) return refuse('PERSON_REQUIRED', msg('rule.problem.personRequired'));
  if (r.needs === 'measures') {
    const measures = input.measures ?? [];
    if (measures.length === 0) return refuse('MEASURES_REQUIRED', msg('rule.problem.measuresRequired'));
    const bad = measures.findIndex((m) => blank(m.text) || m.deadline === null);
    if (bad >= 0) return refuse('MEASURES_REQUIRED', msg('rule.problem.measureIncomplete', { n: bad + 1 }));
  }
  if (r.needs === 'note' && blank(input.note)) {
    return refuse(
      'NOTE_REQUIRED',
      msg(event === 'submit' ? 'rule.problem.evidenceRequired' : 'rule.problem.noteRequired', { event: label }),
    );
  }
  return { ok: true, to };
}

/** The events a side may fire in a state (what they must carry aside), in PROBLEM_EVENTS order: the buttons. */
export function problemEventsFor(state: ProblemState, side: ProblemSide): ProblemEvent[] {
  return PROBLEM_EVENTS.filter((e) => EVENT_RULES[e].side === side && EVENT_RULES[e].from[state] !== undefined);
}

export function sideOfProblemEvent(event: ProblemEvent): ProblemSide {
  return EVENT_RULES[event].side;
}

/** What the event must carry besides its state (null: nothing, a confirmation). */
export function needsOfProblemEvent(event: ProblemEvent): ProblemEventNeeds | null {
  return EVENT_RULES[event].needs;
}

/** The steps that may carry evidence files (举证): 报告进展 and 申请销号. Files are never required. */
export function problemEventTakesFiles(event: ProblemEvent): boolean {
  return event === 'progress' || event === 'submit';
}

/** 逾期: not closed and today is after the deadline (the deadline day itself is not overdue). */
export function isProblemOverdue(state: ProblemState, deadline: string | null, today: string): boolean {
  return state !== 'closed' && deadline !== null && compareIso(today, deadline) > 0;
}

/** Days past the deadline on `today` (0 when not overdue). */
export function daysOverdue(state: ProblemState, deadline: string | null, today: string): number {
  return isProblemOverdue(state, deadline, today) ? diffDaysIso(today, deadline!) : 0;
}

/** The day a closed problem is due for its 回头看: `months` after the day it was closed (addMonthsIso clamps). */
export function recheckDueOn(closedOn: string, months: number): string {
  return addMonthsIso(closedOn, months);
}

/**
 * The deadline a problem gets when none is given: `months` after the feedback (巡视/巡察反馈: 2 months, 巡视工作
 * 条例 第二十七条; other sources: the platform default), or none.
 */
export function defaultProblemDeadline(foundOn: string, months: number | null): string | null {
  return months === null ? null : addMonthsIso(foundOn, months);
}

/** The steps of the escalation ladder (督办升级): the platform records and reminds, people decide. */
export const ESCALATION_STEPS = ['remind', 'talk', 'visit', 'accountability'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export const ESCALATION_STEP_LABELS: Record<EscalationStep, { zh: string; en: string }> = {
  remind: { zh: '提醒催办', en: 'Reminder' },
  talk: { zh: '约谈', en: 'Admonition talk' },
  visit: { zh: '实地督办', en: 'On-site supervision' },
  accountability: { zh: '问责', en: 'Accountability' },
};

/** Days overdue from which each step is suggested (configurable per deployment; RuleSet.rectify.ladder). */
export type EscalationLadder = Readonly<Record<EscalationStep, number>>;

/**
 * The step the ladder suggests for a problem `overdueDays` past its deadline: the highest step whose threshold is
 * reached, or null when it is not overdue. A suggestion only: 约谈 and 问责 are decided and recorded by people.
 */
export function escalationStep(overdueDays: number, ladder: EscalationLadder): EscalationStep | null {
  if (overdueDays <= 0) return null;
  let step: EscalationStep | null = null;
  for (const s of ESCALATION_STEPS) if (overdueDays >= ladder[s]) step = s;
  return step;
}

/** A reminder the deadline sweep sends for a problem on a day: to whom, for which rung of the ladder. */
export type EscalationReminder = {
  step: EscalationStep;
  /** 提醒 goes to the responsible organisation; the later rungs to the issuing side, as a suggestion. */
  to: ProblemSide;
  daysOverdue: number;
  /** Days overdue from which the rung applies (the ladder's threshold). */
  from: number;
};

/**
 * The reminder due on `today` for a problem (null: closed, no deadline, not overdue): the rung of the ladder it has
 * reached. The sweep sends each rung once per problem and deadline (a new deadline starts the ladder again); a
 * rung the sweep did not see (it was not running) is not sent late once a higher one is reached. The platform
 * reminds and suggests; 约谈, 实地督办 and 问责 are decided by people and recorded by the issuing side.
 */
export function escalationReminder(
  state: ProblemState,
  deadline: string | null,
  today: string,
  ladder: EscalationLadder,
): EscalationReminder | null {
  const days = daysOverdue(state, deadline, today);
  const step = escalationStep(days, ladder);
  if (step === null) return null;
  return { step, to: step === 'remind' ? 'responsible' : 'issuer', daysOverdue: days, from: ladder[step] };
}

/** 回头看 is due: a closed problem whose re-check day has come and that has not been re-checked since. */
export function isRecheckDue(state: ProblemState, recheckDue: string | null, today: string): boolean {
  return state === 'closed' && recheckDue !== null && compareIso(recheckDue, today) <= 0;
}

/** Records of the escalation that people keep (约谈, 实地督办, 问责); reminders are the platform's own. */
export const PROBLEM_ACTION_KINDS = ['talk', 'visit', 'accountability'] as const;
export type ProblemActionKind = (typeof PROBLEM_ACTION_KINDS)[number];
