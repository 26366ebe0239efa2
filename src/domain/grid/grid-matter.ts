import { addDaysIso, compareIso, diffDaysIso } from '../dates.ts';
import { type Msg, msg, zhOf } from '../messages.ts';
import type { GridCategoryRule, GridRatingRule } from '../rules/ruleset.ts';
import { workingDaysEnd } from '../working-days.ts';

/**
 * Grid matters (网格事项, issue 13; DESIGN.md §2): a matter raised in a grid (网格) goes 上报 → 交办 → 处置 → 反馈 →
 * 问效, as the seed asks ("建立健全网格事项流转处置机制，规范流转交办、协调处置、结果反馈、督查问效"). The steps and who
 * takes each follow local practice ([S]: no national rule names them); every step is recorded, dated, append-only.
 * A poor rating at 问效 sends the matter back to be handled again.
 */
export const GRID_MATTER_STATES = ['reported', 'assigned', 'handled', 'fed_back', 'closed'] as const;
export type GridMatterState = (typeof GRID_MATTER_STATES)[number];

export const GRID_MATTER_STATE_LABELS: Record<GridMatterState, { zh: string; en: string }> = {
  reported: { zh: '待交办', en: 'To be assigned' },
  assigned: { zh: '待处置', en: 'Being handled' },
  handled: { zh: '待反馈', en: 'To be fed back' },
  fed_back: { zh: '待评价', en: 'To be rated' },
  closed: { zh: '已办结', en: 'Closed' },
};

/** The steps after 上报 (the report itself creates the matter). */
export const GRID_MATTER_EVENTS = ['assign', 'return', 'handle', 'feedback', 'rate'] as const;
export type GridMatterEvent = (typeof GRID_MATTER_EVENTS)[number];

export const GRID_MATTER_EVENT_LABELS: Record<GridMatterEvent | 'report', { zh: string; en: string }> = {
  report: { zh: '上报', en: 'Report' },
  assign: { zh: '交办', en: 'Assign' },
  return: { zh: '退回', en: 'Send back' },
  handle: { zh: '处置', en: 'Handle' },
  feedback: { zh: '反馈', en: 'Feed back' },
  rate: { zh: '问效', en: 'Rate the result' },
};

/**
 * Who takes a step: the reporter (the grid's 网格员, who reported the matter or typed in a resident's report), the
 * managing side (the grid's organisation and the levels above it: 交办, 反馈, 问效) and the handler (the organisation
 * the matter was assigned to; the managing side itself when it was assigned to a department named as text).
 */
export const GRID_SIDES = ['reporter', 'manager', 'handler'] as const;
export type GridSide = (typeof GRID_SIDES)[number];

export const GRID_SIDE_LABELS: Record<GridSide, { zh: string; en: string }> = {
  reporter: { zh: '网格员', en: 'grid worker' },
  manager: { zh: '网格所属组织及上级', en: 'grid’s organisation or a level above' },
  handler: { zh: '承办单位', en: 'handling organisation' },
};

/** Where a matter came from: found by the 网格员, or a resident's report the 网格员 typed in. */
export const GRID_MATTER_SOURCES = ['worker', 'resident'] as const;
export type GridMatterSource = (typeof GRID_MATTER_SOURCES)[number];

export const GRID_MATTER_SOURCE_LABELS: Record<GridMatterSource, { zh: string; en: string }> = {
  worker: { zh: '网格员发现', en: 'Found by the grid worker' },
  resident: { zh: '群众反映', en: 'Reported by a resident' },
};

/** The two levels of a grid: 网格 and 微网格 (optional, below a 网格). */
export const GRID_KINDS = ['grid', 'micro'] as const;
export type GridKind = (typeof GRID_KINDS)[number];

export const GRID_KIND_LABELS: Record<GridKind, { zh: string; en: string }> = {
  grid: { zh: '网格', en: 'Grid' },
  micro: { zh: '微网格', en: 'Micro-grid' },
};

/** What a step carries besides its state. */
export type GridEventInput = {
  reason?: string | undefined;
  note?: string | undefined;
  /** rate: the code of a rating of the rule set's list. */
  rating?: string | undefined;
  /** assign: an organisation or a department's name was given. */
  hasTarget?: boolean | undefined;
};

export type GridTransitionCode =
  | 'TRANSITION_NOT_ALLOWED'
  | 'WRONG_SIDE'
  | 'REASON_REQUIRED'
  | 'NOTE_REQUIRED'
  | 'RATING_REQUIRED'
  | 'TARGET_REQUIRED';

export type GridTransitionResult =
  | { ok: true; to: GridMatterState; reopens: boolean }
  | { ok: false; code: GridTransitionCode; message: string; msg: Msg; rule: string };

const PRACTICE = '网格事项流转处置通行做法（各地网格化服务管理办法，[S]）';

type EventRule = {
  sides: readonly GridSide[];
  from: Partial<Record<GridMatterState, GridMatterState>>;
  needs: 'target' | 'reason' | 'note' | 'rating';
  rule: string;
};

const EVENT_RULES: Record<GridMatterEvent, EventRule> = {
  assign: {
    sides: ['manager'],
    from: { reported: 'assigned' },
    needs: 'target',
    rule: `${PRACTICE}：流转交办，明确承办单位和办理时限`,
  },
  return: {
    sides: ['handler'],
    from: { assigned: 'reported' },
    needs: 'reason',
    rule: `${PRACTICE}：不属本单位职责的，说明理由退回重新交办`,
  },
  handle: {
    sides: ['handler'],
    from: { assigned: 'handled' },
    needs: 'note',
    rule: `${PRACTICE}：协调处置，记录处置情况`,
  },
  feedback: {
    sides: ['handler', 'manager'],
    from: { handled: 'fed_back' },
    needs: 'note',
    rule: `${PRACTICE}：结果反馈，向反映人反馈办理结果`,
  },
  rate: {
    sides: ['reporter', 'manager'],
    from: { fed_back: 'closed' },
    needs: 'rating',
    rule: `${PRACTICE}：督查问效，评价不满意的重新办理`,
  },
};

const blank = (s: string | undefined) => (s ?? '').trim() === '';

/**
 * One step of a grid matter, taken by one of the caller's sides. Checks, in order: the side, the state, then what
 * the step carries (a target for 交办, a reason for 退回, a note for 处置 and 反馈, a rating for 问效; a rating that
 * reopens needs the reason). 问效 with a rating that `reopens` sends the matter back to 待处置 (assigned), else closes it.
 */
export function gridMatterTransition(
  state: GridMatterState,
  event: GridMatterEvent,
  sides: readonly GridSide[],
  input: GridEventInput,
  ratings: readonly GridRatingRule[],
): GridTransitionResult {
  const r = EVENT_RULES[event];
  const label = GRID_MATTER_EVENT_LABELS[event];
  const refuse = (code: GridTransitionCode, m: Msg): GridTransitionResult => ({
    ok: false,
    code,
    message: zhOf(m),
    msg: m,
    rule: r.rule,
  });
  if (!r.sides.some((s) => sides.includes(s))) {
    const side = {
      zh: r.sides.map((s) => GRID_SIDE_LABELS[s].zh).join('或'),
      en: r.sides.map((s) => GRID_SIDE_LABELS[s].en).join(' or '),
    };
    return refuse('WRONG_SIDE', msg('rule.transition.wrongSide', { event: label, side }));
  }
  const to = r.from[state];
  if (to === undefined) {
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      msg('rule.grid.notAllowed', { state: GRID_MATTER_STATE_LABELS[state], event: label }),
    );
  }
  if (r.needs === 'target' && !input.hasTarget) return refuse('TARGET_REQUIRED', msg('rule.grid.targetRequired'));
  if (r.needs === 'reason' && blank(input.reason)) {
    return refuse('REASON_REQUIRED', msg('rule.transition.reasonRequired', { event: label }));
  }
  if (r.needs === 'note' && blank(input.note)) {
    return refuse('NOTE_REQUIRED', msg('rule.grid.noteRequired', { event: label }));
  }
  if (r.needs === 'rating') {
    const rating = ratings.find((x) => x.code === input.rating);
    if (!rating) {
      return refuse('RATING_REQUIRED', msg('rule.grid.ratingRequired', { ratings: ratings.map((x) => x.zh) }));
    }
    if (rating.reopens) {
      if (blank(input.reason)) return refuse('REASON_REQUIRED', msg('rule.grid.reopenReason', { rating: rating.zh }));
      return { ok: true, to: 'assigned', reopens: true };
    }
  }
  return { ok: true, to, reopens: false };
}

/** The steps the caller's sides may take in a state, in GRID_MATTER_EVENTS order: the buttons. */
export function gridEventsFor(state: GridMatterState, sides: readonly GridSide[]): GridMatterEvent[] {
  return GRID_MATTER_EVENTS.filter(
    (e) => EVENT_RULES[e].from[state] !== undefined && EVENT_RULES[e].sides.some((s) => sides.includes(s)),
  );
}

/** The steps that may carry photos (上报 and 处置): never required. */
export function gridEventTakesFiles(event: GridMatterEvent | 'report'): boolean {
  return event === 'report' || event === 'handle';
}

/**
 * The deadline (办理时限) of a matter assigned on `assignedOn`: the category's working days of the official calendar,
 * counted from the day after 交办 (holidays and weekends skipped, 调休 workdays counted). null for a category the rule
 * set does not list.
 */
export function gridMatterDeadline(
  assignedOn: string,
  category: string,
  categories: readonly GridCategoryRule[],
): string | null {
  const c = categories.find((x) => x.code === category);
  if (!c) return null;
  return workingDaysEnd(addDaysIso(assignedOn, 1), c.days);
}

/** 逾期: assigned and not yet handled, and today is after the deadline (the deadline day itself is not overdue). */
export function isGridMatterOverdue(state: GridMatterState, deadline: string | null, today: string): boolean {
  return state === 'assigned' && deadline !== null && compareIso(today, deadline) > 0;
}

/** Days past the deadline on `today` (0 when not overdue). */
export function gridDaysOverdue(state: GridMatterState, deadline: string | null, today: string): number {
  return isGridMatterOverdue(state, deadline, today) ? diffDaysIso(today, deadline!) : 0;
}

export const GRID_ESCALATION_STEPS = ['remind', 'superior'] as const;
export type GridEscalationStep = (typeof GRID_ESCALATION_STEPS)[number];

export const GRID_ESCALATION_LABELS: Record<GridEscalationStep, { zh: string; en: string }> = {
  remind: { zh: '提醒催办', en: 'Reminder' },
  superior: { zh: '提级督办', en: 'Escalated to the level above' },
};

/**
 * The rung of the escalation ladder an overdue matter has reached on `today` (RuleSet.grid.ladder): 提醒 of the
 * handler from `remind` days overdue, 提级督办 by the level above the grid's organisation (the street) from `superior`
 * days. null when it is not overdue. The platform records and shows the rung; people act on it.
 */
export function gridEscalation(
  state: GridMatterState,
  deadline: string | null,
  today: string,
  ladder: Readonly<Record<GridEscalationStep, number>>,
): { step: GridEscalationStep; daysOverdue: number; from: number } | null {
  const days = gridDaysOverdue(state, deadline, today);
  if (days <= 0) return null;
  let step: GridEscalationStep | null = null;
  for (const s of GRID_ESCALATION_STEPS) if (days >= ladder[s]) step = s;
  return step === null ? null : { step, daysOverdue: days, from: ladder[step] };
}

/**
 * 按期办结: the matter was closed and the handling that closed it (the last 处置 before a good rating) was on or
 * before the deadline it was first given. A reopened matter gets a new deadline to work to, but the rate counts it
 * against the first: work rated poor is not a resolution.
 */
export function isResolvedOnTime(resolvedOn: string | null, dueOn: string | null): boolean {
  return resolvedOn !== null && dueOn !== null && compareIso(resolvedOn, dueOn) <= 0;
}

/** The figures of one grid, community or street, counted from its matters. */
export type GridCounts = {
  /** Matters reported. */
  reported: number;
  /** Matters due: first deadline on or before the day counted, or resolved by then. */
  due: number;
  /** Of those, resolved on time (isResolvedOnTime). */
  onTime: number;
  /** Closed matters. */
  closed: number;
  /** Open matters past their deadline. */
  overdue: number;
  /** Matters reopened by a poor rating at least once. */
  reopened: number;
};

export type RankedGridRow<T> = T & { rate: number | null; rank: number | null };

/**
 * Ranks grids, communities or streets on their on-time rate: matters resolved on time over matters due — never on
 * logins, photos or the number reported, which a unit can inflate. Best rate first; an equal rate shares the rank
 * (1, 1, 3); ties are listed by more matters due, then by name. A unit with nothing due has no rate and no rank and
 * comes last.
 */
export function rankGridRows<T extends GridCounts & { name: string }>(rows: readonly T[]): RankedGridRow<T>[] {
  const withRate = rows.map((r) => ({ ...r, rate: r.due > 0 ? r.onTime / r.due : null }));
  withRate.sort((a, b) => {
    if (a.rate === null || b.rate === null)
      return a.rate === null ? (b.rate === null ? a.name.localeCompare(b.name, 'zh') : 1) : -1;
    return b.rate - a.rate || b.due - a.due || a.name.localeCompare(b.name, 'zh');
  });
  let rank = 0;
  let prev: number | null = null;
  return withRate.map((r, i) => {
    if (r.rate === null) return { ...r, rank: null };
    if (prev === null || r.rate !== prev) rank = i + 1;
    prev = r.rate;
    return { ...r, rank };
  });
}
