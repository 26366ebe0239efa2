import { type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * 软弱涣散基层党组织 (issue 12): designations, their leaders, measures (problems of the rectify area) and acceptance
 * checks. Nothing is deleted or updated: the latest leader counts, the first passed check lifts.
 */

function selectWeak(db: Q) {
  return db
    .selectFrom('weak_org as w')
    .innerJoin('org as o', 'o.id', 'w.org_id')
    .innerJoin('org as d', 'd.id', 'w.designator_org_id')
    .leftJoin('assess_round as r', 'r.id', 'w.round_id')
    .select([
      'w.id',
      'w.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'w.region_id',
      'w.year',
      'w.designator_org_id',
      'd.name as designator_name',
      sql<string>`d.path::text`.as('designator_path'),
      'w.designated_on',
      'w.due_on',
      'w.reasons',
      'w.other_reason',
      'w.round_id',
      'r.name as round_name',
      'w.round_total',
      'w.note',
      'w.actor_name',
      'w.at',
      sql<
        string | null
      >`(select l.name from weak_org_leader l where l.weak_org_id = w.id order by l.id desc limit 1)`.as('leader_name'),
      sql<
        string | null
      >`(select l.post from weak_org_leader l where l.weak_org_id = w.id order by l.id desc limit 1)`.as('leader_post'),
      sql<
        string | null
      >`(select min(c.checked_on)::text from weak_org_check c where c.weak_org_id = w.id and c.passed)`.as('lifted_on'),
      sql<number>`(select count(*)::int from weak_org_measure m where m.weak_org_id = w.id)`.as('measures'),
      sql<number>`(select count(*)::int from weak_org_measure m join problem p on p.id = m.problem_id
        where m.weak_org_id = w.id and p.state <> 'closed')`.as('open_measures'),
    ]);
}
export type WeakRow = Awaited<ReturnType<ReturnType<typeof selectWeak>['executeTakeFirstOrThrow']>>;

/** A designation the scope sees: of an organisation inside it. */
export function findWeak(db: Q, scope: Scope, id: number): Promise<WeakRow | undefined> {
  return selectWeak(db)
    .where('w.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

export function findWeakOf(db: Q, orgId: number, year: number) {
  return db.selectFrom('weak_org').select('id').where('org_id', '=', orgId).where('year', '=', year).executeTakeFirst();
}

/** The designations of the organisation's subtree (itself included), by year then tree order. */
export function listWeak(db: Q, scope: Scope, orgPath: string, year: number | undefined): Promise<WeakRow[]> {
  return selectWeak(db)
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .$if(year !== undefined, (q) => q.where('w.year', '=', year!))
    .orderBy('w.year', 'desc')
    .orderBy(sql`o.path`)
    .limit(1000)
    .execute();
}

/**
 * Each designation of the subtree with what the counts need, and the child of the subtree's root it lies under
 * (null for the root itself).
 */
export function listWeakForCounts(db: Q, orgPath: string, year: number | undefined) {
  return db
    .selectFrom('weak_org as w')
    .innerJoin('org as o', 'o.id', 'w.org_id')
    .leftJoin('org as c', (j) =>
      j.on(
        sql<boolean>`nlevel(o.path) > nlevel(${orgPath}::ltree)
          and c.path = subpath(o.path, 0, nlevel(${orgPath}::ltree) + 1)`,
      ),
    )
    .select([
      'w.id',
      'w.due_on',
      'c.id as child_id',
      'c.name as child_name',
      sql<
        string | null
      >`(select min(k.checked_on)::text from weak_org_check k where k.weak_org_id = w.id and k.passed)`.as('lifted_on'),
    ])
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .$if(year !== undefined, (q) => q.where('w.year', '=', year!))
    .execute();
}

export async function insertWeak(
  trx: Q,
  v: {
    org_id: number;
    region_id: number;
    year: number;
    designator_org_id: number;
    designated_on: string;
    due_on: string;
    reasons: string[];
    other_reason: string;
    round_id: number | null;
    round_total: number | null;
    note: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const row = await trx.insertInto('weak_org').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function lockWeak(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('weak_org').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertLeader(
  trx: Q,
  v: {
    weak_org_id: number;
    name: string;
    post: string;
    note: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<void> {
  await trx.insertInto('weak_org_leader').values(v).execute();
}

export function listLeaders(db: Q, id: number) {
  return db
    .selectFrom('weak_org_leader')
    .select(['name', 'post', 'note', 'actor_name', 'at'])
    .where('weak_org_id', '=', id)
    .orderBy('id', 'desc')
    .execute();
}

export async function insertMeasure(trx: Q, weakOrgId: number, problemId: number): Promise<void> {
  await trx.insertInto('weak_org_measure').values({ weak_org_id: weakOrgId, problem_id: problemId }).execute();
}

export function listMeasures(db: Q, id: number) {
  return db
    .selectFrom('weak_org_measure as m')
    .innerJoin('problem as p', 'p.id', 'm.problem_id')
    .select(['p.id', 'p.title', 'p.state', 'p.deadline', 'p.closed_on'])
    .where('m.weak_org_id', '=', id)
    .orderBy('p.id')
    .execute();
}

export async function insertCheck(
  trx: Q,
  v: {
    weak_org_id: number;
    checked_on: string;
    checker: string;
    passed: boolean;
    note: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<void> {
  await trx.insertInto('weak_org_check').values(v).execute();
}

export function listChecks(db: Q, id: number) {
  return db
    .selectFrom('weak_org_check')
    .select(['checked_on', 'checker', 'passed', 'note', 'actor_name', 'at'])
    .where('weak_org_id', '=', id)
    .orderBy('id')
    .execute();
}

/** A round's final result for an organisation (the assessment reason of a designation). */
export function findFinalResult(db: Q, roundId: number, orgId: number) {
  return db
    .selectFrom('assess_round as r')
    .innerJoin('assess_result as x', 'x.round_id', 'r.id')
    .select(['r.id', 'r.name', 'x.total', 'x.vetoed'])
    .where('r.id', '=', roundId)
    .where('r.state', '=', 'final')
    .where('x.org_id', '=', orgId)
    .executeTakeFirst();
}

/**
 * The final rounds that assessed an organisation, with its result there (total, level, veto), newest first: the
 * designation form's choice of an assessment result as a reason.
 */
export function listFinalResultsOf(db: Q, orgId: number) {
  return db
    .selectFrom('assess_result as x')
    .innerJoin('assess_round as r', 'r.id', 'x.round_id')
    .innerJoin('org as i', 'i.id', 'r.org_id')
    .select(['r.id', 'r.name', 'r.year', 'i.name as issuer_name', 'x.total', 'x.level', 'x.vetoed'])
    .where('x.org_id', '=', orgId)
    .where('r.state', '=', 'final')
    .orderBy('r.year', 'desc')
    .orderBy('r.id', 'desc')
    .limit(50)
    .execute();
}
