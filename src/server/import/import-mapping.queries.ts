import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The mapping remembered for an organisation's list of this header shape, if any. */
export async function findImportMapping(
  db: Kysely<DB>,
  orgId: number,
  list: string,
  shape: string,
): Promise<Record<string, string | null> | null> {
  const row = await db
    .selectFrom('import_mapping')
    .select('mapping')
    .where('org_id', '=', orgId)
    .where('list', '=', list)
    .where('shape', '=', shape)
    .executeTakeFirst();
  const m = row?.mapping;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return null;
  return Object.fromEntries(
    Object.entries(m as Record<string, unknown>).filter(
      (e): e is [string, string | null] => e[1] === null || typeof e[1] === 'string',
    ),
  );
}

export async function saveImportMapping(
  db: Kysely<DB>,
  row: {
    org_id: number;
    list: string;
    shape: string;
    mapping: Record<string, string | null>;
    at: Date;
    by: number | null;
  },
): Promise<void> {
  const mapping = JSON.stringify(row.mapping);
  await db
    .insertInto('import_mapping')
    .values({
      org_id: row.org_id,
      list: row.list,
      shape: row.shape,
      mapping,
      updated_at: row.at,
      updated_by: row.by,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'list', 'shape']).doUpdateSet({ mapping, updated_at: row.at, updated_by: row.by }),
    )
    .execute();
}

/** The mappings remembered for an organisation's list, the latest first (at most `limit`). */
export async function listImportMappings(
  db: Kysely<DB>,
  orgId: number,
  list: string,
  limit: number,
): Promise<{ shape: string; mapping: Record<string, string | null> }[]> {
  const rows = await db
    .selectFrom('import_mapping')
    .select(['shape', 'mapping'])
    .where('org_id', '=', orgId)
    .where('list', '=', list)
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.flatMap((r) => {
    const m = r.mapping;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return [];
    const mapping = Object.fromEntries(
      Object.entries(m as Record<string, unknown>).filter(
        (e): e is [string, string | null] => e[1] === null || typeof e[1] === 'string',
      ),
    );
    return [{ shape: r.shape, mapping }];
  });
}
