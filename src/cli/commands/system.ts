import { keyAuditChainAfterMigrations } from '../../server/auth/audit.ts';
import { resolveAuditKey } from '../../server/auth/audit-key.ts';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import { migrate } from '../../server/db/migrate.ts';
import { serve } from '../../server/serve.ts';
import { type Command, parse } from '../cli-kit.ts';

export const serveCommand: Command = {
  usage: 'luoshi serve [--port N]\n  启动服务器。配置见环境变量 PORT、LUOSHI_DATA_DIR、DATABASE_URL。',
  async run(args) {
    const { values } = parse(args, this.usage, { port: { type: 'string' } });
    const config = loadConfig();
    if (values.port) config.port = Number(values.port);
    await serve(config);
    return new Promise<number>(() => {}); // runs until SIGTERM
  },
};

export const migrateCommand: Command = {
  usage: 'luoshi migrate [--json]\n  对嵌入式数据库（或 DATABASE_URL 指向的 PostgreSQL）执行尚未执行的迁移。',
  async run(args) {
    const { values } = parse(args, this.usage, { json: { type: 'boolean' } });
    const config = loadConfig();
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
