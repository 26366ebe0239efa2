import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { DB, EvidenceFileTable, VillageDecisionStepTable, VillageDecisionTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * 四议两公开 (area village): decision cases of village- and community-level organisations, their steps (append-only; a
 * correction names the row it replaces) and the steps' evidence files.
 */

function selectCases(db: Q) {
  return db
    .selectFrom('village_decision as d')
    .innerJoin('org as o', 'o.id', 'd.org_id')
    .select([
      'd.id',
      'd.org_id',
      'd.region_id',
      'd.kind',
      'd.matter',
      'd.note',
      'd.opened_on',
      'd.actor_name',
      'd.created_at',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
    ]);
}
export type VillageCaseRow = Awaited<ReturnType<ReturnType<typeof selectCases>['executeTakeFirstOrThrow']>>;

/** A case whose village lies inside the scope. */
export function findCase(db: Q, scope: Scope, id: number): Promise<VillageCaseRow | undefined> {
  return selectCases(db)
    .where('d.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

/** The cases of a subtree (its root included) inside the scope, opened in a year or in any; newest first. */
export function listCasesOfSubtree(
  db: Q,
  scope: Scope,
  rootPath: string,
  year: number | undefined,
): Promise<VillageCaseRow[]> {
  return selectCases(db)
    .where(sql<boolean>`o.path <@ ${rootPath}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .$if(year !== undefined, (q) =>
      q.where('d.opened_on', '>=', `${year}-01-01`).where('d.opened_on', '<=', `${year}-12-31`),
    )
    .orderBy('d.opened_on', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
}

/** Every case of these villages (the assessment's reads: the organisations are the round's, checked there). */
export function listCasesOfOrgs(db: Q, orgIds: readonly number[]): Promise<VillageCaseRow[]> {
  if (orgIds.length === 0) return Promise.resolve([]);
  return selectCases(db)
    .where('d.org_id', 'in', [...orgIds])
    .orderBy('d.id')
    .execute();
}

/** Every step row of these cases (corrected ones too), in the order written. */
export function listStepRows(db: Q, caseIds: readonly number[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('village_decision_step')
    .selectAll()
    .where('decision_id', 'in', [...caseIds])
    .orderBy('decision_id')
    .orderBy('id')
    .execute();
}
export type VillageStepRow = Awaited<ReturnType<typeof listStepRows>>[number];

export async function insertCase(trx: Q, row: Insertable<VillageDecisionTable>): Promise<number> {
  const r = await trx.insertInto('village_decision').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertStep(trx: Q, row: Insertable<VillageDecisionStepTable>): Promise<number> {
  const r = await trx.insertInto('village_decision_step').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Locks a case for the rest of the transaction: its steps are judged and written one writer at a time. */
export async function lockCase(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.selectFrom('village_decision').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertStepEvidence(trx: Q, values: readonly Insertable<EvidenceFileTable>[]): Promise<void> {
  if (values.length > 0)
    await trx
      .insertInto('evidence_file')
      .values([...values])
      .execute();
}

/** The evidence files of these step rows, in the order stored. */
export function listStepEvidence(db: Q, stepIds: readonly number[]) {
  if (stepIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_file')
    .select(['id', 'village_step_id', 'filename', 'mime', 'size_bytes', 'storage_key'])
    .where('village_step_id', 'in', [...stepIds])
    .orderBy('id')
    .execute();
}

/**
 * The village's secretary on a day (position 书记 held that day; `ended_on` the last day held) and the post they hold
 * in the village committee as recorded on the person: what 一肩挑 reads.
 */
export function findSecretaryOn(db: Q, orgId: number, day: string) {
  return db
    .selectFrom('org_position as x')
    .innerJoin('person as p', 'p.id', 'x.person_id')
    .select(['p.id', 'p.name', 'p.village_committee_post'])
    .where('x.org_id', '=', orgId)
    .where('x.title', '=', 'secretary')
    .where('x.started_on', '<=', day)
    .where((eb) => eb.or([eb('x.ended_on', 'is', null), eb('x.ended_on', '>=', day)]))
    .orderBy('x.started_on', 'desc')
    .orderBy('x.id', 'desc')
    .executeTakeFirst();
}

/** Full and probationary members of the village's subtree (the default 应到 of its members' meeting). */
export async function countMembersOf(db: Q, orgPath: string): Promise<number> {
  const r = await db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .where('p.status', 'in', ['full', 'probationary'])
    .executeTakeFirstOrThrow();
  return r.n;
}
