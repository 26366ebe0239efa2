import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import type { AssignmentState } from '../../../domain/tasks/assignment-state.ts';
import type { ProgressMode } from '../../../domain/tasks/progress.ts';
import { builtOnce, firstOf, rowsOf } from '../../db/built-once.ts';
import type { DB, TaskRollupTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

const COUNTS = [
  'assigned',
  'not_started',
  'in_progress',
  'submitted',
  'done',
  'done_on_time',
  'overdue',
  'lagging',
  'reached',
  'due',
] as const;
const COUNT_LIST = sql.raw(COUNTS.join(', '));
const SUMS = sql.raw([...COUNTS.map((c) => `sum(${c})::int as ${c}`), 'sum(figure_sum) as figure_sum'].join(', '));

/**
 * The recount: every task's figures per organisation counted afresh from the assignments (cancelled ones left
 * out), for the given tasks. Independent of the delta path (triggers, rollup_delta, fold): the rebuild writes it,
 * the verification compares the kept figures with it.
 */
function recountSql(taskIds: readonly number[]) {
  return sql`
    select x.task_id, anc.id as org_id,
      count(*)::int as assigned,
      count(*) filter (where x.state = 'not_started')::int as not_started,
      count(*) filter (where x.state = 'in_progress')::int as in_progress,
      count(*) filter (where x.state = 'submitted')::int as submitted,
      count(*) filter (where x.state = 'done')::int as done,
      count(*) filter (where x.state = 'done' and (x.deadline is null or coalesce(x.submitted_on, x.done_on) <= x.deadline))::int as done_on_time,
      count(*) filter (where x.is_overdue)::int as overdue,
      count(*) filter (where x.is_lagging)::int as lagging,
      count(*) filter (where tk.progress_mode = 'share' and x.figure >= tk.share_threshold)::int as reached,
      count(*) filter (where x.is_due)::int as due,
      coalesce(sum(x.figure), 0) as figure_sum
    from assignment x
    join task tk on tk.id = x.task_id
    join org r on r.id = x.org_id
    join org anc on anc.path @> r.path
    where x.task_id in (${sql.join(taskIds)}) and x.state <> 'cancelled'
    group by x.task_id, anc.id`;
}

/** The kept figures plus the deltas not yet folded (the view task_rollup_live), exact whatever the fold is doing. */
function liveSql(where: RawBuilder<unknown>) {
  return sql`select task_id, org_id, ${COUNT_LIST}, figure_sum from task_rollup_live where ${where}`;
}

/**
 * Rewrites one task's roll-ups from a recount (a subtree moved, the task's target changed). The task and its
 * assignments are locked first, so no writer changes them between the recount and the discarding of the
 * deltas it already counts.
 */
export async function rebuildTaskRollups(trx: Transaction<DB>, taskId: number): Promise<void> {
  await sql`select id from task where id = ${taskId} for update`.execute(trx);
  await sql`select id from assignment where task_id = ${taskId} order by id for update`.execute(trx);
  await trx.deleteFrom('rollup_delta').where('task_id', '=', taskId).execute();
  await trx.deleteFrom('task_rollup').where('task_id', '=', taskId).execute();
  await sql`
    insert into task_rollup (task_id, org_id, ${COUNT_LIST}, figure_sum, updated_at)
    select task_id, org_id, ${COUNT_LIST}, figure_sum, now() from (${recountSql([taskId])}) c
    order by org_id`.execute(trx);
}

/** A writer that adds assignments to a task holds it shared, so that a rebuild of the task waits for it. */
export async function lockTaskShared(trx: Transaction<DB>, taskId: number): Promise<void> {
  await sql`select id from task where id = ${taskId} for share`.execute(trx);
}

/**
 * Folds up to `limit` pending deltas into task_rollup, oldest first, in one statement: the deltas taken are
 * deleted and their sums added to the kept rows (in key order, so concurrent folds never deadlock; SKIP LOCKED,
 * so they never fold the same delta twice). Returns how many deltas were folded.
 */
export async function foldRollupDeltas(db: Q, limit: number): Promise<number> {
  const { rows } = await sql<{ folded: number }>`
    with picked as (
      select id from rollup_delta order by id limit ${limit} for update skip locked
    ), gone as (
      delete from rollup_delta d using picked p where d.id = p.id returning d.*
    ), agg as (
      select task_id, org_id, ${SUMS} from gone group by task_id, org_id
    ), put as (
      insert into task_rollup as tr (task_id, org_id, ${COUNT_LIST}, figure_sum, updated_at)
      select task_id, org_id, ${COUNT_LIST}, figure_sum, now() from agg order by task_id, org_id
      on conflict (task_id, org_id) do update set
        ${sql.raw(COUNTS.map((c) => `${c} = tr.${c} + excluded.${c}`).join(', '))},
        figure_sum = tr.figure_sum + excluded.figure_sum, updated_at = excluded.updated_at
      returning 1
    )
    select (select count(*)::int from gone) as folded, (select count(*) from put) as rows`.execute(db);
  return rows[0]!.folded;
}

/** How many deltas wait to be folded, and the age in seconds of the oldest (the fold's lag). */
export async function pendingDeltas(db: Q): Promise<{ count: number; oldestSeconds: number }> {
  const { rows } = await sql<{ count: number; oldest: number | null }>`
    select count(*)::int as count, extract(epoch from now() - min(created_at))::float8 as oldest
    from rollup_delta`.execute(db);
  return { count: rows[0]!.count, oldestSeconds: rows[0]!.oldest ?? 0 };
}

/** Tasks with roll-ups or assignments, in id order after a given id (the verification and rebuild go in batches). */
export async function listTaskIdsAfter(db: Q, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('task').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export type RollupDrift = {
  task_id: number;
  org_id: number;
  column: string;
  kept: string;
  recounted: string;
};

/** Where the kept figures (folded and pending) of these tasks differ from a recount; zero rows on both sides agree. */
export async function findRollupDrift(db: Q, taskIds: readonly number[]): Promise<RollupDrift[]> {
  if (taskIds.length === 0) return [];
  const cols = [...COUNTS, 'figure_sum'];
  const { rows } = await sql<RollupDrift>`
    with kept as (${liveSql(sql`task_id in (${sql.join(taskIds)})`)}),
    recount as (${recountSql(taskIds)})
    select coalesce(k.task_id, r.task_id) as task_id, coalesce(k.org_id, r.org_id) as org_id, c.col as "column",
      c.kept, c.recounted
    from kept k full join recount r on r.task_id = k.task_id and r.org_id = k.org_id
    cross join lateral (values ${sql.join(
      cols.map((c) => sql`(${c}, coalesce(k.${sql.raw(c)}, 0)::text, coalesce(r.${sql.raw(c)}, 0)::text)`),
    )}) as c(col, kept, recounted)
    where c.kept::numeric <> c.recounted::numeric
    order by 1, 2, 3`.execute(db);
  return rows;
}

/** One task's counts and sums over one organisation's subtree. */
export type RollupRow = Omit<Selectable<TaskRollupTable>, 'updated_at'>;

/** Every task's roll-up at one organisation. */
export async function listRollupsAt(db: Q, orgId: number): Promise<RollupRow[]> {
  return (await liveSql(sql`org_id = ${orgId}`).$castTo<RollupRow>().execute(db)).rows;
}

/**
 * Every task's roll-up at one organisation added up (a dashboard's totals), and how many tasks they are, counted in
 * the database instead of over thousands of rows in the server; cancelled tasks are left out. The figures of
 * different tasks are not added (their units differ).
 */
export async function sumRollupsAt(db: Q, orgId: number): Promise<RollupRow & { tasks: number }> {
  const totals = sql.raw(COUNTS.map((c) => `coalesce(sum(r.${c}), 0)::int as ${c}`).join(', '));
  const { rows } = await sql<RollupRow & { tasks: number }>`
    select 0 as task_id, ${orgId}::int as org_id, ${totals}, '0' as figure_sum, count(*)::int as tasks
    from task_rollup_live r join task t on t.id = r.task_id
    where r.org_id = ${orgId} and t.status <> 'cancelled'`.execute(db);
  return rows[0]!;
}

/** One task's live figures at one organisation (a task's or an assignment's page), built once. */
const liveOfOne = builtOnce((db, orgId: number, taskId: number) => ({
  compile: () => liveSql(sql`org_id = ${orgId} and task_id = ${taskId}`).$castTo<RollupRow>().compile(db),
}));

export async function rollupsAt(db: Q, orgId: number, taskIds?: readonly number[]): Promise<Map<number, RollupRow>> {
  if (taskIds && taskIds.length === 0) return new Map();
  if (taskIds?.length === 1) {
    const rows = await rowsOf(db, liveOfOne(db, orgId, taskIds[0]!));
    return new Map(rows.map((r) => [r.task_id, r]));
  }
  const where = taskIds ? sql`org_id = ${orgId} and task_id in (${sql.join(taskIds)})` : sql`org_id = ${orgId}`;
  const { rows } = await liveSql(where).$castTo<RollupRow>().execute(db);
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
  /** The task's figure source (jsonb as stored; the service parses it), null when the ledger gives the figure. */
  figure_source: unknown;
};

const assignmentForRefresh = builtOnce((db, id: number) =>
  db
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
      't.figure_source',
      sql<number | null>`(select st.id from task st where st.parent_assignment_id = a.id)`.as('sub_task_id'),
    ])
    .where('a.id', '=', id),
);

export function findAssignmentForRefresh(db: Q, id: number): Promise<AssignmentForRefresh | undefined> {
  return firstOf(db, assignmentForRefresh(db, id));
}

const ledgerFigures = builtOnce((db, assignmentId: number) =>
  db
    .selectFrom('ledger_entry')
    .select(['id', 'figure', 'corrects_id', 'created_at'])
    .where('assignment_id', '=', assignmentId),
);

/** The ledger figures of an assignment (corrections included; the domain picks the ones in force). */
export function listLedgerFigures(db: Q, assignmentId: number) {
  return rowsOf(db, ledgerFigures(db, assignmentId));
}

/** The figure a decomposed assignment's own task has gathered in the receiver's subtree. */
export async function findSubTaskFigure(db: Q, subTaskId: number, orgId: number): Promise<number> {
  const { rows } = await liveSql(sql`task_id = ${subTaskId} and org_id = ${orgId}`).$castTo<RollupRow>().execute(db);
  return rows[0] ? Number(rows[0].figure_sum) : 0;
}

/** The kept figures of one assignment; its last entry's time only when given (else kept as it is). */
const progressOf = builtOnce(
  (
    db,
    figure: number,
    progress: number | null,
    isOverdue: boolean,
    isLagging: boolean,
    isDue: boolean,
    at: Date,
    lastEntryAt: Date | null,
    id: number,
  ) =>
    db
      .updateTable('assignment')
      .set({
        figure,
        progress,
        is_overdue: isOverdue,
        is_lagging: isLagging,
        is_due: isDue,
        updated_at: at,
        last_entry_at: sql<Date | null>`coalesce(${lastEntryAt}::timestamptz, last_entry_at)`,
      })
      .where('id', '=', id),
);

export async function updateAssignmentProgress(
  db: Q,
  id: number,
  set: {
    figure: number;
    progress: number | null;
    isOverdue: boolean;
    isLagging: boolean;
    isDue: boolean;
    at: Date;
    lastEntryAt?: Date | undefined;
  },
): Promise<void> {
  await db.executeQuery(
    progressOf(
      db,
      set.figure,
      set.progress,
      set.isOverdue,
      set.isLagging,
      set.isDue,
      set.at,
      set.lastEntryAt ?? null,
      id,
    ),
  );
}

/** Tasks with work received anywhere in a subtree (a moved subtree's roll-ups must be rebuilt for them). */
export async function listTasksReceivedUnder(db: Q, path: string): Promise<number[]> {
  const { rows } = await sql<{ task_id: number }>`
    select distinct x.task_id from assignment x join org r on r.id = x.org_id
    where r.path <@ ${path}::ltree order by x.task_id`.execute(db);
  return rows.map((r) => r.task_id);
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
  // 村级集体经济 (area economy): the villages' kept yearly figures (their entries are append-only, like the ledger's).
  await sql`update village_income_year y set region_id = o.region_id from org o
    where y.org_id = o.id and o.path <@ ${path}::ltree and y.region_id <> o.region_id`.execute(trx);
}

// --- measured figures (domain/tasks/figure-source.ts): what a receiver's figure is when read from records

/**
 * The organisations of a subtree (the organisation itself included) holding a star level of the year within
 * [minLevel, maxLevel] (maxLevel null: no upper bound). Reads assess_star, the assess area's kept levels.
 */
export async function countStarsInSubtree(
  db: Q,
  orgId: number,
  s: { year: number; minLevel: number; maxLevel: number | null },
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n
    from org o
    join assess_star st on st.org_id = o.id and st.year = ${s.year}
    where o.path <@ (select path from org where id = ${orgId})
      and st.level >= ${s.minLevel}
      and (${s.maxLevel}::int is null or st.level <= ${s.maxLevel}::int)`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * 经营性收入 of a year (元) summed over the active villages of a subtree (the organisation itself included), from the kept
 * yearly figures of the economy area (village_income_year); villages that entered nothing add 0.
 */
export async function sumVillageIncomeInSubtree(db: Q, orgId: number, year: number): Promise<number> {
  const { rows } = await sql<{ s: string | null }>`
    select sum(y.operating)::text as s
    from org o
    join village_income_year y on y.org_id = o.id and y.year = ${year}
    where o.path <@ (select path from org where id = ${orgId}) and o.unit_level = 'village' and o.status = 'active'`.execute(
    db,
  );
  return Number(rows[0]?.s ?? 0);
}

/**
 * The active villages of a subtree (the organisation itself included) whose 经营性收入 of the year is above 0 and at least
 * `minYuan` (domain/tasks/figure-source.ts villageReaches), from village_income_year.
 */
export async function countVillagesReachingInSubtree(
  db: Q,
  orgId: number,
  year: number,
  minYuan: number,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n
    from org o
    join village_income_year y on y.org_id = o.id and y.year = ${year}
    where o.path <@ (select path from org where id = ${orgId}) and o.unit_level = 'village' and o.status = 'active'
      and y.operating > 0 and y.operating >= ${minYuan}`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * The assignments (not cancelled) of the live tasks whose figures are read from records of `kind`; with `orgIds`,
 * only those whose receiving organisation is one of them or above one of them (whose subtree the change touched).
 */
export async function listMeasuredAssignments(
  db: Q,
  kind: string,
  orgIds: readonly number[] | null,
): Promise<{ id: number; figure_source: unknown }[]> {
  const touched =
    orgIds === null
      ? sql`true`
      : sql`exists (select 1 from org c where c.id = any(${[...orgIds]}::int[]) and c.path <@ r.path)`;
  const { rows } = await sql<{ id: number; figure_source: unknown }>`
    select a.id, t.figure_source
    from task t
    join assignment a on a.task_id = t.id and a.state <> 'cancelled'
    join org r on r.id = a.org_id
    where t.figure_source is not null and t.figure_source ->> 'kind' = ${kind} and t.status = 'active'
      and ${touched}
    order by a.id`.execute(db);
  return rows;
}

/**
 * The villages of a subtree (the organisation itself included) whose secretary on `day` (position 书记 held that day)
 * directs the village committee (person.village_committee_post): 一肩挑, read by the cadre area's lists the same way.
 */
export async function countOneShoulderInSubtree(db: Q, orgId: number, day: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n
    from org o
    join lateral (
      select p.village_committee_post
      from org_position x join person p on p.id = x.person_id
      where x.org_id = o.id and x.title = 'secretary' and x.started_on <= ${day}::date
        and (x.ended_on is null or x.ended_on >= ${day}::date)
      order by x.started_on desc, x.id desc limit 1
    ) s on true
    where o.path <@ (select path from org where id = ${orgId}) and o.unit_level = 'village' and o.status = 'active'
      and s.village_committee_post = 'director'`.execute(db);
  return rows[0]?.n ?? 0;
}
