import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AuditLogTable, DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

// The advisory lock that serialises appends, so that two writers never link to the same previous row.
const CHAIN_LOCK = 7_305_150_002;

/** Holds the chain lock until the transaction ends. */
export async function lockAuditChain(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
}

export async function findLastAuditHash(db: Q): Promise<string | undefined> {
  const last = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last?.hash;
}

/** The newest row of the chain (its head), or undefined for an empty log. */
export function findAuditHead(
  db: Q,
): Promise<Pick<Selectable<AuditLogTable>, 'id' | 'hash' | 'at' | 'keyed'> | undefined> {
  return db
    .selectFrom('audit_log')
    .select(['id', 'hash', 'at', 'keyed'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Takes the next id from the table's sequence: the id is part of the hashed row, so it is known before the insert. */
export async function nextAuditId(db: Q): Promise<string> {
  const { rows } = await sql<{
    id: string;
  }>`select nextval(pg_get_serial_sequence('audit_log', 'id'))::text as id`.execute(db);
  return rows[0]!.id;
}

export async function insertAuditRow(db: Q, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/** Up to `limit` rows after `afterId`, in id order (the chain is walked in batches). */
export function listAuditRowsAfter(db: Q, afterId: string, limit: number): Promise<Selectable<AuditLogTable>[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where(sql<boolean>`id > ${afterId}::bigint`)
    .orderBy('id')
    .limit(limit)
    .execute();
}
