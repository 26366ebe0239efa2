import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB, HubOrgFigureTable, HubRegionTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The publication every province offers the hub, and the prefix of the hub's subscriptions (one per province). */
export const PUBLICATION = 'luoshi_hub';
export const SUBSCRIPTION_PREFIX = 'luoshi_hub_';

/** The work figures, summed over task_rollup_live (tasks: the tasks with any assignment in the subtree). */
const TASK_FIGURES = [
  'assigned',
  'not_started',
  'in_progress',
  'submitted',
  'done',
  'done_on_time',
  'overdue',
  'lagging',
] as const;
/** The people figures, counted in one pass over the person table (the national statistics, domain-rules §11). */
const PERSON_FIGURES = [
  'members',
  'women',
  'minorities',
  'college',
  'age_le30',
  'age_ge61',
  'applicants',
  'activists',
  'candidates',
  'recruited',
] as const;
/** The figures that move slowly and cost a pass each: recounted only when members are (`countMembers`). */
const SLOW_FIGURES = [
  ...PERSON_FIGURES,
  'branches',
  'life_year',
  'life_due',
  'life_met',
  'star_year',
  'starred',
  'star1',
  'star2',
  'star3',
  'star4',
  'star5',
] as const;
const KEPT = ['parent_code', 'level', 'type', 'name', 'tasks', ...TASK_FIGURES, ...SLOW_FIGURES] as const;
const list = (cols: readonly string[], prefix = '') => sql.raw(cols.map((c) => `${prefix}${c}`).join(', '));

export type PublishCounts = { orgs: number; upserted: number; deleted: number; members: number; orgCount: number };

/** The settings of one publication; the dates are in Asia/Shanghai, the age edges from the statistics' bands. */
export type PublishParams = {
  region: string;
  depth: number;
  now: Date;
  countMembers: boolean;
  /** The year whose 三会一课 compliance is published, and the latest year of star levels looked at. */
  year: number;
  /** Members recruited (入党) from this day to `today` count as recruited this year. */
  yearStart: string;
  today: string;
  /** Aged 30 or under: born on or after this day; aged 61 or over: born on or before `bornBy61`. */
  bornFrom30: string;
  bornBy61: string;
};

/**
 * Each row of a per-organisation figure added to every published ancestor of its organisation (the ids on its path,
 * down to the published depth): `alias` is the organisation joined in the query.
 */
const toAncestors = (alias: string, depth: number) =>
  sql`cross join lateral generate_series(1, least(${depth}, nlevel(${sql.ref(`${alias}.path`)}))) k`;
const ancestor = (alias: string) => sql`ltree2text(subpath(${sql.ref(`${alias}.path`)}, k - 1, 1))::int`;
const MEMBER = sql`status in ('probationary', 'full')`;

/**
 * Refreshes this province's published figures in one statement: every active organisation down to `depth` levels
 * with its subtree's figures summed over its tasks (task_rollup_live, read at those organisations only); its people
 * figures (counted per organisation once, then added to each published ancestor by the ids on its path: the one
 * pass over the person table), its branches, this year's 三会一课 compliance and the latest year's star levels —
 * or, with `countMembers: false`, those slow figures as last published. Rows whose values did not change are left
 * alone and rows of organisations gone are deleted, so logical replication carries only the changes; nothing is
 * truncated.
 */
export async function refreshPublishedFigures(trx: Transaction<DB>, p: PublishParams): Promise<PublishCounts> {
  const slow = p.countMembers
    ? sql`select o.id as org_id, ${sql.raw(PERSON_FIGURES.map((c) => `coalesce(m.${c}, 0) as ${c}`).join(', '))},
        coalesce(b.branches, 0) as branches, ${p.year}::smallint as life_year, coalesce(l.life_due, 0) as life_due,
        coalesce(l.life_met, 0) as life_met, (select y from star_year) as star_year,
        ${sql.raw(['starred', 'star1', 'star2', 'star3', 'star4', 'star5'].map((c) => `coalesce(st.${c}, 0) as ${c}`).join(', '))}
      from o
      left join (
        select ${ancestor('r')} as org_id, ${sql.raw(PERSON_FIGURES.map((c) => `sum(pe.${c})::int as ${c}`).join(', '))}
        from (
          select org_id, count(*) filter (where ${MEMBER})::int as members,
            count(*) filter (where ${MEMBER} and gender = 'female')::int as women,
            count(*) filter (where ${MEMBER} and ethnicity is not null and ethnicity not in ('汉族', '汉'))::int
              as minorities,
            count(*) filter (where ${MEMBER} and education in ('postgraduate', 'bachelor', 'college'))::int as college,
            count(*) filter (where ${MEMBER} and birth_date >= ${p.bornFrom30}::date)::int as age_le30,
            count(*) filter (where ${MEMBER} and birth_date <= ${p.bornBy61}::date)::int as age_ge61,
            count(*) filter (where status = 'applicant')::int as applicants,
            count(*) filter (where status = 'activist')::int as activists,
            count(*) filter (where status = 'candidate')::int as candidates,
            count(*) filter (
              where ${MEMBER} and join_date between ${p.yearStart}::date and ${p.today}::date)::int as recruited
          from person
          where status in ('applicant', 'activist', 'candidate', 'probationary', 'full')
          group by org_id
        ) pe
        join org r on r.id = pe.org_id
        ${toAncestors('r', p.depth)}
        group by 1
      ) m on m.org_id = o.id
      left join (
        select ${ancestor('br')} as org_id, count(*)::int as branches
        from org br ${toAncestors('br', p.depth)}
        where br.status = 'active' and br.type in ('branch', 'joint_branch')
        group by 1
      ) b on b.org_id = o.id
      left join (
        select ${ancestor('r')} as org_id, sum(c.due)::int as life_due, sum(c.met)::int as life_met
        from life_compliance c join org r on r.id = c.org_id ${toAncestors('r', p.depth)}
        where c.year = ${p.year}
        group by 1
      ) l on l.org_id = o.id
      left join (
        select ${ancestor('r')} as org_id, count(*)::int as starred,
          ${sql.raw([1, 2, 3, 4, 5].map((n) => `count(*) filter (where s.level = ${n})::int as star${n}`).join(', '))}
        from assess_star s join org r on r.id = s.org_id ${toAncestors('r', p.depth)}
        where s.year = (select y from star_year)
        group by 1
      ) st on st.org_id = o.id`
    : sql`select o.id as org_id, ${list(SLOW_FIGURES, 'h.')} from o
      join hub_org_figure h on h.region = ${p.region} and h.org_code = o.code`;
  const { rows } = await sql<PublishCounts>`
    with o as (
      select id, code, name, type, parent_id, nlevel(path) as level
      from org where nlevel(path) <= ${p.depth} and status = 'active'
    ), star_year as (
      select max(year)::smallint as y from assess_star where year <= ${p.year}
    ), fig as (
      select org_id, count(*) filter (where assigned > 0)::int as tasks,
        ${sql.raw(TASK_FIGURES.map((c) => `sum(${c})::int as ${c}`).join(', '))}
      from task_rollup_live where org_id = any(array(select id from o))
      group by org_id
    ), slow as (
      ${slow}
    ), src as (
      select o.code as org_code, par.code as parent_code, o.level::smallint as level, o.type, o.name,
        coalesce(f.tasks, 0) as tasks,
        ${sql.raw(TASK_FIGURES.map((c) => `coalesce(f.${c}, 0) as ${c}`).join(', '))},
        ${sql.raw(SLOW_FIGURES.map((c) => (c.endsWith('_year') ? `s.${c}` : `coalesce(s.${c}, 0) as ${c}`)).join(', '))}
      from o
      left join org par on par.id = o.parent_id
      left join fig f on f.org_id = o.id
      left join slow s on s.org_id = o.id
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
