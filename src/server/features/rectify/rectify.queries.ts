import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { DB, ProblemTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Problems inside the scope, with their organisation, deployment and the tasks that answer them. */
function selectProblems(db: Q, scope: Scope) {
  return db
    .selectFrom('problem as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .leftJoin('deployment as d', 'd.id', 'p.deployment_id')
    .select([
      'p.id',
      'p.org_id',
      'o.name as org_name',
      'p.deployment_id',
      'd.title as deployment_title',
      'p.title',
      'p.description',
      'p.source',
      'p.created_at',
      sql<
        { id: number; title: string }[]
      >`coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title) order by t.id)
        from problem_task pt join task t on t.id = pt.task_id where pt.problem_id = p.id), '[]'::json)`.as('tasks'),
    ])
    .where(orgInScope(sql.ref('o.path'), scope));
}

export type ProblemRow = Awaited<ReturnType<ReturnType<typeof selectProblems>['executeTakeFirstOrThrow']>>;

/** Newest first. */
export const PROBLEM_KEYS: SortKey[] = [{ expr: sql`p.id`, desc: true }];

/** One page of the problems of an organisation's subtree, newest first, and the total. */
export async function listProblemsPage(
  db: Q,
  scope: Scope,
  f: { orgPath: string; deploymentId?: number | undefined },
  page: PageAt,
): Promise<{ rows: ProblemRow[]; total: number; next: unknown[] | null }> {
  let q = selectProblems(db, scope).where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`);
  if (f.deploymentId) q = q.where('p.deployment_id', '=', f.deploymentId);
  const [rows, count] = await Promise.all([
    withPage(q, PROBLEM_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, PROBLEM_KEYS.length), total: count.n };
}

export function findProblem(db: Q, scope: Scope, id: number): Promise<ProblemRow | undefined> {
  return selectProblems(db, scope).where('p.id', '=', id).executeTakeFirst();
}

export async function insertProblem(trx: Transaction<DB>, values: Insertable<ProblemTable>): Promise<number> {
  const row = await trx.insertInto('problem').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProblemRow(
  trx: Transaction<DB>,
  id: number,
  set: Partial<Omit<Insertable<ProblemTable>, 'id'>>,
): Promise<void> {
  await trx.updateTable('problem').set(set).where('id', '=', id).execute();
}

/** Sets the tasks that answer a problem (the links of the problem list to the task list). */
export async function replaceProblemTasks(
  trx: Transaction<DB>,
  problemId: number,
  taskIds: readonly number[],
  opts: { replace: boolean },
): Promise<void> {
  if (opts.replace) await trx.deleteFrom('problem_task').where('problem_id', '=', problemId).execute();
  if (taskIds.length) {
    await trx
      .insertInto('problem_task')
      .values(taskIds.map((t) => ({ problem_id: problemId, task_id: t })))
      .execute();
  }
}
