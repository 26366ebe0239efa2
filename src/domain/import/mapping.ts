import { checkIdNumber } from '../people/id-number.ts';
import { type CellValue, cellText } from './grid.ts';
import { type ListField, type ListSpec, normalizeHeader } from './list-spec.ts';

/**
 * The column mapping: which target field each column of the table holds. Proposed from the header (the template's
 * name, an alias, a name that contains one) and, for a column whose header says nothing known, from the values seen
 * (18 characters with a valid check digit is an ID number; 11 digits starting 1 is a mobile number). The user
 * confirms or changes it; a column mapped to nothing is ignored with a warning, never a reason to refuse the file.
 */

export type TableColumn = {
  /** 1-based column. */
  col: number;
  /** The header as written (the lowest header cell; with a two-row header, the group's name is in `group`). */
  header: string;
  /** The merged group cell above, in a two-row header (党籍信息 above 入党时间). */
  group: string | null;
};

export type ColumnMapping<F extends string = string> = Map<number, F | null>;

/** How a column was matched, for the wizard (and its tests). */
export type MatchedBy = 'header' | 'alias' | 'contains' | 'values' | 'user' | 'remembered' | 'none';

export type ProposedMapping<F extends string = string> = {
  mapping: ColumnMapping<F>;
  matchedBy: Map<number, MatchedBy>;
};

type Lookup<F extends string> = { exact: Map<string, ListField<F>>; names: [string, ListField<F>][] };

function lookupOf<F extends string>(spec: ListSpec<F>): Lookup<F> {
  const exact = new Map<string, ListField<F>>();
  const names: [string, ListField<F>][] = [];
  for (const f of spec.fields) {
    for (const h of [f.header, ...f.aliases]) {
      const key = normalizeHeader(h);
      if (!exact.has(key)) exact.set(key, f);
      if ([...key].length >= 2) names.push([key, f]);
    }
  }
  // Longest names first: 转为正式党员日期 before 党员, 入党申请日期 before 入党日期.
  names.sort((a, b) => [...b[0]].length - [...a[0]].length);
  return { exact, names };
}

const lookups = new WeakMap<object, Lookup<string>>();
function lookup<F extends string>(spec: ListSpec<F>): Lookup<F> {
  let l = lookups.get(spec) as Lookup<F> | undefined;
  if (!l) {
    l = lookupOf(spec);
    lookups.set(spec, l as unknown as Lookup<string>);
  }
  return l;
}

/** The field a header names by itself: the template's name or an alias (exact), else one it contains. */
export function fieldOfHeader<F extends string>(
  spec: ListSpec<F>,
  header: string,
): { field: ListField<F>; by: MatchedBy } | null {
  const key = normalizeHeader(header);
  if (key === '') return null;
  const l = lookup(spec);
  const hit = l.exact.get(key);
  if (hit) return { field: hit, by: normalizeHeader(hit.header) === key ? 'header' : 'alias' };
  // A name with words around a known one (党员姓名, 本人联系电话). Only names of two or more characters count.
  for (const [name, f] of l.names) if (key.includes(name)) return { field: f, by: 'contains' };
  return null;
}

const MOBILE = /^1[3-9]\d{9}$/;

/** A field recognised by the values a column holds, when most of them (≥ 60 %) say so. */
function fieldOfValues<F extends string>(spec: ListSpec<F>, values: readonly CellValue[], today: string) {
  const texts = values.map((v) => cellText(v).normalize('NFKC').replace(/\s+/g, '')).filter((t) => t !== '');
  if (texts.length === 0) return null;
  const share = (test: (t: string) => boolean) => texts.filter(test).length / texts.length;
  const id = spec.fields.find((f) => f.kind === 'idNumber');
  if (id && share((t) => t.length === 18 && checkIdNumber(t, today).ok) >= 0.6) return id;
  const phone = spec.fields.find((f) => f.kind === 'phone');
  if (phone && share((t) => MOBILE.test(t)) >= 0.6) return phone;
  return null;
}

/**
 * Proposes a mapping for a table's columns. A field goes to the first column that names it; a later column naming
 * the same field maps to nothing (and is reported by the reader). `samples` holds each column's first values.
 */
export function proposeMapping<F extends string>(
  spec: ListSpec<F>,
  columns: readonly TableColumn[],
  samples: ReadonlyMap<number, readonly CellValue[]>,
  today: string,
): ProposedMapping<F> {
  const mapping: ColumnMapping<F> = new Map();
  const matchedBy = new Map<number, MatchedBy>();
  const taken = new Set<F>();
  const unmatched: TableColumn[] = [];
  for (const c of columns) {
    const hit =
      fieldOfHeader(spec, c.header) ?? (c.group !== null ? fieldOfHeader(spec, `${c.group}${c.header}`) : null);
    if (hit && !taken.has(hit.field.field)) {
      mapping.set(c.col, hit.field.field);
      matchedBy.set(c.col, hit.by);
      taken.add(hit.field.field);
    } else {
      mapping.set(c.col, null);
      matchedBy.set(c.col, 'none');
      if (!hit) unmatched.push(c);
    }
  }
  for (const c of unmatched) {
    const f = fieldOfValues(spec, samples.get(c.col) ?? [], today);
    if (f && !taken.has(f.field)) {
      mapping.set(c.col, f.field);
      matchedBy.set(c.col, 'values');
      taken.add(f.field);
    }
  }
  return { mapping, matchedBy };
}

export type MappingProblem =
  | { kind: 'unknownField'; header: string; field: string }
  | { kind: 'duplicateField'; field: string; headers: string[] }
  | { kind: 'unknownHeader'; header: string };

/**
 * A mapping the user gave (the wizard, or a mapping file on the CLI): header as written → field name or null. It
 * replaces the proposal for the columns it names; columns it does not name keep the proposal.
 */
export function applyUserMapping<F extends string>(
  spec: ListSpec<F>,
  columns: readonly TableColumn[],
  proposed: ProposedMapping<F>,
  user: Readonly<Record<string, string | null>>,
): { mapping: ProposedMapping<F>; problems: MappingProblem[] } {
  const fields = new Set<string>(spec.fields.map((f) => f.field));
  const mapping: ColumnMapping<F> = new Map(proposed.mapping);
  const matchedBy = new Map(proposed.matchedBy);
  const problems: MappingProblem[] = [];
  const byHeader = new Map<string, TableColumn[]>();
  for (const c of columns) byHeader.set(c.header, [...(byHeader.get(c.header) ?? []), c]);
  const normalized = new Map<string, TableColumn[]>();
  for (const c of columns) {
    const k = normalizeHeader(c.header);
    normalized.set(k, [...(normalized.get(k) ?? []), c]);
  }
  for (const [header, field] of Object.entries(user)) {
    const cols = byHeader.get(header) ?? normalized.get(normalizeHeader(header));
    if (!cols) {
      problems.push({ kind: 'unknownHeader', header });
      continue;
    }
    if (field !== null && !fields.has(field)) {
      problems.push({ kind: 'unknownField', header, field });
      continue;
    }
    for (const c of cols) {
      mapping.set(c.col, field as F | null);
      matchedBy.set(c.col, 'user');
    }
  }
  const headersOf = new Map<string, string[]>();
  for (const c of columns) {
    const f = mapping.get(c.col);
    if (f) headersOf.set(f, [...(headersOf.get(f) ?? []), c.header]);
  }
  for (const [field, headers] of headersOf) {
    if (headers.length > 1) problems.push({ kind: 'duplicateField', field, headers });
  }
  return { mapping: { mapping, matchedBy }, problems };
}
