import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReviewDetail } from '../../contracts/review.ts';
import { msg, zhOf } from '../../domain/messages.ts';
import type { Database } from '../../server/db/client.ts';
import { getReview, getReviewIssuerId, listReviews } from '../../server/features/assess/review.service.ts';
import { importReviewPoll, type ReviewImportPhase } from '../../server/features/assess/review-import.service.ts';
import { systemCtxForOrg } from '../../server/features/org/org.service.ts';
import { formatImportIssue } from '../../server/features/people/roster-import.service.ts';
import type { ErrorMark } from '../../server/import/error-workbook.ts';
import { annotateWorkbook } from '../../server/import/error-workbook.ts';
import type { Workbook } from '../../server/import/workbook.ts';
import { type CommandConfig, systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse, progressBar } from '../cli-kit.ts';

const usage = `luoshi reviews list --org 编码 [--year 年度] [--json]     书记抓基层党建述职评议（该组织及其下级的，或涉及它们的）
luoshi reviews show 编号 [--json]                           一次述职评议：各组织的述职报告、点评、民主测评、等次和问题
luoshi reviews import 编号 FILE [--should-attend N] [--dry-run] [--errors 标注.xlsx] [--json]
  导入民主测评票数（.xlsx 或 .xls）。两种表式：
  · 票数汇总表：每个单位一行，列为 单位（或组织编码、书记）、应到人数、实到人数，以及各等次（好、较好、一般、差）的票数；
  · 选票表：每张不记名选票一行，每个被测评组织一列（列名为组织名称），单元格填等次，弃权填“弃权”或留空。
  平台不收集记名投票：有投票人、姓名、签名、工号等列的表拒绝导入。逐行逐列校验，有一处错误就不写入任何票数，并按
  “第3行 好：……”列出每处错误（退出码 1）。票数与已登记相同的组织不重复写入（同一文件再次导入不新增记录）；
  不同的作为一条新的修改记录写入。
  --should-attend  选票表的应参加人数（各组织相同）；不填时按已登记的应参加人数，没有则按实参加人数
  --dry-run        只校验，不写入
  --errors         有错误时，把标注了错误的文件（问题单元格标红并附批注，另附“导入错误”工作表）写到此路径
  --json           输出 { ok, committed, layout, sheets, total, rows, created, changed, unchanged, errors, warnings, skipped }`;

const options = {
  json: { type: 'boolean' },
  org: { type: 'string' },
  year: { type: 'string' },
  'should-attend': { type: 'string' },
  'dry-run': { type: 'boolean' },
  errors: { type: 'string' },
} as const;

const PHASE_LABELS: Record<ReviewImportPhase, string> = { read: '读取', validate: '校验', write: '写入' };

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The CLI acts as the system administrator of the tree that holds the round's issuing organisation. */
async function ctxForRound(database: Database, config: CommandConfig, id: number) {
  const orgId = await getReviewIssuerId(database.db, id);
  return systemCtxForOrg(database.db, orgId, new Date(), config.auditKey, config.taskRules);
}

function positiveId(text: string | undefined, what: string): number {
  const id = Number(text);
  if (!(Number.isInteger(id) && id > 0)) throw new CliError(`请给出${what}\n\n${usage}`);
  return id;
}

function printDetail(d: ReviewDetail): void {
  const gradeName = (code: string | null) => d.grades.find((g) => g.code === code)?.zh ?? code ?? '—';
  console.log(`${d.name}（${d.orgName}，${d.year}年度）  已评定 ${d.graded}/${d.orgs}`);
  console.log(`测评等次：${d.grades.map((g) => g.zh).join('、')}`);
  for (const e of d.entries) {
    console.log(`\n${e.orgName}  书记：${e.secretary ?? '（未配备）'}`);
    const report = e.report ? `已填写 ${e.report.length} 字` : '未填写';
    console.log(`  述职报告：${report}${e.reportFile ? `；文件 ${e.reportFile.filename}` : ''}`);
    console.log(`  点评：${e.comment || '未填写'}`);
    if (e.poll) {
      const tallies = d.grades.map((g) => `${g.zh} ${e.poll?.tallies[g.code] ?? 0}`).join('，');
      console.log(
        `  民主测评：应参加 ${e.poll.shouldAttend}，实参加 ${e.poll.tookPart}；${tallies}；好评率 ${pct(e.poll.result.favourableShare)}`,
      );
    } else console.log('  民主测评：未登记');
    console.log(
      `  等次：${e.grade ? gradeName(e.grade) : '未评定'}  问题 ${e.problems.length} 项  修改记录 ${e.historyCount} 条`,
    );
  }
}

/** One progress bar per phase (读取, 校验, 写入) on stderr, as the other imports show. */
function phasedProgress() {
  let current: { phase: ReviewImportPhase; bar: ReturnType<typeof progressBar> } | null = null;
  return {
    update(done: number, total: number, phase: ReviewImportPhase): void {
      if (current?.phase !== phase) {
        current?.bar.done();
        current = { phase, bar: progressBar(PHASE_LABELS[phase], total) };
      }
      if (done < total) current.bar.tick(done);
    },
    finish(): void {
      current?.bar.done();
      current = null;
    },
  };
}

/** 书记抓基层党建述职评议 (issue 12) from the command line: the same services as /api/reviews. */
export const reviewsCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'list' && sub !== 'show' && sub !== 'import') throw new CliError(usage);
    const { values, positionals } = parse(rest, usage, options, true);
    if (sub === 'list') {
      if (!values.org) throw new CliError(`请用 --org 给出组织编码\n\n${usage}`);
      const year = values.year === undefined ? undefined : Number(values.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
        throw new CliError(`--year 应为年份，如 2026\n\n${usage}`);
      }
      return withDatabase('luoshi reviews list', async (database, config) => {
        const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
        const list = await listReviews(ctx, { orgId, year });
        if (values.json) console.log(JSON.stringify(list.items));
        else {
          for (const r of list.items) {
            console.log(`${r.id}  ${r.year}  ${r.name}  ${r.orgName}  已评定 ${r.graded}/${r.orgs}`);
          }
          console.log(`共 ${list.items.length} 次述职评议`);
        }
        return EXIT.ok;
      });
    }
    const id = positiveId(positionals[0], '述职评议编号');
    if (sub === 'show') {
      return withDatabase('luoshi reviews show', async (database, config) => {
        const d = await getReview(await ctxForRound(database, config, id), id);
        if (values.json) console.log(JSON.stringify(d));
        else printDetail(d);
        return EXIT.ok;
      });
    }

    const file = positionals[1];
    if (!file || positionals.length > 2) throw new CliError(`请指定一个 .xlsx 或 .xls 文件\n\n${usage}`);
    const should = values['should-attend'];
    const shouldAttend = should === undefined ? undefined : Number(should);
    if (shouldAttend !== undefined && !(Number.isInteger(shouldAttend) && shouldAttend >= 0)) {
      throw new CliError(`--should-attend 应为不小于 0 的整数\n\n${usage}`);
    }
    const data = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? '文件不存在' : `无法读取（${e.code ?? e.message}）`;
      throw new CliError(`${why}：${file}`);
    });
    const commit = !values['dry-run'];
    if (!values.json) console.error(`读取 ${file}（${(data.length / 1024).toFixed(0)} KB）…`);
    const progress = phasedProgress();
    const checked: { marks: readonly ErrorMark[]; workbook: Workbook | null }[] = [];
    const outcome = await withDatabase('luoshi reviews import', async (database, config) =>
      importReviewPoll(await ctxForRound(database, config, id), id, data, {
        commit,
        shouldAttend,
        filename: path.basename(file),
        onProgress: progress.update,
        onChecked: (marks, workbook) => {
          checked.push({ marks, workbook });
        },
      }),
    );
    progress.finish();
    const { errorCount, ...result } = outcome;
    const read = checked[0];
    if (values.errors && errorCount > 0 && read?.workbook) {
      await writeFile(values.errors, await annotateWorkbook(read.workbook.xlsx, result.sheets[0] ?? '', read.marks));
      if (!values.json) console.error(`已把标注了错误的文件写到 ${values.errors}`);
    }
    if (values.json) {
      console.log(JSON.stringify({ ok: errorCount === 0, ...result }, null, 2));
      return errorCount > 0 ? EXIT.failed : EXIT.ok;
    }
    for (const w of result.warnings) console.error(`提示：${w}`);
    if (errorCount > 0) {
      for (const issue of result.errors) console.error(formatImportIssue(issue));
      console.error(zhOf(msg('err.review.import.hasErrors', { n: errorCount })));
      return EXIT.failed;
    }
    const layout = result.layout === 'ballots' ? `选票 ${result.total} 张` : `汇总表 ${result.total} 行`;
    const tally = `新登记 ${result.created} 个组织，更新 ${result.changed} 个，与已登记相同 ${result.unchanged} 个`;
    console.log(
      commit
        ? `已导入民主测评票数（${layout}）：${tally}${result.unchanged > 0 ? '（相同的未重复写入）' : ''}`
        : `校验通过（${layout}）：${tally}（--dry-run，未写入）`,
    );
    return EXIT.ok;
  },
};
