import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { builtOncePerScope, orgInScope, type ScopeShape } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { builtOnce, firstOf, rowsOf } from '../../db/built-once.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { DB, TaskRollupTable, TaskTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A task with its owner, lead organisation, responsible person and deployment, as lists and details show it. */
export type TaskRow = Omit<Selectable<TaskTable>, 'created_by' | 'updated_at'> & {
  deployment_title: string | null;
  lead_org_name: string | null;
  responsible_person_name: string | null;
  org_name: string;
  org_path: string;
};

function selectTasks(db: Q) {
  return db
    .selectFrom('task as t')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .leftJoin('org as l', 'l.id', 't.lead_org_id')
    .leftJoin('person as p', 'p.id', 't.responsible_person_id')
    .leftJoin('deployment as d', 'd.id', 't.deployment_id')
    .select([
      't.id',
      't.org_id',
      't.region_id',
      't.deployment_id',
      'd.title as deployment_title',
      't.item_key',
      't.parent_assignment_id',
      't.title',
      't.requirement',
      't.span_start',
      't.span_end',
      't.progress_mode',
      't.target_value',
      't.target_unit',
      't.share_threshold',
      't.deadline',
      't.deadline_text',
      't.lead_org_id',
      'l.name as lead_org_name',
      't.responsible_person_id',
      'p.name as responsible_person_name',
      't.bodies_text',
      't.status',
      't.figure_source',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      't.created_at',
    ]);
}

/**
 * A task is visible to an account when its owner is inside the scope, or when it has been assigned to an
 * organisation inside the scope (a village sees the town's task it received).
 */
function selectTaskVisible(db: Q, scope: ScopeShape, id: number) {
  return selectTasks(db)
    .where('t.id', '=', id)
    .where((eb) =>
      eb.or([
        orgInScope(sql.ref('o.path'), scope),
        eb.exists(
          eb
            .selectFrom('assignment as x')
            .innerJoin('org as xr', 'xr.id', 'x.org_id')
            .select('x.id')
            .whereRef('x.task_id', '=', 't.id')
            .where(orgInScope(sql.ref('xr.path'), scope)),
        ),
      ]),
    );
}
const taskVisible = builtOncePerScope((db, scope, id: number) => selectTaskVisible(db, scope, id));

export function findTaskVisible(db: Q, scope: Scope, id: number): Promise<TaskRow | undefined> {
  return firstOf(db, taskVisible(db, scope, id));
}

/** A task whose owner is inside the scope (the caller may manage it). */
export function findTaskOwned(db: Q, scope: Scope, id: number): Promise<TaskRow | undefined> {
  return selectTasks(db)
    .where('t.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

export type TaskListFilter = {
  /** The organisation the list is asked for. */
  org: { id: number; path: string };
  /** own: tasks of the organisation itself; subtree: of any organisation under it. */
  owner: 'own' | 'subtree';
  deploymentId?: number | undefined;
  status?: Selectable<TaskTable>['status'] | undefined;
  titleContains?: string | undefined;
};

function filteredTasks(db: Q, scope: Scope, f: TaskListFilter) {
  let q = selectTasks(db).where(orgInScope(sql.ref('o.path'), scope));
  q = f.owner === 'own' ? q.where('t.org_id', '=', f.org.id) : q.where(sql<boolean>`o.path <@ ${f.org.path}::ltree`);
  if (f.deploymentId) q = q.where('t.deployment_id', '=', f.deploymentId);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.titleContains) q = q.where('t.title', 'like', `%${f.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return q;
}

/** By deadline (none last), then id. */
export const TASK_KEYS: SortKey[] = [{ expr: sql`coalesce(t.deadline, '9999-12-31'::date)` }, { expr: sql`t.id` }];

/** One page of tasks (by deadline, then id) and the total. */
export async function listTasksPage(
  db: Q,
  scope: Scope,
  f: TaskListFilter,
  page: PageAt,
): Promise<{ rows: TaskRow[]; total: number; next: unknown[] | null }> {
  const q = filteredTasks(db, scope, f);
  const [rows, count] = await Promise.all([
    withPage(q, TASK_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, TASK_KEYS.length), total: count.n };
}

/** A task's roll-up at one organisation as the page of a dashboard reads it with the task. */
export type LiveRollupRow = Omit<Selectable<TaskRollupTable>, 'updated_at'>;

/**
 * One page of the tasks that have a roll-up at an organisation (its dashboard's task list), cancelled ones left
 * out, by deadline then id, each with that roll-up, in one statement: a district's or city's dashboard holds
 * thousands of tasks, read a page at a time through the roll-ups' org_id index.
 */
export async function listTasksRolledUpAtPage(
  db: Q,
  orgId: number,
  page: PageAt,
): Promise<{ rows: (TaskRow & { rollup: LiveRollupRow })[]; next: unknown[] | null }> {
  const q = selectTasks(db)
    .innerJoin(sql<LiveRollupRow>`task_rollup_live`.as('r'), (j) =>
      j.onRef('r.task_id', '=', 't.id').on('r.org_id', '=', orgId),
    )
    .select(sql<LiveRollupRow>`row_to_json(r)`.as('rollup'))
    .where('t.status', '<>', 'cancelled');
  return pageOf(await withPage(q, TASK_KEYS, page).execute(), page.limit, TASK_KEYS.length);
}

/** How many tasks have a roll-up at an organisation (cancelled ones left out). */
export async function countTasksRolledUpAt(db: Q, orgId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from task_rollup_live r join task t on t.id = r.task_id
    where r.org_id = ${orgId} and t.status <> 'cancelled'`.execute(db);
  return rows[0]!.n;
}

/** A task's own columns, whatever the scope (a decomposition copies its parent's settings). */
export function findTaskById(db: Q, id: number) {
  return db.selectFrom('task').selectAll().where('id', '=', id).executeTakeFirst();
}

const taskCooperators = builtOnce((db, taskId: number) =>
  db
    .selectFrom('task_cooperator as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .select(['o.id', 'o.name'])
    .where('c.task_id', '=', taskId),
);

export function listTaskCooperators(db: Q, taskId: number): Promise<{ id: number; name: string }[]> {
  return rowsOf(db, taskCooperators(db, taskId));
}

const taskProblems = builtOnce((db, taskId: number) =>
  db
    .selectFrom('problem_task as pt')
    .innerJoin('problem as p', 'p.id', 'pt.problem_id')
    .select(['p.id', 'p.title'])
    .where('pt.task_id', '=', taskId),
);

export function listTaskProblems(db: Q, taskId: number): Promise<{ id: number; title: string }[]> {
  return rowsOf(db, taskProblems(db, taskId));
}

export async function insertTask(trx: Transaction<DB>, values: Insertable<TaskTable>): Promise<number> {
  const row = await trx.insertInto('task').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateTaskRow(
  trx: Transaction<DB>,
  id: number,
  set: Partial<Omit<Insertable<TaskTable>, 'id'>>,
): Promise<void> {
  await trx.updateTable('task').set(set).where('id', '=', id).execute();
}

/** Sets a task's cooperating organisations (replacing any before). */
export async function replaceTaskCooperators(
  trx: Transaction<DB>,
  taskId: number,
  orgIds: readonly number[],
  opts: { replace: boolean },
): Promise<void> {
  if (opts.replace) await trx.deleteFrom('task_cooperator').where('task_id', '=', taskId).execute();
  if (orgIds.length) {
    await trx
      .insertInto('task_cooperator')
      .values(orgIds.map((o) => ({ task_id: taskId, org_id: o })))
      .execute();
  }
}

/** Sets the problems a task answers (the links of the problem list to the task list). */
export async function replaceTaskProblems(
  trx: Transaction<DB>,
  taskId: number,
  problemIds: readonly number[],
  opts: { replace: boolean },
): Promise<void> {
  if (opts.replace) await trx.deleteFrom('problem_task').where('task_id', '=', taskId).execute();
  if (problemIds.length) {
    await trx
      .insertInto('problem_task')
      .values(problemIds.map((p) => ({ problem_id: p, task_id: taskId })))
      .execute();
  }
}

export async function listAssignmentIdsOfTask(db: Q, taskId: number): Promise<number[]> {
  const rows = await db.selectFrom('assignment').select('id').where('task_id', '=', taskId).execute();
  return rows.map((r) => r.id);
}
