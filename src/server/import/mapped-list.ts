import type { Kysely } from 'kysely';
import type { ImportIssue } from '../../contracts/people.ts';
import type { GridImport } from '../../domain/import/importer.ts';
import type { ListSpec } from '../../domain/import/list-spec.ts';
import { type Msg, zhOf } from '../../domain/messages.ts';
import type { DB } from '../db/schema.ts';
import { importGridsRemembering } from './remembered-mapping.ts';
import { openWorkbook, type ReadProgress, type Workbook } from './workbook.ts';

export type MappedList<F extends string> =
  | { ok: false; errors: ImportIssue[] }
  | {
      ok: true;
      workbook: Workbook;
      found: GridImport<F>;
      remembered: boolean;
      /** The importer's own problems, then those `issue` adds, each named by row and column in Chinese. */
      errors: ImportIssue[];
      /** Adds a row's problem, named by the column the field was read from (its header as written). */
      issue: (sheet: string, row: number, field: F, m: Msg) => void;
      /** The header of the column a field was read from, as written (null when the field has no column). */
      headerOf: (field: F) => string | null;
      /** The column a field is named by in issues and mappings: its header without spaces, else the list's own. */
      column: (field: F) => string;
      /** The workbook has several sheets read (issues and rows then name their sheet). */
      multi: boolean;
    };

/**
 * What every column-mapping import of a list (dues, meetings, grid matters, village income) starts with: the
 * workbook opened (or one issue saying it is not one), its columns found by their names, the user's mapping or the
 * one remembered for this header shape, the importer's problems as issues, and a way to add a row's problem under the
 * column it came from (the sheet named when the workbook has several).
 */
export async function openMappedList<F extends string>(
  db: Kysely<DB>,
  file: Buffer,
  notAWorkbook: Msg,
  into: { orgId: number; list: string },
  spec: ListSpec<F>,
  opts: { today: string; mapping?: Readonly<Record<string, string | null>> | undefined; onRead?: ReadProgress },
): Promise<MappedList<F>> {
  const opened = await openWorkbook(file, notAWorkbook, opts.onRead);
  if (!opened.ok)
    return { ok: false, errors: [{ row: null, column: null, message: zhOf(opened.msg), msg: opened.msg }] };
  const { found, remembered } = await importGridsRemembering(db, into, opened.workbook.grids, spec, {
    today: opts.today,
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
  });
  const multi = found.sheets.length > 1;
  const headerOf = (f: F) => {
    const col = found.fieldColumns[f];
    return found.columns.find((c) => c.col === col)?.header ?? null;
  };
  const column = (f: F) => headerOf(f)?.replace(/\s+/g, '') || spec.fields.find((x) => x.field === f)!.header;
  const errors: ImportIssue[] = found.errors.map((e) => ({
    ...(multi && e.sheet ? { sheet: e.sheet } : {}),
    row: e.row,
    column: e.column,
    message: zhOf(e.msg),
    msg: e.msg,
  }));
  const issue = (sheet: string, row: number, f: F, m: Msg) => {
    errors.push({ ...(multi ? { sheet } : {}), row, column: column(f), message: zhOf(m), msg: m });
  };
  return { ok: true, workbook: opened.workbook, found, remembered, errors, issue, headerOf, column, multi };
}
