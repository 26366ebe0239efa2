import { type Config, loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/client.ts';
import { openConfiguredDatabase } from '../server/db/configured.ts';
import { migrate } from '../server/db/migrate.ts';
import type { Ctx } from '../server/features/context.ts';
import { getOrgIdByCode, systemCtxForOrg } from '../server/features/org/org.service.ts';

/**
 * How every CLI command that needs the database starts: configuration → database (with the data-directory
 * lock for the embedded one) → migrations → the command → close.
 */
export async function withDatabase<T>(
  command: string,
  fn: (database: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config, command);
  try {
    await migrate(database.db);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

/** The CLI acts as the system administrator of the tree that holds the organisation with this code. */
export async function systemCtxForCode(
  database: Database,
  config: Config,
  code: string,
): Promise<{ ctx: Ctx; orgId: number }> {
  const orgId = await getOrgIdByCode(database.db, code);
  return { ctx: await systemCtxForOrg(database.db, orgId, new Date(), config.taskRules), orgId };
}
