import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { DevelopmentCaseState, DevelopmentStage } from '../../../domain/people/development-steps.ts';
import type { MemberStatus } from '../../../domain/people/vocab.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { DB, DevelopmentCaseTable, DevelopmentStepTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Development cases of people whose organisation (their current one) lies inside the scope, with the person's name,
 * status and birth date, and the organisation's name.
 */
function selectCases(db: Q, scope: Scope | null) {
  return db
    .selectFrom('development_case as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .selectAll('c')
    .select([
      'p.name as person_name',
      'p.status as person_status',
      'p.birth_date',
      'p.org_id as person_org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
    ])
    .$if(scope !== null, (q) => q.where(orgInScope(sql.ref('o.path'), scope!)));
}

export type DevelopmentCaseRow = Awaited<ReturnType<ReturnType<typeof selectCases>['executeTakeFirstOrThrow']>>;

/** A case inside the scope (null scope: any, for a row the caller already holds and has locked). */
export function findDevelopmentCase(db: Q, scope: Scope | null, id: number): Promise<DevelopmentCaseRow | undefined> {
  return selectCases(db, scope).where('c.id', '=', id).executeTakeFirst();
}

/** The cases' order: the most recently moved first, then the newest. */
export const CASE_KEYS: SortKey[] = [
  { expr: sql`c.last_on`, desc: true, read: sql`c.last_on::text` },
  { expr: sql`c.id`, desc: true },
];

/** One page of the cases of a subtree, the most recently moved first, and the total. */
export async function listDevelopmentCases(
  db: Q,
  scope: Scope,
  f: {
    orgPath: string;
    stage?: DevelopmentStage | undefined;
    state?: DevelopmentCaseState | undefined;
    personId?: number | undefined;
  },
  page: PageAt,
): Promise<{ rows: DevelopmentCaseRow[]; total: number; next: unknown[] | null }> {
  let q = selectCases(db, scope).where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`);
  if (f.stage) q = q.where('c.stage', '=', f.stage);
  if (f.state) q = q.where('c.state', '=', f.state);
  if (f.personId) q = q.where('c.person_id', '=', f.personId);
  const [rows, count] = await Promise.all([
    withPage(q, CASE_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, CASE_KEYS.length), total: count.n };
}

/** The open cases of a subtree (at most `limit`, the longest unmoved first) and the count per stage of all of them. */
export async function listOpenCasesOfSubtree(
  db: Q,
  scope: Scope,
  orgPath: string,
  limit: number,
): Promise<{ rows: DevelopmentCaseRow[]; counts: { stage: DevelopmentStage; n: number }[] }> {
  const q = selectCases(db, scope).where(sql<boolean>`o.path <@ ${orgPath}::ltree`).where('c.state', '=', 'open');
  const [rows, counts] = await Promise.all([
    q.orderBy('c.last_on').orderBy('c.id').limit(limit).execute(),
    q
      .clearSelect()
      .select(['c.stage', sql<number>`count(*)::int`.as('n')])
      .groupBy('c.stage')
      .execute(),
  ]);
  return { rows, counts };
}

/** A person inside the scope, as a case needs them. */
export function findPersonForCase(db: Q, scope: Scope, personId: number) {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.name', 'p.status', 'p.birth_date', 'p.org_id', 'p.region_id', 'o.status as org_status'])
    .where('p.id', '=', personId)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

/** The person's open case, if any. */
export function findOpenCaseIdOfPerson(db: Q, personId: number): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('development_case')
    .select('id')
    .where('person_id', '=', personId)
    .where('state', '=', 'open')
    .executeTakeFirst();
}

export async function insertDevelopmentCase(
  trx: Transaction<DB>,
  values: Insertable<DevelopmentCaseTable>,
): Promise<number> {
  const row = await trx.insertInto('development_case').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDevelopmentCase(
  trx: Transaction<DB>,
  id: number,
  set: Updateable<DevelopmentCaseTable>,
): Promise<void> {
  await trx.updateTable('development_case').set(set).where('id', '=', id).execute();
}

/** Holds the case's row until the transaction ends: its steps are recorded one at a time. */
export async function lockDevelopmentCase(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.selectFrom('development_case').select('id').where('id', '=', id).forUpdate().execute();
}

/** One step, appended. */
export async function insertDevelopmentStep(
  trx: Transaction<DB>,
  values: Insertable<DevelopmentStepTable>,
): Promise<void> {
  await trx.insertInto('development_step').values(values).execute();
}

/** The case's steps, in the order recorded, with the name of the organisation above that decided (if any). */
export function listDevelopmentSteps(db: Q, caseId: number) {
  return db
    .selectFrom('development_step as s')
    .leftJoin('org as d', 'd.id', 's.decider_org_id')
    .selectAll('s')
    .select('d.name as decider_org_name')
    .where('s.case_id', '=', caseId)
    .orderBy('s.seq')
    .execute();
}

/**
 * A branch and the organisations above it (from the root down) with what the approver rules read of them. A
 * branch's own line of organisations above is no secret to it, so this is not limited to the caller's scope.
 */
export function listOrgLine(db: Q, path: string) {
  return db
    .selectFrom('org as o')
    .select([
      'o.id',
      'o.name',
      sql<string>`o.path::text`.as('path'),
      'o.type',
      'o.status',
      'o.approval_authority',
      'o.temporary',
      'o.unit_level',
    ])
    .where(sql<boolean>`o.path @> ${path}::ltree`)
    .orderBy(sql`nlevel(o.path)`)
    .execute();
}

/** The person's status and dates as the case sets them (the only writer of a status behind an open case). */
export async function updatePersonFromCase(
  trx: Transaction<DB>,
  personId: number,
  set: {
    status: MemberStatus;
    applied_on?: string | null;
    join_date?: string | null;
    full_date?: string | null;
    updated_at: Date;
  },
): Promise<void> {
  await trx.updateTable('person').set(set).where('id', '=', personId).execute();
}

/** Which of these people have an open case. */
export async function listPeopleWithOpenCase(db: Q, personIds: readonly number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('development_case')
    .select('person_id')
    .where('person_id', 'in', personIds)
    .where('state', '=', 'open')
    .execute();
  return rows.map((r) => r.person_id);
}
