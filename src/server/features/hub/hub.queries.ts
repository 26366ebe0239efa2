import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB, HubOrgFigureTable, HubRegionTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The publication every province offers the hub, and the prefix of the hub's subscriptions (one per province). */
export const PUBLICATION = 'luoshi_hub';
export const SUBSCRIPTION_PREFIX = 'luoshi_hub_';

const FIGURES = [
  'members',
  'tasks',
  'assigned',
  'not_started',
  'in_progress',
  'submitted',
  'done',
  'done_on_time',
  'overdue',
  'lagging',
] as const;
const KEPT = ['parent_code', 'level', 'type', 'name', ...FIGURES] as const;
const list = (cols: readonly string[], prefix = '') => sql.raw(cols.map((c) => `${prefix}${c}`).join(', '));

export type PublishCounts = { orgs: number; upserted: number; deleted: number; members: number; orgCount: number };

/**
 * Refreshes this province's published figures in one statement: every active organisation down to `depth` levels
 * with its subtree's figures summed over its tasks (task_rollup_live, read at those organisations only) and its
 * members (counted per organisation once, then added to each published ancestor by the ids on its path; the one
 * pass over the person table, so `countMembers: false` keeps the published counts instead). Rows whose values did
 * not change are left alone and rows of organisations gone are deleted, so logical replication carries only the
 * changes; nothing is truncated.
 */
export async function refreshPublishedFigures(
  trx: Transaction<DB>,
  p: { region: string; depth: number; now: Date; countMembers: boolean },
): Promise<PublishCounts> {
  const members = p.countMembers
    ? sql`select ltree2text(subpath(r.path, k - 1, 1))::int as org_id, sum(pe.n)::int as members
      from (select org_id, count(*)::int as n from person where status in ('probationary', 'full') group by org_id) pe
      join org r on r.id = pe.org_id
      cross join lateral generate_series(1, least(${p.depth}, nlevel(r.path))) k
      group by 1`
    : sql`select o.id as org_id, h.members from o
      join hub_org_figure h on h.region = ${p.region} and h.org_code = o.code`;
  const { rows } = await sql<PublishCounts>`
    with o as (
      select id, code, name, type, parent_id, nlevel(path) as level
      from org where nlevel(path) <= ${p.depth} and status = 'active'
    ), fig as (
      select org_id, count(*) filter (where assigned > 0)::int as tasks,
        ${sql.raw(
          FIGURES.slice(2)
            .map((c) => `sum(${c})::int as ${c}`)
            .join(', '),
        )}
      from task_rollup_live where org_id = any(array(select id from o))
      group by org_id
    ), mem as (
      ${members}
    ), src as (
      select o.code as org_code, par.code as parent_code, o.level::smallint as level, o.type, o.name,
        coalesce(m.members, 0) as members, coalesce(f.tasks, 0) as tasks,
        ${sql.raw(
          FIGURES.slice(2)
            .map((c) => `coalesce(f.${c}, 0) as ${c}`)
            .join(', '),
        )}
      from o
      left join org par on par.id = o.parent_id
      left join fig f on f.org_id = o.id
      left join mem m on m.org_id = o.id
    ), put as (
      insert into hub_org_figure as h (region, org_code, ${list(KEPT)}, changed_at)
      select ${p.region}, org_code, ${list(KEPT)}, ${p.now} from src
      on conflict (region, org_code) do update set
        ${sql.raw(KEPT.map((c) => `${c} = excluded.${c}`).join(', '))}, changed_at = excluded.changed_at
      where (${list(KEPT, 'h.')}) is distinct from (${list(KEPT, 'excluded.')})
      returning 1
    ), gone as (
      delete from hub_org_figure h
      where h.region = ${p.region} and not exists (select 1 from src where src.org_code = h.org_code)
      returning 1
    )
    select (select count(*) from src)::int as orgs,
      (select count(*) from put)::int as upserted,
      (select count(*) from gone)::int as deleted,
      (select coalesce(sum(members), 0) from src where level = 1)::int as members,
      (select count(*) from org where status = 'active')::int as "orgCount"`.execute(trx);
  return rows[0]!;
}

/** The province's own row: its root, its totals and the moment of this publication (the hub's freshness). */
export async function upsertHubRegion(
  trx: Transaction<DB>,
  row: Omit<Selectable<HubRegionTable>, 'name' | 'root_code'>,
): Promise<Selectable<HubRegionTable> | null> {
  const { rows } = await sql<Selectable<HubRegionTable>>`
    insert into hub_region as h (region, name, root_code, depth, org_count, members, published_at)
    select ${row.region}, name, code, ${row.depth}, ${row.org_count}, ${row.members}, ${row.published_at}
    from org where parent_id is null order by id limit 1
    on conflict (region) do update set name = excluded.name, root_code = excluded.root_code, depth = excluded.depth,
      org_count = excluded.org_count, members = excluded.members, published_at = excluded.published_at
    returning *`.execute(trx);
  return rows[0] ?? null;
}

/** The server's wal_level ('logical' is what a publication needs). */
export async function walLevel(db: Q): Promise<string> {
  const { rows } = await sql<{ wal_level: string }>`show wal_level`.execute(db);
  return rows[0]!.wal_level;
}

/**
 * Creates the publication of this province's two tables with a row filter on its region (PostgreSQL 15), or sets
 * its tables and filter again when it exists (the region code changed; nothing else happens when it did not).
 */
export async function ensurePublication(db: Q, region: string): Promise<'created' | 'updated'> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_publication where pubname = ${PUBLICATION}`.execute(db);
  const filter = sql`(region = ${sql.lit(region)})`;
  const tables = sql`table hub_region where ${filter}, hub_org_figure where ${filter}`;
  if (rows[0]!.n === 0) {
    await sql`create publication ${sql.id(PUBLICATION)} for ${tables}`.execute(db);
    return 'created';
  }
  await sql`alter publication ${sql.id(PUBLICATION)} set ${tables}`.execute(db);
  return 'updated';
}

/** The publication's tables and row filters, as the server states them. */
export async function listPublicationTables(db: Q): Promise<{ table: string; filter: string | null }[]> {
  const { rows } = await sql<{ table: string; filter: string | null }>`
    select tablename as "table", rowfilter as filter from pg_publication_tables
    where pubname = ${PUBLICATION} order by tablename`.execute(db);
  return rows;
}

/**
 * Subscribes the hub to one province's publication. CREATE SUBSCRIPTION makes the replication slot on the province
 * and copies its current rows first; it cannot run inside a transaction, so it goes on the handle as one statement.
 */
export async function createSubscription(db: Kysely<DB>, name: string, conninfo: string): Promise<void> {
  await sql`create subscription ${sql.id(SUBSCRIPTION_PREFIX + name)} connection ${sql.lit(conninfo)}
    publication ${sql.id(PUBLICATION)}`.execute(db);
}

export async function subscriptionExists(db: Q, name: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_subscription
    where subname = ${SUBSCRIPTION_PREFIX + name}
      and subdbid = (select oid from pg_database where datname = current_database())`.execute(db);
  return rows[0]!.n > 0;
}

/** Drops a subscription together with its slot on the province (which must be reachable). */
export async function dropSubscription(db: Kysely<DB>, name: string): Promise<void> {
  await sql`drop subscription ${sql.id(SUBSCRIPTION_PREFIX + name)}`.execute(db);
}

/**
 * Drops a subscription without reaching its province (down for good): the slot stays there and must be dropped on
 * the province (pg_drop_replication_slot), or it keeps WAL.
 */
export async function detachSubscription(db: Kysely<DB>, name: string): Promise<void> {
  const id = sql.id(SUBSCRIPTION_PREFIX + name);
  await sql`alter subscription ${id} disable`.execute(db);
  await sql`alter subscription ${id} set (slot_name = none)`.execute(db);
  await sql`drop subscription ${id}`.execute(db);
}

export type SubscriptionRow = {
  name: string;
  enabled: boolean;
  running: boolean;
  last_msg_receipt_time: Date | null;
  latest_end_time: Date | null;
  lag_seconds: number | null;
};

/** Each subscription of this database with what pg_stat_subscription says of its apply worker. */
export async function listSubscriptions(db: Q): Promise<SubscriptionRow[]> {
  const { rows } = await sql<SubscriptionRow>`
    select substr(s.subname, ${SUBSCRIPTION_PREFIX.length + 1}) as name, s.subenabled as enabled,
      st.pid is not null as running, st.last_msg_receipt_time, st.latest_end_time,
      extract(epoch from now() - st.last_msg_receipt_time)::float8 as lag_seconds
    from pg_subscription s
    left join pg_stat_subscription st on st.subid = s.oid and st.relid is null
    where s.subdbid = (select oid from pg_database where datname = current_database())
      and s.subname like ${`${SUBSCRIPTION_PREFIX}%`}
    order by s.subname`.execute(db);
  return rows;
}

/** The replication slots on this (province) server whose subscriber is a hub, and whether one is connected. */
export async function listHubSlots(db: Q): Promise<{ slot: string; active: boolean }[]> {
  const { rows } = await sql<{ slot: string; active: boolean }>`
    select slot_name as slot, active from pg_replication_slots
    where slot_name like ${`${SUBSCRIPTION_PREFIX}%`} order by slot_name`.execute(db);
  return rows;
}

export type HubRegionRow = Selectable<HubRegionTable> & { age_seconds: number };
export type HubOrgRow = Selectable<HubOrgFigureTable>;

/** Every province's row with how old its last publication is, by the hub's clock. */
export async function listHubRegions(db: Q, now: Date): Promise<HubRegionRow[]> {
  const { rows } = await sql<HubRegionRow>`
    select *, greatest(0, extract(epoch from ${now}::timestamptz - published_at))::float8 as age_seconds
    from hub_region order by region`.execute(db);
  return rows;
}

/** Each province's published organisations at one level (the top when `parentCode` is null) or below one of them. */
export async function listHubOrgs(db: Q, region: string | null, parentCode: string | null): Promise<HubOrgRow[]> {
  let q = db.selectFrom('hub_org_figure').selectAll();
  if (region !== null) q = q.where('region', '=', region);
  q = parentCode === null ? q.where('level', '=', 1) : q.where('parent_code', '=', parentCode);
  return q.orderBy('region').orderBy('org_code').execute();
}
