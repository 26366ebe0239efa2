import fs from 'node:fs';
import { type AuditAnchor, type AuditVerifyResult, auditAnchor } from '../../contracts/audit.ts';
import { countAuditRows, takeAuditAnchor, verifyAuditLog } from '../../server/features/audit/audit.service.ts';
import { withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse, progressBar } from '../cli-kit.ts';

const usage = `luoshi audit <verify|anchor> …
  luoshi audit verify [--json] [--anchor FILE]
      沿哈希链逐行校验操作日志（用操作日志密钥），指出第一处被篡改的记录。
      --anchor FILE：另核对日志是否仍延续此前保存的锚点（锚点之前被改写并重算、或日志被截断时失败）。
      退出码：0 完好；1 发现断裂或不再延续锚点。
  luoshi audit anchor [--json]
      校验后输出链头（id、hash、at）的 JSON，即锚点：请保存到系统之外（打印、发给上级、公开发布），
      日后用 luoshi audit verify --anchor 核对。`;

/** The anchor an administrator kept: the JSON `luoshi audit anchor` printed. */
function readAnchor(file: string): AuditAnchor {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`无法读取锚点文件：${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`锚点文件不是 JSON：${file}（应为 luoshi audit anchor 的输出）`);
  }
  const parsed = auditAnchor.safeParse(json);
  if (!parsed.success) {
    throw new CliError(`锚点文件内容无效：${file}（${parsed.error.issues.map((i) => i.message).join('；')}）`);
  }
  return parsed.data;
}

function describe(result: AuditVerifyResult, anchor: AuditAnchor | null): string {
  if (!result.ok) {
    return `操作日志 id=${result.brokenId} 的记录校验失败：${result.reason}。此前 ${result.rows} 行完好。`;
  }
  const unkeyed = result.unkeyedRows > 0 ? `（其中 ${result.unkeyedRows} 行为启用密钥前的旧记录）` : '';
  const held = anchor ? `，并延续锚点 id=${anchor.id}` : '';
  return `操作日志完好：共 ${result.rows} 行${unkeyed}，哈希链无断裂${held}。`;
}

export const auditCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub === 'verify') {
      const { values } = parse(rest, usage, { json: { type: 'boolean' }, anchor: { type: 'string' } });
      const anchor = values.anchor === undefined ? null : readAnchor(values.anchor);
      const result = await withDatabase('luoshi audit verify', async (database, config) => {
        const bar = values.json ? null : progressBar('校验操作日志', await countAuditRows(database.db));
        const r = await verifyAuditLog(database.db, config.auditKey, anchor, (n) => bar?.tick(n));
        bar?.done();
        return r;
      });
      console.log(values.json ? JSON.stringify(result) : describe(result, anchor));
      return result.ok ? EXIT.ok : EXIT.failed;
    }
    if (sub === 'anchor') {
      const { values } = parse(rest, usage, { json: { type: 'boolean' } });
      const anchor = await withDatabase('luoshi audit anchor', async (database, config) => {
        const bar = values.json ? null : progressBar('校验操作日志', await countAuditRows(database.db));
        try {
          return await takeAuditAnchor(database.db, config.auditKey, (n) => bar?.tick(n));
        } finally {
          bar?.done();
        }
      });
      if (values.json) console.log(JSON.stringify(anchor));
      else {
        console.log(JSON.stringify(anchor, null, 2));
        console.error('以上为操作日志锚点：请保存到系统之外，日后用 luoshi audit verify --anchor 文件 核对。');
      }
      return EXIT.ok;
    }
    throw new CliError(usage);
  },
};
