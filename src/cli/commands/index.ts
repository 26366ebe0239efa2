import type { Command } from '../cli-kit.ts';
import { EXIT } from '../cli-kit.ts';

/**
 * The commands, each loaded only when it runs: `luoshi --help` and a command's start do not pay for the
 * others' imports (the server, the seed generator, the document readers).
 */
type Entry = { summary: string; load: () => Promise<Command> };

export const commands: Record<string, Entry> = {
  serve: {
    summary: '启动服务器（API + 网页端），首次启动时创建演示数据',
    load: async () => (await import('./system.ts')).serveCommand,
  },
  migrate: { summary: '执行数据库迁移', load: async () => (await import('./system.ts')).migrateCommand },
  seed: {
    summary: '生成演示数据（虚构城市的组织、党员、班子和账号）',
    load: async () => (await import('./seed.ts')).seedCommand,
  },
  user: {
    summary: '账号管理：list / add / passwd / bulk-secretaries（批量开通书记账号）',
    load: async () => (await import('./users.ts')).userCommand,
  },
  users: { summary: '同 user', load: async () => (await import('./users.ts')).userCommand },
  audit: {
    summary: '操作日志：校验哈希链、取锚点（audit verify [--anchor 文件] / audit anchor）',
    load: async () => (await import('./audit.ts')).auditCommand,
  },
  backup: { summary: '备份数据库到文件', load: async () => (await import('./backup.ts')).backupCommand },
  restore: { summary: '从备份文件恢复数据库', load: async () => (await import('./backup.ts')).restoreCommand },
  deploy: {
    summary: '部署：解析讲话稿/文件为提纲（deploy parse FILE [--json]），删除草稿（deploy delete ID --org 编码）',
    load: async () => (await import('./deploy.ts')).deployCommand,
  },
  import: {
    summary: '导入：党员花名册 .xlsx（import members FILE --org 编码 [--dry-run]）',
    load: async () => (await import('./import.ts')).importCommand,
  },
  tasks: { summary: '任务到期检查（tasks sweep）', load: async () => (await import('./tasks.ts')).tasksCommand },
  rollups: {
    summary: '汇总数：核对（rollups verify）、立即汇入增量（fold）、从记录重建（rebuild）',
    load: async () => (await import('./rollups.ts')).rollupsCommand,
  },
  assess: {
    summary:
      '考核：指标体系（assess systems --org 编码 [--json]）、一轮考核的结果（assess round 编号 --org 编码 [--json]）',
    load: async () => (await import('./assess.ts')).assessCommand,
  },
  reviews: {
    summary:
      '书记抓基层党建述职评议：列表（reviews list --org 编码 [--year 年度]）、详情（reviews show 编号）、导入民主测评票数（reviews import 编号 FILE）',
    load: async () => (await import('./reviews.ts')).reviewsCommand,
  },
  rules: {
    summary: '平台检查的全部规则及其依据（rules list [--json] [--area 领域]）',
    load: async () => (await import('./rules.ts')).rulesCommand,
  },
  hub: {
    summary:
      '全国汇总（逻辑复制）：省发布汇总数（publish / publication），全国订阅各省（subscribe / unsubscribe / status）',
    load: async () => (await import('./hub.ts')).hubCommand,
  },
  files: {
    summary: '清理无引用的佐证文件（files sweep [--days N] [--json]）',
    load: async () => (await import('./files.ts')).filesCommand,
  },
};

export function printHelp(): void {
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(16)} ${c.summary}`);
  console.log(`luoshi — 落实 党建工作落实平台 命令行

用法：luoshi <命令> [选项]    （每个命令均支持 --help）

命令：
${lines.join('\n')}

环境变量：PORT, HOST, LUOSHI_DATA_DIR, DATABASE_URL, LUOSHI_AUDIT_KEY, LUOSHI_DEMO, LUOSHI_DEMO_PASSWORD（见 .env.example）

退出码：${EXIT.ok} 成功；${EXIT.failed} 执行后发现问题（如导入数据有误、审计链断裂）；${EXIT.usage} 参数错误；
        ${EXIT.config} 配置错误；${EXIT.locked} 数据目录被其他进程占用；${EXIT.internal} 内部错误`);
}
