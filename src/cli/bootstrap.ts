import { keyAuditChainAfterMigrations } from '../server/auth/audit.ts';
import { resolveAuditKey } from '../server/auth/audit-key.ts';
import { type Config, loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/client.ts';
import { openConfiguredDatabase } from '../server/db/configured.ts';
import { migrate } from '../server/db/migrate.ts';
import type { Ctx } from '../server/features/context.ts';
import { getOrgIdByCode, systemCtxForOrg } from '../server/features/org/org.service.ts';

/** The configuration with the audit key resolved (LUOSHI_AUDIT_KEY, or the embedded database's key file). */
export type CommandConfig = Config & { auditKey: Buffer };

/**
 * How every CLI command that needs the database starts: configuration → database (with the data-directory
 * lock for the embedded one) → the audit key → migrations (keying the chain of an upgraded log) → the command → close.
 */
export async function withDatabase<T>(
  command: string,
  fn: (database: Database, config: CommandConfig) => Promise<T>,
): Promise<T> {
  const loaded = await loadConfig();
  const database = await openConfiguredDatabase(loaded, command);
  try {
    const config = { ...loaded, auditKey: resolveAuditKey(loaded) };
    const { applied } = await migrate(database.db);
    await keyAuditChainAfterMigrations(database.db, config.auditKey, applied, new Date());
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

/** The CLI acts as the system administrator of the tree that holds the organisation with this code. */
export async function systemCtxForCode(
  database: Database,
  config: CommandConfig,
  code: string,
): Promise<{ ctx: Ctx; orgId: number }> {
  const orgId = await getOrgIdByCode(database.db, code);
  return { ctx: await systemCtxForOrg(database.db, orgId, new Date(), config.auditKey, config.taskRules), orgId };
}
