import type { Config } from '../config.ts';
import { type Database, openDatabase } from './client.ts';

/** The database the configuration names: PostgreSQL at DATABASE_URL, else the embedded one (with its lock). */
export async function openConfiguredDatabase(config: Config, command: string): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({
        engine: 'postgres',
        url: config.databaseUrl,
        readUrl: config.databaseReadUrl,
        prepare: config.pgPrepared,
      })
    : openDatabase({ engine: 'pglite', dataDir: config.dataDir, lockAs: command });
}
