import { type Kysely, sql, type Transaction } from 'kysely';
import type { OrgType } from '../../../domain/org/vocab.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { AssessRoundState, AssessSide, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Assessment (考核, issue 12): index systems, rounds, entries, results, objections, revisions, stars, and the counts
 * the automatic indicators read from the other areas' records at a round's cut-off date.
 */

// --- index systems

function selectSystems(db: Q) {
  return db
    .selectFrom('assess_system as s')
    .innerJoin('org as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      's.region_id',
      's.year',
      's.name',
      's.total',
      's.indicators',
      's.state',
      's.template',
      's.copied_from',
      's.source',
      's.updated_at',
      's.published_at',
    ]);
}
export type SystemRow = Awaited<ReturnType<ReturnType<typeof selectSystems>['executeTakeFirstOrThrow']>>;

/**
 * A system the scope sees: its own subtree's (any state), or a published one of an organisation above it (what the
 * subtree is assessed by).
 */
const systemVisible = (scope: Scope) =>
  sql<boolean>`(${orgInScope(sql.ref('o.path'), scope)} or (s.state = 'published' and o.path @> ${scope.orgPath}::ltree))`;

export function findSystem(db: Q, scope: Scope | null, id: number): Promise<SystemRow | undefined> {
  return selectSystems(db)
    .where('s.id', '=', id)
    .$if(scope !== null, (q) => q.where(systemVisible(scope!)))
    .executeTakeFirst();
}

export function listSystems(db: Q, scope: Scope, year: number | undefined): Promise<SystemRow[]> {
  return selectSystems(db)
    .where(systemVisible(scope))
    .$if(year !== undefined, (q) => q.where('s.year', '=', year!))
    .orderBy('s.year', 'desc')
    .orderBy('s.id', 'desc')
    .limit(500)
    .execute();
}

export async function insertSystem(
  trx: Q,
  v: {
    org_id: number;
    region_id: number;
    year: number;
    name: string;
    total: number;
    indicators: unknown;
    template: string | null;
    copied_from: number | null;
    source: string;
    created_by: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const { at, indicators, ...rest } = v;
  const row = await trx
    .insertInto('assess_system')
    .values({ ...rest, indicators: JSON.stringify(indicators), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSystem(
  trx: Q,
  id: number,
  v: { name?: string; total?: number; indicators?: unknown; state?: 'published'; at: Date },
): Promise<void> {
  await trx
    .updateTable('assess_system')
    .set({
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.total !== undefined ? { total: v.total } : {}),
      ...(v.indicators !== undefined ? { indicators: JSON.stringify(v.indicators) } : {}),
      ...(v.state ? { state: v.state, published_at: v.at } : {}),
      updated_at: v.at,
    })
    .where('id', '=', id)
    .execute();
}

export function lockSystem(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('assess_system').select(['id', 'state']).where('id', '=', id).forUpdate().executeTakeFirst();
}

// --- organisations

/** Organisations by id inside the scope, with what a round needs of them. */
export function listOrgsIn(db: Q, scope: Scope, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org as o')
    .leftJoin('org as p', 'p.id', 'o.parent_id')
    .select([
      'o.id',
      'o.name',
      sql<string>`o.path::text`.as('path'),
      'o.region_id',
      'o.status',
      'o.type',
      'p.name as parent_name',
    ])
    .where('o.id', 'in', [...ids])
    .where(orgInScope(sql.ref('o.path'), scope))
    .orderBy(sql`o.path`)
    .execute();
}

/** Organisations by id, wherever they are (the scorer of an indicator, checked against the issuer by the caller). */
export function listOrgsAnywhere(db: Q, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name', sql<string>`o.path::text`.as('path')])
    .where('o.id', 'in', [...ids])
    .execute();
}

// --- rounds

/**
 * Rounds with their issuer. The issuer is read per round by its key (a lateral kept apart from the join with OFFSET
 * 0): rounds are few, and a plain join let the planner hash the whole org table when it guessed more rounds.
 */
function selectRounds(db: Q) {
  return db
    .selectFrom('assess_round as r')
    .innerJoinLateral(
      (eb) =>
        eb.selectFrom('org as io').select(['io.name', 'io.path']).whereRef('io.id', '=', 'r.org_id').offset(0).as('o'),
      (join) => join.onTrue(),
    )
    .select([
      'r.id',
      'r.system_id',
      'r.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'r.region_id',
      'r.year',
      'r.name',
      'r.system',
      'r.grading',
      'r.state',
      'r.self_due',
      'r.score_due',
      'r.cutoff',
      'r.publicity_from',
      'r.publicity_to',
      'r.created_at',
      'r.frozen_at',
      'r.finalized_at',
      'r.scorer_org_ids',
      sql<number>`(select count(*)::int from assess_round_org ro where ro.round_id = r.id)`.as('org_count'),
    ]);
}
export type RoundRow = Awaited<ReturnType<ReturnType<typeof selectRounds>['executeTakeFirstOrThrow']>>;

/**
 * A round the scope sees: one its subtree issued, or (once out of draft) one that assesses an organisation of the
 * subtree — the assessed see their round, never a sibling's.
 */
const roundVisible = (scope: Scope) => sql<boolean>`(${orgInScope(sql.ref('o.path'), scope)} or (r.state <> 'draft' and
  (${scope.orgId} = any(r.scorer_org_ids) or exists (select 1 from assess_round_org ro join org a on a.id = ro.org_id
    where ro.round_id = r.id and ${orgInScope(sql.ref('a.path'), scope)}))))`;

export function findRound(db: Q, scope: Scope | null, id: number): Promise<RoundRow | undefined> {
  return selectRounds(db)
    .where('r.id', '=', id)
    .$if(scope !== null, (q) => q.where(roundVisible(scope!)))
    .executeTakeFirst();
}

export function listRounds(db: Q, scope: Scope, year: number | undefined): Promise<RoundRow[]> {
  return selectRounds(db)
    .where(roundVisible(scope))
    .$if(year !== undefined, (q) => q.where('r.year', '=', year!))
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();
}

export async function insertRound(
  trx: Q,
  v: {
    system_id: number;
    org_id: number;
    region_id: number;
    year: number;
    name: string;
    system: unknown;
    grading: unknown;
    self_due: string;
    score_due: string;
    cutoff: string;
    publicity_from: string;
    publicity_to: string;
    target_rule: unknown;
    scorer_org_ids: number[];
    created_by: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const { at, system, grading, target_rule, ...rest } = v;
  const row = await trx
    .insertInto('assess_round')
    .values({
      ...rest,
      system: JSON.stringify(system),
      grading: JSON.stringify(grading),
      target_rule: target_rule === null ? null : JSON.stringify(target_rule),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRoundOrgs(
  trx: Q,
  roundId: number,
  orgs: readonly { id: number; region_id: number }[],
): Promise<void> {
  for (let i = 0; i < orgs.length; i += 1000) {
    await trx
      .insertInto('assess_round_org')
      .values(orgs.slice(i, i + 1000).map((o) => ({ round_id: roundId, org_id: o.id, region_id: o.region_id })))
      .execute();
  }
}

export function lockRound(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('assess_round').select(['id', 'state']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setRoundState(
  trx: Q,
  id: number,
  state: AssessRoundState,
  at: Date,
  extra: { frozen?: boolean; finalized?: boolean } = {},
): Promise<void> {
  await trx
    .updateTable('assess_round')
    .set({
      state,
      updated_at: at,
      ...(extra.frozen ? { frozen_at: at } : {}),
      ...(extra.finalized ? { finalized_at: at } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The organisations a round assesses, in tree order. */
export function listRoundOrgs(db: Q, roundId: number) {
  return db
    .selectFrom('assess_round_org as ro')
    .innerJoin('org as o', 'o.id', 'ro.org_id')
    .select([
      'ro.org_id',
      'o.name',
      sql<string>`o.path::text`.as('path'),
      'ro.region_id',
      'ro.manual_level',
      'ro.conditions',
    ])
    .where('ro.round_id', '=', roundId)
    .orderBy(sql`o.path`)
    .execute();
}
export type RoundOrgRow = Awaited<ReturnType<typeof listRoundOrgs>>[number];

export async function setRoundOrg(
  trx: Q,
  roundId: number,
  orgId: number,
  v: { manual_level?: number | null; conditions?: readonly string[] },
): Promise<void> {
  await trx
    .updateTable('assess_round_org')
    .set({
      ...(v.manual_level !== undefined ? { manual_level: v.manual_level } : {}),
      ...(v.conditions !== undefined ? { conditions: JSON.stringify(v.conditions) } : {}),
    })
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .execute();
}

// --- entries

export function listEntries(db: Q, roundId: number, orgId?: number) {
  return db
    .selectFrom('assess_entry')
    .select(['org_id', 'indicator_id', 'side', 'input', 'scorer_org_id', 'actor_name', 'at'])
    .where('round_id', '=', roundId)
    .$if(orgId !== undefined, (q) => q.where('org_id', '=', orgId!))
    .execute();
}
export type EntryRow = Awaited<ReturnType<typeof listEntries>>[number];

export async function upsertEntries(
  trx: Q,
  rows: readonly {
    round_id: number;
    org_id: number;
    indicator_id: string;
    side: AssessSide;
    input: unknown;
    scorer_org_id: number | null;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('assess_entry')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, input: JSON.stringify(r.input) })))
      .onConflict((oc) =>
        oc.columns(['round_id', 'org_id', 'indicator_id', 'side']).doUpdateSet((eb) => ({
          input: eb.ref('excluded.input'),
          scorer_org_id: eb.ref('excluded.scorer_org_id'),
          actor_id: eb.ref('excluded.actor_id'),
          actor_name: eb.ref('excluded.actor_name'),
          at: eb.ref('excluded.at'),
        })),
      )
      .execute();
  }
}

// --- results

export function listResults(db: Q, roundId: number) {
  return db
    .selectFrom('assess_result')
    .select([
      'org_id',
      'total',
      'band_level',
      'level',
      'rank',
      'vetoed',
      'why',
      'lines',
      'vetoes',
      'problems',
      'revision',
      'computed_at',
    ])
    .where('round_id', '=', roundId)
    .execute();
}
export type ResultRow = Awaited<ReturnType<typeof listResults>>[number];

export async function upsertResults(
  trx: Q,
  rows: readonly {
    round_id: number;
    org_id: number;
    total: number | null;
    band_level: number | null;
    level: number | null;
    rank: number | null;
    vetoed: boolean;
    why: unknown;
    lines: unknown;
    vetoes: unknown;
    problems: unknown;
    revision: number;
    computed_at: Date;
  }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('assess_result')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          ...r,
          why: JSON.stringify(r.why),
          lines: JSON.stringify(r.lines),
          vetoes: JSON.stringify(r.vetoes),
          problems: JSON.stringify(r.problems),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['round_id', 'org_id']).doUpdateSet((eb) => ({
          total: eb.ref('excluded.total'),
          band_level: eb.ref('excluded.band_level'),
          level: eb.ref('excluded.level'),
          rank: eb.ref('excluded.rank'),
          vetoed: eb.ref('excluded.vetoed'),
          why: eb.ref('excluded.why'),
          lines: eb.ref('excluded.lines'),
          vetoes: eb.ref('excluded.vetoes'),
          problems: eb.ref('excluded.problems'),
          revision: eb.ref('excluded.revision'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
  }
}

// --- objections and revisions

export function listObjections(db: Q, roundId: number) {
  return db
    .selectFrom('assess_objection as j')
    .innerJoin('org as o', 'o.id', 'j.org_id')
    .select([
      'j.id',
      'j.round_id',
      'j.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'j.text',
      'j.actor_name',
      'j.at',
      'j.answer',
      'j.answered_name',
      'j.answered_at',
    ])
    .where('j.round_id', '=', roundId)
    .orderBy('j.id')
    .execute();
}
export type ObjectionRow = Awaited<ReturnType<typeof listObjections>>[number];

export function findObjection(db: Q, id: number) {
  return db
    .selectFrom('assess_objection')
    .select(['id', 'round_id', 'org_id', 'answer'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertObjection(
  trx: Q,
  v: {
    round_id: number;
    org_id: number;
    region_id: number;
    text: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  return (await trx.insertInto('assess_objection').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** Answers an objection once; false when it already had an answer. */
export async function answerObjection(
  trx: Q,
  id: number,
  v: { answer: string; answered_by: number | null; answered_name: string; answered_at: Date },
): Promise<boolean> {
  const r = await trx
    .updateTable('assess_objection')
    .set(v)
    .where('id', '=', id)
    .where('answer', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listRevisions(db: Q, roundId: number) {
  return db
    .selectFrom('assess_revision')
    .select(['id', 'org_id', 'indicator_id', 'reason', 'old_input', 'new_input', 'changes', 'actor_name', 'at'])
    .where('round_id', '=', roundId)
    .orderBy('id')
    .execute();
}

export async function insertRevision(
  trx: Q,
  v: {
    round_id: number;
    org_id: number;
    indicator_id: string;
    reason: string;
    old_input: unknown;
    new_input: unknown;
    changes: unknown;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const row = await trx
    .insertInto('assess_revision')
    .values({
      ...v,
      old_input: v.old_input === null ? null : JSON.stringify(v.old_input),
      new_input: JSON.stringify(v.new_input),
      changes: JSON.stringify(v.changes),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// --- stars

export async function upsertStars(
  trx: Q,
  rows: readonly { org_id: number; year: number; region_id: number; level: number; round_id: number; set_at: Date }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('assess_star')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['org_id', 'year']).doUpdateSet((eb) => ({
          level: eb.ref('excluded.level'),
          round_id: eb.ref('excluded.round_id'),
          set_at: eb.ref('excluded.set_at'),
        })),
      )
      .execute();
  }
}

/** The star levels of a subtree's organisations in the given years. */
export function listStars(db: Q, path: string, years: readonly number[]) {
  return db
    .selectFrom('assess_star as st')
    .innerJoin('org as o', 'o.id', 'st.org_id')
    .select(['st.org_id', 'o.name', 'st.year', 'st.level', 'st.round_id'])
    .where(sql<boolean>`o.path <@ ${path}::ltree`)
    .where('st.year', 'in', [...years])
    .orderBy(sql`o.path`)
    .execute();
}

/** One organisation's star levels, every year, with the round each came from (oldest first). */
export function listStarHistory(db: Q, orgId: number) {
  return db
    .selectFrom('assess_star as st')
    .innerJoin('assess_round as r', 'r.id', 'st.round_id')
    .select(['st.year', 'st.level', 'st.round_id', 'r.name as round_name', 'st.set_at'])
    .where('st.org_id', '=', orgId)
    .orderBy('st.year')
    .execute();
}

/**
 * The star levels of a year counted per child of an organisation (the child and its subtree) and level: one row per
 * child and level held; children without any star level of the year are not listed (the caller lists the children).
 */
export async function countStarsByChild(db: Q, parentId: number, year: number) {
  const { rows } = await sql<{ child_id: number; level: number; n: number }>`
    select c.id as child_id, st.level, count(*)::int as n
    from org c
    join org o on o.path <@ c.path
    join assess_star st on st.org_id = o.id and st.year = ${year}
    where c.parent_id = ${parentId}
    group by c.id, st.level`.execute(db);
  return rows;
}

/** The children of an organisation, in their order (the dashboard's rows). */
export function listChildren(db: Q, parentId: number) {
  return db
    .selectFrom('org')
    .select(['id', 'name'])
    .where('parent_id', '=', parentId)
    .where('status', '=', 'active')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

// --- the automatic measures, counted at a cut-off date for a set of organisations

export type MeasureCount = { org_id: number; due: number; met: number };

/**
 * Assignments received by each organisation whose deadline fell in [from, cutoff] (cancelled ones left out): `met`
 * those done by the cut-off (completion) or done on or before their deadline (on time).
 */
export async function countAssignments(
  db: Q,
  orgIds: readonly number[],
  from: string,
  cutoff: string,
  onTime: boolean,
): Promise<MeasureCount[]> {
  if (orgIds.length === 0) return [];
  const metWhen = onTime
    ? sql`a.done_on is not null and a.done_on <= a.deadline and a.done_on <= ${cutoff}::date`
    : sql`a.done_on is not null and a.done_on <= ${cutoff}::date`;
  const { rows } = await sql<MeasureCount>`
    select a.org_id, count(*)::int as due, (count(*) filter (where ${metWhen}))::int as met
    from assignment a
    where a.org_id = any(${sql.val([...orgIds])}::int[]) and a.state <> 'cancelled'
      and a.deadline between ${from}::date and ${cutoff}::date
    group by a.org_id`.execute(db);
  return rows;
}

/**
 * Targets reached: the received assignments (not cancelled) that carry a target of their own (a share task's
 * threshold, or a sum task's figure for this receiver) and whose deadline fell in [from, cutoff]; `met` those whose
 * kept progress reached it (1 = reached). Work without a target of its own has no progress to reach: not counted.
 */
export async function countTargetsReached(
  db: Q,
  orgIds: readonly number[],
  from: string,
  cutoff: string,
): Promise<MeasureCount[]> {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<MeasureCount>`
    select a.org_id, count(*)::int as due, (count(*) filter (where a.progress >= 1))::int as met
    from assignment a
    where a.org_id = any(${sql.val([...orgIds])}::int[]) and a.state <> 'cancelled' and a.progress is not null
      and a.deadline between ${from}::date and ${cutoff}::date
    group by a.org_id`.execute(db);
  return rows;
}

/** Problems of each organisation whose deadline fell in [from, cutoff]: `met` those closed (销号) by their deadline. */
export async function countProblemsClosedOnTime(
  db: Q,
  orgIds: readonly number[],
  from: string,
  cutoff: string,
): Promise<MeasureCount[]> {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<MeasureCount>`
    select p.org_id, count(*)::int as due,
      (count(*) filter (where p.closed_on is not null and p.closed_on <= p.deadline))::int as met
    from problem p
    where p.org_id = any(${sql.val([...orgIds])}::int[]) and p.deadline between ${from}::date and ${cutoff}::date
    group by p.org_id`.execute(db);
  return rows;
}

/**
 * 发展党员 gates kept: the development steps an organisation's cases recorded from `from` to the cut-off, and those
 * recorded without a flag (no deadline missed, no exception to a gate taken; domain/people/development.ts). A step
 * refused at a gate is never recorded, so what a flag marks is every gate not kept.
 */
export async function countDevelopmentGatesKept(
  db: Q,
  orgIds: readonly number[],
  from: string,
  cutoff: string,
): Promise<MeasureCount[]> {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<MeasureCount>`
    select c.org_id, count(*)::int as due,
      (count(*) filter (where coalesce(jsonb_array_length(s.flags), 0) = 0))::int as met
    from development_case c
    join development_step s on s.case_id = c.id
    where c.org_id = any(${sql.val([...orgIds])}::int[]) and s.on_date between ${from}::date and ${cutoff}::date
    group by c.org_id`.execute(db);
  return rows;
}

/** The kept 三会一课 figures of each organisation for a year (life_compliance, as of its last check). */
export async function listLifeCompliance(
  db: Q,
  orgIds: readonly number[],
  year: number,
): Promise<(MeasureCount & { checked_on: string })[]> {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('life_compliance')
    .select(['org_id', 'due', 'met', 'checked_on'])
    .where('org_id', 'in', [...orgIds])
    .where('year', '=', year)
    .execute();
}

/**
 * Member-months of dues owed by each organisation's members (full and probationary, with a dues base) from January
 * (or the month dues began) to the month before the cut-off's, within the year; `met` those paid by the end of the
 * month they are for. Set-based, member by member rather than member-month by member-month: a member's months owed
 * are counted from their first and last month (no row per month), and their payments of those months are read in one
 * range of the index on dues_payment (person_id, month) — one probe a member, not one a month — then grouped by
 * member and month and counted by organisation. The payment that stands for a member-month is dues_paid_month's (the
 * latest monthly payment neither a void nor voided): the month is met when the latest payment not voided is also the
 * latest one paid in time. The void rows (few) are read once from their own index. The range is a LATERAL subquery
 * kept apart (OFFSET 0): pulled up into a plain join, the planner hashes the whole table's payments once a chunk's
 * members hold a fair share of them (the EXPLAIN check's district), which on a province would scan every payment of
 * every chunk. Joined to the view instead, the planner would compute it over every payment of the deployment (its
 * DISTINCT ON takes no join condition inside). Each member's first dues month is read by the index on dues_base
 * (person_id, …), never by hashing the whole table. The caller reads a city in chunks of organisations.
 */
export async function countDuesOnTime(
  db: Q,
  orgIds: readonly number[],
  year: number,
  cutoff: string,
): Promise<MeasureCount[]> {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<MeasureCount>`
    with m as (
      select p.id as person_id, p.org_id,
        greatest(${`${year}-01-01`}::date, b.first, date_trunc('month', coalesce(p.join_date, b.first))::date)
          as first_month,
        least(${`${year}-12-01`}::date, (date_trunc('month', ${cutoff}::date) - interval '1 month')::date) as last_month
      from person p
      cross join lateral (select min(x.from_month) as first from dues_base x where x.person_id = p.id) b
      where p.org_id = any(${sql.val([...orgIds])}::int[]) and p.status in ('full', 'probationary')
        and b.first is not null
    ), voided as (
      select v.voids_id from dues_payment v where v.voids_id is not null
    ), paid as (
      select m.org_id,
        max(d.id) as standing_id,
        max(d.id) filter (where d.paid_on < (d.month + interval '1 month')::date) as in_time_id
      from m
      cross join lateral (
        select d.id, d.month, d.paid_on from dues_payment d
        where d.person_id = m.person_id and d.month between m.first_month and m.last_month and d.voids_id is null
        offset 0
      ) d
      left join voided x on x.voids_id = d.id
      where x.voids_id is null
      group by m.org_id, m.person_id, d.month
    ), due as (
      select m.org_id,
        sum(greatest(0, extract(year from m.last_month) * 12 + extract(month from m.last_month)
          - extract(year from m.first_month) * 12 - extract(month from m.first_month) + 1))::int as due
      from m
      group by m.org_id
    ), met as (
      select p.org_id, (count(*) filter (where p.standing_id = p.in_time_id))::int as met
      from paid p
      group by p.org_id
    )
    select due.org_id, due.due, coalesce(met.met, 0) as met
    from due left join met on met.org_id = due.org_id
    where due.due > 0`.execute(db);
  return rows;
}

/**
 * What each organisation asked of those below it (burden_count, by receiver, kind and month) from January to the
 * cut-off's month, with each receiver's type and its count of that kind from every issuer in the same month and year
 * to date: the caller checks them against the caps of the receiver's level.
 */
export async function listBurdenAsked(db: Q, orgIds: readonly number[], year: number, cutoff: string) {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<{
    issuer_id: number;
    org_id: number;
    type: OrgType;
    kind: string;
    month: string;
    month_total: number;
    year_total: number;
  }>`
    select mine.from_org_id as issuer_id, mine.org_id, o.type, mine.kind, to_char(mine.month, 'YYYY-MM') as month,
      (select coalesce(sum(c.n), 0)::int from burden_count c
        where c.org_id = mine.org_id and c.kind = mine.kind and c.month = mine.month) as month_total,
      (select coalesce(sum(c.n), 0)::int from burden_count c
        where c.org_id = mine.org_id and c.kind = mine.kind
          and c.month between ${`${year}-01-01`}::date and mine.month) as year_total
    from burden_count mine
    join org o on o.id = mine.org_id
    where mine.from_org_id = any(${sql.val([...orgIds])}::int[])
      and mine.month between ${`${year}-01-01`}::date and date_trunc('month', ${cutoff}::date)::date
      and mine.n > 0`.execute(db);
  return rows;
}

// --- progress of scoring a whole round (the database's clock: the steps of one request are seconds apart)

export type RoundProgressPurpose = 'results' | 'publicity' | 'final';
export type RoundProgressPhase = 'measures' | 'store' | 'done' | 'failed';

/** Starts (or restarts) the round's run: nothing done of `total`. */
export async function startRoundProgress(
  db: Kysely<DB>,
  roundId: number,
  purpose: RoundProgressPurpose,
  total: number,
): Promise<void> {
  await db
    .insertInto('assess_round_progress')
    .values({
      round_id: roundId,
      purpose,
      phase: 'measures',
      done: 0,
      total,
      started_at: sql`clock_timestamp()`,
      updated_at: sql`clock_timestamp()`,
    })
    .onConflict((oc) =>
      oc.column('round_id').doUpdateSet({
        purpose,
        phase: 'measures',
        done: 0,
        total,
        started_at: sql`clock_timestamp()`,
        updated_at: sql`clock_timestamp()`,
      }),
    )
    .execute();
}

export async function setRoundProgress(
  db: Kysely<DB>,
  roundId: number,
  phase: RoundProgressPhase,
  done: number,
): Promise<void> {
  await db
    .updateTable('assess_round_progress')
    .set({ phase, done, updated_at: sql`clock_timestamp()` })
    .where('round_id', '=', roundId)
    .execute();
}

/**
 * The round's latest run; `running` while it is in a working phase and moved within `staleSeconds` (a run whose
 * process died is not shown as running for ever).
 */
export function findRoundProgress(db: Q, roundId: number, staleSeconds: number) {
  return db
    .selectFrom('assess_round_progress')
    .select([
      'purpose',
      'phase',
      'done',
      'total',
      'started_at',
      'updated_at',
      sql<boolean>`phase in ('measures', 'store')
        and updated_at > clock_timestamp() - make_interval(secs => ${staleSeconds})`.as('running'),
    ])
    .where('round_id', '=', roundId)
    .executeTakeFirst();
}
