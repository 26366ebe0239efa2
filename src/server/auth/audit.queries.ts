import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { builtOnce } from '../db/built-once.ts';
import type { AuditLogTable, DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

// The advisory locks of the chain's lanes: lane n is held through key LANE_LOCK_BASE + n until the transaction ends,
// so that two writers never link to the same previous row of a lane. Lane 0 keeps the key of the single chain before.
const LANE_LOCK_BASE = 7_305_150_002;

/**
 * Takes the first lane of 0 … lanes-1 that no other transaction holds (without waiting), and holds it until the
 * transaction ends; when all are taken, waits for one drawn at random. A lock this transaction already holds is
 * free to it (advisory locks are re-entrant), so a writer alone always takes lane 0.
 */
export async function takeAuditLane(trx: Transaction<DB>, lanes: number): Promise<number> {
  const { rows } = await sql<{ lane: number }>`
    select g::int as lane from generate_series(0, ${lanes - 1}::int) g
    where pg_try_advisory_xact_lock(${LANE_LOCK_BASE}::bigint + g)
    limit 1`.execute(trx);
  if (rows[0]) return rows[0].lane;
  const lane = Math.floor(Math.random() * lanes);
  await lockAuditLane(trx, lane);
  return lane;
}

/** Holds lane `lane` until the transaction ends (waiting for it if another transaction holds it). */
export async function lockAuditLane(trx: Transaction<DB>, lane: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LANE_LOCK_BASE}::bigint + ${lane}::int)`.execute(trx);
}

/** The newest row of a lane (its head), or undefined for a lane with no row. */
export function findAuditHead(
  db: Q,
  lane: number,
): Promise<Pick<Selectable<AuditLogTable>, 'id' | 'hash' | 'at' | 'keyed'> | undefined> {
  return db
    .selectFrom('audit_log')
    .select(['id', 'hash', 'at', 'keyed'])
    .where('lane', '=', lane)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The hash of a lane's head and the next id from the table's sequence, in one round trip (the id is part of the
 * hashed row, so it is known before the insert). Run it in a statement after the one that took the lane's lock: a
 * statement's snapshot is taken when it starts, so a read in the statement that waited for the lock could miss the
 * row of the writer it waited for.
 */
export async function findLaneHeadAndNextId(db: Q, lane: number): Promise<{ prevHash: string | null; id: string }> {
  const { rows } = await sql<{ prev: string | null; id: string }>`
    select (select hash from audit_log where lane = ${lane} order by id desc limit 1) as prev,
      nextval(pg_get_serial_sequence('audit_log', 'id'))::text as id`.execute(db);
  return { prevHash: rows[0]!.prev, id: rows[0]!.id };
}

const AUDIT_COLUMNS = [
  'id',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'entity',
  'entity_id',
  'org_id',
  'before',
  'after',
  'prev_hash',
  'hash',
  'keyed',
  'lane',
] as const satisfies readonly (keyof AuditLogTable)[];
/** Every column of the table, or never: a column added to the table and not to the list fails the type check. */
type AuditRow = Required<Insertable<AuditLogTable>> &
  (Exclude<keyof AuditLogTable, (typeof AUDIT_COLUMNS)[number]> extends never ? unknown : never);

const auditInsert = builtOnce((db, ...values: AuditRow[keyof AuditRow][]) =>
  db
    .insertInto('audit_log')
    .values(Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [c, values[i]])) as unknown as AuditRow),
);

/** One row of the chain, every column given (the statement is built once: server/db/built-once.ts). */
export async function insertAuditRow(db: Q, row: AuditRow): Promise<void> {
  await db.executeQuery(auditInsert(db, ...AUDIT_COLUMNS.map((c) => row[c])));
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
