import cluster from 'node:cluster';
import { keyAuditChainAfterMigrations } from '../../server/auth/audit.ts';
import { resolveAuditKey } from '../../server/auth/audit-key.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import { migrate } from '../../server/db/migrate.ts';
import { prepareDatabase, serve } from '../../server/serve.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const serveUsage = `luoshi serve [--port N] [--workers N]
  启动服务器。配置见环境变量 PORT、LUOSHI_DATA_DIR、DATABASE_URL。
  --workers N  以 N 个进程提供服务（仅 PostgreSQL；会话存于数据库，定时任务只在其中一个进程运行）。`;

export const serveCommand: Command = {
  usage: serveUsage,
  async run(args) {
    const { values } = parse(args, serveUsage, { port: { type: 'string' }, workers: { type: 'string' } });
    const config = await loadConfig();
    if (values.port) config.port = Number(values.port);
    const workers = values.workers === undefined ? 1 : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64)
      throw new CliError('--workers 应为 1 到 64 之间的整数');
    if (cluster.isWorker) {
      await serve(config, { worker: true });
    } else if (workers > 1) {
      if (!config.databaseUrl) {
        throw new CliError('--workers 需要 PostgreSQL（DATABASE_URL）：嵌入式数据库只能由一个进程打开', EXIT.config);
      }
      await runWorkers(config, workers);
    } else {
      await serve(config);
    }
    return new Promise<number>(() => {}); // runs until SIGTERM
  },
};

/**
 * The primary of `luoshi serve --workers N`: prepares the database once (migrations, the demo), forks N stateless
 * workers that share the port (node:cluster), forks a new one when one dies, and stops them all on SIGTERM.
 */
async function runWorkers(config: Config, n: number): Promise<void> {
  const database = await openConfiguredDatabase(config, 'luoshi serve');
  try {
    await prepareDatabase(database, config);
  } finally {
    await database.close();
  }
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`工作进程 ${worker.process.pid} 退出（${signal ?? code}），重新启动一个`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 12_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let i = 0; i < n; i++) cluster.fork();
  console.log(`落实 Luoshi：${n} 个工作进程共用端口 ${config.port}（主进程 ${process.pid}）`);
}

export const migrateCommand: Command = {
  usage: 'luoshi migrate [--json]\n  对嵌入式数据库（或 DATABASE_URL 指向的 PostgreSQL）执行尚未执行的迁移。',
  async run(args) {
    const { values } = parse(args, this.usage, { json: { type: 'boolean' } });
    const config = await loadConfig();
    const database = await openConfiguredDatabase(config, 'luoshi migrate');
    try {
      const auditKey = resolveAuditKey(config);
      const result = await migrate(database.db);
      await keyAuditChainAfterMigrations(database.db, auditKey, result.applied, new Date());
      if (values.json) console.log(JSON.stringify(result));
      else {
        for (const name of result.applied) console.log(`已执行：${name}`);
        console.log(
          `迁移完成：本次执行 ${result.applied.length} 个，此前已执行 ${result.alreadyApplied} 个（${database.where}）`,
        );
      }
    } finally {
      await database.close();
    }
  },
};
