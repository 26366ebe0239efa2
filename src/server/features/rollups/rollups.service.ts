import type { Kysely, Transaction } from 'kysely';
import type { Rollup } from '../../../contracts/tasks.ts';
import { displayState, isDue } from '../../../domain/tasks/assignment-state.ts';
import {
  FIGURE_SOURCE_KINDS,
  type FigureSource,
  type FigureSourceKind,
  sourceReads,
  wanOfYuan,
} from '../../../domain/tasks/figure-source.ts';
import {
  assignmentFigure,
  assignmentProgress,
  dueMeasures,
  type ProgressMode,
  taskProgress,
} from '../../../domain/tasks/progress.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../context.ts';
import {
  type AssignmentForRefresh,
  countOneShoulderInSubtree,
  countStarsInSubtree,
  countVillagesReachingInSubtree,
  findAssignmentForRefresh,
  findRollupDrift,
  findSubTaskFigure,
  foldRollupDeltas,
  listLedgerFigures,
  listMeasuredAssignments,
  listTaskIdsAfter,
  listTasksReceivedUnder,
  pendingDeltas,
  type RollupDrift,
  type RollupRow,
  rebuildTaskRollups,
  sumVillageIncomeInSubtree,
  updateAssignmentProgress,
  updateWorkRegionsUnder,
} from './rollups.queries.ts';

/**
 * The figures every view reads: an assignment's figure, progress and overdue/lagging flags, and each task's
 * roll-up per organisation. The assignment's own figures are kept here, in the transaction of the write that
 * changes them; the roll-ups follow by deltas (docs/scale.md): the assignment triggers append a signed delta per
 * ancestor (O(depth) per write, no hot row), the fold job adds them into task_rollup, and reads add what is not
 * folded yet, so they are exact. Tasks and assignments both call in here, and nothing here calls them.
 */

/** numeric columns arrive as strings on both engines (node-postgres); null stays null. */
export const num = (v: string | null): number | null => (v === null ? null : Number(v));

/**
 * Recomputes an assignment's figure, progress and overdue/lagging flags from its ledger (and its
 * decomposition's roll-up), then the roll-ups of its task; climbs to the parent assignment when the task
 * decomposes one. Runs inside the write's transaction. `lastEntryAt`: a ledger entry was just written (one UPDATE of
 * the row, not two).
 */
export async function refreshAssignment(
  trx: Transaction<DB>,
  id: number,
  clock: Clock,
  opts: {
    lastEntryAt?: Date;
    /** The assignment as the caller holds it under its lock (its state as the caller just set it): not read again. */
    known?: AssignmentForRefresh;
  } = {},
): Promise<void> {
  const a = opts.known?.id === id ? opts.known : await findAssignmentForRefresh(trx, id);
  if (!a) return;
  const source = a.figure_source as FigureSource | null;
  let figure: number;
  if (source) {
    // Read from the records over the receiver's subtree; a decomposition below it is counted by the same measure.
    figure = await measureFigure(trx, source, a.org_id, clock.today);
  } else {
    const entries = await listLedgerFigures(trx, id);
    figure = assignmentFigure(
      entries.map((e) => ({
        id: e.id,
        figure: num(e.figure),
        correctsId: e.corrects_id,
        at: e.created_at.toISOString(),
      })),
    );
    if (a.sub_task_id) figure += await findSubTaskFigure(trx, a.sub_task_id, a.org_id);
  }
  const progress = assignmentProgress(a.progress_mode, {
    figure,
    target: num(a.target_value),
    threshold: num(a.share_threshold),
  });
  const shown = displayState(
    { state: a.state, assignedOn: a.assigned_on, deadline: a.deadline, progress },
    clock.today,
    clock.taskRules,
  );
  await updateAssignmentProgress(trx, id, {
    figure,
    progress,
    isOverdue: shown === 'overdue',
    isLagging: shown === 'lagging',
    isDue: isDue(a, clock.today),
    at: clock.now,
    lastEntryAt: opts.lastEntryAt,
  });
  if (a.parent_assignment_id) await refreshAssignment(trx, a.parent_assignment_id, clock);
}

/** A receiver's figure read from the records its task's source names, over the receiver's subtree. */
async function measureFigure(
  trx: Transaction<DB>,
  source: FigureSource,
  orgId: number,
  today: string,
): Promise<number> {
  switch (source.kind) {
    case 'stars':
      return countStarsInSubtree(trx, orgId, source);
    // 村级集体经济 (issue 13): the kept yearly figures of the villages (village_income_year, area economy).
    case 'villageIncome':
      return wanOfYuan(await sumVillageIncomeInSubtree(trx, orgId, source.year));
    case 'villagesReaching':
      return countVillagesReachingInSubtree(trx, orgId, source.year, Math.round(source.minAmount * 10_000));
    // 一肩挑 (issue 13): the secretaries of today (org positions) and their village-committee posts (people).
    case 'oneShoulder':
      return countOneShoulderInSubtree(trx, orgId, today);
  }
}

/** Above this many changed organisations a change refreshes every measured assignment of the kind (one pass). */
const MEASURED_BY_ORG_LIMIT = 500;

/**
 * The records of `kind` changed (in `year` when given) for these organisations: every assignment of a live task
 * whose figure is read from them, received by one of these organisations or above one, is refreshed in the same
 * transaction, so its roll-ups follow as for a ledger entry. `orgIds` null: every such assignment (the sweep, a
 * tree move). Returns how many assignments were refreshed.
 */
export async function refreshMeasured(
  trx: Transaction<DB>,
  kind: FigureSourceKind,
  change: { year: number | null; orgIds: readonly number[] | null },
  clock: Clock,
): Promise<number> {
  if (change.orgIds !== null && change.orgIds.length === 0) return 0;
  const orgIds = change.orgIds !== null && change.orgIds.length > MEASURED_BY_ORG_LIMIT ? null : change.orgIds;
  const rows = await listMeasuredAssignments(trx, kind, orgIds);
  let n = 0;
  for (const r of rows) {
    if (!sourceReads(r.figure_source as FigureSource, kind, change.year)) continue;
    await refreshAssignment(trx, r.id, clock);
    n++;
  }
  return n;
}

/**
 * After a subtree moved (one transaction with the move): roll-ups follow the tree as it is now. Every task with
 * work received in the subtree has its roll-ups rebuilt from scratch, so the old ancestors stop counting it and the
 * new ones start; the work rows take the subtree's new region. What an organisation assigned stays its own to see
 * and manage (the assigner side of an assignment does not depend on where the receiver now sits).
 */
export async function rebuildAfterMove(trx: Transaction<DB>, movedPath: string, clock: Clock): Promise<number> {
  await updateWorkRegionsUnder(trx, movedPath);
  const tasks = await listTasksReceivedUnder(trx, movedPath);
  for (const taskId of tasks) await rebuildTaskRollups(trx, taskId);
  // Figures read from records over a subtree change for the old and the new ancestors alike.
  for (const kind of FIGURE_SOURCE_KINDS) await refreshMeasured(trx, kind, { year: null, orgIds: null }, clock);
  return tasks.length;
}

/** Folds pending deltas until none is left (or `max` were folded); returns how many were folded. */
export async function foldRollups(db: Kysely<DB>, opts: { batch?: number; max?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 5000;
  let total = 0;
  for (;;) {
    const n = await foldRollupDeltas(db, batch);
    total += n;
    if (n < batch || (opts.max !== undefined && total >= opts.max)) return total;
  }
}

export { pendingDeltas, type RollupDrift };

/**
 * Recomputes every task's roll-ups from the records, in batches of tasks, and reports each figure that differs
 * from what is kept (folded and pending). `onProgress` gets the tasks checked so far.
 */
export async function verifyRollups(
  db: Kysely<DB>,
  opts: { batch?: number; onProgress?: (checked: number) => void } = {},
): Promise<{ tasks: number; drift: RollupDrift[] }> {
  const batch = opts.batch ?? 200;
  const drift: RollupDrift[] = [];
  let after = 0;
  let tasks = 0;
  for (;;) {
    const ids = await listTaskIdsAfter(db, after, batch);
    if (ids.length === 0) break;
    drift.push(...(await findRollupDrift(db, ids)));
    tasks += ids.length;
    after = ids[ids.length - 1]!;
    opts.onProgress?.(tasks);
  }
  return { tasks, drift };
}

/** Rewrites every task's roll-ups from a recount, one task per transaction (no statement runs long). */
export async function rebuildRollups(
  db: Kysely<DB>,
  opts: { onProgress?: (rebuilt: number) => void } = {},
): Promise<number> {
  let after = 0;
  let rebuilt = 0;
  for (;;) {
    const ids = await listTaskIdsAfter(db, after, 500);
    if (ids.length === 0) return rebuilt;
    for (const id of ids) {
      await db.transaction().execute((trx) => rebuildTaskRollups(trx, id));
      rebuilt++;
    }
    after = ids[ids.length - 1]!;
    opts.onProgress?.(rebuilt);
  }
}

/** A roll-up row as the API shows it, with the task's progress toward its target. */
export function toRollup(
  r: RollupRow | undefined,
  t: { progress_mode: ProgressMode; target_value: string | null; target_unit: string | null },
): Rollup | null {
  if (!r) return null;
  const p = taskProgress(t.progress_mode, {
    assigned: r.assigned,
    done: r.done,
    figureSum: Number(r.figure_sum),
    reached: r.reached,
    target: num(t.target_value),
  });
  return {
    assigned: r.assigned,
    notStarted: r.not_started,
    inProgress: r.in_progress,
    submitted: r.submitted,
    done: r.done,
    doneOnTime: r.done_on_time,
    overdue: r.overdue,
    lagging: r.lagging,
    figureSum: Number(r.figure_sum),
    reached: r.reached,
    due: r.due,
    ...dueMeasures({ assigned: r.assigned, due: r.due, done: r.done, doneOnTime: r.done_on_time }),
    progress: p.value,
    progressLabel: p.label,
    progressMsg: p.message,
  };
}

// The roll-up reads, the whole-task rewrite and the writer's task lock, for the areas that show or change figures.
export {
  lockTaskShared,
  type RollupRow,
  rebuildTaskRollups,
  rollupsAt,
  sumRollupsAt,
} from './rollups.queries.ts';

/**
 * The fold job: every `everyMs` it folds what is pending (one run at a time; several processes may each run it,
 * SKIP LOCKED keeps them apart). Reads are exact whatever its lag; folding keeps the pending table small so that
 * they stay fast. Returns a stop function that waits for a run in progress.
 */
export function startRollupFolding(
  db: Kysely<DB>,
  opts: { everyMs: number; onError: (err: unknown) => void },
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = foldRollups(db, { max: 200_000 })
      .then(() => undefined)
      .catch(opts.onError)
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, opts.everyMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, opts.everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
