import type { EconomyImportResult } from '../../../contracts/economy.ts';
import type { ImportIssue } from '../../../contracts/people.ts';
import {
  effectiveIncomeEntries,
  type IncomeEntry,
  operatingOf,
  sameAmounts,
  totalOf,
} from '../../../domain/economy/income.ts';
import {
  headerInWan,
  INCOME_LIST_SPEC,
  type IncomeListField,
  type IncomeListRow,
  isUnreportedRow,
  readIncomeRow,
  villageNameKey,
} from '../../../domain/economy/income-list.ts';
import { INCOME_SOURCES, type IncomeSource } from '../../../domain/economy/vocab.ts';
import type { GridImport } from '../../../domain/import/importer.ts';
import { foldChoice } from '../../../domain/import/list-spec.ts';
import { type Msg, msg, zhOf } from '../../../domain/messages.ts';
import { AppError } from '../../errors.ts';
import { annotateGridIssues } from '../../import/error-workbook.ts';
import { openMappedList } from '../../import/mapped-list.ts';
import { rememberMapping } from '../../import/remembered-mapping.ts';
import type { Workbook } from '../../import/workbook.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import {
  findOrgByCodeInSubtree,
  insertEntries,
  listEntriesOf,
  listVillagesForImport,
  lockVillage,
} from './economy.queries.ts';
import { entryOf, keepVillageYear } from './economy.service.ts';

/**
 * Importing a village collective income list (村级集体经济收入统计表) through the one spreadsheet importer, as the dues,
 * meeting and grid lists are: columns found by their names (domain/economy/income-list.ts) or the user's mapping
 * (remembered per header shape), every row checked and its problems named by row and column in Chinese, and the
 * entries written only when every row is right, in one transaction. A row names its village among the active
 * villages of the organisation and below it, by 组织编码 or by name (所属乡镇 tells villages of the same name apart).
 * A row whose amounts are those in force for the village, year and period adds nothing (a list imported again, or
 * its own export); one with other amounts corrects the entry in force (a new entry naming it); one for a period not
 * yet reported is a new entry. Amount columns whose header says 万元 are read in 万元.
 */

export const INCOME_LIST = 'village-income';

export type EconomyImportOptions = {
  commit: boolean;
  mapping?: Readonly<Record<string, string | null>>;
  onChecked?: (issues: readonly ImportIssue[], read: ListRead) => void;
};
export type EconomyImportOutcome = EconomyImportResult & { errorCount: number };
type ListRead = { workbook: Workbook | null; found: GridImport<IncomeListField> | null };

type ImportVillage = Awaited<ReturnType<typeof listVillagesForImport>>[number];
type Planned = {
  sheet: string;
  row: number;
  r: IncomeListRow;
  village: ImportVillage;
  outcome: 'new' | 'corrects' | 'existing';
  corrects: number | null;
};

const INSERT_BATCH = 500;

/** The village a row names: by 组织编码 when given (the name must then agree), else by name narrowed by 所属乡镇. */
function matchVillage(
  villages: readonly ImportVillage[],
  byCode: ReadonlyMap<string, ImportVillage>,
  row: IncomeListRow,
  orgName: string,
): { village: ImportVillage } | { field: IncomeListField; msg: Msg } | { code: string } {
  if (row.code !== '') {
    const v = byCode.get(foldChoice(row.code));
    if (!v) return { code: row.code };
    if (row.village !== '' && villageNameKey(row.village) !== villageNameKey(v.name)) {
      return {
        field: 'village',
        msg: msg('err.economy.import.codeNameMismatch', { code: row.code, name: row.village, actual: v.name }),
      };
    }
    return { village: v };
  }
  const key = villageNameKey(row.village);
  let hits = villages.filter((v) => villageNameKey(v.name) === key);
  if (hits.length > 1 && row.town !== '') {
    const t = villageNameKey(row.town);
    hits = hits.filter((v) => v.parent_name !== null && villageNameKey(v.parent_name).startsWith(t));
  }
  if (hits.length === 1) return { village: hits[0]! };
  if (hits.length === 0) {
    return { field: 'village', msg: msg('err.economy.import.villageNotFound', { name: row.village, org: orgName }) };
  }
  return { field: 'village', msg: msg('err.economy.import.villageAmbiguous', { name: row.village, n: hits.length }) };
}

const slotOf = (orgId: number, year: number, quarter: number | null) => `${orgId}|${year}|${quarter ?? 0}`;

export async function importIncomeList(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  opts: EconomyImportOptions,
): Promise<EconomyImportOutcome> {
  const target = await getOrg(ctx, orgId);
  const empty = (errors: ImportIssue[]): EconomyImportOutcome => ({
    committed: false,
    total: 0,
    valid: 0,
    created: 0,
    corrected: 0,
    existing: 0,
    rows: [],
    errors,
    skipped: [],
    mapping: {},
    matchedBy: {},
    remembered: false,
    wanColumns: [],
    errorCount: errors.length,
  });
  const list = await openMappedList(
    ctx.db,
    file,
    msg('err.zip.economy'),
    { orgId: target.id, list: INCOME_LIST },
    INCOME_LIST_SPEC,
    {
      today: ctx.today,
      mapping: opts.mapping,
    },
  );
  if (!list.ok) {
    opts.onChecked?.(list.errors, { workbook: null, found: null });
    return empty(list.errors);
  }
  const { workbook, found, remembered, errors, issue, multi, column: header } = list;
  const rawHeader = list.headerOf;
  const wan = new Set<IncomeSource>(INCOME_SOURCES.filter((s) => headerInWan(rawHeader(s) ?? '')));

  const villages = await listVillagesForImport(ctx.db, target.path);
  const byCode = new Map(villages.map((v) => [foldChoice(v.code), v]));
  const candidates: Omit<Planned, 'outcome' | 'corrects'>[] = [];
  const unreported: { sheet: string; row: number; reason: string }[] = [];
  for (const rec of found.records) {
    if (isUnreportedRow(rec.cells)) {
      unreported.push({ sheet: rec.sheet, row: rec.row, reason: zhOf(msg('label.economy.skipUnreported')) });
      continue;
    }
    const one = readIncomeRow(rec.cells, ctx.today, wan);
    if (!one.ok) {
      for (const i of one.issues) issue(rec.sheet, rec.row, i.field, i.msg);
      continue;
    }
    const hit = matchVillage(villages, byCode, one.row, target.name);
    if ('code' in hit) {
      const other = await findOrgByCodeInSubtree(ctx.db, target.path, hit.code);
      issue(
        rec.sheet,
        rec.row,
        'code',
        other
          ? msg('err.economy.import.notVillage', { name: other.name })
          : msg('err.economy.import.codeNotFound', { code: hit.code, org: target.name }),
      );
      continue;
    }
    if ('msg' in hit) {
      issue(rec.sheet, rec.row, hit.field, hit.msg);
      continue;
    }
    candidates.push({ sheet: rec.sheet, row: rec.row, r: one.row, village: hit.village });
  }

  const stored = await listEntriesOf(
    ctx.db,
    [...new Set(candidates.map((c) => c.village.id))],
    [...new Set(candidates.map((c) => c.r.year))],
  );
  /** The entry in force (and its original) per village, year and period. */
  const inForce = new Map<string, { original: number; entry: IncomeEntry }>();
  const bySlot = new Map<string, IncomeEntry[]>();
  for (const s of stored) {
    const key = slotOf(s.org_id, s.year, s.quarter);
    bySlot.set(key, [...(bySlot.get(key) ?? []), entryOf(s)]);
  }
  for (const [key, list] of bySlot) {
    for (const [original, entry] of effectiveIncomeEntries(list)) inForce.set(key, { original, entry });
  }
  const firstRow = new Map<string, number>();
  const planned: Planned[] = [];
  for (const c of candidates) {
    const key = slotOf(c.village.id, c.r.year, c.r.quarter);
    const first = firstRow.get(key);
    if (first !== undefined) {
      issue(c.sheet, c.row, 'village', msg('err.economy.import.sameAsRow', { row: first }));
      continue;
    }
    firstRow.set(key, c.row);
    const now = inForce.get(key);
    const outcome = !now ? 'new' : sameAmounts(now.entry.amounts, c.r.amounts) ? 'existing' : 'corrects';
    planned.push({ ...c, outcome, corrects: outcome === 'corrects' ? now!.entry.id : null });
  }
  const order = new Map(found.sheets.map((s, i) => [s, i]));
  const colOf = new Map(
    (Object.keys(found.fieldColumns) as IncomeListField[]).map((f) => [header(f), found.fieldColumns[f] ?? 0]),
  );
  errors.sort(
    (a, b) =>
      (order.get(a.sheet ?? '') ?? -1) - (order.get(b.sheet ?? '') ?? -1) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (colOf.get(a.column ?? '') ?? -1) - (colOf.get(b.column ?? '') ?? -1),
  );
  opts.onChecked?.(errors, { workbook, found });

  const writing = planned.filter((p) => p.outcome !== 'existing');
  const result: EconomyImportOutcome = {
    committed: false,
    total: found.records.length,
    valid: planned.length,
    created: 0,
    corrected: 0,
    existing: planned.length - writing.length,
    rows: planned.map((p) => ({
      row: p.row,
      ...(multi ? { sheet: p.sheet } : {}),
      orgId: p.village.id,
      orgName: p.village.name,
      year: p.r.year,
      quarter: p.r.quarter,
      operating: operatingOf(p.r.amounts),
      total: totalOf(p.r.amounts),
      outcome: p.outcome,
    })),
    errors,
    skipped: [...found.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg) })), ...unreported],
    mapping: found.mapping,
    matchedBy: found.matchedBy,
    remembered,
    wanColumns: [...wan].map((s) => header(s)),
    errorCount: errors.length,
  };
  if (errors.length > 0 || !opts.commit) return result;

  const created = writing.filter((p) => p.outcome === 'new').length;
  await ctx.db.transaction().execute(async (trx) => {
    const villageIds = [...new Set(writing.map((p) => p.village.id))].sort((a, b) => a - b);
    for (const id of villageIds) await lockVillage(trx, id);
    for (let i = 0; i < writing.length; i += INSERT_BATCH) {
      await insertEntries(
        trx,
        writing.slice(i, i + INSERT_BATCH).map((p) => ({
          org_id: p.village.id,
          region_id: p.village.region_id,
          year: p.r.year,
          quarter: p.r.quarter,
          ...p.r.amounts,
          note: p.r.note,
          corrects_id: p.corrects,
          via: 'import' as const,
          actor_id: ctx.actor.userId || null,
          actor_name: ctx.actor.displayName,
          created_at: ctx.now,
        })),
      );
    }
    const years = new Map<string, { village: ImportVillage; year: number }>();
    for (const p of writing) years.set(`${p.village.id}|${p.r.year}`, { village: p.village, year: p.r.year });
    for (const { village, year } of years.values()) await keepVillageYear(trx, village, year, ctx);
    await rememberMapping(trx, { orgId: target.id, list: INCOME_LIST }, opts.mapping, found, {
      at: ctx.now,
      by: ctx.actor.userId || null,
    });
    await audit(trx, ctx, 'economy.income.import', { entity: 'org', entityId: target.id, orgId: target.id }, null, {
      orgCode: target.code,
      rows: found.records.length,
      created,
      corrected: writing.length - created,
      existing: planned.length - writing.length,
    });
  });
  return { ...result, committed: true, created, corrected: writing.length - created };
}

/** The user's list with every problem marked where it stands, checked as the import would check it. */
export async function incomeErrorWorkbook(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  mapping?: Readonly<Record<string, string | null>>,
): Promise<Buffer> {
  let checked: { issues: readonly ImportIssue[]; read: ListRead } | null = null;
  const result = await importIncomeList(ctx, orgId, file, {
    commit: false,
    ...(mapping ? { mapping } : {}),
    onChecked: (issues, read) => {
      checked = { issues, read };
    },
  });
  const got = checked as { issues: readonly ImportIssue[]; read: ListRead } | null;
  if (!got || got.read.workbook === null || got.read.found === null) {
    const { errorCount, ...details } = result;
    throw AppError.of('IMPORT_INVALID', 'err.economy.import.hasErrors', { n: errorCount }, details);
  }
  if (got.issues.length === 0) throw AppError.of('RULE_VIOLATION', 'err.roster.noErrorsToMark');
  return annotateGridIssues(got.read.workbook.xlsx, got.read.found, INCOME_LIST_SPEC.fields, got.issues);
}
