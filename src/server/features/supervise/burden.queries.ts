import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { CappedDemand } from '../../../domain/supervise/burden.ts';
import type { DemandKind } from '../../../domain/tasks/vocab.ts';
import type { BurdenOverrideTable, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The burden meter's SQL (area supervise). Demands are appended to org_demand by the services that make them; a
 * trigger keeps burden_count (migration 20261228T1100); everything here reads burden_count, never org_demand,
 * except the recount that verifies it.
 */

/** One demand on each of these organisations (their region read from the tree), e.g. the targets of a supervision. */
export async function insertDemandsOn(
  trx: Transaction<DB>,
  orgIds: readonly number[],
  d: { kind: DemandKind; fromOrgId: number; at: Date; supervisionId?: number; problemId?: number; taskId?: number },
): Promise<void> {
  if (orgIds.length === 0) return;
  await sql`
    insert into org_demand (org_id, region_id, kind, from_org_id, supervision_id, problem_id, task_id, at)
    select o.id, o.region_id, ${d.kind}, ${d.fromOrgId}, ${d.supervisionId ?? null}::int, ${d.problemId ?? null}::int,
      ${d.taskId ?? null}::int, ${d.at}
    from org o where o.id = any(${sql.val([...orgIds])}::int[])
    order by o.id`.execute(trx);
}

/** One 'problem' demand per row: the problem given to an organisation by its issuing side. */
export async function insertProblemDemands(
  trx: Transaction<DB>,
  rows: readonly { orgId: number; fromOrgId: number; problemId: number }[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into org_demand (org_id, region_id, kind, from_org_id, problem_id, at)
    select o.id, o.region_id, 'problem', d.from_org_id, d.problem_id, ${at}
    from unnest(${sql.val(rows.map((r) => r.orgId))}::int[], ${sql.val(rows.map((r) => r.fromOrgId))}::int[],
      ${sql.val(rows.map((r) => r.problemId))}::int[]) as d (org_id, from_org_id, problem_id)
    join org o on o.id = d.org_id
    order by d.problem_id`.execute(trx);
}

export type BurdenUseRow = {
  org_id: number;
  type: DB['org']['type'];
  this_month: number;
  this_year: number;
};

/** Each organisation's count of a kind this month and this year (all issuers). */
export async function listBurdenUses(
  db: Q,
  orgIds: readonly number[],
  kind: CappedDemand,
  w: { month: string; yearFrom: string; yearTo: string },
): Promise<BurdenUseRow[]> {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<BurdenUseRow>`
    select o.id as org_id, o.type,
      coalesce(sum(b.n) filter (where b.month = ${w.month}::date), 0)::int as this_month,
      coalesce(sum(b.n), 0)::int as this_year
    from org o
    left join burden_count b on b.org_id = o.id and b.kind = ${kind}
      and b.month between ${w.yearFrom}::date and ${w.yearTo}::date
    where o.id = any(${sql.val([...orgIds])}::int[])
    group by o.id, o.type`.execute(db);
  return rows;
}

/**
 * The 定期 (comprehensive) supervisions an issuer made of each organisation since a day: the one-a-year rule of the
 * 2024 burden rules reads these (special, joint and random checks fall under the level cap only).
 */
export async function listRegularSupervisionCounts(
  db: Q,
  orgIds: readonly number[],
  issuerId: number,
  since: Date,
): Promise<Map<number, number>> {
  if (orgIds.length === 0) return new Map();
  const { rows } = await sql<{ org_id: number; n: number }>`
    select st.org_id, count(*)::int as n
    from supervision_target st join supervision s on s.id = st.supervision_id
    where st.org_id = any(${sql.val([...orgIds])}::int[]) and s.org_id = ${issuerId} and s.kind = 'regular'
      and s.created_at >= ${since}
    group by st.org_id`.execute(db);
  return new Map(rows.map((r) => [r.org_id, r.n]));
}

/** What was asked of one organisation in the months, by kind and issuer. */
export async function listOwnBurden(db: Q, orgId: number, fromMonth: string, toMonth: string) {
  const { rows } = await sql<{ kind: DemandKind; from_org_id: number; from_name: string; n: number }>`
    select b.kind, b.from_org_id, o.name as from_name, sum(b.n)::int as n
    from burden_count b join org o on o.id = b.from_org_id
    where b.org_id = ${orgId} and b.month between ${fromMonth}::date and ${toMonth}::date
    group by b.kind, b.from_org_id, o.name
    order by b.from_org_id, b.kind`.execute(db);
  return rows;
}

/** Counts of the capped kinds for one organisation this month and this year (its usage against its caps). */
export async function listCapUsage(db: Q, orgId: number, month: string, yearFrom: string, yearTo: string) {
  const { rows } = await sql<{ kind: DemandKind; this_month: number; this_year: number }>`
    select b.kind,
      coalesce(sum(b.n) filter (where b.month = ${month}::date), 0)::int as this_month,
      sum(b.n)::int as this_year
    from burden_count b
    where b.org_id = ${orgId} and b.kind in ('assignment', 'supervision')
      and b.month between ${yearFrom}::date and ${yearTo}::date
    group by b.kind`.execute(db);
  return rows;
}

/**
 * What was asked of the organisations of a subtree in the months, by issuer and kind, with how many of them each
 * issuer reached. The issuers may sit above the subtree (the county asking a town's villages): their names are
 * shown to the subtree they ask of.
 */
export async function listIssuerBurden(db: Q, path: string, fromMonth: string, toMonth: string) {
  const { rows } = await sql<{
    from_org_id: number;
    from_name: string;
    kind: DemandKind;
    n: number;
    orgs: number;
    orgs_all: number;
  }>`
    with b as (
      select b.from_org_id, b.kind, b.org_id, b.n
      from burden_count b join org r on r.id = b.org_id
      where r.path <@ ${path}::ltree and b.month between ${fromMonth}::date and ${toMonth}::date
    )
    select k.from_org_id, o.name as from_name, k.kind, k.n, k.orgs, t.orgs_all
    from (select from_org_id, kind, sum(n)::int as n, count(distinct org_id)::int as orgs from b group by 1, 2) k
    join (select from_org_id, count(distinct org_id)::int as orgs_all from b group by 1) t using (from_org_id)
    join org o on o.id = k.from_org_id
    order by k.from_org_id, k.kind`.execute(db);
  return rows;
}

/** The organisations of a subtree asked the most of in the months (all kinds), heaviest first. */
export async function listHeaviestReceivers(db: Q, path: string, fromMonth: string, toMonth: string, limit: number) {
  const { rows } = await sql<{ org_id: number; name: string; n: number }>`
    select b.org_id, r.name, sum(b.n)::int as n
    from burden_count b join org r on r.id = b.org_id
    where r.path <@ ${path}::ltree and b.month between ${fromMonth}::date and ${toMonth}::date
    group by b.org_id, r.name
    order by n desc, b.org_id
    limit ${limit}`.execute(db);
  return rows;
}

export async function insertBurdenOverride(trx: Transaction<DB>, row: Insertable<BurdenOverrideTable>): Promise<void> {
  await trx.insertInto('burden_override').values(row).execute();
}

/**
 * The reasons given for going over a cap by issuers in the subtree, and those given for taking this organisation
 * itself over one (it sees why it was asked for more), newest first.
 */
export async function listOverrides(db: Q, org: { id: number; path: string }, limit: number) {
  return db
    .selectFrom('burden_override as x')
    .innerJoin('org as o', 'o.id', 'x.issuer_org_id')
    .select([
      'x.id',
      'x.kind',
      'x.issuer_org_id',
      'o.name as issuer_name',
      'x.task_id',
      'x.supervision_id',
      'x.reason',
      'x.over_count',
      'x.actor_name',
      'x.at',
    ])
    .where((eb) =>
      eb.or([
        sql<boolean>`o.path <@ ${org.path}::ltree`,
        sql<boolean>`x.overruns @> ${JSON.stringify([{ orgId: org.id }])}::jsonb`,
      ]),
    )
    .orderBy('x.at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(limit)
    .execute();
}

/** Kept counts that differ from a recount of org_demand: the verification of the trigger (empty when exact). */
export async function findBurdenDrift(db: Q) {
  const { rows } = await sql<{
    org_id: number;
    month: string;
    kind: string;
    from_org_id: number;
    kept: number;
    counted: number;
  }>`
    with counted as (
      select org_id, date_trunc('month', at at time zone 'Asia/Shanghai')::date as month, kind, from_org_id,
        sum(n)::int as n
      from org_demand group by 1, 2, 3, 4
    )
    select coalesce(k.org_id, c.org_id) as org_id, to_char(coalesce(k.month, c.month), 'YYYY-MM-DD') as month,
      coalesce(k.kind, c.kind) as kind, coalesce(k.from_org_id, c.from_org_id) as from_org_id,
      coalesce(k.n, 0) as kept, coalesce(c.n, 0) as counted
    from burden_count k
    full join counted c using (org_id, month, kind, from_org_id)
    where coalesce(k.n, 0) <> coalesce(c.n, 0)`.execute(db);
  return rows;
}

/** Names of organisations by id (the ones a warning names). */
export async function listOrgNames(db: Q, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
