import { todayIn } from '../../domain/dates.ts';
import { sweepDeadlines } from '../../server/features/assignments/sweep.service.ts';
import { clockAt } from '../../server/features/context.ts';
import { withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi tasks sweep [--date YYYY-MM-DD] [--json]
  按日期检查全部未完成任务：标记逾期、滞后，发送到期提醒（同一提醒只发一次），写入当日趋势数据。
  服务器运行时每小时自动执行一次；本命令用于嵌入式数据库未运行服务器时，或 PostgreSQL 部署的定时任务。`;

export const tasksCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'sweep') throw new CliError(usage);
    const { values } = parse(rest, usage, { date: { type: 'string' }, json: { type: 'boolean' } });
    if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new CliError('--date 的格式应为 YYYY-MM-DD');
    const now = values.date ? new Date(`${values.date}T12:00:00+08:00`) : new Date();
    const today = todayIn(now);
    const result = await withDatabase('luoshi tasks sweep', (database, config) =>
      sweepDeadlines(database.db, clockAt(now, config.taskRules)),
    );
    if (values.json) console.log(JSON.stringify({ date: today, ...result }));
    else {
      console.log(
        `${today}：检查未完成任务 ${result.checked} 项，状态变化 ${result.changed} 项，新发提醒 ${result.reminders} 条，写入趋势 ${result.statRows} 行；逾期问题 ${result.problems.overdue} 个，问题督办与回头看提醒 ${result.problems.reminders} 条`,
      );
    }
    return EXIT.ok;
  },
};
