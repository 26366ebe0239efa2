import pg from 'pg';
import { tryHoldAdvisoryLease } from './lease.queries.ts';

/** The advisory-lock key of the periodic jobs (the deadline sweep, the file and key sweeps). */
export const JOBS_LEASE_KEY = 0x4c55_0001;

export type JobLease = {
  /** Whether this process runs the periodic jobs now (tries to take the lease when it does not hold it). */
  held(): Promise<boolean>;
  release(): Promise<void>;
};

/**
 * Periodic jobs run once across the processes of an installation: on PostgreSQL the process that holds an advisory
 * lock on a connection of its own runs them. The lock is transaction-level, taken in a transaction that the holder
 * keeps open (idle, no snapshot or transaction id held), so the lease works the same directly and through PgBouncer
 * in transaction mode, where the open transaction keeps its server connection. When the holder dies its connection
 * closes (PgBouncer then closes the server connection it had mid-transaction), the lock is freed and the next process
 * to try takes over. The embedded database has one process, which always holds it.
 */
export function jobLease(databaseUrl: string | null, key = JOBS_LEASE_KEY): JobLease {
  if (!databaseUrl) return { held: async () => true, release: async () => {} };
  let client: pg.Client | null = null;
  let holding = false;
  const drop = () => {
    holding = false;
    client = null;
  };
  return {
    async held() {
      if (holding) return true;
      try {
        if (!client) {
          const c = new pg.Client({ connectionString: databaseUrl });
          c.on('error', drop); // the database went away: the lock is gone with the connection
          c.on('end', drop);
          await c.connect();
          client = c;
        }
        holding = await tryHoldAdvisoryLease(client, key);
      } catch {
        await client?.end().catch(() => undefined);
        drop();
      }
      return holding;
    },
    async release() {
      const c = client;
      drop();
      await c?.end().catch(() => undefined);
    },
  };
}
