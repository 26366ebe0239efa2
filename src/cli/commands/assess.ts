import { listAssessSystems } from '../../server/features/assess/assess.service.ts';
import { getRoundResults } from '../../server/features/assess/scoring.service.ts';
import { systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi assess systems --org 编码 [--year 年度] [--json]   考核指标体系（该组织所在的整棵树）
luoshi assess round 编号 --org 编码 [--json]              一轮考核的结果：排名、总分、等次、每项指标的得分说明`;

const options = {
  json: { type: 'boolean' },
  org: { type: 'string' },
  year: { type: 'string' },
} as const;

/** Assessment (考核, issue 12) from the command line: the same services as GET /api/assess/systems and …/results. */
export const assessCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'systems' && sub !== 'round') throw new CliError(usage);
    const { values, positionals } = parse(rest, usage, options, true);
    if (!values.org) throw new CliError(`请用 --org 给出组织编码\n\n${usage}`);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
      throw new CliError(`--year 应为年份，如 2026\n\n${usage}`);
    }
    const id = sub === 'round' ? Number(positionals[0]) : 0;
    if (sub === 'round' && !(Number.isInteger(id) && id > 0)) throw new CliError(`请给出考核编号\n\n${usage}`);
    return withDatabase(`luoshi assess ${sub}`, async (database, config) => {
      const { ctx } = await systemCtxForCode(database, config, values.org!);
      if (sub === 'systems') {
        const list = await listAssessSystems(ctx, { year });
        if (values.json) console.log(JSON.stringify(list));
        else {
          for (const s of list) {
            console.log(`${s.id}  ${s.year}  ${s.name}  ${s.orgName}  ${s.state === 'published' ? '已发布' : '草稿'}`);
          }
          console.log(`共 ${list.length} 个指标体系`);
        }
        return EXIT.ok;
      }
      const res = await getRoundResults(ctx, id);
      if (values.json) console.log(JSON.stringify(res));
      else {
        console.log(`${res.round.name}（${res.round.orgName}，${res.round.year}）  ${res.tieBreak}`);
        for (const r of res.results) {
          const level = r.level === null ? '—' : `${r.level}星`;
          console.log(`${r.rank ?? '—'}  ${r.name}  ${r.total ?? '未评完'}  ${level}${r.vetoed ? '  一票否决' : ''}`);
        }
      }
      return EXIT.ok;
    });
  },
};
