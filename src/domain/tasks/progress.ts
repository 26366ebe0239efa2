/**
 * Quantitative progress of assignments and tasks, and the roll-up ranking of child organisations.
 * Platform rules: the regulations ask for 台账 and 通报 but fix no formula.
 */
import { type Msg, msg, zhOf } from '../messages.ts';

export type LedgerFigureEntry = {
  id: number;
  figure: number | null;
  correctsId: number | null;
  /** ISO timestamp; orders corrections of the same entry. */
  at: string;
};

/** Orders by `at` as instants (as text when one does not parse), then by id. */
function compareAt(a: LedgerFigureEntry, b: LedgerFigureEntry): number {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  const byTime = Number.isNaN(ta) || Number.isNaN(tb) ? (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) : ta - tb;
  return byTime || a.id - b.id;
}

/**
 * The figure that counts for each original ledger entry (platform rule; the ledger is append-only, 设计 §3.4):
 * a correction replaces the figure of the entry it corrects, following chains of corrections to the original;
 * of several corrections the latest by `at`, then by id, wins. A correction whose chain does not reach an
 * original in `entries` (dangling or circular) is ignored.
 */
export function effectiveFigures(entries: readonly LedgerFigureEntry[]): Map<number, number | null> {
  const byId = new Map<number, LedgerFigureEntry>();
  for (const e of entries) byId.set(e.id, e);

  const rootOf = (e: LedgerFigureEntry): number | null => {
    const seen = new Set<number>();
    let cur: LedgerFigureEntry | undefined = e;
    while (cur !== undefined) {
      if (cur.correctsId === null) return cur.id;
      if (seen.has(cur.id)) return null;
      seen.add(cur.id);
      cur = byId.get(cur.correctsId);
    }
    return null;
  };

  const result = new Map<number, number | null>();
  const latest = new Map<number, LedgerFigureEntry>();
  for (const e of entries) {
    if (e.correctsId === null) {
      result.set(e.id, e.figure);
      continue;
    }
    const root = rootOf(e);
    if (root === null) continue;
    const prev = latest.get(root);
    if (prev === undefined || compareAt(e, prev) > 0) latest.set(root, e);
  }
  for (const [root, correction] of latest) result.set(root, correction.figure);
  return result;
}

/** The figure an assignment has reported: the sum of the effective figures, entries without one ignored. */
export function assignmentFigure(entries: readonly LedgerFigureEntry[]): number {
  let sum = 0;
  for (const f of effectiveFigures(entries).values()) if (f !== null) sum += f;
  return sum;
}

/**
 * How a task's target is counted. sum: the figures reported by the receiving organisations add up toward
 * the task's target. share: the share of receiving organisations whose own figure reached a threshold,
 * against a target share in % (80% of villages with collective income ≥ 5万元). none: no figure; progress
 * is the share of assignments done.
 */
export const PROGRESS_MODES = ['sum', 'share', 'none'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

export const PROGRESS_MODE_LABELS: Record<ProgressMode, { zh: string; en: string }> = {
  sum: { zh: '累计数量', en: 'Sum of figures' },
  share: { zh: '达标比例', en: 'Share reaching a threshold' },
  none: { zh: '无量化目标', en: 'No quantitative target' },
};

function clampShare(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Whether a receiver's figure reached the threshold of a share-mode task (≥, the threshold itself counts). */
export function isThresholdReached(figure: number, threshold: number): boolean {
  return figure >= threshold;
}

/**
 * One assignment's progress, 0..1 capped at 1 (platform rule): sum → figure / the receiver's own target;
 * share → figure / threshold (1 once reached); none → null, as when the target or threshold is missing
 * or not positive. Null progress makes lagging depend on the start alone (displayState).
 */
export function assignmentProgress(
  mode: ProgressMode,
  a: { figure: number; target: number | null; threshold: number | null },
): number | null {
  if (!Number.isFinite(a.figure)) return null;
  const denominator = mode === 'sum' ? a.target : mode === 'share' ? a.threshold : null;
  if (denominator === null || !(denominator > 0)) return null;
  return clampShare(a.figure / denominator);
}

/** A figure for a label: at most two decimals, no trailing zeros. */
export function formatFigure(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** A percentage for a label, rounded down to one decimal so that it never shows a target as met before it is. */
function formatPercent(x: number): string {
  return `${Math.floor(x * 10 + 1e-9) / 10}%`;
}

export type TaskProgressInput = {
  /** Assignments of the task (not cancelled). */
  assigned: number;
  done: number;
  /** Sum of the receivers' figures (sum mode). */
  figureSum: number;
  /** Receivers whose figure reached the threshold (share mode). */
  reached: number;
  /** Sum mode: the task's target; share mode: the target share in %; none: ignored. */
  target: number | null;
  /** The unit of the figures, e.g. '个', '万元'. */
  unit?: string | null;
};

export type TaskProgress = {
  value: number | null;
  /** The label in Chinese ('完成 62/100 个'). */
  label: string;
  /** The label by key of the shared message table, for clients in another language. */
  message: Msg;
};

function progressOf(value: number | null, message: Msg): TaskProgress {
  return { value, label: zhOf(message), message };
}

/**
 * A task's progress, 0..1 capped at 1, and its label (platform rule). sum: figureSum / target
 * ('完成 62/100 个'); share: the share of receivers that reached the threshold / the target share
 * ('达标 45%（目标 80%）'); none: done / assigned ('完成 3/5 个单位'). Null when it cannot be computed.
 */
export function taskProgress(mode: ProgressMode, t: TaskProgressInput): TaskProgress {
  const unit = t.unit ? ` ${t.unit}` : '';
  if (mode === 'sum') {
    const figure = formatFigure(t.figureSum);
    if (t.target === null || !(t.target > 0)) return progressOf(null, msg('progress.reported', { figure, unit }));
    return progressOf(
      clampShare(t.figureSum / t.target),
      msg('progress.sum', { figure, target: formatFigure(t.target), unit }),
    );
  }
  if (mode === 'share') {
    if (t.assigned <= 0) return progressOf(null, msg('progress.notAssigned'));
    const sharePercent = (t.reached / t.assigned) * 100;
    const share = formatPercent(sharePercent);
    if (t.target === null || !(t.target > 0)) return progressOf(null, msg('progress.share', { share }));
    return progressOf(
      clampShare(sharePercent / t.target),
      msg('progress.shareOfTarget', { share, target: formatFigure(t.target) }),
    );
  }
  if (t.assigned <= 0) return progressOf(null, msg('progress.notAssigned'));
  return progressOf(clampShare(t.done / t.assigned), msg('progress.units', { done: t.done, assigned: t.assigned }));
}

/** Counts of one organisation's (or one task's) received work, cancelled work left out. */
export type WorkCounts = {
  assigned: number;
  /** Work that is due: done, or open past its deadline (isDue). */
  due: number;
  done: number;
  /** Done work reported by its deadline. */
  doneOnTime: number;
};

export type DueMeasures = {
  /** Assigned work not yet due: shown, never counted against anybody. */
  notYetDue: number;
  /** done / due; null while nothing is due. */
  completionRate: number | null;
  /** done on time / due; null while nothing is due. */
  onTimeRate: number | null;
};

/**
 * The fair measures (platform rule): completion and on-time rates are taken over work that is due, so that an
 * organisation that receives (or assigns) new work keeps its rates until that work falls due; work done early
 * counts as soon as it is done.
 */
export function dueMeasures(c: WorkCounts): DueMeasures {
  return {
    notYetDue: Math.max(0, c.assigned - c.due),
    completionRate: c.due > 0 ? c.done / c.due : null,
    onTimeRate: c.due > 0 ? c.doneOnTime / c.due : null,
  };
}

export type ChildRollupRow = {
  orgId: number;
  orgName: string;
  assigned: number;
  due: number;
  done: number;
  overdue: number;
  doneOnTime: number;
};

export type RankedChild = ChildRollupRow & {
  /** done / due; null while nothing is due. */
  rate: number | null;
  /** doneOnTime / due; null while nothing is due. */
  onTimeRate: number | null;
  /** 1-based, shared by equal keys (1, 1, 3); null while nothing is due. */
  rank: number | null;
};

const NAME_ORDER = new Intl.Collator('zh-CN');

/** a/b against c/d without rounding (b, d > 0): negative when a/b is smaller. */
function compareFractions(a: number, b: number, c: number, d: number): number {
  return a * d - c * b;
}

/** Compares the ranking keys only (not the name): negative when x ranks before y. */
function compareKeys(x: ChildRollupRow, y: ChildRollupRow): number {
  return (
    compareFractions(y.done, y.due, x.done, x.due) ||
    compareFractions(y.doneOnTime, y.due, x.doneOnTime, x.due) ||
    x.overdue - y.overdue
  );
}

/**
 * Ranks child organisations by completion rate over due work (done / due), then on-time rate (done on time /
 * due), then fewer overdue; equal keys share a rank (1, 1, 3) and are listed by name. Organisations with nothing
 * due come last, unranked: work not yet due neither helps nor hurts. Rankings measure outcomes only (tasks done,
 * done on time), never logins, time online or photo counts: 国办函〔2026〕12号 forbids ranking on those.
 */
export function rankChildren(rows: readonly ChildRollupRow[]): RankedChild[] {
  const byName = (x: ChildRollupRow, y: ChildRollupRow): number =>
    NAME_ORDER.compare(x.orgName, y.orgName) || x.orgId - y.orgId;
  const ranked = rows.filter((r) => r.due > 0).sort((x, y) => compareKeys(x, y) || byName(x, y));
  const unranked = rows.filter((r) => !(r.due > 0)).sort(byName);

  const out: RankedChild[] = [];
  let rank = 0;
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    if (prev === undefined || compareKeys(prev, r) !== 0) rank = i + 1;
    out.push({ ...r, rate: r.done / r.due, onTimeRate: r.doneOnTime / r.due, rank });
  });
  for (const r of unranked) out.push({ ...r, rate: null, onTimeRate: null, rank: null });
  return out;
}
