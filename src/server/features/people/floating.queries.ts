import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { DB, FloatingContactTable, FloatingRecordTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Floating members (area people): their SQL. */

export async function insertFloating(trx: Transaction<DB>, row: Insertable<FloatingRecordTable>): Promise<number> {
  const r = await trx.insertInto('floating_record').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertFloatingContact(
  trx: Transaction<DB>,
  row: Insertable<FloatingContactTable>,
): Promise<void> {
  await trx.insertInto('floating_contact').values(row).execute();
}

export async function closeFloating(trx: Transaction<DB>, id: number, returnedOn: string, note: string): Promise<void> {
  await trx
    .updateTable('floating_record')
    .set({ returned_on: returnedOn, note })
    .where('id', '=', id)
    .where('returned_on', 'is', null)
    .execute();
}

export async function setPersonFloating(trx: Transaction<DB>, personId: number, floating: boolean, now: Date) {
  await trx.updateTable('person').set({ is_floating: floating, updated_at: now }).where('id', '=', personId).execute();
}

function selectFloating(db: Q) {
  return db
    .selectFrom('floating_record as f')
    .innerJoin('person as p', 'p.id', 'f.person_id')
    .innerJoin('org as h', 'h.id', 'f.home_org_id')
    .leftJoin('org as m', 'm.id', 'f.managing_org_id')
    .selectAll('f')
    .select([
      'p.name as person_name',
      'h.name as home_name',
      sql<string>`h.path::text`.as('home_path'),
      'm.name as managing_name',
      sql<string | null>`m.path::text`.as('managing_path'),
      sql<string | null>`(select max(c.contacted_on)::text from floating_contact c where c.record_id = f.id)`.as(
        'last_contact_on',
      ),
    ]);
}

export type FloatingRow = NonNullable<Awaited<ReturnType<typeof findFloatingInScope>>>;

/** A record whose home branch or managing organisation is in the scope. */
export function findFloatingInScope(db: Q, scope: Scope, id: number) {
  return selectFloating(db)
    .where('f.id', '=', id)
    .where((eb) => eb.or([orgInScope(sql.ref('h.path'), scope), orgInScope(sql.ref('m.path'), scope)]))
    .executeTakeFirst();
}

/** Records of members of a subtree, or managed by it; open first, then by leaving day. */
export function listFloatingOfSubtree(db: Q, path: string, openOnly: boolean, limit: number) {
  let q = selectFloating(db).where((eb) =>
    eb.or([sql<boolean>`h.path <@ ${path}::ltree`, sql<boolean>`m.path <@ ${path}::ltree`]),
  );
  if (openOnly) q = q.where('f.returned_on', 'is', null);
  return q.orderBy(sql`f.returned_on is null`, 'desc').orderBy('f.left_on').orderBy('f.id').limit(limit).execute();
}

export function listFloatingContacts(db: Q, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('floating_contact')
    .selectAll()
    .where('record_id', 'in', [...ids])
    .orderBy('contacted_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
