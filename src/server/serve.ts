import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { keyAuditChainAfterMigrations } from './auth/audit.ts';
import { resolveAuditKey } from './auth/audit-key.ts';
import type { Config } from './config.ts';
import type { Database, Engine } from './db/client.ts';
import { openConfiguredDatabase } from './db/configured.ts';
import { migrate } from './db/migrate.ts';
import { sweepOrphanFiles } from './features/assignments/ledger.service.ts';
import { sweepDeadlines } from './features/assignments/sweep.service.ts';
import { clockAt } from './features/context.ts';
import { startHubPublishing } from './features/hub/hub.service.ts';
import { startRollupFolding } from './features/rollups/rollups.service.ts';
import { ensureDemo } from './features/seed/demo.ts';
import { diskFileStore, s3FileStore } from './files/file-store.ts';
import { forgetOldIdempotencyKeys } from './http/idempotency.ts';
import { jobCounter, promClient } from './http/observability.ts';
import { forgetExpiredUploads } from './import/uploads.ts';
import { jobLease } from './jobs/lease.ts';

export const WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The database made ready to serve: migrations (keying the chain of an upgraded log), then the demo on a first
 * start. `luoshi serve` does it itself; `luoshi serve --workers N` does it once in the primary before forking.
 */
export async function prepareDatabase(database: Database, config: Config): Promise<{ demoCreated: boolean }> {
  const auditKey = resolveAuditKey(config);
  const { applied } = await migrate(database.db, (name) => console.log(`migration applied: ${name}`));
  await keyAuditChainAfterMigrations(database.db, auditKey, applied, new Date());
  const demoCreated =
    config.demo &&
    (await ensureDemo(database, {
      auditKey,
      password: config.demoPassword,
      print: console.log,
      files: config.files.kind === 's3' ? s3FileStore(config.files) : diskFileStore(config.files.dir),
    }));
  return { demoCreated };
}

/**
 * config → database (with the data-directory lock) → the audit key → prepared (unless a worker, whose primary did
 * it) → listen; clean exit on SIGTERM.
 */
export async function serve(config: Config, opts: { worker?: boolean } = {}): Promise<void> {
  const database = await openConfiguredDatabase(config, 'luoshi serve');
  let auditKey: Buffer;
  let demoCreated = false;
  try {
    auditKey = resolveAuditKey(config);
    if (!opts.worker) ({ demoCreated } = await prepareDatabase(database, config));
  } catch (e) {
    await database.close();
    throw e;
  }
  // The process's metrics (memory, event loop, GC) beside the app's own, for /api/metrics.
  const metrics = new promClient.Registry();
  promClient.collectDefaultMetrics({ register: metrics, prefix: 'luoshi_' });
  const jobs = jobCounter(metrics);
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
    metricsToken: config.metricsToken,
    metrics,
  });
  // The deadline sweep (overdue/lagging flags, reminders, the daily trend row): at start, then hourly, in the one
  // process of the installation that holds the jobs lease.
  const lease = jobLease(config.databaseUrl ?? null);
  const runSweep = async () => {
    if (!(await lease.held())) return;
    await sweepDeadlines(database.db, clockAt(new Date(), config.taskRules))
      .then((r) => {
        jobs.inc({ job: 'sweep', outcome: 'ok' });
        app.log.info({ sweep: r }, 'deadline sweep');
      })
      .catch((err) => {
        jobs.inc({ job: 'sweep', outcome: 'failed' });
        app.log.error({ err }, 'deadline sweep failed');
      })
      // Then the evidence objects no ledger entry refers to (refused or failed uploads), over the last week's keys.
      .then(() => sweepOrphanFiles(database.db, app.services.files, { now: new Date(), days: 7 }))
      .then((r) => app.log.info({ listed: r.listed, removed: r.removed }, 'orphan file sweep'))
      .catch((err) => app.log.error({ err }, 'orphan file sweep failed'))
      .then(() => forgetOldIdempotencyKeys(app.services, new Date()))
      .catch((err) => app.log.error({ err }, 'idempotency key sweep failed'))
      .then(() => forgetExpiredUploads(database.db, new Date()))
      .catch((err) => app.log.error({ err }, 'kept upload sweep failed'));
  };
  const sweepTimer = setInterval(runSweep, 60 * 60_000);
  sweepTimer.unref();
  // The roll-up deltas are folded into the kept figures every second (reads are exact meanwhile).
  const stopFolding = startRollupFolding(database.db, {
    everyMs: 1000,
    onError: (err) => {
      jobs.inc({ job: 'fold', outcome: 'failed' });
      app.log.warn({ err }, 'roll-up fold failed');
    },
  });
  // A province with a region code publishes its figures for the hub (docs/scale.md, "The country"), in the process
  // that holds the jobs lease; the hub itself (LUOSHI_MODE=hub) publishes nothing.
  const region = config.hub.mode === 'province' ? config.hub.region : null;
  const stopPublishing = region
    ? startHubPublishing(database.db, {
        region,
        depth: config.hub.depth,
        everyMs: config.hub.publishEverySeconds * 1000,
        clock: () => new Date(),
        held: () => lease.held(),
        onPublished: () => jobs.inc({ job: 'hub_publish', outcome: 'ok' }),
        onError: (err) => {
          jobs.inc({ job: 'hub_publish', outcome: 'failed' });
          app.log.warn({ err }, 'hub publication failed');
        },
      })
    : async () => {};
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clearInterval(sweepTimer);
    try {
      await stopFolding();
      await stopPublishing();
      await lease.release();
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
  const url = `http://localhost:${(app.server.address() as { port: number }).port}`;
  console.log(`落实 Luoshi 已启动：${url}  (${database.where})`);
  if (demoCreated) for (const line of demoAccountsHint(url, database.engine)) console.log(line);
}

/**
 * Printed after the first start's demo banner, once the address is known: where every demo account can be seen
 * while the server runs. The CLI cannot open an embedded database that the server holds.
 */
export function demoAccountsHint(url: string, engine: Engine): string[] {
  return [
    `查看全部演示账号：以 admin 登录 ${url}/users（账号管理），可按组织查看、重置密码；`,
    engine === 'pglite'
      ? '  或停止服务后运行 npx luoshi user list（嵌入式数据库运行时由服务独占）。'
      : '  或运行 npx luoshi user list。',
  ];
}
