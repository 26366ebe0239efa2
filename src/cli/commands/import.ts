import { readFile, writeFile } from 'node:fs/promises';
import type { ImportIssue } from '../../contracts/people.ts';
import { getOrg } from '../../server/features/org/org.service.ts';
import {
  formatImportIssue,
  type ImportPhase,
  importFailureMessage,
  importRoster,
  lookupsBesideFor,
  markRosterErrors,
  type RosterImportResult,
  startReadingRoster,
} from '../../server/features/people/roster-import.service.ts';
import { ROSTER_COLUMNS, type RosterSheet } from '../../server/features/people/roster-xlsx.ts';
import { systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse, progressBar } from '../cli-kit.ts';

const USAGE = `luoshi import members FILE --org 组织编码 [--sheet 工作表]... [--mapping 列对应.json] [--errors 标注.xlsx]
                     [--dry-run] [--json]
  从党员花名册（.xlsx 或 .xls）导入人员到该组织及其下级组织。表头可在标题、填报单位等行之下，可为两行（含合并的
  分组单元格）；列名按模板、常见别名和列中的值自动对应，不认识的列忽略并提示；说明、备注、占位符、重复表头和表尾
  签字盖章等行跳过并列出。先逐行校验；只要有一处错误就不导入任何数据，并按“第12行 身份证号：校验位错误”列出
  每处错误（退出码 1）。已登记在该组织管理范围内的人员（按“人员编号”列，没有时按身份证号对应）不会重复登记：
  表中与已登记不同的项更新到其档案，完全相同的行不写入。从网页端导出的名册可修改后直接导入。
  --sheet     只导入这个工作表（可重复）；不指定时导入与第一个有表头的工作表表头相同的所有工作表
  --mapping   列对应文件（JSON）：{ "表中的列名": "字段" 或 null（忽略该列） }，未列出的列按自动对应；
              字段：${ROSTER_COLUMNS.filter((c) => c.kind !== 'info')
                .map((c) => c.field)
                .join(', ')}
  --errors    有错误时，把标注了错误的文件（原文件，问题单元格标红并附批注，另附“导入错误”工作表）写到此路径
  --dry-run   只校验，不写入党员数据（校验本身记入审计日志），并列出将新增、更新、不变的人数和更新的内容
  --json      输出 { ok, sheets, mapping: { 列名: 字段或 null }, rows, imported,
              skipped: [{ sheet, row, reason }], errors: [{ sheet, row, column, message }], warnings,
              committed, total, valid, created, updated, counts: { new, changed, unchanged },
              outcomes: [{ row, kind, name, personId, changes: [{ column, before, after }] }], outcomesOmitted,
              matchedBy, preview }`;

/** How many of the changed rows the text output lists (all of them are in --json, up to its limit). */
const CHANGES_SHOWN = 20;

const PHASE_LABELS: Record<ImportPhase, string> = { read: '读取', validate: '校验', update: '更新' };
/** An import that commits writes each batch of rows as soon as it is checked. */
const COMMIT_LABELS: Record<ImportPhase, string> = { ...PHASE_LABELS, validate: '校验并写入' };

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
      {
        org: { type: 'string' },
        sheet: { type: 'string', multiple: true },
        mapping: { type: 'string' },
        errors: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new CliError(`请指定一个 .xlsx 或 .xls 文件\n\n${USAGE}`, EXIT.usage);
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
    const mapping = values.mapping ? await readMappingFile(values.mapping) : undefined;
    const commit = !values['dry-run'];
    if (!values.json) console.error(`读取 ${file}（${(data.length / 1024).toFixed(0)} KB）…`);

    const progress = phasedProgress(commit ? COMMIT_LABELS : PHASE_LABELS);
    // The file is read while the database connects and migrates: reading it needs no database.
    const source = startReadingRoster(data, (done, total) => progress.update(done, total, 'read'));
    let marked: Promise<Buffer> | null = null;
    const { orgName, outcome } = await withDatabase('luoshi import members', async (database, config) => {
      const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
      // The CLI's pool is its own: the rows are looked up beside the import's transaction (PostgreSQL).
      const beside = lookupsBesideFor(database);
      const org = await getOrg(ctx, orgId);
      return {
        orgName: org.name,
        outcome: await importRoster(ctx, orgId, source, {
          commit,
          ...(beside ? { lookupsBeside: beside } : {}),
          onProgress: progress.update,
          ...(values.sheet ? { sheets: values.sheet } : {}),
          ...(mapping ? { mapping } : {}),
          ...(values.errors
            ? {
                onChecked: (issues: readonly ImportIssue[], sheet: RosterSheet) => {
                  if (issues.length > 0) marked = markRosterErrors(issues, sheet);
                },
              }
            : {}),
        }),
      };
    });
    progress.finish();

    const { errorCount, ...result } = outcome;
    if (values.errors && marked) {
      await writeFile(values.errors, await marked);
      if (!values.json) console.error(`已把标注了错误的文件写到 ${values.errors}`);
    }
    if (values.json) {
      console.log(JSON.stringify(jsonOf(outcome), null, 2));
      return errorCount > 0 ? EXIT.failed : EXIT.ok;
    }
    for (const w of result.warnings) console.error(`提示：${w}`);
    if (result.skipped.length > 0) {
      console.error(`跳过 ${result.skipped.length} 行（不是人员记录）：`);
      for (const k of result.skipped.slice(0, CHANGES_SHOWN)) console.error(`  ${k.sheet} 第${k.row}行：${k.reason}`);
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

/**
 * The --json answer (stable interface): ok, the sheets read, the mapping used, rows (records read), imported
 * (people written), skipped rows, errors with their sheet, warnings; then the import's own figures.
 */
function jsonOf(outcome: RosterImportResult) {
  const { errorCount, rows: outcomes, rowsOmitted, ...rest } = outcome;
  const first = outcome.sheets[0] ?? '';
  return {
    ok: errorCount === 0,
    sheets: outcome.sheets,
    mapping: outcome.mapping,
    rows: outcome.total,
    imported: outcome.created + outcome.updated,
    skipped: outcome.skipped,
    errors: outcome.errors.map((e) => ({ sheet: e.sheet ?? first, row: e.row, column: e.column, message: e.message })),
    warnings: outcome.warnings,
    committed: rest.committed,
    total: rest.total,
    valid: rest.valid,
    created: rest.created,
    updated: rest.updated,
    counts: rest.counts,
    outcomes,
    outcomesOmitted: rowsOmitted,
    matchedBy: rest.matchedBy,
    warningMsgs: rest.warningMsgs,
    sheetCandidates: rest.sheetCandidates,
    preview: rest.preview,
  };
}

/** A mapping file: { "列名": "字段" | null }. */
async function readMappingFile(file: string): Promise<Record<string, string | null>> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`无法读取列对应文件（${e.code ?? e.message}）：${file}`, EXIT.usage);
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`列对应文件不是 JSON：${file}`, EXIT.usage);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`列对应文件应为 { "列名": "字段" 或 null } 形式的 JSON 对象：${file}`, EXIT.usage);
  }
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (v !== null && typeof v !== 'string') {
      throw new CliError(`列对应文件中“${k}”的值应为字段名（字符串）或 null：${file}`, EXIT.usage);
    }
    out[k] = v;
  }
  return out;
}

/** One progress bar per phase (读取, then 校验 or 校验并写入, then 更新) on stderr. */
function phasedProgress(labels: Record<ImportPhase, string>) {
  let current: { phase: ImportPhase; bar: ReturnType<typeof progressBar> } | null = null;
  return {
    update(done: number, total: number, phase: ImportPhase): void {
      if (current?.phase !== phase) {
        current?.bar.done();
        current = { phase, bar: progressBar(labels[phase], total) };
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
