import type pg from 'pg';

/** Takes the session-level advisory lock `key` on this connection if free; held until released or disconnected. */
export async function tryAdvisoryLock(client: pg.Client, key: number): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
  return rows[0]?.ok === true;
}
