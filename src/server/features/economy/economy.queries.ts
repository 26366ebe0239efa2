import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { keysetAfter, keysetColumns, keysetOrder, type PageAt, pageOf, type SortKey } from '../../db/keyset.queries.ts';
import type { DB, EvidenceFileTable, VillageIncomeTable, VillageIncomeYearTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * 村级集体经济 (area economy): the villages' income entries (append-only), their evidence files, the kept yearly figures
 * (village_income_year) and the subtree's counts, read through the partial index of the active villages
 * (org_village_path_gist).
 */

const ENTRY_COLUMNS = [
  'v.id',
  'v.org_id',
  'v.region_id',
  'v.year',
  'v.quarter',
  'v.business',
  'v.contracting',
  'v.investment',
  'v.subsidy',
  'v.other',
  'v.note',
  'v.corrects_id',
  'v.via',
  'v.actor_name',
  'v.created_at',
] as const;

/** An entry whose village lies inside the scope, with the village's name and path. */
export function findEntry(db: Q, scope: Scope, id: number) {
  return db
    .selectFrom('village_income as v')
    .innerJoin('org as o', 'o.id', 'v.org_id')
    .select([...ENTRY_COLUMNS, 'o.name as org_name', sql<string>`o.path::text`.as('org_path')])
    .where('v.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}
export type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

/** A village's entries (of one year, or all), in the order written. */
export function listEntries(db: Q, orgId: number, year: number | undefined) {
  return db
    .selectFrom('village_income as v')
    .select(ENTRY_COLUMNS)
    .where('v.org_id', '=', orgId)
    .$if(year !== undefined, (q) => q.where('v.year', '=', year!))
    .orderBy('v.year', 'desc')
    .orderBy('v.id')
    .execute();
}
export type EntryListRow = Awaited<ReturnType<typeof listEntries>>[number];

/** The entries of several villages in some years (the import compares its rows with those in force). */
export function listEntriesOf(db: Q, orgIds: readonly number[], years: readonly number[]) {
  if (orgIds.length === 0 || years.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('village_income as v')
    .select(ENTRY_COLUMNS)
    .where('v.org_id', 'in', [...orgIds])
    .where('v.year', 'in', [...years])
    .orderBy('v.id')
    .execute();
}

export async function insertEntries(trx: Q, rows: readonly Insertable<VillageIncomeTable>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const out = await trx
    .insertInto('village_income')
    .values([...rows])
    .returning('id')
    .execute();
  return out.map((r) => r.id);
}

/**
 * Holds the village's income for the rest of the transaction: its entries and kept figures are written by one writer
 * at a time (a key-share lock of a foreign key does not wait for it).
 */
export async function lockVillage(trx: Transaction<DB>, orgId: number): Promise<void> {
  await sql`select id from org where id = ${orgId} for no key update`.execute(trx);
}

export async function upsertYear(trx: Q, row: Insertable<VillageIncomeYearTable>): Promise<void> {
  const { org_id: _o, year: _y, ...rest } = row;
  await trx
    .insertInto('village_income_year')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet(rest))
    .execute();
}

export async function insertEntryEvidence(trx: Q, values: readonly Insertable<EvidenceFileTable>[]): Promise<void> {
  if (values.length > 0)
    await trx
      .insertInto('evidence_file')
      .values([...values])
      .execute();
}

/** The evidence files of these entries, in the order stored. */
export function listEntryEvidence(db: Q, entryIds: readonly number[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_file')
    .select(['id', 'village_income_id', 'filename', 'mime', 'size_bytes', 'storage_key'])
    .where('village_income_id', 'in', [...entryIds])
    .orderBy('id')
    .execute();
}

/** The predicates of the two shares and the marks (domain/economy/two-eighty.ts), in 元. */
export type MarkRules = { floor: number; amount: number; weakBelow: number };

export type SubtreeCountRow = {
  child_path: string;
  villages: number;
  reported: number;
  stable: number;
  reaching: number;
  hollow: number;
  weak: number;
  missing: number;
  operating: string;
  total: string;
};

/**
 * The counts of the active villages of a subtree in a year, one row per child of the root whose subtree holds any
 * (a village root is its own row): villages, those that reported, with stable income (经营性收入 > 0 and ≥ the
 * floor), reaching the amount among them, 空壳村 (reported, none), 薄弱村 (some, below the threshold), not reported,
 * and the sums. One statement over the villages by the partial index on their paths; the same predicates as
 * hasStableIncome, reachesAmount and villageMark.
 */
export async function countVillagesOfSubtree(
  db: Q,
  root: { path: string; depth: number },
  year: number,
  r: MarkRules,
): Promise<SubtreeCountRow[]> {
  const { rows } = await sql<SubtreeCountRow>`
    select subpath(o.path, 0, least(nlevel(o.path), ${root.depth + 1}))::text as child_path,
      count(*)::int as villages,
      count(y.org_id)::int as reported,
      count(*) filter (where y.operating > 0 and y.operating >= ${r.floor})::int as stable,
      count(*) filter (where y.operating > 0 and y.operating >= ${r.floor} and y.operating >= ${r.amount})::int
        as reaching,
      count(*) filter (where y.operating <= 0)::int as hollow,
      count(*) filter (where y.operating > 0 and y.operating < ${r.weakBelow})::int as weak,
      count(*) filter (where y.org_id is null)::int as missing,
      coalesce(sum(y.operating), 0)::text as operating,
      coalesce(sum(y.total), 0)::text as total
    from org o
    left join village_income_year y on y.org_id = o.id and y.year = ${year}
    where o.unit_level = 'village' and o.status = 'active' and o.path <@ ${root.path}::ltree
    group by 1`.execute(db);
  return rows;
}

/** Organisations by path (the children the counts are grouped by), with their names. */
export function listOrgsByPath(db: Q, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name', sql<string>`o.path::text`.as('path'), 'o.sort_order'])
    .where(
      'o.id',
      'in',
      paths.map((p) => Number(p.split('.').at(-1))),
    )
    .execute();
}

/** Which villages of the list a mark filter keeps (the same predicates as villageMark). */
function markFilter(mark: string | undefined, r: MarkRules) {
  switch (mark) {
    case 'missing':
      return sql`y.org_id is null`;
    case 'hollow':
      return sql`y.operating <= 0`;
    case 'weak':
      return sql`y.operating > 0 and y.operating < ${r.weakBelow}`;
    case 'none':
      return sql`y.operating >= ${r.weakBelow} and y.operating > 0`;
    default:
      return sql`true`;
  }
}

export type VillageListRow = {
  id: number;
  name: string;
  code: string;
  parent_name: string | null;
  year: number | null;
  business: string | null;
  contracting: string | null;
  investment: string | null;
  subsidy: string | null;
  other: string | null;
  operating: string | null;
  total: string | null;
  annual: boolean | null;
  quarters: string | null;
};

/** The villages' order: the tree's (a path is unique: it ends in the organisation's id). */
export const VILLAGE_KEYS: SortKey[] = [{ expr: sql`o.path`, read: sql`o.path::text` }];

/**
 * The active villages of a subtree with their kept figures of the year (none: not reported), in the tree's order,
 * a page at a time from a page number or after a cursor's path (all of them when `page` is null: the export); with
 * the total and the keys of the page's last row when more follow.
 */
export async function listVillagesOfSubtree(
  db: Q,
  rootPath: string,
  year: number,
  filter: { mark?: string | undefined; rules: MarkRules },
  page: PageAt | null,
): Promise<{ rows: VillageListRow[]; total: number; next: unknown[] | null }> {
  const where = sql`o.unit_level = 'village' and o.status = 'active' and o.path <@ ${rootPath}::ltree
    and ${markFilter(filter.mark, filter.rules)}`;
  const after = page && 'after' in page ? sql`and ${keysetAfter(VILLAGE_KEYS, page.after)}` : sql``;
  const window = !page
    ? sql``
    : 'after' in page
      ? sql`limit ${page.limit + 1}`
      : sql`limit ${page.limit + 1} offset ${page.offset}`;
  const query = sql<VillageListRow>`
    select o.id, o.name, o.code, p.name as parent_name, y.year, y.business::text, y.contracting::text,
      y.investment::text, y.subsidy::text, y.other::text, y.operating::text, y.total::text, y.annual, y.quarters
      ${page ? sql`, ${sql.join(keysetColumns(VILLAGE_KEYS))}` : sql``}
    from org o
    left join village_income_year y on y.org_id = o.id and y.year = ${year}
    left join org p on p.id = o.parent_id
    where ${where} ${after}
    order by ${keysetOrder(VILLAGE_KEYS)}
    ${window}`;
  if (!page) {
    // The export: every row, without the cursor's column (nothing to strip, no page after it).
    const { rows } = await query.execute(db);
    return { rows, total: rows.length, next: null };
  }
  const [{ rows }, count] = await Promise.all([
    query.execute(db),
    sql<{ n: number }>`
      select count(*)::int as n from org o
      left join village_income_year y on y.org_id = o.id and y.year = ${year}
      where ${where}`.execute(db),
  ]);
  return { ...pageOf(rows, page.limit, VILLAGE_KEYS.length), total: count.rows[0]?.n ?? 0 };
}

/** The active villages of a subtree, for the import to find the villages its rows name (by code or name). */
export function listVillagesForImport(db: Q, rootPath: string) {
  return db
    .selectFrom('org as o')
    .leftJoin('org as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.code', 'o.region_id', 'o.unit_level', 'p.name as parent_name'])
    .where(sql<boolean>`o.path <@ ${rootPath}::ltree`)
    .where('o.status', '=', 'active')
    .where('o.unit_level', '=', 'village')
    .execute();
}

/** An organisation of the subtree by its code (any level): the import names one that is not a village so. */
export function findOrgByCodeInSubtree(db: Q, rootPath: string, code: string) {
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name', 'o.unit_level'])
    .where(sql<boolean>`o.path <@ ${rootPath}::ltree`)
    .where('o.code', '=', code)
    .executeTakeFirst();
}
