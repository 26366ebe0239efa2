import {
  foldRollups,
  pendingDeltas,
  rebuildRollups,
  verifyRollups,
} from '../../server/features/rollups/rollups.service.ts';
import { withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi rollups verify [--json]    从台账记录重新统计全部任务的汇总数，报告与保存值不一致之处
luoshi rollups fold [--json]      把待汇入的增量立即汇入汇总表（服务器运行时每秒自动汇入）
luoshi rollups rebuild [--json]   按任务分批从记录重建全部汇总数（每个任务一个事务）
  退出码：verify 发现不一致时为 ${EXIT.failed}。`;

/** The roll-ups: verify them against a recount, fold the pending deltas, rebuild them in batches. */
export const rollupsCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'verify' && sub !== 'fold' && sub !== 'rebuild') throw new CliError(usage);
    const { values } = parse(rest, usage, { json: { type: 'boolean' } });
    const json = values.json === true;
    const progress = (label: string) => (n: number) => {
      if (!json) process.stderr.write(`\r${label} ${n} 个任务…`);
    };
    const out = (r: unknown) => json && console.log(JSON.stringify(r));
    if (sub === 'fold') {
      const r = await withDatabase('luoshi rollups fold', async (database) => ({
        folded: await foldRollups(database.db),
        pending: await pendingDeltas(database.db),
      }));
      if (json) out(r);
      else console.log(`已汇入增量 ${r.folded} 条，尚待汇入 ${r.pending.count} 条`);
      return EXIT.ok;
    }
    if (sub === 'rebuild') {
      const rebuilt = await withDatabase('luoshi rollups rebuild', (database) =>
        rebuildRollups(database.db, { onProgress: progress('已重建') }),
      );
      if (json) out({ rebuilt });
      else console.log(`\n已重建 ${rebuilt} 个任务的汇总数`);
      return EXIT.ok;
    }
    const r = await withDatabase('luoshi rollups verify', (database) =>
      verifyRollups(database.db, { onProgress: progress('已核对') }),
    );
    if (json) out(r);
    else if (r.drift.length === 0) console.log(`\n已核对 ${r.tasks} 个任务，汇总数与记录一致`);
    else {
      console.log(`\n已核对 ${r.tasks} 个任务，发现 ${r.drift.length} 处不一致：`);
      for (const d of r.drift.slice(0, 50)) {
        console.log(`  任务 ${d.task_id} 组织 ${d.org_id} ${d.column}：保存值 ${d.kept}，重新统计 ${d.recounted}`);
      }
      console.log('可运行 luoshi rollups rebuild 从记录重建。');
    }
    return r.drift.length > 0 ? EXIT.failed : EXIT.ok;
  },
};
