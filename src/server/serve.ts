import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { keyAuditChainAfterMigrations } from './auth/audit.ts';
import { resolveAuditKey } from './auth/audit-key.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase } from './db/configured.ts';
import { migrate } from './db/migrate.ts';
import { sweepOrphanFiles } from './features/assignments/ledger.service.ts';
import { sweepDeadlines } from './features/assignments/sweep.service.ts';
import { clockAt } from './features/context.ts';
import { ensureDemo } from './features/seed/demo.ts';
import { diskFileStore, s3FileStore } from './files/file-store.ts';

export const WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * config → database (with the data-directory lock) → the audit key → migrations (keying the chain of an upgraded
 * log) → demo → listen; clean exit on SIGTERM.
 */
export async function serve(config: Config): Promise<void> {
  const database = await openConfiguredDatabase(config, 'luoshi serve');
  let auditKey: Buffer;
  try {
    auditKey = resolveAuditKey(config);
    const { applied } = await migrate(database.db, (name) => console.log(`migration applied: ${name}`));
    await keyAuditChainAfterMigrations(database.db, auditKey, applied, new Date());
    if (config.demo)
      await ensureDemo(database, {
        auditKey,
        password: config.demoPassword,
        print: console.log,
        files: config.files.kind === 's3' ? s3FileStore(config.files) : diskFileStore(config.files.dir),
      });
  } catch (e) {
    await database.close();
    throw e;
  }
  const app = await buildApp({
    database,
    sessionHours: config.sessionHours,
    trustProxy: config.trustProxy,
    webDir: WEB_DIR,
    logger: { level: config.logLevel },
    files: config.files.kind === 's3' ? s3FileStore(config.files) : diskFileStore(config.files.dir),
    taskRules: config.taskRules,
    auditKey,
    loginRatePerMinute: config.loginRatePerMinute,
    publicOrigins: config.publicOrigins,
  });
  // The deadline sweep (overdue/lagging flags, reminders, the daily trend row): at start, then hourly.
  const runSweep = () =>
    sweepDeadlines(database.db, clockAt(new Date(), config.taskRules))
      .then((r) => app.log.info({ sweep: r }, 'deadline sweep'))
      .catch((err) => app.log.error({ err }, 'deadline sweep failed'))
      // Then the evidence objects no ledger entry refers to (refused or failed uploads), over the last week's keys.
      .then(() => sweepOrphanFiles(database.db, app.services.files, { now: new Date(), days: 7 }))
      .then((r) => app.log.info({ listed: r.listed, removed: r.removed }, 'orphan file sweep'))
      .catch((err) => app.log.error({ err }, 'orphan file sweep failed'));
  const sweepTimer = setInterval(runSweep, 60 * 60_000);
  sweepTimer.unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clearInterval(sweepTimer);
    try {
      await app.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  const address = await app.listen({ port: config.port, host: config.host });
  // After listening, so that a large first sweep does not hold up the first requests.
  setTimeout(() => void runSweep(), 2000).unref();
  app.log.info({ address, database: database.where }, 'luoshi listening');
  console.log(
    `落实 Luoshi 已启动：http://localhost:${(app.server.address() as { port: number }).port}  (${database.where})`,
  );
}
