import type { GridImportResult } from '../../../contracts/grid.ts';
import type { ImportIssue } from '../../../contracts/people.ts';
import {
  GRID_MATTER_LIST_SPEC,
  type GridMatterListField,
  type GridMatterListRow,
  readGridMatterRow,
} from '../../../domain/grid/grid-matter-list.ts';
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
  gridScopeOf,
  insertMatterEvents,
  insertMatters,
  listGridsForImport,
  listMattersByGridAndDay,
} from './grid.queries.ts';
import { gridRules } from './grid.service.ts';

/**
 * Importing a grid matter list (网格事项登记表) through the one spreadsheet importer, as the dues and meeting ledgers
 * are: columns found by their names (domain/grid/grid-matter-list.ts) or the user's mapping (remembered per header
 * shape), every row checked and its problems named by row and column in Chinese, and the matters recorded only when
 * every row is right, in one transaction, each as 上报 (待交办) with its step. A row names its grid by name among the
 * grids of the organisation and below it (所属社区 tells grids of the same name apart); a matter already recorded
 * (same grid, day and text: a list imported again, or the list's own export) is left as it is.
 */

export const GRID_MATTER_LIST = 'grid-matters';

export type GridImportOptions = {
  commit: boolean;
  mapping?: Readonly<Record<string, string | null>>;
  onChecked?: (issues: readonly ImportIssue[], read: ListRead) => void;
};
export type GridImportOutcome = GridImportResult & { errorCount: number };
type ListRead = { workbook: Workbook | null; found: GridImport<GridMatterListField> | null };

type ImportGrid = Awaited<ReturnType<typeof listGridsForImport>>[number];
type Planned = { sheet: string; row: number; m: GridMatterListRow; grid: ImportGrid; existing: boolean };

const INSERT_BATCH = 500;
const fold = (s: string) => foldChoice(s);

/** The grid a row names: by its name (or 网格/微网格), narrowed by 所属社区 (name or code) when several share it. */
function matchGrid(
  grids: readonly ImportGrid[],
  row: GridMatterListRow,
  orgName: string,
): { grid: ImportGrid } | { field: GridMatterListField; msg: Msg } {
  const name = fold(row.grid);
  let hits = grids.filter(
    (g) => fold(g.name) === name || (g.parent_name !== null && fold(`${g.parent_name}/${g.name}`) === name),
  );
  if (row.org !== '') {
    const o = fold(row.org);
    const narrowed = hits.filter((g) => fold(g.org_name) === o || fold(g.org_code) === o);
    if (narrowed.length > 0 || hits.length > 0) hits = narrowed;
  }
  if (hits.length === 1) return { grid: hits[0]! };
  if (hits.length === 0)
    return { field: 'grid', msg: msg('err.grid.import.gridNotFound', { name: row.grid, org: orgName }) };
  return { field: 'org', msg: msg('err.grid.import.gridAmbiguous', { name: row.grid, n: hits.length }) };
}

const keyOf = (gridId: number, day: string, text: string) => `${gridId}|${day}|${text.replace(/\s+/g, ' ').trim()}`;

export async function importGridMatters(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  opts: GridImportOptions,
): Promise<GridImportOutcome> {
  const target = await getOrg(ctx, orgId);
  const empty = (errors: ImportIssue[]): GridImportOutcome => ({
    committed: false,
    total: 0,
    valid: 0,
    created: 0,
    existing: 0,
    rows: [],
    errors,
    skipped: [],
    mapping: {},
    matchedBy: {},
    remembered: false,
    errorCount: errors.length,
  });
  const list = await openMappedList(
    ctx.db,
    file,
    msg('err.zip.gridMatters'),
    { orgId: target.id, list: GRID_MATTER_LIST },
    GRID_MATTER_LIST_SPEC,
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

  const categories = gridRules(ctx).categories.value;
  const grids = await listGridsForImport(ctx.db, gridScopeOf(ctx.actor), target.path);
  const candidates: Planned[] = [];
  for (const r of found.records) {
    const one = readGridMatterRow(r.cells, ctx.today, categories);
    if (!one.ok) {
      for (const i of one.issues) issue(r.sheet, r.row, i.field, i.msg);
      continue;
    }
    const hit = matchGrid(grids, one.row, target.name);
    if ('msg' in hit) {
      issue(r.sheet, r.row, hit.field, hit.msg);
      continue;
    }
    candidates.push({ sheet: r.sheet, row: r.row, m: one.row, grid: hit.grid, existing: false });
  }

  const recorded = new Set(
    (
      await listMattersByGridAndDay(
        ctx.db,
        [...new Set(candidates.map((c) => c.grid.id))],
        [...new Set(candidates.map((c) => c.m.reportedOn))],
      )
    ).map((x) => keyOf(x.grid_id, x.reported_on, x.text)),
  );
  const firstRow = new Map<string, number>();
  const planned: Planned[] = [];
  for (const c of candidates) {
    const key = keyOf(c.grid.id, c.m.reportedOn, c.m.text);
    const first = firstRow.get(key);
    if (first !== undefined) {
      issue(c.sheet, c.row, 'text', msg('err.grid.import.sameAsRow', { row: first }));
      continue;
    }
    firstRow.set(key, c.row);
    planned.push({ ...c, existing: recorded.has(key) });
  }
  const order = new Map(found.sheets.map((s, i) => [s, i]));
  const colOf = new Map(
    (Object.keys(found.fieldColumns) as GridMatterListField[]).map((f) => [header(f), found.fieldColumns[f] ?? 0]),
  );
  errors.sort(
    (a, b) =>
      (order.get(a.sheet ?? '') ?? -1) - (order.get(b.sheet ?? '') ?? -1) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (colOf.get(a.column ?? '') ?? -1) - (colOf.get(b.column ?? '') ?? -1),
  );
  opts.onChecked?.(errors, { workbook, found });

  const fresh = planned.filter((p) => !p.existing);
  const result: GridImportOutcome = {
    committed: false,
    total: found.records.length,
    valid: planned.length,
    created: 0,
    existing: planned.length - fresh.length,
    rows: planned.map((p) => ({
      row: p.row,
      ...(multi ? { sheet: p.sheet } : {}),
      gridId: p.grid.id,
      gridName: p.grid.name,
      orgName: p.grid.org_name,
      category: p.m.category,
      text: p.m.text,
      reportedOn: p.m.reportedOn,
      outcome: p.existing ? ('existing' as const) : ('new' as const),
    })),
    errors,
    skipped: found.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg) })),
    mapping: found.mapping,
    matchedBy: found.matchedBy,
    remembered,
    errorCount: errors.length,
  };
  if (errors.length > 0 || !opts.commit) return result;

  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
      const part = fresh.slice(i, i + INSERT_BATCH);
      const ids = await insertMatters(
        trx,
        part.map((p) => ({
          grid_id: p.grid.id,
          org_id: p.grid.org_id,
          region_id: p.grid.region_id,
          category: p.m.category,
          text: p.m.text,
          location: p.m.location,
          source: p.m.source,
          resident_name: p.m.residentName || null,
          resident_phone: p.m.residentPhone || null,
          reported_on: p.m.reportedOn,
          reporter_name: p.grid.worker_name,
          reported_by: ctx.actor.userId || null,
          created_at: ctx.now,
          updated_at: ctx.now,
        })),
      );
      await insertMatterEvents(
        trx,
        part.map((p, k) => ({
          matter_id: ids[k]!,
          at: ctx.now,
          on_day: p.m.reportedOn,
          actor_id: ctx.actor.userId || null,
          actor_name: ctx.actor.displayName,
          side: 'manager' as const,
          event: 'report' as const,
          from_state: null,
          to_state: 'reported' as const,
          note: p.m.text,
        })),
      );
    }
    await rememberMapping(trx, { orgId: target.id, list: GRID_MATTER_LIST }, opts.mapping, found, {
      at: ctx.now,
      by: ctx.actor.userId || null,
    });
    await audit(trx, ctx, 'grid.matter.import', { entity: 'org', entityId: target.id, orgId: target.id }, null, {
      orgCode: target.code,
      rows: found.records.length,
      created: fresh.length,
      existing: planned.length - fresh.length,
    });
  });
  return { ...result, committed: true, created: fresh.length };
}

/** The user's list with every problem marked where it stands, checked as the import would check it. */
export async function gridMatterErrorWorkbook(
  ctx: Ctx,
  orgId: number,
  file: Buffer,
  mapping?: Readonly<Record<string, string | null>>,
): Promise<Buffer> {
  let checked: { issues: readonly ImportIssue[]; read: ListRead } | null = null;
  const result = await importGridMatters(ctx, orgId, file, {
    commit: false,
    ...(mapping ? { mapping } : {}),
    onChecked: (issues, read) => {
      checked = { issues, read };
    },
  });
  const got = checked as { issues: readonly ImportIssue[]; read: ListRead } | null;
  if (!got || got.read.workbook === null || got.read.found === null) {
    const { errorCount, ...details } = result;
    throw AppError.of('IMPORT_INVALID', 'err.grid.import.hasErrors', { n: errorCount }, details);
  }
  if (got.issues.length === 0) throw AppError.of('RULE_VIOLATION', 'err.roster.noErrorsToMark');
  return annotateGridIssues(got.read.workbook.xlsx, got.read.found, GRID_MATTER_LIST_SPEC.fields, got.issues);
}
