import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { InstructionState, InstructionTargetKind } from '../../../domain/supervise/instruction.ts';
import { builtOncePerScope, orgInScope, type ScopeShape } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { rowsOf } from '../../db/built-once.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { DB, InstructionFollowupTable, InstructionTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Instructions whose organisation that must follow up lies inside the scope (the giving organisation stands at or
 * above it, so its accounts see them too), with both organisations and the title of what they are on.
 */
function selectInstructions(db: Q, scope: Scope | null) {
  return db
    .selectFrom('instruction as i')
    .innerJoin('org as o', 'o.id', 'i.org_id')
    .innerJoin('org as g', 'g.id', 'i.giver_org_id')
    .leftJoin('problem as p', 'p.id', 'i.problem_id')
    .leftJoin('supervision_finding as f', 'f.id', 'i.finding_id')
    .leftJoin('task as t', 't.id', 'i.task_id')
    .select([
      'i.id',
      'i.target_kind',
      'i.problem_id',
      'i.finding_id',
      'i.task_id',
      'i.giver_org_id',
      'g.name as giver_name',
      sql<string>`g.path::text`.as('giver_path'),
      'i.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'i.leader_name',
      'i.given_on',
      'i.text',
      'i.asks',
      'i.reply_due',
      'i.state',
      'i.replied_on',
      'i.closed_on',
      'i.actor_name',
      'i.created_at',
      sql<string>`coalesce(p.title, f.text, t.title, '')`.as('target_title'),
    ])
    .$if(scope !== null, (q) => q.where(orgInScope(sql.ref('o.path'), scope!)));
}

export type InstructionRow = Awaited<ReturnType<ReturnType<typeof selectInstructions>['executeTakeFirstOrThrow']>>;

/** Open first, then replied, then closed; within each, the earliest reply day first (overdue first); newest last. */
export const INSTRUCTION_KEYS: SortKey[] = [
  { expr: sql`(case i.state when 'open' then 0 when 'replied' then 1 else 2 end)` },
  { expr: sql`coalesce(i.reply_due, date '2100-12-31')`, read: sql`coalesce(i.reply_due, date '2100-12-31')::text` },
  { expr: sql`i.id`, desc: true },
];

/** One page of the instructions of a subtree (and the filters), open and overdue first, and the total. */
export async function listInstructionsPage(
  db: Q,
  scope: Scope,
  f: {
    orgPath: string;
    giverOrgId?: number | undefined;
    state?: InstructionState | undefined;
    overdueOn?: string | undefined;
    problemId?: number | undefined;
    findingId?: number | undefined;
    taskId?: number | undefined;
  },
  page: PageAt,
): Promise<{ rows: InstructionRow[]; total: number; next: unknown[] | null }> {
  let q = selectInstructions(db, scope).where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`);
  if (f.giverOrgId) q = q.where('i.giver_org_id', '=', f.giverOrgId);
  if (f.state) q = q.where('i.state', '=', f.state);
  if (f.overdueOn) q = q.where('i.state', '=', 'open').where('i.reply_due', '<', f.overdueOn);
  if (f.problemId) q = q.where('i.problem_id', '=', f.problemId);
  if (f.findingId) q = q.where('i.finding_id', '=', f.findingId);
  if (f.taskId) q = q.where('i.task_id', '=', f.taskId);
  const [rows, count] = await Promise.all([
    withPage(q, INSTRUCTION_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, INSTRUCTION_KEYS.length), total: count.n };
}

/**
 * How many instructions not yet closed (落实中, 已回复) each of the problems, findings or tasks has, counting those
 * the scope sees (as the list does); an id without any is absent.
 */
export async function countOpenInstructions(
  db: Q,
  scope: Scope,
  kind: InstructionTargetKind,
  ids: readonly number[],
): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  if (ids.length === 1) {
    // One target (a task's, a problem's or a finding's own page): the statement is built once per kind and scope.
    const rows = await rowsOf(db, openOfOne[kind](db, scope, ids[0]!));
    return new Map(rows.map((r) => [Number(r.target_id), r.n]));
  }
  const rows = await openOf(db, kind, scope)
    .where(colOf(kind), 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [Number(r.target_id), r.n]));
}

const colOf = (kind: InstructionTargetKind) =>
  kind === 'problem' ? 'i.problem_id' : kind === 'finding' ? 'i.finding_id' : 'i.task_id';

/** Open instructions inside the scope, counted per target (the caller adds which targets). */
function openOf(db: Q, kind: InstructionTargetKind, scope: ScopeShape) {
  const col = colOf(kind);
  return db
    .selectFrom('instruction as i')
    .innerJoin('org as o', 'o.id', 'i.org_id')
    .select((eb) => [eb.ref(col).as('target_id'), sql<number>`count(*)::int`.as('n')])
    .where('i.state', '!=', 'closed')
    .where(orgInScope(sql.ref('o.path'), scope))
    .groupBy(col);
}

/** The count of one target's open instructions, built once per kind and shape of scope. */
const openOfOneBuilt = (kind: InstructionTargetKind) =>
  builtOncePerScope((db, scope, id: number) => openOf(db, kind, scope).where(colOf(kind), '=', id));
const openOfOne = {
  problem: openOfOneBuilt('problem'),
  finding: openOfOneBuilt('finding'),
  task: openOfOneBuilt('task'),
};

/** An instruction inside the scope (null: any, for a row the caller already holds and has locked). */
export function findInstruction(db: Q, scope: Scope | null, id: number): Promise<InstructionRow | undefined> {
  return selectInstructions(db, scope).where('i.id', '=', id).executeTakeFirst();
}

/**
 * What an instruction is on, inside the scope: its organisation (the problem's responsible organisation, the
 * finding's target, the task's own organisation) and its title.
 */
export async function findInstructionTarget(
  db: Q,
  scope: Scope,
  kind: InstructionTargetKind,
  id: number,
): Promise<{ org_id: number; org_name: string; org_path: string; region_id: number; title: string } | undefined> {
  const cols = ['o.name as org_name', sql<string>`o.path::text`.as('org_path'), 'o.region_id'] as const;
  if (kind === 'problem') {
    return db
      .selectFrom('problem as x')
      .innerJoin('org as o', 'o.id', 'x.org_id')
      .select([...cols, 'x.org_id', 'x.title'])
      .where('x.id', '=', id)
      .where(orgInScope(sql.ref('o.path'), scope))
      .executeTakeFirst();
  }
  if (kind === 'finding') {
    return db
      .selectFrom('supervision_finding as x')
      .innerJoin('org as o', 'o.id', 'x.org_id')
      .select([...cols, 'x.org_id', 'x.text as title'])
      .where('x.id', '=', id)
      .where(orgInScope(sql.ref('o.path'), scope))
      .executeTakeFirst();
  }
  return db
    .selectFrom('task as x')
    .innerJoin('org as o', 'o.id', 'x.org_id')
    .select([...cols, 'x.org_id', 'x.title'])
    .where('x.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

export async function insertInstruction(trx: Transaction<DB>, values: Insertable<InstructionTable>): Promise<number> {
  const row = await trx.insertInto('instruction').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateInstructionRow(
  trx: Transaction<DB>,
  id: number,
  set: Partial<Pick<Insertable<InstructionTable>, 'state' | 'replied_on' | 'closed_on' | 'updated_at'>>,
): Promise<void> {
  await trx.updateTable('instruction').set(set).where('id', '=', id).execute();
}

/** Holds the instruction's row until the transaction ends: its steps are taken one at a time. */
export async function lockInstruction(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.selectFrom('instruction').select('id').where('id', '=', id).forUpdate().execute();
}

/** One follow-up step, appended. */
export async function insertInstructionFollowup(
  trx: Transaction<DB>,
  values: Insertable<InstructionFollowupTable>,
): Promise<void> {
  await trx.insertInto('instruction_followup').values(values).execute();
}

/** The instruction's follow-up, oldest first. */
export function listInstructionFollowups(db: Q, instructionId: number) {
  return db
    .selectFrom('instruction_followup')
    .selectAll()
    .where('instruction_id', '=', instructionId)
    .orderBy('id')
    .execute();
}
