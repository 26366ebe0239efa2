import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export type VillageSecretaryRow = {
  org_id: number;
  org_name: string;
  org_path: string;
  parent_name: string | null;
  /** The child of the asked organisation the village lies under (itself when it is the child). */
  child_id: number | null;
  secretary_id: number | null;
  secretary_name: string | null;
  started_on: string | null;
  village_committee_post: string | null;
  filing_id: number | null;
  filing_person_id: number | null;
  filing_person_name: string | null;
  appointed_on: string | null;
  term_end: string | null;
  checks: unknown;
  note: string | null;
  filed_by: string | null;
  filed_at: Date | null;
  decision: 'approved' | 'returned' | null;
  decided_on: string | null;
  decider_org_name: string | null;
  reason: string | null;
};

/**
 * Every active village (unit_level 'village') of a subtree with its secretary on `day` (position 书记 held that day),
 * the secretary's village-committee post, and its latest filing with that filing's latest decision: one statement,
 * by the org path index and the laterals' indexes.
 */
export async function listVillageSecretaries(db: Q, rootPath: string, day: string): Promise<VillageSecretaryRow[]> {
  const { rows } = await sql<VillageSecretaryRow>`
    select o.id as org_id, o.name as org_name, o.path::text as org_path, par.name as parent_name,
      case when nlevel(o.path) > nlevel(${rootPath}::ltree)
        then ltree2text(subpath(o.path, nlevel(${rootPath}::ltree), 1))::int end as child_id,
      s.person_id as secretary_id, s.name as secretary_name, s.started_on::text as started_on,
      s.village_committee_post,
      f.id as filing_id, f.person_id as filing_person_id, fp.name as filing_person_name,
      f.appointed_on::text as appointed_on, f.term_end::text as term_end, f.checks, f.note,
      f.actor_name as filed_by, f.created_at as filed_at,
      d.decision, d.decided_on::text as decided_on, dor.name as decider_org_name, d.reason
    from org o
    left join org par on par.id = o.parent_id
    left join lateral (
      select x.person_id, p.name, x.started_on, p.village_committee_post
      from org_position x join person p on p.id = x.person_id
      where x.org_id = o.id and x.title = 'secretary' and x.started_on <= ${day}::date
        and (x.ended_on is null or x.ended_on >= ${day}::date)
      order by x.started_on desc, x.id desc limit 1
    ) s on true
    left join lateral (
      select * from secretary_filing sf where sf.org_id = o.id order by sf.id desc limit 1
    ) f on true
    left join person fp on fp.id = f.person_id
    left join lateral (
      select * from secretary_filing_decision sd where sd.filing_id = f.id order by sd.id desc limit 1
    ) d on true
    left join org dor on dor.id = d.decider_org_id
    where o.path <@ ${rootPath}::ltree and o.unit_level = 'village' and o.status = 'active'
    order by o.path`.execute(db);
  return rows;
}

/** The children of an organisation by id (the ratio's rows). */
export function listChildNames(db: Q, parentId: number) {
  return db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('parent_id', '=', parentId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function insertFiling(
  trx: Q,
  v: {
    org_id: number;
    region_id: number;
    person_id: number;
    appointed_on: string;
    term_end: string;
    checks: string;
    note: string;
    actor_id: number | null;
    actor_name: string;
    created_at: Date;
  },
): Promise<number> {
  const r = await trx.insertInto('secretary_filing').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** A filing with its village's path (the scope check) and its latest decision. */
export function findFiling(db: Q, id: number) {
  return db
    .selectFrom('secretary_filing as f')
    .innerJoin('org as o', 'o.id', 'f.org_id')
    .select([
      'f.id',
      'f.org_id',
      'f.person_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      sql<
        string | null
      >`(select d.decision from secretary_filing_decision d where d.filing_id = f.id order by d.id desc limit 1)`.as(
        'decision',
      ),
      sql<boolean>`f.id = (select max(g.id) from secretary_filing g where g.org_id = f.org_id)`.as('is_latest'),
    ])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

export async function insertDecision(
  trx: Q,
  v: {
    filing_id: number;
    decision: 'approved' | 'returned';
    reason: string;
    decider_org_id: number;
    decided_on: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<void> {
  await trx.insertInto('secretary_filing_decision').values(v).execute();
}

/** The village's secretary on a day (person id and the day they took the post), or undefined. */
export function findSecretaryOf(db: Q, orgId: number, day: string) {
  return db
    .selectFrom('org_position')
    .select(['person_id', sql<string>`started_on::text`.as('started_on')])
    .where('org_id', '=', orgId)
    .where('title', '=', 'secretary')
    .where('started_on', '<=', day)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', day)]))
    .orderBy('started_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The kept monthly counts of one organisation, oldest first. */
export function listOneShoulderMonths(db: Q, orgId: number) {
  return db
    .selectFrom('one_shoulder_month')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'villages', 'with_secretary', 'one_shoulder'])
    .where('org_id', '=', orgId)
    .orderBy('month')
    .execute();
}

/**
 * Writes this month's 一肩挑 counts for every organisation that has villages below it (or is one): villages, those
 * with a secretary on `day`, those whose secretary directs the village committee. One statement; a second run in the
 * month replaces the month's row. Returns the rows written.
 */
export async function upsertOneShoulderMonth(db: Q, day: string, at: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with v as (
      select o.path,
        (s.person_id is not null) as has_secretary,
        coalesce(s.village_committee_post = 'director', false) as one_shoulder
      from org o
      left join lateral (
        select x.person_id, p.village_committee_post
        from org_position x join person p on p.id = x.person_id
        where x.org_id = o.id and x.title = 'secretary' and x.started_on <= ${day}::date
          and (x.ended_on is null or x.ended_on >= ${day}::date)
        order by x.started_on desc, x.id desc limit 1
      ) s on true
      where o.unit_level = 'village' and o.status = 'active'
    ), put as (
      insert into one_shoulder_month (org_id, month, villages, with_secretary, one_shoulder, at)
      select a.id, date_trunc('month', ${day}::date)::date, count(*)::int,
        (count(*) filter (where v.has_secretary))::int, (count(*) filter (where v.one_shoulder))::int, ${at}
      from v join org a on a.path @> v.path
      group by a.id
      order by a.id
      on conflict (org_id, month) do update set villages = excluded.villages,
        with_secretary = excluded.with_secretary, one_shoulder = excluded.one_shoulder, at = excluded.at
      returning 1
    )
    select count(*)::int as n from put`.execute(db);
  return rows[0]?.n ?? 0;
}
