import { sql, type Kysely, type Transaction } from 'kysely';
import { ACTIVE_STATUSES } from '../../../domain/people/vocab.ts';
import { orgInScope, type Scope } from '../../auth/scope.ts';
import type { DB, Org } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export type OrgRow = Org & { depth: number; child_count: number };

const orgColumns = [
  'o.id',
  'o.parent_id',
  sql<string>`o.path::text`.as('path'),
  'o.region_id',
  'o.code',
  'o.name',
  'o.short_name',
  'o.type',
  'o.field',
  'o.status',
  'o.dissolved_on',
  'o.dissolve_reason',
  'o.established_on',
  'o.term_started_on',
  'o.term_years',
  'o.sort_order',
  'o.created_at',
  'o.updated_at',
  sql<number>`nlevel(o.path)`.as('depth'),
  sql<number>`(select count(*)::int from org c where c.parent_id = o.id and c.status = 'active')`.as('child_count'),
] as const;

function selectOrgs(db: Q) {
  return db.selectFrom('org as o').select(orgColumns);
}

/** One organisation inside the scope, or undefined (outside the scope looks the same as missing). */
export function findOrgInScope(db: Q, scope: Scope, id: number): Promise<OrgRow | undefined> {
  return selectOrgs(db)
    .where('o.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst() as Promise<OrgRow | undefined>;
}

export function findOrgByCodeInScope(db: Q, scope: Scope, code: string): Promise<OrgRow | undefined> {
  return selectOrgs(db)
    .where('o.code', '=', code)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst() as Promise<OrgRow | undefined>;
}

/** Locks the row for the rest of the transaction (moves and dissolutions must not interleave). */
export async function lockOrg(trx: Transaction<DB>, id: number): Promise<void> {
  await sql`select id from org where id = ${id} for update`.execute(trx);
}

export function listChildren(db: Q, scope: Scope, parentId: number, includeDissolved: boolean): Promise<OrgRow[]> {
  let q = selectOrgs(db)
    .where('o.parent_id', '=', parentId)
    .where(orgInScope(sql.ref('o.path'), scope));
  if (!includeDissolved) q = q.where('o.status', '=', 'active');
  return q.orderBy('o.sort_order').orderBy('o.id').execute() as Promise<OrgRow[]>;
}

/** Ancestors of a path from the top down, limited to those inside the scope. */
export function listAncestors(db: Q, scope: Scope, path: string): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name'])
    .where(sql<boolean>`o.path @> ${path}::ltree`)
    .where(sql<boolean>`o.path <> ${path}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .orderBy(sql`nlevel(o.path)`)
    .execute();
}

export async function searchOrgs(
  db: Q,
  scope: Scope,
  withinPath: string,
  q: string,
  limit: number,
): Promise<(OrgRow & { path_names: string[] })[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return selectOrgs(db)
    .select(
      sql<string[]>`(select array_agg(a.name order by nlevel(a.path)) from org a
        where a.path @> o.path and a.path <@ ${scope.orgPath}::ltree)`.as('path_names'),
    )
    .where(sql<boolean>`o.path <@ ${withinPath}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .where((eb) => eb.or([eb('o.name', 'ilike', pattern), eb('o.code', 'ilike', pattern)]))
    .orderBy(sql`o.status = 'active'`, 'desc')
    .orderBy(sql`similarity(o.name, ${q})`, 'desc')
    .orderBy(sql`nlevel(o.path)`)
    .orderBy('o.id')
    .limit(limit)
    .execute() as Promise<(OrgRow & { path_names: string[] })[]>;
}

export type OrgStatsRow = {
  direct_members: number;
  direct_full: number;
  direct_probationary: number;
  subtree_members: number;
  subtree_full: number;
  subtree_probationary: number;
  subtree_candidates: number;
  subtree_activists: number;
  subtree_applicants: number;
};

export async function orgStats(db: Q, orgId: number, path: string): Promise<OrgStatsRow & { subtree_orgs: number }> {
  const { rows } = await sql<OrgStatsRow>`
    select
      count(*) filter (where p.org_id = ${orgId})::int as direct_members,
      count(*) filter (where p.org_id = ${orgId} and p.status = 'full')::int as direct_full,
      count(*) filter (where p.org_id = ${orgId} and p.status = 'probationary')::int as direct_probationary,
      count(*)::int as subtree_members,
      count(*) filter (where p.status = 'full')::int as subtree_full,
      count(*) filter (where p.status = 'probationary')::int as subtree_probationary,
      count(*) filter (where p.status = 'candidate')::int as subtree_candidates,
      count(*) filter (where p.status = 'activist')::int as subtree_activists,
      count(*) filter (where p.status = 'applicant')::int as subtree_applicants
    from person p join org o on o.id = p.org_id
    where o.path <@ ${path}::ltree and p.status in (${sql.join([...ACTIVE_STATUSES])})`.execute(db);
  const orgs = await sql<{ n: number }>`
    select count(*)::int as n from org where path <@ ${path}::ltree and status = 'active'`.execute(db);
  return { ...rows[0]!, subtree_orgs: orgs.rows[0]!.n };
}

export type PositionRow = {
  id: number;
  org_id: number;
  person_id: number;
  person_name: string;
  title: string;
  portfolio: string | null;
  started_on: string;
  ended_on: string | null;
};

/** Positions of an organisation; current only = not ended before today. */
export function listPositions(db: Q, orgId: number, today: string | null): Promise<PositionRow[]> {
  let q = db
    .selectFrom('org_position as op')
    .innerJoin('person as p', 'p.id', 'op.person_id')
    .select([
      'op.id',
      'op.org_id',
      'op.person_id',
      'p.name as person_name',
      'op.title',
      'op.portfolio',
      'op.started_on',
      'op.ended_on',
    ])
    .where('op.org_id', '=', orgId);
  if (today) q = q.where((eb) => eb.or([eb('op.ended_on', 'is', null), eb('op.ended_on', '>=', today)]));
  return q
    .orderBy(sql`array_position(array['secretary','deputy_secretary','organization','propaganda','discipline','youth','member'], op.title)`)
    .orderBy('op.started_on')
    .execute();
}

export function findPositionInScope(db: Q, scope: Scope, id: number) {
  return db
    .selectFrom('org_position as op')
    .innerJoin('org as o', 'o.id', 'op.org_id')
    .selectAll('op')
    .where('op.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

export function activeChildTypes(db: Q, orgId: number): Promise<string[]> {
  return db
    .selectFrom('org')
    .select('type')
    .where('parent_id', '=', orgId)
    .where('status', '=', 'active')
    .execute()
    .then((rows) => rows.map((r) => r.type));
}

export async function nextOrgId(trx: Q): Promise<number> {
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('org', 'id'))::int as id`.execute(trx);
  return rows[0]!.id;
}

/** region_id of a node at `path`: the root's child on the path (or the root itself). */
export function regionOfPath(path: string): number {
  const labels = path.split('.');
  return Number(labels.length >= 2 ? labels[1] : labels[0]);
}

/**
 * Moves a subtree under a new parent: every descendant path is rewritten in one statement
 * (new parent path || the old path from the moved node down), with its region id (the path's second label,
 * which always exists below a parent). Members' region ids follow.
 */
export async function moveSubtree(
  trx: Transaction<DB>,
  move: { orgId: number; oldPath: string; newParentId: number; newParentPath: string },
): Promise<number> {
  const { oldPath, newParentPath } = move;
  const result = await sql`
    update org set
      path = ${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1),
      region_id = ltree2text(subpath(${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1), 1, 1))::int,
      parent_id = case when id = ${move.orgId} then ${move.newParentId}::int else parent_id end,
      updated_at = now()
    where path <@ ${oldPath}::ltree`.execute(trx);
  await sql`
    update person p set region_id = o.region_id
    from org o
    where p.org_id = o.id and o.path <@ (select path from org where id = ${move.orgId}) and p.region_id <> o.region_id`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export type FoundOrg = { id: number; code: string; name: string; status: string; region_id: number; path: string };

/** Organisations inside a subtree (and the scope) whose code or exact name is one of `keys` (batched lookups). */
export function findOrgsByCodeOrName(db: Q, scope: Scope, subtreePath: string, keys: string[]): Promise<FoundOrg[]> {
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.code', 'o.name', 'o.status', 'o.region_id', sql<string>`o.path::text`.as('path')])
    .where(sql<boolean>`o.path <@ ${subtreePath}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .where((eb) => eb.or([eb('o.code', 'in', keys), eb('o.name', 'in', keys)]))
    .execute();
}
