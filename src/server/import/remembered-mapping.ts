import type { Kysely, Transaction } from 'kysely';
import type { Grid } from '../../domain/import/grid.ts';
import { type GridImport, type GridImportOptions, importGrids } from '../../domain/import/importer.ts';
import type { ListSpec } from '../../domain/import/list-spec.ts';
import type { DB } from '../db/schema.ts';
import { findImportMapping, listImportMappings, saveImportMapping } from './import-mapping.queries.ts';

/**
 * The spreadsheet importer with the mapping memory the roster and problem lists have: a mapping the user confirmed
 * for a table of one header shape (its columns' folded names) into one organisation is kept on commit
 * (import_mapping, per organisation, list and shape), and the next file of that shape into that organisation is read
 * with it as if given again, its columns marked 'remembered'. A mapping given with the request always wins.
 */

export type MappedImport<F extends string> = { found: GridImport<F>; remembered: boolean };

export async function importGridsRemembering<F extends string>(
  db: Kysely<DB>,
  into: { orgId: number; list: string },
  grids: readonly Grid[],
  spec: ListSpec<F>,
  opts: GridImportOptions,
): Promise<MappedImport<F>> {
  const found = importGrids(grids, spec, opts);
  if (opts.mapping) return { found, remembered: false };
  const marked = (again: GridImport<F>): MappedImport<F> => {
    for (const [header, by] of Object.entries(again.matchedBy)) {
      if (by === 'user') again.matchedBy[header] = 'remembered';
    }
    return { found: again, remembered: true };
  };
  if (found.shape !== '') {
    const again = await findImportMapping(db, into.orgId, into.list, found.shape);
    const headers = new Set(found.columns.map((c) => c.header));
    const known = again && Object.fromEntries(Object.entries(again).filter(([h]) => headers.has(h)));
    if (!known || Object.keys(known).length === 0) return { found, remembered: false };
    return marked(importGrids(grids, spec, { ...opts, mapping: known }));
  }
  // No header row is recognised by its names: it may be one only the user's mapping names (人员, 期间, 缴款). Each
  // remembered mapping, the latest first, is tried; one whose table then has the shape it was kept for is used.
  for (const kept of await listImportMappings(db, into.orgId, into.list, REMEMBERED_TRIED)) {
    const again = importGrids(grids, spec, { ...opts, mapping: kept.mapping });
    if (again.shape === kept.shape) return marked(again);
  }
  return { found, remembered: false };
}

const REMEMBERED_TRIED = 20;

/** Keeps the mapping a committed import was given, for the next file of its shape into the organisation. */
export async function rememberMapping(
  trx: Transaction<DB>,
  into: { orgId: number; list: string },
  given: Readonly<Record<string, string | null>> | undefined,
  found: Pick<GridImport<string>, 'shape' | 'mapping'>,
  who: { at: Date; by: number | null },
): Promise<void> {
  if (!given || found.shape === '') return;
  await saveImportMapping(trx, {
    org_id: into.orgId,
    list: into.list,
    shape: found.shape,
    mapping: found.mapping,
    at: who.at,
    by: who.by,
  });
}
