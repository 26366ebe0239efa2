import { verifyAuditChain } from '../../server/auth/audit.ts';
import { countAuditRows } from '../../server/features/audit/audit.service.ts';
import { withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse, progressBar } from '../cli-kit.ts';

const usage = `luoshi audit verify [--json]
  沿哈希链逐行校验操作日志，指出第一处被篡改的记录。退出码：0 完好；1 发现断裂。`;

export const auditCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'verify') throw new CliError(usage);
    const { values } = parse(rest, usage, { json: { type: 'boolean' } });
    const result = await withDatabase('luoshi audit verify', async (database) => {
      const bar = values.json ? null : progressBar('校验操作日志', await countAuditRows(database.db));
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
