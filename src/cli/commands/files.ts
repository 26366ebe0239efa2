import { sweepOrphanFiles } from '../../server/features/assignments/ledger.service.ts';
import { openFileStore } from '../../server/files/file-store.ts';
import { withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi files sweep [--days N] [--json]
  删除没有任何台账记录引用、且已存放超过一天的佐证文件（上传被拒绝或中途失败时留下的）。
  默认检查整个文件存储；--days N 只检查最近 N 天存入的文件。服务器运行时每小时自动检查最近 7 天。`;

export const filesCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'sweep') throw new CliError(usage);
    const { values } = parse(rest, usage, { days: { type: 'string' }, json: { type: 'boolean' } });
    const days = values.days === undefined ? undefined : Number(values.days);
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
      throw new CliError('--days 应为 1 到 3650 之间的整数');
    }
    const result = await withDatabase('luoshi files sweep', (database, config) =>
      sweepOrphanFiles(database.db, openFileStore(config.files), { now: new Date(), ...(days ? { days } : {}) }),
    );
    if (values.json) console.log(JSON.stringify(result));
    else console.log(`检查佐证文件 ${result.listed} 个，删除无引用且超过一天的 ${result.removed} 个`);
    return EXIT.ok;
  },
};
