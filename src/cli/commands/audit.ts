import { verifyAuditChain } from '../../server/auth/audit.ts';
import { CliError, EXIT, parse, progressBar, type Command } from '../cli-kit.ts';
import { withDatabase } from './users.ts';

const usage = `luoshi audit verify [--json]
  沿哈希链逐行校验操作日志，指出第一处被篡改的记录。退出码：0 完好；1 发现断裂。`;

export const auditCommand: Command = {
  summary: '校验操作日志哈希链（audit verify）',
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'verify') throw new CliError(usage);
    const { values } = parse(rest, usage, { json: { type: 'boolean' } });
    const result = await withDatabase('luoshi audit verify', async (database) => {
      const { count } = await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      const bar = values.json ? null : progressBar('校验操作日志', Number(count));
      const r = await verifyAuditChain(database.db, (n) => bar?.tick(n));
      bar?.done();
      return r;
    });
    if (values.json) {
      console.log(JSON.stringify(result));
    } else if (result.ok) {
      console.log(`操作日志完好：共 ${result.rows} 行，哈希链无断裂。`);
    } else {
      console.log(`操作日志 id=${result.brokenId} 的记录校验失败：${result.reason}。此前 ${result.rows} 行完好。`);
    }
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};
