import { countAppraisals, listAppraisalsOf } from '../../server/features/assess/appraisal.service.ts';
import { listAssessSystems } from '../../server/features/assess/assess.service.ts';
import { getRoundResults, type ScoringProgress } from '../../server/features/assess/scoring.service.ts';
import { listWeakOrgs } from '../../server/features/assess/weak.service.ts';
import { systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse, progressBar } from '../cli-kit.ts';

const usage = `luoshi assess systems --org 编码 [--year 年度] [--json]   考核指标体系（该组织所在的整棵树）
luoshi assess round 编号 --org 编码 [--json]              一轮考核的结果：排名、总分、等次、每项指标的得分说明
                                                       （公示前为实时计分，读取自动指标时显示进度）
luoshi assess appraisals --org 编码 --year 年度 [--json]  民主评议党员：该组织及下级各支部的评议和合计
luoshi assess weak --org 编码 [--year 年度] [--json]      软弱涣散基层党组织：该组织及下级的认定和合计`;

const SUBS = ['systems', 'round', 'appraisals', 'weak'] as const;
type Sub = (typeof SUBS)[number];
const isSub = (s: string | undefined): s is Sub => SUBS.includes(s as Sub);

const options = {
  json: { type: 'boolean' },
  org: { type: 'string' },
  year: { type: 'string' },
} as const;

/**
 * Assessment (考核, issue 12) from the command line: the same services as GET /api/assess/systems, …/results,
 * GET /api/appraisals and GET /api/weak-orgs, acting as the system administrator of the tree that holds --org.
 */
export const assessCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (!isSub(sub)) throw new CliError(usage);
    const { values, positionals } = parse(rest, usage, options, true);
    if (!values.org) throw new CliError(`请用 --org 给出组织编码\n\n${usage}`);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
      throw new CliError(`--year 应为年份，如 2026\n\n${usage}`);
    }
    if (sub === 'appraisals' && year === undefined) throw new CliError(`请用 --year 给出评议年度\n\n${usage}`);
    const id = sub === 'round' ? Number(positionals[0]) : 0;
    if (sub === 'round' && !(Number.isInteger(id) && id > 0)) throw new CliError(`请给出考核编号\n\n${usage}`);
    return withDatabase(`luoshi assess ${sub}`, async (database, config) => {
      const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
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
      if (sub === 'appraisals') {
        const items = await listAppraisalsOf(ctx, { orgId, year });
        const counts = countAppraisals(items);
        if (values.json) console.log(JSON.stringify({ items, counts }));
        else {
          for (const a of items) {
            const state = a.decided ? '已评定' : a.overdue ? '逾期未评定' : '未评定';
            console.log(
              `${a.id}  ${a.orgName}  ${a.year}年度  名单 ${a.asOf}  期限 ${a.dueOn}  参评 ${a.memberCount} 名  ${state}  优秀 ${a.excellent}  不合格 ${a.unqualified}  处置记录 ${a.openHandlings}`,
            );
          }
          console.log(
            `共 ${counts.appraisals} 个支部：已评定 ${counts.decided}，未评定 ${counts.appraisals - counts.decided}（逾期 ${counts.overdue}）；参评党员 ${counts.members} 名，优秀 ${counts.excellent} 名，不合格 ${counts.unqualified} 名，处置记录 ${counts.handlings} 个`,
          );
        }
        return EXIT.ok;
      }
      if (sub === 'weak') {
        const { items, counts } = await listWeakOrgs(ctx, { orgId, year });
        if (values.json) console.log(JSON.stringify({ items, counts }));
        else {
          for (const w of items) {
            const state = w.state === 'lifted' ? `已摘帽 ${w.liftedOn ?? ''}` : w.overdue ? '整顿逾期' : '整顿中';
            const reasons = [...w.reasons.map((r) => r.zh), ...(w.otherReason ? [w.otherReason] : [])];
            console.log(
              `${w.id}  ${w.orgName}  ${w.year}年度  ${w.designatorName}认定 ${w.designatedOn}  期限 ${w.dueOn}  ${state}  措施 ${w.openMeasures}/${w.measures} 未销号  ${reasons.join('；')}`,
            );
          }
          console.log(`认定 ${counts.designated} 个，已摘帽 ${counts.lifted} 个，整顿逾期 ${counts.overdue} 个`);
        }
        return EXIT.ok;
      }
      // Before 公示 the whole round is scored now (tens of seconds on a city): a bar of the organisations read.
      const shown: { bar?: ReturnType<typeof progressBar> } = {};
      const onProgress: ScoringProgress = (done, total) => {
        if (values.json) return;
        shown.bar ??= progressBar('计分：读取自动指标', total);
        shown.bar.tick(done);
      };
      const res = await getRoundResults(ctx, id, onProgress);
      shown.bar?.done();
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
