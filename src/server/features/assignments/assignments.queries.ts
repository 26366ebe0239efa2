import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { OrgType } from '../../../domain/org/vocab.ts';
import type { DisplayState } from '../../../domain/tasks/assignment-state.ts';
import { builtOncePerScope, orgInScope, type ScopeShape } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { builtOnce, firstOf, rowsOf } from '../../db/built-once.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type {
  AssignmentBatchTable,
  AssignmentEventTable,
  AssignmentTable,
  DB,
  EvidenceFileTable,
  LedgerEntryTable,
  OrgDemandTable,
  TaskTable,
} from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** An assignment with its task and both organisations (receiver r, assigner g). */
export type AssignmentRow = Omit<Selectable<AssignmentTable>, 'created_at' | 'updated_at' | 'submitted_on'> &
  Pick<
    Selectable<TaskTable>,
    'progress_mode' | 'target_unit' | 'share_threshold' | 'deployment_id' | 'parent_assignment_id' | 'figure_source'
  > & {
    task_title: string;
    task_org_id: number;
    task_target: string | null;
    deployment_title: string | null;
    org_name: string;
    org_path: string;
    org_parent_name: string | null;
    assigner_name: string;
    assigner_path: string;
    sub_task_id: number | null;
  };

/**
 * Assignments with their task and both organisations. A scope restricts to assignments whose receiver or assigner
 * lies inside it: what an organisation assigned stays visible to it after the receiver moved elsewhere in the tree.
 */
function selectAssignments(db: Q, scope: ScopeShape | null) {
  let q = db
    .selectFrom('assignment as a')
    .innerJoin('task as t', 't.id', 'a.task_id')
    .innerJoin('org as r', 'r.id', 'a.org_id')
    .innerJoin('org as g', 'g.id', 'a.assigner_org_id')
    .leftJoin('deployment as d', 'd.id', 't.deployment_id')
    .select([
      'a.id',
      'a.task_id',
      'a.org_id',
      'a.region_id',
      'a.assigner_org_id',
      'a.assigned_on',
      'a.deadline',
      'a.target_value',
      'a.state',
      'a.figure',
      'a.progress',
      'a.is_overdue',
      'a.is_lagging',
      'a.is_due',
      'a.batch_id',
      'a.done_on',
      'a.last_entry_at',
      't.title as task_title',
      't.org_id as task_org_id',
      't.progress_mode',
      't.figure_source',
      't.target_value as task_target',
      't.target_unit',
      't.share_threshold',
      't.deployment_id',
      'd.title as deployment_title',
      't.parent_assignment_id',
      'r.name as org_name',
      sql<string>`r.path::text`.as('org_path'),
      sql<string | null>`(select rp.name from org rp where rp.id = r.parent_id)`.as('org_parent_name'),
      'g.name as assigner_name',
      sql<string>`g.path::text`.as('assigner_path'),
      sql<number | null>`(select st.id from task st where st.parent_assignment_id = a.id)`.as('sub_task_id'),
    ]);
  if (scope) q = q.where((eb) => eb.or([orgInScope(sql.ref('r.path'), scope), orgInScope(sql.ref('g.path'), scope)]));
  return q;
}

/** One assignment, built once per shape of scope (none, a member's own organisation, a subtree). */
const assignmentById = builtOnce((db, id: number) => selectAssignments(db, null).where('a.id', '=', id));
const assignmentInScopeById = builtOncePerScope((db, scope, id: number) =>
  selectAssignments(db, scope).where('a.id', '=', id),
);

/** One assignment; with a scope, only if its receiver or its assigner is inside it. */
export function findAssignment(db: Q, scope: Scope | null, id: number): Promise<AssignmentRow | undefined> {
  return firstOf(db, scope ? assignmentInScopeById(db, scope, id) : assignmentById(db, id));
}

const lockedById = builtOnce((db, id: number) => selectAssignments(db, null).where('a.id', '=', id).forUpdate('a'));

/**
 * Locks an assignment for the rest of the transaction and reads it as it is then, in one statement (a write reads it
 * again under the lock: its state may have changed since the checks before the transaction).
 */
export function lockAndFindAssignment(trx: Transaction<DB>, id: number): Promise<AssignmentRow | undefined> {
  return firstOf(trx, lockedById(trx, id));
}

export type AssignmentListFilter = {
  org: { id: number; path: string };
  /** Only what the organisation itself received, or its whole subtree's. */
  own: boolean;
  taskId?: number | undefined;
  deploymentId?: number | undefined;
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  displayStates?: readonly DisplayState[] | undefined;
  sort: 'deadline' | 'assignedOn' | 'org';
};

/** One page of the assignments received in an organisation's subtree (or by itself), and the total. */
export async function listAssignmentsPage(
  db: Q,
  scope: Scope,
  f: AssignmentListFilter,
  page: PageAt,
): Promise<{ rows: AssignmentRow[]; total: number; next: unknown[] | null }> {
  let q = selectAssignments(db, scope);
  // The subtree's work: received in it, or assigned by it (to a receiver that has since moved out).
  q = f.own
    ? q.where('a.org_id', '=', f.org.id)
    : q.where(
        // Each side of the OR through its own index (the subtree's organisations by path, then their assignments as
        // receiver or as assigner); an OR of the joined paths would read every assignment.
        sql<boolean>`a.id in (
          select x.id from assignment x join org xo on xo.id = x.org_id where xo.path <@ ${f.org.path}::ltree
          union
          select y.id from assignment y join org yo on yo.id = y.assigner_org_id where yo.path <@ ${f.org.path}::ltree)`,
      );
  if (f.taskId) q = q.where('a.task_id', '=', f.taskId);
  if (f.deploymentId) q = q.where('t.deployment_id', '=', f.deploymentId);
  if (f.deadlineFrom) q = q.where('a.deadline', '>=', f.deadlineFrom);
  if (f.deadlineTo) q = q.where('a.deadline', '<=', f.deadlineTo);
  const states = f.displayStates;
  if (states?.length) {
    // overdue and lagging are kept flags; any other shown state is the stored state without either flag.
    q = q.where((eb) =>
      eb.or(
        states.map((s) =>
          s === 'overdue'
            ? eb('a.is_overdue', '=', true)
            : s === 'lagging'
              ? eb('a.is_lagging', '=', true)
              : eb.and([eb('a.state', '=', s), eb('a.is_overdue', '=', false), eb('a.is_lagging', '=', false)]),
        ),
      ),
    );
  }
  const keys = assignmentKeys(f.sort);
  const [rows, count] = await Promise.all([
    withPage(q, keys, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, keys.length), total: count.n };
}

/** The list's order as keys: by receiver in the tree, newest assignment first, or by deadline (none last); then id. */
export function assignmentKeys(sort: AssignmentListFilter['sort']): SortKey[] {
  const id: SortKey = { expr: sql`a.id` };
  if (sort === 'org') return [{ expr: sql`r.path` }, id];
  if (sort === 'assignedOn') return [{ expr: sql`a.assigned_on`, desc: true }, id];
  return [{ expr: sql`coalesce(a.deadline, '9999-12-31'::date)` }, id];
}

/** What one organisation itself received and has not had withdrawn, by deadline (the week view). */
export function listReceivedBy(db: Q, scope: Scope, orgId: number, limit: number): Promise<AssignmentRow[]> {
  return selectAssignments(db, scope)
    .where('a.org_id', '=', orgId)
    .where('a.state', '<>', 'cancelled')
    .orderBy(sql`a.deadline nulls last`)
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** Receivers picked by rule: every active organisation of the given types (and fields) under a node, in scope. */
export async function listOrgIdsByRule(
  db: Q,
  scope: Scope,
  under: { id: number; path: string },
  rule: { types: readonly OrgType[]; fields?: readonly string[] | undefined },
): Promise<number[]> {
  let q = db
    .selectFrom('org as o')
    .select('o.id')
    .where(sql<boolean>`o.path <@ ${under.path}::ltree`)
    .where('o.id', '<>', under.id)
    .where('o.status', '=', 'active')
    .where('o.type', 'in', [...rule.types])
    .where(orgInScope(sql.ref('o.path'), scope));
  if (rule.fields?.length) q = q.where('o.field', 'in', [...rule.fields]);
  return (await q.orderBy(sql`o.path`).execute()).map((r) => r.id);
}

/** The picked receivers that exist inside the scope, with what assigning to them needs. */
export function listReceivers(db: Q, scope: Scope, ids: readonly number[]) {
  return db
    .selectFrom('org as o')
    .select([
      'o.id',
      'o.name',
      'o.region_id',
      'o.status',
      sql<string>`o.path::text`.as('path'),
      sql<string | null>`(select p.name from org p where p.id = o.parent_id)`.as('parent_name'),
    ])
    .where('o.id', 'in', [...ids])
    .where(orgInScope(sql.ref('o.path'), scope))
    .execute();
}

/** The organisations that hold the task now (a withdrawn assignment does not count: it can be assigned again). */
export async function listAssignedOrgIds(db: Q, taskId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('assignment')
    .select('org_id')
    .where('task_id', '=', taskId)
    .where('state', '<>', 'cancelled')
    .execute();
  return new Set(rows.map((r) => r.org_id));
}

/** The task's withdrawn assignments, by organisation: assigning to one of them again revives it. */
export async function listWithdrawnOfTask(trx: Transaction<DB>, taskId: number) {
  const rows = await trx
    .selectFrom('assignment as a')
    .select([
      'a.id',
      'a.org_id',
      'a.figure',
      sql<number>`(select count(*)::int from ledger_entry l where l.assignment_id = a.id)`.as('ledger_entries'),
    ])
    .where('a.task_id', '=', taskId)
    .where('a.state', '=', 'cancelled')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.org_id, r]));
}

/** Assigns a withdrawn assignment again (its ledger and history stay). */
export async function reviveAssignment(
  trx: Transaction<DB>,
  id: number,
  set: Pick<
    Insertable<AssignmentTable>,
    | 'state'
    | 'batch_id'
    | 'region_id'
    | 'assigned_on'
    | 'deadline'
    | 'target_value'
    | 'progress'
    | 'is_overdue'
    | 'is_lagging'
    | 'is_due'
    | 'updated_at'
  >,
): Promise<void> {
  await trx
    .updateTable('assignment')
    .set({ ...set, done_on: null, submitted_on: null })
    .where('id', '=', id)
    .execute();
}

export function insertAssignments(trx: Transaction<DB>, rows: readonly Insertable<AssignmentTable>[]) {
  return trx
    .insertInto('assignment')
    .values([...rows])
    .returning(['id', 'org_id', 'region_id'])
    .execute();
}

export async function insertAssignmentEvents(
  trx: Transaction<DB>,
  rows: readonly Insertable<AssignmentEventTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('assignment_event')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export async function updateAssignmentState(
  trx: Transaction<DB>,
  id: number,
  set: Pick<Insertable<AssignmentTable>, 'state' | 'done_on' | 'submitted_on' | 'updated_at'>,
): Promise<void> {
  await trx.updateTable('assignment').set(set).where('id', '=', id).execute();
}

/** Withdraws many assignments at once (a batch withdrawal; the caller checked each may be cancelled). */
export async function cancelAssignments(trx: Transaction<DB>, ids: readonly number[], at: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000) {
    await trx
      .updateTable('assignment')
      .set({ state: 'cancelled', done_on: null, updated_at: at })
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
  }
}

const assignmentEvents = builtOnce((db, assignmentId: number) =>
  db
    .selectFrom('assignment_event')
    .select(['at', 'actor_name', 'event', 'from_state', 'to_state', 'reason'])
    .where('assignment_id', '=', assignmentId)
    .orderBy('id'),
);

export function listAssignmentEvents(db: Q, assignmentId: number) {
  return rowsOf(db, assignmentEvents(db, assignmentId));
}

export type LedgerRow = Omit<Selectable<LedgerEntryTable>, 'region_id' | 'created_by'>;

const ledgerOf = builtOnce((db, assignmentId: number) =>
  db
    .selectFrom('ledger_entry')
    .select(['id', 'assignment_id', 'entry_date', 'text', 'figure', 'corrects_id', 'created_by_name', 'created_at'])
    .where('assignment_id', '=', assignmentId)
    .orderBy('entry_date', 'desc')
    .orderBy('id', 'desc'),
);

export function listLedger(db: Q, assignmentId: number): Promise<LedgerRow[]> {
  return rowsOf(db, ledgerOf(db, assignmentId));
}

const evidenceOfEntries = builtOnce((db, entryIds: number[]) =>
  db
    .selectFrom('evidence_file')
    .select(['id', 'ledger_entry_id', 'filename', 'mime', 'size_bytes'])
    .where(sql<boolean>`ledger_entry_id = any(${entryIds}::int[])`)
    .orderBy('id'),
);

export function listEvidenceOfEntries(db: Q, entryIds: readonly number[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return rowsOf(db, evidenceOfEntries(db, [...entryIds]));
}

/** The assignment a ledger entry belongs to (a correction must stay within one assignment). */
export function findLedgerEntryOwner(db: Q, entryId: number) {
  return db.selectFrom('ledger_entry').select(['id', 'assignment_id']).where('id', '=', entryId).executeTakeFirst();
}

const LEDGER_COLUMNS = [
  'assignment_id',
  'region_id',
  'entry_date',
  'text',
  'figure',
  'corrects_id',
  'created_by',
  'created_by_name',
  'created_at',
] as const satisfies readonly (keyof LedgerEntryTable)[];
/** Every column but the id, or never: a column added to the table and not to the list fails the type check. */
type LedgerEntryValues = Required<Omit<Insertable<LedgerEntryTable>, 'id'>> &
  (Exclude<keyof LedgerEntryTable, 'id' | (typeof LEDGER_COLUMNS)[number]> extends never ? unknown : never);

const ledgerInsert = builtOnce((db, ...values: LedgerEntryValues[keyof LedgerEntryValues][]) =>
  db
    .insertInto('ledger_entry')
    .values(Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c, values[i]])) as unknown as LedgerEntryValues)
    .returning('id'),
);

export async function insertLedgerEntry(trx: Transaction<DB>, values: LedgerEntryValues): Promise<number> {
  const row = await firstOf(trx, ledgerInsert(trx, ...LEDGER_COLUMNS.map((c) => values[c])));
  if (!row) throw new Error('the ledger entry was not inserted');
  return row.id;
}

export async function insertEvidenceFile(trx: Transaction<DB>, values: Insertable<EvidenceFileTable>): Promise<void> {
  await trx.insertInto('evidence_file').values(values).execute();
}

/** Which of these storage keys an evidence file refers to (an object none refers to is an orphan). */
export async function findReferencedStorageKeys(db: Q, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('evidence_file')
    .select('storage_key')
    .distinct()
    .where('storage_key', 'in', [...keys])
    .execute();
  return new Set(rows.map((r) => r.storage_key));
}

/**
 * An evidence file with the assignment its ledger entry belongs to, or the problem its step belongs to (the caller's
 * access is checked on that).
 */
export function findEvidenceFile(db: Q, fileId: number) {
  return db
    .selectFrom('evidence_file as f')
    .leftJoin('ledger_entry as l', 'l.id', 'f.ledger_entry_id')
    .leftJoin('problem_event as e', 'e.id', 'f.problem_event_id')
    .select(['f.storage_key', 'f.filename', 'f.mime', 'l.assignment_id', 'e.problem_id'])
    .where('f.id', '=', fileId)
    .executeTakeFirst();
}

/** Open assignments with a deadline after `afterId`, in id order: the deadline sweep's batches. */
export function listOpenWithDeadline(db: Q, afterId: number, limit: number) {
  return db
    .selectFrom('assignment as a')
    .innerJoin('task as t', 't.id', 'a.task_id')
    .innerJoin('org as g', 'g.id', 'a.assigner_org_id')
    .select([
      'a.id',
      'a.task_id',
      'a.org_id',
      'a.assigner_org_id',
      'a.state',
      'a.assigned_on',
      'a.deadline',
      'a.progress',
      'a.is_overdue',
      'a.is_lagging',
      'a.is_due',
      't.title',
      'g.name as assigner_name',
    ])
    .where('a.id', '>', afterId)
    .where('a.state', 'not in', ['done', 'cancelled'])
    .where('a.deadline', 'is not', null)
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** Sets the overdue, lagging and due flags of many assignments in one statement (PGlite: one statement holds the loop). */
export async function updateFlags(
  trx: Transaction<DB>,
  flips: readonly { id: number; overdue: boolean; lagging: boolean; due: boolean }[],
): Promise<void> {
  if (flips.length === 0) return;
  const rows = sql.join(
    flips.map((f) => sql`(${f.id}::int, ${f.overdue}::boolean, ${f.lagging}::boolean, ${f.due}::boolean)`),
  );
  await sql`update assignment a set is_overdue = v.o, is_lagging = v.l, is_due = v.d
    from (values ${rows}) as v(id, o, l, d) where a.id = v.id`.execute(trx);
}

export async function insertBatch(trx: Transaction<DB>, values: Insertable<AssignmentBatchTable>): Promise<number> {
  const row = await trx.insertInto('assignment_batch').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function setBatchSize(trx: Transaction<DB>, batchId: number, size: number): Promise<void> {
  await trx.updateTable('assignment_batch').set({ size }).where('id', '=', batchId).execute();
}

/** The batches of a task, newest first, with how many of each are still open and how many have started. */
export function listBatchesOfTask(db: Q, taskId: number) {
  return db
    .selectFrom('assignment_batch as b')
    .select([
      'b.id',
      'b.created_at',
      'b.created_by_name',
      'b.rule',
      'b.size',
      'b.withdrawn_at',
      'b.withdrawn_by_name',
      'b.withdraw_reason',
      sql<number>`(select count(*)::int from assignment x where x.batch_id = b.id and x.state <> 'cancelled')`.as(
        'open',
      ),
      sql<number>`(select count(*)::int from assignment x where x.batch_id = b.id and x.state <> 'cancelled'
        and (x.state <> 'not_started' or exists (select 1 from ledger_entry l where l.assignment_id = x.id)))`.as(
        'started',
      ),
    ])
    .where('b.task_id', '=', taskId)
    .orderBy('b.id', 'desc')
    .execute();
}

export function findBatch(db: Q, batchId: number) {
  return db
    .selectFrom('assignment_batch')
    .select(['id', 'task_id', 'assigner_org_id', 'size', 'withdrawn_at'])
    .where('id', '=', batchId)
    .executeTakeFirst();
}

/** A batch's members with their ledger counts (locked: the withdrawal decides on them). */
export async function lockBatchMembers(trx: Transaction<DB>, batchId: number) {
  const { rows } = await sql<{ id: number; org_id: number; state: AssignmentRow['state']; ledger_entries: number }>`
    select a.id, a.org_id, a.state, (select count(*)::int from ledger_entry l where l.assignment_id = a.id) as ledger_entries
    from assignment a where a.batch_id = ${batchId} order by a.id for update of a`.execute(trx);
  return rows;
}

export async function markBatchWithdrawn(
  trx: Transaction<DB>,
  batchId: number,
  by: { at: Date; name: string; reason: string },
): Promise<void> {
  await trx
    .updateTable('assignment_batch')
    .set({ withdrawn_at: by.at, withdrawn_by_name: by.name, withdraw_reason: by.reason })
    .where('id', '=', batchId)
    .execute();
}

export async function insertDemands(trx: Transaction<DB>, rows: readonly Insertable<OrgDemandTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('org_demand')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** Open assignments of a task that are overdue or lagging and visible to the scope (a chase of every late receiver). */
export function listLateOfTask(db: Q, scope: Scope, taskId: number): Promise<AssignmentRow[]> {
  return selectAssignments(db, scope)
    .where('a.task_id', '=', taskId)
    .where('a.state', 'in', ['not_started', 'in_progress'])
    .where((eb) => eb.or([eb('a.is_overdue', '=', true), eb('a.is_lagging', '=', true)]))
    .orderBy('a.id')
    .execute();
}

/** Which of these assignments were already chased since the moment (one 催办 a day per assignment). */
export async function listChasedSince(db: Q, assignmentIds: readonly number[], since: Date): Promise<Set<number>> {
  if (assignmentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('org_demand')
    .select('assignment_id')
    .where('kind', '=', 'chase')
    .where('assignment_id', 'in', [...assignmentIds])
    .where('at', '>=', since)
    .execute();
  return new Set(rows.map((r) => r.assignment_id!));
}
