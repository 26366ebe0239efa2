import type { Transaction } from 'kysely';
import type { Rollup } from '../../../contracts/tasks.ts';
import { displayState, isDue } from '../../../domain/tasks/assignment-state.ts';
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
  deleteTaskRollups,
  findAssignmentForRefresh,
  findSubTaskFigure,
  listLedgerFigures,
  listTasksReceivedUnder,
  type RollupRow,
  refreshTaskRollups,
  updateAssignmentProgress,
  updateWorkRegionsUnder,
} from './rollups.queries.ts';

/**
 * The figures every view reads: an assignment's figure, progress and overdue/lagging flags, and each task's
 * roll-up per organisation (task_rollup). Kept on write, in the transaction of the write that changes them;
 * tasks and assignments both call in here, and nothing here calls them (no import cycle).
 */

/** numeric columns arrive as strings on both engines (node-postgres); null stays null. */
export const num = (v: string | null): number | null => (v === null ? null : Number(v));

/**
 * Recomputes an assignment's figure, progress and overdue/lagging flags from its ledger (and its
 * decomposition's roll-up), then the roll-ups of its task; climbs to the parent assignment when the task
 * decomposes one. Runs inside the write's transaction.
 */
export async function refreshAssignment(trx: Transaction<DB>, id: number, clock: Clock): Promise<void> {
  const a = await findAssignmentForRefresh(trx, id);
  if (!a) return;
  const entries = await listLedgerFigures(trx, id);
  let figure = assignmentFigure(
    entries.map((e) => ({
      id: e.id,
      figure: num(e.figure),
      correctsId: e.corrects_id,
      at: e.created_at.toISOString(),
    })),
  );
  if (a.sub_task_id) figure += await findSubTaskFigure(trx, a.sub_task_id, a.org_id);
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
  });
  await refreshTaskRollups(trx, a.task_id, [a.org_id]);
  if (a.parent_assignment_id) await refreshAssignment(trx, a.parent_assignment_id, clock);
}

/**
 * After a subtree moved (one transaction with the move): roll-ups follow the tree as it is now. Every task with
 * work received in the subtree has its roll-ups rebuilt from scratch, so the old ancestors stop counting it and the
 * new ones start; the work rows take the subtree's new region. What an organisation assigned stays its own to see
 * and manage (the assigner side of an assignment does not depend on where the receiver now sits).
 */
export async function rebuildAfterMove(trx: Transaction<DB>, movedPath: string): Promise<number> {
  await updateWorkRegionsUnder(trx, movedPath);
  const tasks = await listTasksReceivedUnder(trx, movedPath);
  for (const taskId of tasks) {
    await deleteTaskRollups(trx, taskId);
    await refreshTaskRollups(trx, taskId);
  }
  return tasks.length;
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
  };
}

// The roll-up reads and the whole-task rewrite, for the areas that show or change figures.
export { listRollupsAt, type RollupRow, refreshTaskRollups, rollupsAt } from './rollups.queries.ts';
