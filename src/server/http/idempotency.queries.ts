import type { Kysely } from 'kysely';
import { builtOnce, changedBy } from '../db/built-once.ts';
import type { DB } from '../db/schema.ts';

const claimKey = builtOnce(
  (db, userId: number, key: string, method: string, path: string, createdAt: Date, token: string) =>
    db
      .insertInto('idempotency_key')
      .values({ user_id: userId, key, method, path, created_at: createdAt, token })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing()),
);

/** Claims a key for a request; false when the account already used it. */
export async function claimIdempotencyKey(
  db: Kysely<DB>,
  row: { user_id: number; key: string; method: string; path: string; created_at: Date; token: string },
): Promise<boolean> {
  const claimed = claimKey(db, row.user_id, row.key, row.method, row.path, row.created_at, row.token);
  return (await changedBy(db, claimed)) === 1;
}

export function findIdempotencyKey(db: Kysely<DB>, userId: number, key: string) {
  return db
    .selectFrom('idempotency_key')
    .select(['method', 'path', 'status', 'content_type', 'body', 'created_at', 'written_at'])
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
  await db.executeQuery(storeAnswer(db, answer.status, answer.content_type, answer.body, userId, key));
}

const storeAnswer = builtOnce(
  (db, status: number, contentType: string | null, body: Buffer, userId: number, key: string) =>
    db
      .updateTable('idempotency_key')
      .set({ status, content_type: contentType, body })
      .where('user_id', '=', userId)
      .where('key', '=', key),
);

/** Releases a claim under which nothing was written (a retry runs again); a written key is kept. */
export async function releaseUnwrittenIdempotencyKey(
  db: Kysely<DB>,
  userId: number,
  key: string,
  token: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('idempotency_key')
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('token', '=', token)
    .where('written_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Marks the key written, inside the write's own transaction, while the claim is still this request's (its
 * token). The row stays locked until that transaction ends, so a takeover waits for it and then sees it written.
 */
export async function markIdempotencyKeyWritten(
  trx: Kysely<DB>,
  userId: number,
  key: string,
  token: string,
  at: Date,
): Promise<boolean> {
  return (await changedBy(trx, markWritten(trx, at, userId, key, token))) === 1;
}

const markWritten = builtOnce((db, at: Date, userId: number, key: string, token: string) =>
  db
    .updateTable('idempotency_key')
    .set((eb) => ({ written_at: eb.fn.coalesce('written_at', eb.val(at)) }))
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('token', '=', token),
);

/**
 * Takes over a claim whose request never answered (no answer stored, nothing written, claimed before `staleBefore`):
 * the server or the database restarted under it. The old request's write, should it still come, fails its mark.
 */
export async function takeOverStaleIdempotencyKey(
  db: Kysely<DB>,
  row: { user_id: number; key: string; method: string; path: string; created_at: Date; token: string },
  staleBefore: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_key')
    .set({ token: row.token, created_at: row.created_at })
    .where('user_id', '=', row.user_id)
    .where('key', '=', row.key)
    .where('method', '=', row.method)
    .where('path', '=', row.path)
    .where('status', 'is', null)
    .where('written_at', 'is', null)
    .where('created_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Forgets keys older than the moment (kept a day: retries come within minutes). */
export async function deleteIdempotencyKeysBefore(db: Kysely<DB>, before: Date): Promise<number> {
  const r = await db.deleteFrom('idempotency_key').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
