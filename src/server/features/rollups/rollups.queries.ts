import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AssignmentState } from '../../../domain/tasks/assignment-state.ts';
import type { ProgressMode } from '../../../domain/tasks/progress.ts';
import type { DB, TaskRollupTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Rewrites the roll-up rows of one task for every organisation at or above the given receivers (or above
 * every receiver when none are given): counts and sums over each organisation's subtree, cancelled
 * assignments left out. Called in the transaction of every write that changes an assignment, so that
 * dashboards read task_rollup instead of scanning the tree.
 */
export async function refreshTaskRollups(db: Q, taskId: number, receiverOrgIds?: readonly number[]): Promise<void> {
  const receivers = receiverOrgIds && receiverOrgIds.length > 0 ? receiverOrgIds : null;
  await sql`
    with targets as (
      select distinct anc.id as org_id, anc.path
      from assignment x
      join org r on r.id = x.org_id
      join org anc on anc.path @> r.path
      where x.task_id = ${taskId}
        ${receivers ? sql`and x.org_id in (${sql.join(receivers)})` : sql``}
    ),
    agg as (
      select t.org_id,
        count(*)::int as assigned,
        count(*) filter (where x.state = 'not_started')::int as not_started,
        count(*) filter (where x.state = 'in_progress')::int as in_progress,
        count(*) filter (where x.state = 'submitted')::int as submitted,
        count(*) filter (where x.state = 'done')::int as done,
        count(*) filter (where x.state = 'done' and (x.deadline is null or coalesce(x.submitted_on, x.done_on) <= x.deadline))::int as done_on_time,
        count(*) filter (where x.is_overdue)::int as overdue,
        count(*) filter (where x.is_lagging)::int as lagging,
        coalesce(sum(x.figure), 0) as figure_sum,
        count(*) filter (where tk.progress_mode = 'share' and x.figure >= tk.share_threshold)::int as reached,
        count(*) filter (where x.is_due)::int as due
      from targets t
      join org r on r.path <@ t.path
      join assignment x on x.org_id = r.id and x.task_id = ${taskId} and x.state <> 'cancelled'
      join task tk on tk.id = x.task_id
      group by t.org_id
    )
    insert into task_rollup as tr (task_id, org_id, assigned, not_started, in_progress, submitted, done,
      done_on_time, overdue, lagging, figure_sum, reached, due, updated_at)
    select ${taskId}, t.org_id, coalesce(a.assigned, 0), coalesce(a.not_started, 0), coalesce(a.in_progress, 0),
      coalesce(a.submitted, 0), coalesce(a.done, 0), coalesce(a.done_on_time, 0), coalesce(a.overdue, 0),
      coalesce(a.lagging, 0), coalesce(a.figure_sum, 0), coalesce(a.reached, 0), coalesce(a.due, 0), now()
    from targets t left join agg a on a.org_id = t.org_id
    on conflict (task_id, org_id) do update set
      assigned = excluded.assigned, not_started = excluded.not_started, in_progress = excluded.in_progress,
      submitted = excluded.submitted, done = excluded.done, done_on_time = excluded.done_on_time,
      overdue = excluded.overdue, lagging = excluded.lagging, figure_sum = excluded.figure_sum,
      reached = excluded.reached, due = excluded.due, updated_at = excluded.updated_at`.execute(db);
}

/** One task's counts and sums over one organisation's subtree. */
export type RollupRow = Omit<Selectable<TaskRollupTable>, 'updated_at'>;

const ROLLUP_COLUMNS = [
  'task_id',
  'org_id',
  'assigned',
  'not_started',
  'in_progress',
  'submitted',
  'done',
  'done_on_time',
  'overdue',
  'lagging',
  'figure_sum',
  'reached',
  'due',
] as const;

/** Every task's roll-up at one organisation. */
export function listRollupsAt(db: Q, orgId: number): Promise<RollupRow[]> {
  return db.selectFrom('task_rollup').select(ROLLUP_COLUMNS).where('org_id', '=', orgId).execute();
}

export async function rollupsAt(db: Q, orgId: number, taskIds?: readonly number[]): Promise<Map<number, RollupRow>> {
  let q = db.selectFrom('task_rollup').select(ROLLUP_COLUMNS).where('org_id', '=', orgId);
  if (taskIds) {
    if (taskIds.length === 0) return new Map();
    q = q.where('task_id', 'in', taskIds);
  }
  const rows: RollupRow[] = await q.execute();
  return new Map(rows.map((r) => [r.task_id, r]));
}

/**
 * The same roll-up computed the way most Party-building systems must, from parent ids with a recursive
 * query on every view: kept for the benchmark's comparison (and a test that both agree).
 */
export async function recursiveRollup(
  db: Q,
  taskId: number,
  orgId: number,
): Promise<{ assigned: number; done: number; overdue: number; figure_sum: string }> {
  const { rows } = await sql<{ assigned: number; done: number; overdue: number; figure_sum: string }>`
    with recursive sub(id) as (
      select id from org where id = ${orgId}
      union all
      select o.id from org o join sub on o.parent_id = sub.id
    )
    select count(*)::int as assigned,
      count(*) filter (where x.state = 'done')::int as done,
      count(*) filter (where x.is_overdue)::int as overdue,
      coalesce(sum(x.figure), 0)::text as figure_sum
    from assignment x join sub on sub.id = x.org_id
    where x.task_id = ${taskId} and x.state <> 'cancelled'`.execute(db);
  return rows[0]!;
}

/** What recomputing one assignment's figure and progress needs: the assignment and its task's target. */
export type AssignmentForRefresh = {
  id: number;
  task_id: number;
  org_id: number;
  state: AssignmentState;
  assigned_on: string;
  deadline: string | null;
  target_value: string | null;
  progress_mode: ProgressMode;
  share_threshold: string | null;
  parent_assignment_id: number | null;
  sub_task_id: number | null;
};

export function findAssignmentForRefresh(db: Q, id: number): Promise<AssignmentForRefresh | undefined> {
  return db
    .selectFrom('assignment as a')
    .innerJoin('task as t', 't.id', 'a.task_id')
    .select([
      'a.id',
      'a.task_id',
      'a.org_id',
      'a.state',
      'a.assigned_on',
      'a.deadline',
      'a.target_value',
      't.progress_mode',
      't.share_threshold',
      't.parent_assignment_id',
      sql<number | null>`(select st.id from task st where st.parent_assignment_id = a.id)`.as('sub_task_id'),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The ledger figures of an assignment (corrections included; the domain picks the ones in force). */
export function listLedgerFigures(db: Q, assignmentId: number) {
  return db
    .selectFrom('ledger_entry')
    .select(['id', 'figure', 'corrects_id', 'created_at'])
    .where('assignment_id', '=', assignmentId)
    .execute();
}

/** The figure a decomposed assignment's own task has gathered in the receiver's subtree. */
export async function findSubTaskFigure(db: Q, subTaskId: number, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('task_rollup')
    .select('figure_sum')
    .where('task_id', '=', subTaskId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row ? Number(row.figure_sum) : 0;
}

export async function updateAssignmentProgress(
  db: Q,
  id: number,
  set: { figure: number; progress: number | null; isOverdue: boolean; isLagging: boolean; isDue: boolean; at: Date },
): Promise<void> {
  await db
    .updateTable('assignment')
    .set({
      figure: set.figure,
      progress: set.progress,
      is_overdue: set.isOverdue,
      is_lagging: set.isLagging,
      is_due: set.isDue,
      updated_at: set.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Tasks with work received anywhere in a subtree (a moved subtree's roll-ups must be rebuilt for them). */
export async function listTasksReceivedUnder(db: Q, path: string): Promise<number[]> {
  const { rows } = await sql<{ task_id: number }>`
    select distinct x.task_id from assignment x join org r on r.id = x.org_id
    where r.path <@ ${path}::ltree order by x.task_id`.execute(db);
  return rows.map((r) => r.task_id);
}

export async function deleteTaskRollups(trx: Transaction<DB>, taskId: number): Promise<void> {
  await trx.deleteFrom('task_rollup').where('task_id', '=', taskId).execute();
}

/**
 * After a subtree moved: the work rows of its organisations take their new region (the distribution key), as the
 * organisations and people already did.
 */
export async function updateWorkRegionsUnder(trx: Transaction<DB>, path: string): Promise<void> {
  await sql`update assignment a set region_id = o.region_id from org o
    where a.org_id = o.id and o.path <@ ${path}::ltree and a.region_id <> o.region_id`.execute(trx);
  await sql`update ledger_entry l set region_id = a.region_id from assignment a join org o on o.id = a.org_id
    where l.assignment_id = a.id and o.path <@ ${path}::ltree and l.region_id <> a.region_id`.execute(trx);
  await sql`update task t set region_id = o.region_id from org o
    where t.org_id = o.id and o.path <@ ${path}::ltree and t.region_id <> o.region_id`.execute(trx);
  await sql`update problem p set region_id = o.region_id from org o
    where p.org_id = o.id and o.path <@ ${path}::ltree and p.region_id <> o.region_id`.execute(trx);
}
