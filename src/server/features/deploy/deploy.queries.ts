import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { DB, DeploymentTable, ProblemTable, TaskTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A deployment as lists show it: its organisation's name, the tasks and problems it created, its items by kind. */
export type DeploymentRow = Pick<
  Selectable<DeploymentTable>,
  | 'id'
  | 'org_id'
  | 'title'
  | 'meeting_date'
  | 'stated_date'
  | 'status'
  | 'source_kind'
  | 'source_name'
  | 'source_encoding'
  | 'created_at'
  | 'confirmed_at'
> & {
  org_name: string;
  task_count: number;
  problem_count: number;
  item_tasks: number;
  item_problems: number;
  item_total: number;
};

/** A deployment with its text, what was removed from it and its outline (both JSON, as stored). */
type DeploymentDetailRow = DeploymentRow & Pick<Selectable<DeploymentTable>, 'source_text' | 'removed' | 'outline'>;

/** Deployments whose organisation lies inside the scope. */
function selectDeployments(db: Q, scope: Scope) {
  return db
    .selectFrom('deployment as d')
    .innerJoin('org as o', 'o.id', 'd.org_id')
    .select([
      'd.id',
      'd.org_id',
      'o.name as org_name',
      'd.title',
      'd.meeting_date',
      'd.stated_date',
      'd.status',
      'd.source_kind',
      'd.source_name',
      'd.source_encoding',
      'd.created_at',
      'd.confirmed_at',
      sql<number>`(select count(*)::int from task t where t.deployment_id = d.id and t.parent_assignment_id is null)`.as(
        'task_count',
      ),
      sql<number>`(select count(*)::int from problem p where p.deployment_id = d.id)`.as('problem_count'),
      sql<number>`(select count(*)::int from jsonb_array_elements(d.outline) e where e->>'kind' = 'task')`.as(
        'item_tasks',
      ),
      sql<number>`(select count(*)::int from jsonb_array_elements(d.outline) e where e->>'kind' = 'problem')`.as(
        'item_problems',
      ),
      sql<number>`jsonb_array_length(d.outline)`.as('item_total'),
    ])
    .where(orgInScope(sql.ref('o.path'), scope));
}

/** The newest 500 deployments of the organisations under `orgPath` (itself included), inside the scope. */
export function listDeploymentsUnder(
  db: Q,
  scope: Scope,
  orgPath: string,
  status: 'draft' | 'confirmed' | undefined,
): Promise<DeploymentRow[]> {
  let query = selectDeployments(db, scope).where(sql<boolean>`o.path <@ ${orgPath}::ltree`);
  if (status) query = query.where('d.status', '=', status);
  return query.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(500).execute();
}

/** One deployment inside the scope, or undefined (outside the scope looks the same as missing). */
export function findDeployment(db: Q, scope: Scope, id: number): Promise<DeploymentDetailRow | undefined> {
  return selectDeployments(db, scope)
    .select(['d.source_text', 'd.removed', 'd.outline'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export async function insertDeployment(trx: Transaction<DB>, values: Insertable<DeploymentTable>): Promise<number> {
  const row = await trx.insertInto('deployment').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDeploymentRow(
  trx: Transaction<DB>,
  id: number,
  set: Updateable<DeploymentTable>,
): Promise<void> {
  await trx.updateTable('deployment').set(set).where('id', '=', id).execute();
}

/**
 * Deletes the deployment if it is still a draft that nothing refers to; false when it is not (confirmed, or given
 * tasks or problems in the meantime). The caller has found it inside its scope.
 */
export async function deleteDraftDeploymentRow(trx: Transaction<DB>, id: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('deployment as d')
    .where('d.id', '=', id)
    .where('d.status', '=', 'draft')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('task as t').select('t.id').whereRef('t.deployment_id', '=', 'd.id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('problem as p').select('p.id').whereRef('p.deployment_id', '=', 'd.id'))),
    )
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** A task item of a confirmed outline, written to the task list. */
export async function insertTask(trx: Transaction<DB>, values: Insertable<TaskTable>): Promise<void> {
  await trx.insertInto('task').values(values).execute();
}

/** A problem item of a confirmed outline, written to the problem list. */
export async function insertProblem(trx: Transaction<DB>, values: Insertable<ProblemTable>): Promise<void> {
  await trx.insertInto('problem').values(values).execute();
}
