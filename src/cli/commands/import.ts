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
  已登记在该组织管理范围内的人员（按“人员编号”列，没有时按身份证号对应）不会重复登记：表中与已登记不同的项
  更新到其档案，完全相同的行不写入。从网页端导出的名册可修改后直接导入。
  --dry-run  只校验，不写入党员数据（校验本身记入审计日志），并列出将新增、更新、不变的人数和更新的内容
  --json     输出 { committed, total, valid, created, updated, counts: { new, changed, unchanged },
             rows: [{ row, kind, name, personId, changes: [{ column, before, after }] }], rowsOmitted,
             errors: [{ row, column, message }], preview }`;

/** How many of the changed rows the text output lists (all of them are in --json, up to its limit). */
const CHANGES_SHOWN = 20;

const PHASE_LABELS: Record<ImportPhase, string> = { validate: '校验', insert: '写入', update: '更新' };

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
    const { counts } = result;
    const tally = `新增 ${counts.new} 人，更新 ${counts.changed} 人，不变 ${counts.unchanged} 人`;
    if (!commit) {
      console.log(`校验通过：共 ${result.total} 行，均可导入到“${orgName}”：${tally}（--dry-run，未写入党员数据）`);
      const changed = result.rows.filter((r) => r.kind === 'changed');
      for (const r of changed.slice(0, CHANGES_SHOWN)) {
        const what = r.changes.map((c) => `${c.column} ${c.before ?? '（空）'} → ${c.after ?? '（空）'}`).join('；');
        console.log(`  第${r.row}行 ${r.name}：${what}`);
      }
      if (counts.changed > CHANGES_SHOWN)
        console.log(`  ……另有 ${counts.changed - CHANGES_SHOWN} 人有更新（--json 可列出）`);
      return EXIT.ok;
    }
    if (result.created === 0 && result.updated === 0) {
      console.log(`没有需要导入或更新的人员：${result.total} 行与“${orgName}”已登记的一致`);
      return EXIT.ok;
    }
    console.log(
      `已导入 ${result.created} 人到“${orgName}”及其下级组织${result.updated > 0 || counts.unchanged > 0 ? `，更新 ${result.updated} 人，不变 ${counts.unchanged} 人` : ''}`,
    );
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
