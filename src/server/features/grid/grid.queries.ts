import { type Expression, type Insertable, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { GridMatterState } from '../../../domain/grid/grid-matter.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type {
  DB,
  EvidenceFileTable,
  GridMatterEscalationTable,
  GridMatterEventTable,
  GridMatterTable,
  GridTable,
} from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * What a caller sees of the grids: those of organisations inside the scope. A 党员's account (a 网格员 signs in with
 * one, scoped to their community or village) sees only the grids whose 网格员 they are (and their 微网格): `workerPersonId`.
 */
export type GridScope = { scope: Scope; workerPersonId: number | null };

export function gridScopeOf(scope: Scope): GridScope {
  return { scope, workerPersonId: scope.role === 'member' ? (scope.personId ?? -1) : null };
}

/** The grid `g` is the 网格员's: theirs, or a 微网格 of theirs. */
function workersGrid(workerPersonId: number) {
  return sql<SqlBool>`(g.worker_person_id = ${workerPersonId} or exists (select 1 from grid wp
    where wp.id = g.parent_id and wp.worker_person_id = ${workerPersonId}))`;
}

/** A grid (aliased `g`) the caller sees. */
function gridVisible(g: GridScope, orgPath: Expression<string>) {
  const inScope = orgInScope(orgPath, g.scope);
  return g.workerPersonId === null ? inScope : sql<SqlBool>`(${inScope} and ${workersGrid(g.workerPersonId)})`;
}

/** The grids of the organisations below `orgPath` (or at it), with each grid's own matter counts on `today`. */
export function listGrids(db: Q, g: GridScope, orgPath: string, today: string) {
  return db
    .selectFrom('grid as g')
    .innerJoin('org as o', 'o.id', 'g.org_id')
    .select([
      'g.id',
      'g.org_id',
      'o.name as org_name',
      'g.parent_id',
      'g.kind',
      'g.name',
      'g.worker_person_id',
      'g.worker_name',
      'g.worker_phone',
      'g.households',
      'g.buildings',
      'g.coverage',
      sql<number>`(select count(*)::int from grid_matter m where m.grid_id = g.id)`.as('total'),
      sql<number>`(select count(*)::int from grid_matter m where m.grid_id = g.id and m.state <> 'closed')`.as('open'),
      sql<number>`(select count(*)::int from grid_matter m where m.grid_id = g.id and m.state = 'assigned'
        and m.deadline < ${today})`.as('overdue'),
    ])
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .where(gridVisible(g, sql.ref('o.path')))
    .orderBy('o.path')
    .orderBy(sql`coalesce(g.parent_id, g.id)`)
    .orderBy(sql`g.parent_id is not null`)
    .orderBy('g.name')
    .execute();
}

/** The community and village organisations at or below `orgPath` inside the scope (those that may hold grids). */
export function listGridOrgs(db: Q, scope: Scope, orgPath: string) {
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name', 'o.unit_level'])
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .where('o.unit_level', 'is not', null)
    .where('o.status', '=', 'active')
    .where(orgInScope(sql.ref('o.path'), scope))
    .orderBy('o.path')
    .limit(2000)
    .execute();
}

export function selectGrid(db: Q, g: GridScope | null, id: number) {
  return db
    .selectFrom('grid as g')
    .innerJoin('org as o', 'o.id', 'g.org_id')
    .leftJoin('grid as pg', 'pg.id', 'g.parent_id')
    .select([
      'pg.worker_person_id as parent_worker_person_id',
      'g.id',
      'g.org_id',
      'g.region_id',
      'g.parent_id',
      'g.kind',
      'g.name',
      'g.worker_person_id',
      'g.worker_name',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
    ])
    .where('g.id', '=', id)
    .$if(g !== null, (q) => q.where(gridVisible(g!, sql.ref('o.path'))))
    .executeTakeFirst();
}
export type GridRow = NonNullable<Awaited<ReturnType<typeof selectGrid>>>;

export async function insertGrid(trx: Transaction<DB>, values: Insertable<GridTable>): Promise<number> {
  const row = await trx.insertInto('grid').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateGridRow(
  trx: Transaction<DB>,
  id: number,
  set: Partial<Omit<Insertable<GridTable>, 'id'>>,
): Promise<void> {
  await trx.updateTable('grid').set(set).where('id', '=', id).execute();
}

/** A grid of the organisation with this name under the same parent (the names are unique there). */
export function findGridByName(db: Q, orgId: number, parentId: number | null, name: string) {
  return db
    .selectFrom('grid')
    .select('id')
    .where('org_id', '=', orgId)
    .where(sql<boolean>`coalesce(parent_id, 0) = ${parentId ?? 0}`)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** The path of a person's organisation inside the scope (undefined: not there). */
export async function findPersonOrgPath(
  db: Q,
  scope: Scope,
  personId: number,
): Promise<{ path: string; name: string } | undefined> {
  return db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select([sql<string>`o.path::text`.as('path'), 'p.name'])
    .where('p.id', '=', personId)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

/**
 * Matters a caller sees: those of grids it sees, and (staff) those assigned to an organisation inside its scope.
 */
function matterVisible(g: GridScope) {
  if (g.workerPersonId !== null) {
    return sql<SqlBool>`(${orgInScope(sql.ref('o.path'), g.scope)} and ${workersGrid(g.workerPersonId)})`;
  }
  return sql<SqlBool>`(${orgInScope(sql.ref('o.path'), g.scope)} or (ao.path is not null and ${orgInScope(
    sql.ref('ao.path'),
    g.scope,
  )}))`;
}

function selectMatters(db: Q, g: GridScope | null) {
  return db
    .selectFrom('grid_matter as m')
    .innerJoin('grid as g', 'g.id', 'm.grid_id')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .leftJoin('org as ao', 'ao.id', 'm.assignee_org_id')
    .leftJoin('grid as pg', 'pg.id', 'g.parent_id')
    .select([
      'pg.worker_person_id as parent_worker_person_id',
      'm.id',
      'm.grid_id',
      'g.name as grid_name',
      'g.worker_person_id',
      'm.org_id',
      'o.name as org_name',
      'o.parent_id as org_parent_id',
      sql<string>`o.path::text`.as('org_path'),
      'm.region_id',
      'm.category',
      'm.text',
      'm.location',
      'm.source',
      'm.resident_name',
      'm.resident_phone',
      'm.reported_on',
      'm.reporter_name',
      'm.reported_by',
      'm.state',
      'm.assignee_org_id',
      'ao.name as assignee_name',
      sql<string | null>`ao.path::text`.as('assignee_path'),
      'm.assignee_dept',
      'm.assigned_on',
      'm.due_on',
      'm.deadline',
      'm.handled_on',
      'm.fed_back_on',
      'm.resolved_on',
      'm.rating',
      'm.reopen_count',
      sql<number>`(select count(*)::int from evidence_file f join grid_matter_event e on e.id = f.grid_matter_event_id
        where e.matter_id = m.id)`.as('photo_count'),
    ])
    .$if(g !== null, (q) => q.where(matterVisible(g!)));
}
export type MatterRow = Awaited<ReturnType<ReturnType<typeof selectMatters>['executeTakeFirstOrThrow']>>;

export type MatterFilter = {
  orgPath: string;
  gridId?: number | undefined;
  state?: GridMatterState | undefined;
  category?: string | undefined;
  overdueOn?: string | undefined;
  assigneeOrgId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function filtered(db: Q, g: GridScope, f: MatterFilter) {
  let q = selectMatters(db, g).where((eb) =>
    eb.or([
      sql<SqlBool>`o.path <@ ${f.orgPath}::ltree`,
      sql<SqlBool>`ao.path is not null and ao.path <@ ${f.orgPath}::ltree`,
    ]),
  );
  if (f.gridId) q = q.where((eb) => eb.or([eb('m.grid_id', '=', f.gridId!), eb('g.parent_id', '=', f.gridId!)]));
  if (f.state) q = q.where('m.state', '=', f.state);
  if (f.category) q = q.where('m.category', '=', f.category);
  if (f.overdueOn) q = q.where('m.state', '=', 'assigned').where('m.deadline', '<', f.overdueOn);
  if (f.assigneeOrgId) q = q.where('m.assignee_org_id', '=', f.assigneeOrgId);
  if (f.from) q = q.where('m.reported_on', '>=', f.from);
  if (f.to) q = q.where('m.reported_on', '<=', f.to);
  return q;
}

/** Newest first. */
export const MATTER_KEYS: SortKey[] = [{ expr: sql`m.id`, desc: true }];

export async function listMattersPage(
  db: Q,
  g: GridScope,
  f: MatterFilter,
  page: PageAt,
): Promise<{ rows: MatterRow[]; total: number; next: unknown[] | null }> {
  const q = filtered(db, g, f);
  const [rows, count] = await Promise.all([
    withPage(q, MATTER_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, MATTER_KEYS.length), total: count.n };
}

/** Every matter of the filter, in the order they were reported (the export). */
export function listMattersForExport(db: Q, g: GridScope, f: MatterFilter) {
  return filtered(db, g, f).orderBy('m.reported_on').orderBy('m.id').limit(50_000).execute();
}

export function findMatter(db: Q, g: GridScope | null, id: number): Promise<MatterRow | undefined> {
  return selectMatters(db, g).where('m.id', '=', id).executeTakeFirst();
}

export async function lockMatter(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.selectFrom('grid_matter').select('id').where('id', '=', id).forUpdate().execute();
}

export async function insertMatters(
  trx: Transaction<DB>,
  values: readonly Insertable<GridMatterTable>[],
): Promise<number[]> {
  if (values.length === 0) return [];
  const rows = await trx
    .insertInto('grid_matter')
    .values([...values])
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function updateMatterRow(
  trx: Transaction<DB>,
  id: number,
  set: Partial<Omit<Insertable<GridMatterTable>, 'id'>>,
): Promise<void> {
  await trx.updateTable('grid_matter').set(set).where('id', '=', id).execute();
}

/** Steps appended in one statement; their ids in the order given. */
export async function insertMatterEvents(
  trx: Transaction<DB>,
  values: readonly Insertable<GridMatterEventTable>[],
): Promise<string[]> {
  if (values.length === 0) return [];
  const rows = await trx
    .insertInto('grid_matter_event')
    .values([...values])
    .returning('id')
    .execute();
  return rows.map((r) => String(r.id));
}

export async function insertMatterEvidence(
  trx: Transaction<DB>,
  values: readonly Insertable<EvidenceFileTable>[],
): Promise<void> {
  if (values.length)
    await trx
      .insertInto('evidence_file')
      .values([...values])
      .execute();
}

/** The matter's steps, oldest first, with the name of the organisation each 交办 named. */
export function listMatterEvents(db: Q, matterId: number) {
  return db
    .selectFrom('grid_matter_event as e')
    .leftJoin('org as ao', 'ao.id', 'e.assignee_org_id')
    .selectAll('e')
    .select('ao.name as assignee_name')
    .where('e.matter_id', '=', matterId)
    .orderBy('e.id')
    .execute();
}

export function listMatterEvidence(db: Q, matterId: number) {
  return db
    .selectFrom('evidence_file as f')
    .innerJoin('grid_matter_event as e', 'e.id', 'f.grid_matter_event_id')
    .select(['f.id', 'f.grid_matter_event_id', 'f.filename', 'f.mime', 'f.size_bytes', 'f.storage_key'])
    .where('e.matter_id', '=', matterId)
    .orderBy('f.id')
    .execute();
}

export function listMatterEscalations(db: Q, matterId: number) {
  return db
    .selectFrom('grid_matter_escalation as x')
    .leftJoin('org as o', 'o.id', 'x.to_org_id')
    .select(['x.step', 'x.on_day', 'x.deadline', 'x.days_overdue', 'o.name as to_org_name'])
    .where('x.matter_id', '=', matterId)
    .orderBy('x.id')
    .execute();
}

/** Grids of the organisations at or below `orgPath` inside the scope, by name (the import matches them). */
export function listGridsForImport(db: Q, g: GridScope, orgPath: string) {
  return db
    .selectFrom('grid as g')
    .innerJoin('org as o', 'o.id', 'g.org_id')
    .leftJoin('grid as p', 'p.id', 'g.parent_id')
    .select([
      'g.id',
      'g.name',
      'g.org_id',
      'g.region_id',
      'o.name as org_name',
      'o.code as org_code',
      'p.name as parent_name',
      'g.worker_name',
    ])
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .where(gridVisible(g, sql.ref('o.path')))
    .execute();
}

/** Matters of these grids reported on these days (a list imported again names them once more). */
export function listMattersByGridAndDay(db: Q, gridIds: readonly number[], days: readonly string[]) {
  if (gridIds.length === 0 || days.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('grid_matter')
    .select(['id', 'grid_id', 'reported_on', 'text'])
    .where('grid_id', 'in', [...gridIds])
    .where('reported_on', 'in', [...days])
    .execute();
}

/**
 * Each grid at or below `orgPath` (in the scope) with its matters reported between `from` and `to`, counted as the
 * ranking counts them on `asOf`: due (first deadline by then, or resolved), on time, closed, overdue, reopened.
 */
export function gridCounts(db: Q, g: GridScope, f: { orgPath: string; from: string; to: string; asOf: string }) {
  return db
    .selectFrom('grid as g')
    .innerJoin('org as o', 'o.id', 'g.org_id')
    .leftJoin('org as s', 's.id', 'o.parent_id')
    .leftJoin('org as d', 'd.id', 's.parent_id')
    .leftJoin('grid_matter as m', (j) =>
      j.onRef('m.grid_id', '=', 'g.id').on('m.reported_on', '>=', f.from).on('m.reported_on', '<=', f.to),
    )
    .select([
      'g.id',
      'g.name',
      'g.parent_id',
      'g.org_id',
      'o.name as org_name',
      'o.parent_id as street_id',
      's.name as street_name',
      'd.name as district_name',
      sql<number>`count(m.id)::int`.as('reported'),
      sql<number>`(count(*) filter (where m.due_on <= ${f.asOf} or m.resolved_on is not null))::int`.as('due'),
      sql<number>`(count(*) filter (where m.resolved_on is not null and m.resolved_on <= m.due_on))::int`.as('on_time'),
      sql<number>`(count(*) filter (where m.state = 'closed'))::int`.as('closed'),
      sql<number>`(count(*) filter (where m.state = 'assigned' and m.deadline < ${f.asOf}))::int`.as('overdue'),
      sql<number>`(count(*) filter (where m.reopen_count > 0))::int`.as('reopened'),
    ])
    .where(sql<boolean>`o.path <@ ${f.orgPath}::ltree`)
    .where(gridVisible(g, sql.ref('o.path')))
    .groupBy(['g.id', 'o.id', 's.id', 'd.id'])
    .execute();
}

/**
 * Matters waiting to be handled past their deadline on `today`, in id order after `afterId` (the daily sweep's
 * batches, by grid_matter_open_deadline_idx), with the organisation above the grid's (提级督办 goes there).
 */
export function listOverdueMatters(db: Q, today: string, afterId: number, limit: number) {
  return db
    .selectFrom('grid_matter as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.state', 'm.deadline', 'm.org_id', 'm.assignee_org_id', 'm.escalation', 'o.parent_id'])
    .where('m.state', '=', 'assigned')
    .where('m.deadline', '<', today)
    .where('m.id', '>', afterId)
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

/** Records the rungs reached (once per matter, deadline and rung); returns how many were new. */
export async function insertEscalations(
  trx: Transaction<DB>,
  values: readonly Insertable<GridMatterEscalationTable>[],
): Promise<number> {
  if (values.length === 0) return 0;
  const rows = await trx
    .insertInto('grid_matter_escalation')
    .values([...values])
    .onConflict((oc) => oc.columns(['matter_id', 'deadline', 'step']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** Sets the rung each matter has reached (the board shows it and filters on it). */
export async function setEscalations(
  trx: Transaction<DB>,
  values: readonly { id: number; step: 'remind' | 'superior' }[],
): Promise<void> {
  for (const step of ['remind', 'superior'] as const) {
    const ids = values.filter((v) => v.step === step).map((v) => v.id);
    if (ids.length) await trx.updateTable('grid_matter').set({ escalation: step }).where('id', 'in', ids).execute();
  }
}
