import { type Msg, msg } from '../messages.ts';
import { type CellValue, cellAt, columnLetter, type Grid, hasContent } from './grid.ts';
import { type ListSpec, normalizeHeader } from './list-spec.ts';
import { applyUserMapping, fieldOfHeader, type MatchedBy, proposeMapping, type TableColumn } from './mapping.ts';
import { readTableRows, type SheetRecord, type SkippedRow } from './records.ts';
import { type FoundTable, findTable } from './table.ts';

/**
 * The one spreadsheet importer every list uses, on the grids of a workbook: which sheets hold the list (the user's
 * pick, else every visible sheet whose table has the first one's header — several group sheets import together,
 * any other non-empty sheet is named in a warning, never dropped silently; hidden code sheets are ignored), where
 * each table is, the column mapping (proposed, or the user's), and the records with the rows skipped. Whole-file
 * problems are errors without a row; cells are read by the list's own service.
 */

export type ImportIssueOf = { sheet: string | null; row: number | null; column: string | null; msg: Msg };

export type SheetCandidate = { name: string; hidden: boolean; hasTable: boolean; headerRow: number | null };

export type GridImport<F extends string = string> = {
  candidates: SheetCandidate[];
  /** The sheets read. */
  sheets: string[];
  /** The first sheet's columns as found. */
  columns: TableColumn[];
  /** The mapping used: header as written → field (null: ignored). */
  mapping: Record<string, F | null>;
  matchedBy: Record<string, MatchedBy>;
  records: SheetRecord<F>[];
  skipped: SkippedRow[];
  errors: ImportIssueOf[];
  warnings: Msg[];
  /** Per sheet read, where its table is. */
  tables: Map<string, FoundTable>;
  /** The first table's header shape (its columns' folded names): a remembered mapping is keyed by it. */
  shape: string;
  /** The column each mapped field is read from (the same in every sheet read: they share the header). */
  fieldColumns: Partial<Record<F, number>>;
};

export type GridImportOptions = {
  sheets?: readonly string[];
  mapping?: Readonly<Record<string, string | null>>;
  today: string;
  /** Sheets of the list's own template that hold no records (填写说明 with its example): read only when picked. */
  quietSheets?: readonly string[];
};

const SAMPLE_ROWS = 50;

function hasAnyContent(grid: Grid): boolean {
  return grid.rows.some((row) => row.some((c) => hasContent(c)));
}

export function shapeOf(table: FoundTable): string {
  return table.columns.map((c) => `${c.col}:${normalizeHeader(c.header)}`).join('|');
}

function withUserHeaders<F extends string>(
  spec: ListSpec<F>,
  mapping: Readonly<Record<string, string | null>>,
): ListSpec<F> {
  const extra = new Map<string, string[]>();
  for (const [header, field] of Object.entries(mapping)) {
    // Only headers that name nothing by themselves: the others count already.
    if (field !== null && !fieldOfHeader(spec, header)) extra.set(field, [...(extra.get(field) ?? []), header]);
  }
  if (extra.size === 0) return spec;
  return {
    ...spec,
    fields: spec.fields.map((f) =>
      extra.has(f.field) ? { ...f, aliases: [...f.aliases, ...(extra.get(f.field) ?? [])] } : f,
    ),
  };
}

export function importGrids<F extends string>(
  grids: readonly Grid[],
  spec: ListSpec<F>,
  opts: GridImportOptions,
): GridImport<F> {
  const errors: ImportIssueOf[] = [];
  const warnings: Msg[] = [];
  const fileError = (m: Msg) => errors.push({ sheet: null, row: null, column: null, msg: m });
  const tables = new Map<string, FoundTable>();
  // The headers a user mapping names count as names of their fields when looking for the header row: a table whose
  // name column is called something nobody expects is found once the user says which column it is.
  const finding = withUserHeaders(spec, opts.mapping ?? {});
  const candidates: SheetCandidate[] = grids.map((g) => {
    const table = g.hidden ? null : findTable(g, finding);
    if (table) tables.set(g.name, table);
    return { name: g.name, hidden: g.hidden, hasTable: table !== null, headerRow: table?.headerBottom ?? null };
  });
  const empty: GridImport<F> = {
    candidates,
    sheets: [],
    columns: [],
    mapping: {},
    matchedBy: {},
    records: [],
    skipped: [],
    errors,
    warnings,
    tables: new Map(),
    shape: '',
    fieldColumns: {},
  };

  let chosen: Grid[];
  if (opts.sheets && opts.sheets.length > 0) {
    chosen = [];
    for (const name of opts.sheets) {
      const g = grids.find((x) => x.name === name) ?? grids.find((x) => x.name.trim() === name.trim());
      if (!g) {
        fileError(msg('err.imp.sheet.unknown', { sheet: name, sheets: grids.map((x) => x.name).join('、') }));
        continue;
      }
      if (!tables.has(g.name)) {
        fileError(msg('err.imp.file.noTable', { list: spec.name }));
        continue;
      }
      chosen.push(g);
    }
    if (errors.length > 0) return empty;
  } else {
    const quiet = new Set(opts.quietSheets ?? []);
    const visible = grids.filter((g) => !g.hidden && !quiet.has(g.name.trim()) && hasAnyContent(g));
    const first = visible.find((g) => tables.has(g.name));
    if (!first) {
      fileError(visible.length === 0 ? msg('err.imp.file.noRows') : msg('err.imp.file.noTable', { list: spec.name }));
      return empty;
    }
    const shape = shapeOf(tables.get(first.name) as FoundTable);
    chosen = [];
    for (const g of visible) {
      const t = tables.get(g.name);
      if (t && shapeOf(t) === shape) chosen.push(g);
      else if (t) warnings.push(msg('notice.imp.sheet.otherShape', { sheet: g.name, first: first.name }));
      else warnings.push(msg('notice.imp.sheet.noTable', { sheet: g.name }));
    }
    if (chosen.length > 1) {
      warnings.push(msg('notice.imp.sheet.together', { sheets: chosen.map((g) => `“${g.name}”`).join('、') }));
    }
  }

  const head = chosen[0] as Grid;
  const table = tables.get(head.name) as FoundTable;
  const samples = new Map<number, CellValue[]>();
  for (let r = table.dataTop; r <= Math.min(table.dataBottom, table.dataTop + SAMPLE_ROWS - 1); r++) {
    for (const c of table.columns) {
      const v = cellAt(head, r, c.col)?.value ?? null;
      if (v !== null) samples.set(c.col, [...(samples.get(c.col) ?? []), v]);
    }
  }
  const proposed = proposeMapping(spec, table.columns, samples, opts.today);
  const applied = applyUserMapping(spec, table.columns, proposed, opts.mapping ?? {});
  const fieldLabel = (f: string) => spec.fields.find((x) => x.field === f)?.header ?? f;
  for (const p of applied.problems) {
    if (p.kind === 'unknownField') {
      fileError(
        msg('err.imp.map.unknownField', {
          header: p.header,
          field: p.field,
          list: spec.name,
          fields: spec.fields.map((f) => `${f.field}（${f.header}）`).join('、'),
        }),
      );
    } else if (p.kind === 'unknownHeader') fileError(msg('err.imp.map.unknownHeader', { header: p.header }));
    else fileError(msg('err.imp.col.duplicate', { field: fieldLabel(p.field), headers: p.headers.join('、') }));
  }
  const { mapping, matchedBy } = applied.mapping;
  const mapped = new Set([...mapping.values()].filter((f): f is F => f !== null));
  for (const f of spec.fields) {
    if (f.required && !mapped.has(f.field)) {
      errors.push({
        sheet: head.name,
        row: table.headerBottom,
        column: f.header,
        msg: msg('err.imp.col.missing', { header: f.header }),
      });
    }
  }
  const firstColumnOf = new Map<F, number>();
  for (const c of table.columns) {
    const f = mapping.get(c.col);
    if (f && !firstColumnOf.has(f)) firstColumnOf.set(f, c.col);
  }
  for (const c of table.columns) {
    if (mapping.get(c.col) !== null || c.header === '') continue;
    const header = c.header.replace(/\s+/g, '');
    const named = fieldOfHeader(spec, c.header)?.field.field;
    const first = named === undefined ? undefined : firstColumnOf.get(named);
    warnings.push(
      first !== undefined && matchedBy.get(c.col) !== 'user'
        ? msg('notice.imp.col.duplicateIgnored', { column: columnLetter(c.col), header, first: columnLetter(first) })
        : msg('notice.imp.col.ignored', { column: columnLetter(c.col), header, list: spec.name }),
    );
  }
  const headed = new Set(table.columns.map((c) => c.col));
  const headless = new Set<number>();
  for (let r = table.dataTop; r <= table.dataBottom; r++) {
    const row = head.rows[r - 1] ?? [];
    for (let c = 1; c <= row.length; c++) if (!headed.has(c) && hasContent(row[c - 1] ?? null)) headless.add(c);
  }
  for (const c of [...headless].sort((a, b) => a - b)) {
    warnings.push(msg('notice.imp.col.headless', { column: columnLetter(c) }));
  }

  const mappingOut: Record<string, F | null> = {};
  const matchedOut: Record<string, MatchedBy> = {};
  for (const c of table.columns) {
    const key = c.header in mappingOut ? `${c.header}（第${columnLetter(c.col)}列）` : c.header;
    mappingOut[key] = mapping.get(c.col) ?? null;
    matchedOut[key] = matchedBy.get(c.col) ?? 'none';
  }
  const result: GridImport<F> = {
    candidates,
    sheets: chosen.map((g) => g.name),
    columns: table.columns,
    mapping: mappingOut,
    matchedBy: matchedOut,
    records: [],
    skipped: [],
    errors,
    warnings,
    tables: new Map(chosen.map((g) => [g.name, tables.get(g.name) as FoundTable])),
    shape: shapeOf(table),
    fieldColumns: Object.fromEntries(
      [...mapping].filter((e): e is [number, F] => e[1] !== null).map(([col, f]) => [f, col]),
    ) as Partial<Record<F, number>>,
  };
  if (errors.length > 0) return result;
  for (const g of chosen) {
    const rows = readTableRows(g, spec, tables.get(g.name) as FoundTable, mapping);
    result.records.push(...rows.records);
    result.skipped.push(...rows.skipped);
    for (const i of rows.issues) errors.push(i);
  }
  if (result.records.length === 0 && errors.length === 0) fileError(msg('err.imp.file.noRows'));
  return result;
}
