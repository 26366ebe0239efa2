import type pg from 'pg';

/**
 * Opens a transaction on this connection and takes the transaction-level advisory lock `key` in it if it is free.
 * Taken: the transaction stays open, and the lock with it, until the connection rolls back or closes. Not taken:
 * the transaction is rolled back at once. Transaction-scoped, so that it holds through PgBouncer in transaction
 * mode too (an open transaction keeps its server connection; a session-level lock would stay behind on a pooled
 * server connection that other clients then share).
 */
export async function tryHoldAdvisoryLease(client: pg.Client, key: number): Promise<boolean> {
  await client.query('begin');
  const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [key]);
  if (rows[0]?.ok === true) return true;
  await client.query('rollback');
  return false;
}
