import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** How many roll-up deltas wait to be folded, and the age in seconds of the oldest. */
export async function pendingRollupLag(db: Kysely<DB>): Promise<{ count: number; oldestSeconds: number }> {
  const { rows } = await sql<{ count: number; oldest: number | null }>`
    select count(*)::int as count, extract(epoch from now() - min(created_at))::float8 as oldest
    from rollup_delta`.execute(db);
  return { count: rows[0]!.count, oldestSeconds: rows[0]!.oldest ?? 0 };
}
