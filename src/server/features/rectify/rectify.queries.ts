import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { ProblemState } from '../../../domain/rectify/problem-state.ts';
import type { ProblemSource } from '../../../domain/tasks/vocab.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type {
  DB,
  EvidenceFileTable,
  ProblemActionTable,
  ProblemEventTable,
  ProblemMeasureTable,
  ProblemTable,
} from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Problems inside the scope, with their organisation, deployment and the tasks that answer them. */
function selectProblems(db: Q, scope: Scope | null) {
  return db
    .selectFrom('problem as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .innerJoin('org as io', 'io.id', 'p.issuer_org_id')
    .leftJoin('deployment as d', 'd.id', 'p.deployment_id')
    .select([
      'p.id',
      'p.org_id',
      'o.name as org_name',
      'o.region_id',
      'p.issuer_org_id',
      'io.name as issuer_name',
      sql<string>`io.path::text`.as('issuer_path'),
      'p.deployment_id',
      'd.title as deployment_title',
      'p.title',
      'p.description',
      'p.source',
      'p.category',
      'p.severity',
      'p.state',
      'p.found_on',
      'p.deadline',
      'p.responsible_person',
      'p.closed_on',
      'p.recheck_due',
      'p.rechecked_on',
      'p.created_at',
      sql<
        { id: number; title: string }[]
      >`coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title) order by t.id)
        from problem_task pt join task t on t.id = pt.task_id where pt.problem_id = p.id), '[]'::json)`.as('tasks'),
    ])
    .$if(scope !== null, (q) => q.where(orgInScope(sql.ref('o.path'), scope!)));
}

export type ProblemRow = Awaited<ReturnType<ReturnType<typeof selectProblems>['executeTakeFirstOrThrow']>>;

/** Newest first. */
export const PROBLEM_KEYS: SortKey[] = [{ expr: sql`p.id`, desc: true }];

/** One page of the problems of an organisation's subtree, newest first, and the total. */
export async function listProblemsPage(
  db: Q,
  scope: Scope,
  f: {
    orgPath: string;
    deploymentId?: number | undefined;
    state?: ProblemState | undefined;
    source?: ProblemSource | undefined;
    /** Only those past their deadline on this day and not closed. */
    overdueOn?: string | undefined;
  },
  page: PageAt,
): Promise<{ rows: ProblemRow[]; total: number; next: unknown[] | null }> {
  let q = selectProblems(db, scope).where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`);
  if (f.deploymentId) q = q.where('p.deployment_id', '=', f.deploymentId);
  if (f.state) q = q.where('p.state', '=', f.state);
  if (f.source) q = q.where('p.source', '=', f.source);
  if (f.overdueOn) q = q.where('p.state', '<>', 'closed').where('p.deadline', '<', f.overdueOn);
  const [rows, count] = await Promise.all([
    withPage(q, PROBLEM_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, PROBLEM_KEYS.length), total: count.n };
}

/** A problem inside the scope (null: any, for a row the caller already holds and has locked). */
export function findProblem(db: Q, scope: Scope | null, id: number): Promise<ProblemRow | undefined> {
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

/** Holds the problem's row until the transaction ends: its steps are taken one at a time. */
export async function lockProblem(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.selectFrom('problem').select('id').where('id', '=', id).forUpdate().execute();
}

/** One step of the rectification, appended; returns its id. */
export async function insertProblemEvent(trx: Transaction<DB>, values: Insertable<ProblemEventTable>): Promise<string> {
  const row = await trx.insertInto('problem_event').values(values).returning('id').executeTakeFirstOrThrow();
  return String(row.id);
}

export async function insertProblemMeasures(
  trx: Transaction<DB>,
  values: readonly Insertable<ProblemMeasureTable>[],
): Promise<void> {
  if (values.length)
    await trx
      .insertInto('problem_measure')
      .values([...values])
      .execute();
}

export async function insertProblemAction(
  trx: Transaction<DB>,
  values: Insertable<ProblemActionTable>,
): Promise<number> {
  const row = await trx.insertInto('problem_action').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The problem's steps, oldest first. */
export function listProblemEvents(db: Q, problemId: number) {
  return db.selectFrom('problem_event').selectAll().where('problem_id', '=', problemId).orderBy('id').execute();
}

/** Evidence files attached to a step (报告进展, 申请销号), in the caller's transaction; append-only. */
export async function insertProblemEvidence(
  trx: Transaction<DB>,
  values: readonly Insertable<EvidenceFileTable>[],
): Promise<void> {
  if (values.length)
    await trx
      .insertInto('evidence_file')
      .values([...values])
      .execute();
}

/** The evidence files of a problem's steps, in the order they were stored. */
export function listProblemEvidence(db: Q, problemId: number) {
  return db
    .selectFrom('evidence_file as f')
    .innerJoin('problem_event as e', 'e.id', 'f.problem_event_id')
    .select(['f.id', 'f.problem_event_id', 'f.filename', 'f.mime', 'f.size_bytes'])
    .where('e.problem_id', '=', problemId)
    .orderBy('f.id')
    .execute();
}

/** The problem's measures, in the order they were set. */
export function listProblemMeasures(db: Q, problemId: number) {
  return db
    .selectFrom('problem_measure')
    .select(['id', 'text', 'deadline'])
    .where('problem_id', '=', problemId)
    .orderBy('id')
    .execute();
}

/** The escalation records (约谈, 实地督办, 问责), oldest first. */
export function listProblemActions(db: Q, problemId: number) {
  return db.selectFrom('problem_action').selectAll().where('problem_id', '=', problemId).orderBy('id').execute();
}

/** Problems registered together (an imported list), in the order given; returns their ids in that order. */
export async function insertProblems(
  trx: Transaction<DB>,
  values: readonly Insertable<ProblemTable>[],
): Promise<number[]> {
  if (values.length === 0) return [];
  const rows = await trx
    .insertInto('problem')
    .values([...values])
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Problems of these organisations with one of these titles (a list imported again names them once more). */
export function listProblemsByOrgAndTitle(
  db: Q,
  orgIds: readonly number[],
  titles: readonly string[],
): Promise<{ id: number; org_id: number; title: string }[]> {
  if (orgIds.length === 0 || titles.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('problem')
    .select(['id', 'org_id', 'title'])
    .where('org_id', 'in', [...orgIds])
    .where('title', 'in', [...titles])
    .orderBy('id')
    .execute();
}

/**
 * The problems of an organisation's subtree for the list's export, in the order they were registered: each with its
 * organisation's code, the measures set at 制定措施 and the latest note of its rectification (a progress report,
 * the evidence of 申请销号, the reason of a return, what a re-check found).
 */
export function listProblemsForExport(
  db: Q,
  scope: Scope,
  f: {
    orgPath: string;
    state?: ProblemState | undefined;
    source?: ProblemSource | undefined;
    overdueOn?: string | undefined;
  },
) {
  let q = selectProblems(db, scope)
    .where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`)
    .select([
      'o.code as org_code',
      sql<string[]>`coalesce((select array_agg(m.text order by m.id) from problem_measure m
        where m.problem_id = p.id), '{}')`.as('measures'),
      sql<{ note: string; at: string } | null>`(select json_build_object('note', coalesce(e.note, e.reason), 'at', e.at)
        from problem_event e where e.problem_id = p.id and (e.note is not null or e.reason is not null)
        order by e.id desc limit 1)`.as('latest_note'),
    ]);
  if (f.state) q = q.where('p.state', '=', f.state);
  if (f.source) q = q.where('p.source', '=', f.source);
  if (f.overdueOn) q = q.where('p.state', '<>', 'closed').where('p.deadline', '<', f.overdueOn);
  return q.orderBy('p.id').execute();
}

/**
 * Open problems past their deadline on `today`, in id order after `afterId`: the deadline sweep's batches. The
 * predicate is problem_open_deadline_idx's, which the planner takes when few problems are open and overdue; when most
 * are (a city that let its problems lapse), it walks the primary key and stops at the batch's end instead of sorting
 * them all. The organisations' names come separately (orgNames): a join here turns the batch into a scan.
 */
export function listOverdueProblems(db: Q, today: string, afterId: number, limit: number) {
  return db
    .selectFrom('problem as p')
    .select(['p.id', 'p.title', 'p.state', 'p.deadline', 'p.org_id', 'p.issuer_org_id'])
    .where('p.state', '<>', 'closed')
    .where('p.deadline', '<', today)
    .where('p.id', '>', afterId)
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

/** The names of these organisations, by id (a batch's reminders name the responsible organisation). */
export async function orgNames(db: Q, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Closed problems whose 回头看 day has come (problem_recheck_due_idx), in id order after `afterId`. */
export function listRecheckDueProblems(db: Q, today: string, afterId: number, limit: number) {
  return db
    .selectFrom('problem as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.title', 'p.issuer_org_id', 'p.closed_on', 'p.recheck_due', 'o.name as org_name'])
    .where('p.state', '=', 'closed')
    .where('p.recheck_due', '<=', today)
    .where('p.id', '>', afterId)
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
