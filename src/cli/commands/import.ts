import { readFile } from 'node:fs/promises';
import { getOrg } from '../../server/features/org/org.service.ts';
import {
  formatImportIssue,
  type ImportPhase,
  importFailureMessage,
  importRoster,
} from '../../server/features/people/roster-import.service.ts';
import { systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse, progressBar } from '../cli-kit.ts';

const USAGE = `luoshi import members FILE.xlsx --org 组织编码 [--dry-run] [--json]
  从党员花名册（.xlsx，表头为中文列名，模板可在网页端“导入花名册”下载）导入人员到该组织及其下级组织。
  先逐行校验；只要有一处错误就不导入任何数据，并按“第12行 身份证号：校验位错误”列出每处错误（退出码 1）。
  --dry-run  只校验，不写入党员数据（校验本身记入审计日志）
  --json     输出 { committed, total, valid, created, errors: [{ row, column, message }], preview }`;

const PHASE_LABELS: Record<ImportPhase, string> = { validate: '校验', insert: '写入' };

export const importCommand: Command = {
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(USAGE, EXIT.ok);
    if (sub !== 'members')
      throw new CliError(`${sub ? `未知的导入对象：${sub}` : '缺少导入对象'}\n\n${USAGE}`, EXIT.usage);
    const { values, positionals } = parse(
      rest,
      USAGE,
      { org: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      true,
    );
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new CliError(`请指定一个 .xlsx 文件\n\n${USAGE}`, EXIT.usage);
    if (!values.org) throw new CliError(`缺少 --org 组织编码\n\n${USAGE}`, EXIT.usage);
    const data = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'ENOENT'
          ? '文件不存在'
          : e.code === 'EISDIR'
            ? '这是一个目录'
            : `无法读取（${e.code ?? e.message}）`;
      throw new CliError(`${why}：${file}`, EXIT.usage);
    });
    const commit = !values['dry-run'];
    if (!values.json) console.error(`读取 ${file}（${(data.length / 1024).toFixed(0)} KB）…`);

    const progress = phasedProgress();
    const { orgName, outcome } = await withDatabase('luoshi import members', async (database, config) => {
      const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
      const org = await getOrg(ctx, orgId);
      return {
        orgName: org.name,
        outcome: await importRoster(ctx, orgId, data, { commit, onProgress: progress.update }),
      };
    });
    progress.finish();

    const { errorCount, ...result } = outcome;
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
      return errorCount > 0 ? EXIT.failed : EXIT.ok;
    }
    if (errorCount > 0) {
      for (const issue of result.errors) console.error(formatImportIssue(issue));
      console.error(importFailureMessage(errorCount));
      return EXIT.failed;
    }
    if (!commit) {
      console.log(`校验通过：共 ${result.total} 行，均可导入到“${orgName}”（--dry-run，未写入党员数据）`);
      return EXIT.ok;
    }
    console.log(`已导入 ${result.created} 人到“${orgName}”及其下级组织`);
    return EXIT.ok;
  },
};

/** One progress bar per phase (校验, then 写入) on stderr. */
function phasedProgress() {
  let current: { phase: ImportPhase; bar: ReturnType<typeof progressBar> } | null = null;
  return {
    update(done: number, total: number, phase: ImportPhase): void {
      if (current?.phase !== phase) {
        current?.bar.done();
        current = { phase, bar: progressBar(PHASE_LABELS[phase], total) };
      }
      // The bar draws its last line itself when the phase ends.
      if (done < total) current.bar.tick(done);
    },
    finish(): void {
      current?.bar.done();
      current = null;
    },
  };
}
