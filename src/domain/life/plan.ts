import { addDaysIso, compareIso } from '../dates.ts';
import type { OrgType } from '../org/vocab.ts';
import type { RulesOn } from '../rules/overrides.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import { windowOf } from './compliance.ts';
import { KIND_RULE, type MeetingKind, requiredKinds } from './vocab.ts';

/**
 * 年度学习安排: the plan of an organisation's year, one item per kind and month in which a meeting of that kind is
 * planned. Pure. The default plan follows the rule set (RuleSet.life, docs/life.md) window by window, as the
 * compliance check does: a window of the kind's frequency ({count, months}, calendar-aligned, read from the rule set
 * in force on the window's first day) gets its `count` meetings, each in the window's **second-last month** — late
 * enough to prepare, early enough to leave a month to catch up before the window ends and is found missing:
 *
 * - monthly kinds (支委会, 党小组会, 主题党日): every month;
 * - quarterly kinds (支部党员大会, 党课): the middle month of each quarter — February, May, August, November;
 * - yearly kinds (组织生活会, 民主评议党员, 民主生活会): November, in the fourth quarter (the rule set's note on
 *   `lifeMeeting`: usually held in Q4), the 民主评议 with the 组织生活会 as they usually are (`appraisal`: may be held
 *   with it).
 *
 * A window asking for more than one meeting is cut into that many equal parts, each planned the same way; a plan
 * holds at most one item of a kind a month, so a count above the window's months plans every month.
 */

export type PlanItem = { kind: MeetingKind; month: number; topic: string };

export type PlanInput = {
  orgType: OrgType;
  hasCommittee: boolean;
  year: number;
  /** The organisation's life: windows that end before it was set up, or start after it was dissolved, get nothing. */
  activeFrom?: string | null;
  activeTo?: string | null;
  /** The rules the organisation follows, by day (with its locality's 地方规定; default the platform's). */
  rules?: RulesOn;
};

const monthOf = (day: string) => Number(day.slice(5, 7));

/** The months planned in a run of `n` months from `first` for `count` meetings (see the module's note). */
export function plannedMonths(first: number, n: number, count: number): number[] {
  if (n <= 0 || count <= 0) return [];
  const parts = Math.min(count, n);
  const out: number[] = [];
  for (let i = 0; i < parts; i++) {
    const from = Math.floor((i * n) / parts);
    const to = Math.floor(((i + 1) * n) / parts); // exclusive
    const len = to - from;
    out.push(first + from + (len >= 2 ? len - 2 : 0));
  }
  return out;
}

/** The default plan of a year: for each kind the organisation must hold, the months a meeting is planned in. */
export function defaultPlan(input: PlanInput): PlanItem[] {
  const { year } = input;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const items: PlanItem[] = [];
  for (const kind of requiredKinds(input.orgType, input.hasCommittee)) {
    const ruleKey = KIND_RULE[kind];
    let cursor = from;
    while (compareIso(cursor, to) <= 0) {
      const freq = (input.rules ?? ruleSetOn)(cursor).life[ruleKey].value;
      const aligned = windowOf(cursor, freq.months);
      const start = compareIso(aligned.start, cursor) >= 0 ? aligned.start : cursor;
      const end = aligned.end;
      cursor = addDaysIso(end, 1);
      const outside =
        (input.activeFrom && compareIso(end, input.activeFrom) < 0) ||
        (input.activeTo && compareIso(start, input.activeTo) > 0);
      if (outside) continue;
      const first = monthOf(start);
      for (const month of plannedMonths(first, monthOf(end) - first + 1, freq.count)) {
        items.push({ kind, month, topic: '' });
      }
    }
  }
  return sortPlan(items);
}

/** Items by month, then in the order of the kinds' list. */
export function sortPlan<T extends { kind: MeetingKind; month: number }>(items: readonly T[]): T[] {
  const order = (k: MeetingKind) => Object.keys(KIND_RULE).indexOf(k);
  return [...items].sort((a, b) => a.month - b.month || order(a.kind) - order(b.kind));
}

/** Whether a meeting of the item's kind was held in its month of the year, and which. */
export function markHeld<T extends { kind: MeetingKind; month: number }>(
  items: readonly T[],
  year: number,
  meetings: readonly { id: number; kind: MeetingKind; heldOn: string }[],
): (T & { held: boolean; meetingIds: number[] })[] {
  return items.map((it) => {
    const ids = meetings
      .filter((m) => m.kind === it.kind && Number(m.heldOn.slice(0, 4)) === year && monthOf(m.heldOn) === it.month)
      .map((m) => m.id);
    return { ...it, held: ids.length > 0, meetingIds: ids };
  });
}

export type PlanProblem =
  | { code: 'month'; index: number; month: number }
  | { code: 'kind'; index: number; kind: MeetingKind }
  | { code: 'duplicate'; index: number; kind: MeetingKind; month: number };

/**
 * What is wrong with a plan's items, first problem first: a month outside 1–12, a kind the organisation need not
 * hold (the same `requiredKinds` the compliance check uses), the same kind twice in a month.
 */
export function planProblems(
  items: readonly { kind: MeetingKind; month: number }[],
  kinds: readonly MeetingKind[],
): PlanProblem[] {
  const out: PlanProblem[] = [];
  const seen = new Set<string>();
  items.forEach((it, index) => {
    if (!Number.isInteger(it.month) || it.month < 1 || it.month > 12) {
      out.push({ code: 'month', index, month: it.month });
      return;
    }
    if (!kinds.includes(it.kind)) {
      out.push({ code: 'kind', index, kind: it.kind });
      return;
    }
    const key = `${it.kind}/${it.month}`;
    if (seen.has(key)) out.push({ code: 'duplicate', index, kind: it.kind, month: it.month });
    seen.add(key);
  });
  return out;
}
