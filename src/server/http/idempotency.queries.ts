import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Claims a key for a request; false when the account already used it. */
export async function claimIdempotencyKey(
  db: Kysely<DB>,
  row: { user_id: number; key: string; method: string; path: string; created_at: Date },
): Promise<boolean> {
  const r = await db
    .insertInto('idempotency_key')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findIdempotencyKey(db: Kysely<DB>, userId: number, key: string) {
  return db
    .selectFrom('idempotency_key')
    .select(['method', 'path', 'status', 'content_type', 'body', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function storeIdempotentAnswer(
  db: Kysely<DB>,
  userId: number,
  key: string,
  answer: { status: number; content_type: string | null; body: Buffer },
): Promise<void> {
  await db.updateTable('idempotency_key').set(answer).where('user_id', '=', userId).where('key', '=', key).execute();
}

export async function releaseIdempotencyKey(db: Kysely<DB>, userId: number, key: string): Promise<void> {
  await db.deleteFrom('idempotency_key').where('user_id', '=', userId).where('key', '=', key).execute();
}

/** Forgets keys older than the moment (kept a day: retries come within minutes). */
export async function deleteIdempotencyKeysBefore(db: Kysely<DB>, before: Date): Promise<number> {
  const r = await db.deleteFrom('idempotency_key').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
