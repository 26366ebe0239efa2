import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { OrgType } from '../../../domain/org/vocab.ts';
import { ACTIVE_STATUSES } from '../../../domain/people/vocab.ts';
import { builtOncePerScope, orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { firstOf } from '../../db/built-once.ts';
import type { DB, NewOrg, Org, OrgFieldTable, OrgPositionTable, OrgUpdate, Person } from '../../db/schema.ts';

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
  'o.approval_authority',
  'o.temporary',
  'o.unit_level',
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
  return firstOf(db, orgInScopeById(db, scope, id));
}

const orgInScopeById = builtOncePerScope((db, scope, id: number) =>
  selectOrgs(db)
    .where('o.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope)),
);

/** Locks the row for the rest of the transaction (moves and dissolutions must not interleave). */
export async function lockOrg(trx: Transaction<DB>, id: number): Promise<void> {
  await sql`select id from org where id = ${id} for update`.execute(trx);
}

export function listChildren(db: Q, scope: Scope, parentId: number, includeDissolved: boolean): Promise<OrgRow[]> {
  let q = selectOrgs(db)
    .where('o.parent_id', '=', parentId)
    .where(orgInScope(sql.ref('o.path'), scope));
  if (!includeDissolved) q = q.where('o.status', '=', 'active');
  return q.orderBy('o.sort_order').orderBy('o.id').execute();
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
    .execute();
}

type OrgStatsRow = {
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

/** Member counts by status of an organisation and of its subtree, and the subtree's active organisations. */
export async function findOrgStats(
  db: Q,
  orgId: number,
  path: string,
): Promise<OrgStatsRow & { subtree_orgs: number }> {
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

export type PositionRow = Omit<Selectable<OrgPositionTable>, 'created_at'> & { person_name: string };

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
    .orderBy(
      sql`array_position(array['secretary','deputy_secretary','organization','propaganda','discipline','youth','member'], op.title)`,
    )
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

export function listActiveChildTypes(db: Q, orgId: number): Promise<OrgType[]> {
  return db
    .selectFrom('org')
    .select('type')
    .where('parent_id', '=', orgId)
    .where('status', '=', 'active')
    .execute()
    .then((rows) => rows.map((r) => r.type));
}

export async function nextOrgId(trx: Q): Promise<number> {
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('org', 'id'))::int as id`.execute(
    trx,
  );
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
    where p.org_id = o.id and o.path <@ (select path from org where id = ${move.orgId}) and p.region_id <> o.region_id`.execute(
    trx,
  );
  return Number(result.numAffectedRows ?? 0);
}

export type FoundOrg = Pick<Org, 'id' | 'code' | 'name' | 'status' | 'region_id' | 'path'>;

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

export type NamedOrg = FoundOrg & { short_name: string | null };

/**
 * Organisations inside a subtree (and the scope) whose code is one of `codes` or whose name or short name contains
 * one of `names` (a problem list names its 责任单位 by part of the name: 组织部 for 中共某区委组织部).
 */
export function findOrgsByNamePart(
  db: Q,
  scope: Scope,
  subtreePath: string,
  codes: readonly string[],
  names: readonly string[],
): Promise<NamedOrg[]> {
  const patterns = names.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return db
    .selectFrom('org as o')
    .select([
      'o.id',
      'o.code',
      'o.name',
      'o.short_name',
      'o.status',
      'o.region_id',
      sql<string>`o.path::text`.as('path'),
    ])
    .where(sql<boolean>`o.path <@ ${subtreePath}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .where((eb) =>
      eb.or([
        ...(codes.length ? [eb('o.code', 'in', [...codes])] : []),
        ...(patterns.length
          ? [
              sql<boolean>`o.name like any(${patterns}::text[])`,
              sql<boolean>`o.short_name like any(${patterns}::text[])`,
            ]
          : []),
      ]),
    )
    .orderBy('o.id')
    .execute();
}

/** The root of the tree that holds an organisation (id and path), whatever the scope. */
export async function findTreeRootOf(db: Q, orgId: number): Promise<{ id: number; path: string } | undefined> {
  const { rows } = await sql<{ id: number; path: string }>`
    select r.id, r.path::text as path from org o join org r on r.path = subpath(o.path, 0, 1)
    where o.id = ${orgId}`.execute(db);
  return rows[0];
}

/**
 * An organisation's id by its code (other than `exceptId`), whatever the scope: codes are unique in the whole
 * database, and the CLI acts for the whole tree.
 */
export async function findOrgIdByCode(db: Q, code: string, exceptId?: number): Promise<number | undefined> {
  let q = db.selectFrom('org').select('id').where('code', '=', code);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const row = await q.executeTakeFirst();
  return row?.id;
}

/** An organisation's type by id, whatever the scope (a structure check looks at the parent above the caller's root). */
export async function findOrgTypeById(db: Q, id: number): Promise<OrgType> {
  const row = await db.selectFrom('org').select('type').where('id', '=', id).executeTakeFirstOrThrow();
  return row.type;
}

export async function insertOrg(trx: Transaction<DB>, values: NewOrg): Promise<void> {
  await trx.insertInto('org').values(values).execute();
}

export async function updateOrgRow(trx: Transaction<DB>, id: number, values: OrgUpdate): Promise<void> {
  await trx.updateTable('org').set(values).where('id', '=', id).execute();
}

/** Members of the organisation itself (not its subtree) whose membership has not ended. */
export async function countActiveMembers(db: Q, orgId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from person
    where org_id = ${orgId} and status in (${sql.join([...ACTIVE_STATUSES])})`.execute(db);
  return rows[0]!.n;
}

/** Ends every position of the organisation still open on `endedOn`. */
export async function updateOpenPositionsEnded(trx: Transaction<DB>, orgId: number, endedOn: string): Promise<void> {
  await trx
    .updateTable('org_position')
    .set({ ended_on: endedOn })
    .where('org_id', '=', orgId)
    .where('ended_on', 'is', null)
    .execute();
}

/** Disables the organisation's enabled accounts; returns their usernames. */
export async function updateOrgUsersDisabled(trx: Transaction<DB>, orgId: number, now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('app_user')
    .set({ disabled: true, updated_at: now })
    .where('org_id', '=', orgId)
    .where('disabled', '=', false)
    .returning('username')
    .execute();
  return rows.map((u) => u.username);
}

export function findOrgField(db: Q, code: string): Promise<Pick<Selectable<OrgFieldTable>, 'code'> | undefined> {
  return db.selectFrom('org_field').select('code').where('code', '=', code).executeTakeFirst();
}

/** A field that already has this code or this name. */
export function findOrgFieldByCodeOrName(
  db: Q,
  code: string,
  name: string,
): Promise<Pick<Selectable<OrgFieldTable>, 'code'> | undefined> {
  return db
    .selectFrom('org_field')
    .select('code')
    .where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)]))
    .executeTakeFirst();
}

/** Every field in list order. */
export function listOrgFieldRows(db: Q): Promise<Selectable<OrgFieldTable>[]> {
  return db.selectFrom('org_field').selectAll().orderBy('sort_order').orderBy('code').execute();
}

/** Appends a field after the last one in list order. */
export async function insertOrgField(trx: Transaction<DB>, field: { code: string; name: string }): Promise<void> {
  const { rows } = await sql<{ n: number }>`select coalesce(max(sort_order), 0)::int + 10 as n from org_field`.execute(
    trx,
  );
  await trx.insertInto('org_field').values({ code: field.code, name: field.name, sort_order: rows[0]!.n }).execute();
}

/** A person inside the scope (by their organisation), or undefined. */
export function findPersonInScope(
  db: Q,
  scope: Scope,
  personId: number,
): Promise<Pick<Person, 'id' | 'name' | 'status'> | undefined> {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.name', 'p.status'])
    .where('p.id', '=', personId)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

export async function insertPosition(trx: Transaction<DB>, values: Insertable<OrgPositionTable>): Promise<number> {
  const row = await trx.insertInto('org_position').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePositionRow(
  trx: Transaction<DB>,
  id: number,
  values: Updateable<OrgPositionTable>,
): Promise<void> {
  await trx.updateTable('org_position').set(values).where('id', '=', id).execute();
}
