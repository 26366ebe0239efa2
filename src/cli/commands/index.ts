import type { Command } from '../cli-kit.ts';
import { EXIT } from '../cli-kit.ts';
import { auditCommand } from './audit.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { deployCommand } from './deploy.ts';
import { importCommand } from './import.ts';
import { seedCommand } from './seed.ts';
import { migrateCommand, serveCommand } from './system.ts';
import { tasksCommand } from './tasks.ts';
import { userCommand } from './users.ts';

export const commands: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  user: userCommand,
  audit: auditCommand,
  backup: backupCommand,
  restore: restoreCommand,
  deploy: deployCommand,
  import: importCommand,
  tasks: tasksCommand,
};

export function printHelp(): void {
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(16)} ${c.summary}`);
  console.log(`luoshi — 落实 党建工作落实平台 命令行

用法：luoshi <命令> [选项]    （每个命令均支持 --help）

命令：
${lines.join('\n')}

环境变量：PORT, HOST, LUOSHI_DATA_DIR, DATABASE_URL, LUOSHI_DEMO, LUOSHI_DEMO_PASSWORD（见 .env.example）

退出码：${EXIT.ok} 成功；${EXIT.failed} 执行后发现问题（如导入数据有误、审计链断裂）；${EXIT.usage} 参数错误；
        ${EXIT.config} 配置错误；${EXIT.locked} 数据目录被其他进程占用；${EXIT.internal} 内部错误`);
}
