import { type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * 民主评议党员 (issue 12): appraisals, the members appraised, their self/peer/poll rows, the decisions and the
 * handling records of members graded 不合格. All history is append-only: the latest row of a kind counts.
 */

/**
 * The full and probationary members of a branch as of a day, as the register shows them: on its roll now, joined
 * on or before the day; a full member who became full after the day counts as probationary then.
 */
export function listRosterAsOf(db: Q, orgId: number, asOf: string) {
  return db
    .selectFrom('person as p')
    .select([
      'p.id',
      'p.name',
      sql<'full' | 'probationary'>`case when p.status = 'full' and (p.full_date is null or p.full_date <= ${asOf})
        then 'full' else 'probationary' end`.as('status'),
    ])
    .where('p.org_id', '=', orgId)
    .where('p.status', 'in', ['full', 'probationary'])
    .where((eb) => eb.or([eb('p.join_date', 'is', null), eb('p.join_date', '<=', asOf)]))
    .orderBy('p.name_pinyin')
    .orderBy('p.id')
    .execute();
}

function selectAppraisals(db: Q) {
  return db
    .selectFrom('appraisal as a')
    .innerJoin('org as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'a.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'a.region_id',
      'a.year',
      'a.as_of',
      'a.due_on',
      'a.created_at',
      sql<number>`(select count(*)::int from appraisal_member m where m.appraisal_id = a.id)`.as('member_count'),
      sql<unknown>`(select d.grades from appraisal_decision d where d.appraisal_id = a.id order by d.id desc limit 1)`.as(
        'grades',
      ),
      sql<number>`(select count(*)::int from appraisal_handling h where h.appraisal_id = a.id)`.as('handlings'),
    ]);
}
export type AppraisalRow = Awaited<ReturnType<ReturnType<typeof selectAppraisals>['executeTakeFirstOrThrow']>>;

export function findAppraisal(db: Q, scope: Scope, id: number): Promise<AppraisalRow | undefined> {
  return selectAppraisals(db)
    .where('a.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}

export function findAppraisalOf(db: Q, orgId: number, year: number) {
  return db
    .selectFrom('appraisal')
    .select('id')
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** The appraisals of the organisation's subtree (a branch's own; a town's branches'), newest year first. */
export function listAppraisals(db: Q, scope: Scope, orgPath: string, year: number | undefined) {
  return selectAppraisals(db)
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .$if(year !== undefined, (q) => q.where('a.year', '=', year!))
    .orderBy('a.year', 'desc')
    .orderBy(sql`o.path`)
    .limit(500)
    .execute();
}

export async function insertAppraisal(
  trx: Q,
  v: {
    org_id: number;
    region_id: number;
    year: number;
    as_of: string;
    due_on: string;
    created_by: number | null;
    actor_name: string;
    created_at: Date;
  },
  members: readonly { id: number; name: string; status: 'full' | 'probationary' }[],
): Promise<number> {
  const { id } = await trx.insertInto('appraisal').values(v).returning('id').executeTakeFirstOrThrow();
  await trx
    .insertInto('appraisal_member')
    .values(members.map((m) => ({ appraisal_id: id, person_id: m.id, name: m.name, status: m.status })))
    .execute();
  return id;
}

/** Locks the appraisal row: its writes (entries, decisions, handling steps) go one at a time. */
export function lockAppraisal(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('appraisal').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listMembers(db: Q, appraisalId: number) {
  return db
    .selectFrom('appraisal_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['m.person_id', 'm.name', 'm.status'])
    .where('m.appraisal_id', '=', appraisalId)
    .orderBy('p.name_pinyin')
    .orderBy('m.person_id')
    .execute();
}

export function listEntries(db: Q, appraisalId: number) {
  return db
    .selectFrom('appraisal_entry')
    .select(['id', 'person_id', 'kind', 'self_done', 'tallies', 'note', 'actor_name', 'at'])
    .where('appraisal_id', '=', appraisalId)
    .orderBy('id', 'desc')
    .execute();
}

export async function insertEntries(
  trx: Q,
  rows: readonly {
    appraisal_id: number;
    person_id: number;
    kind: 'self' | 'peer' | 'poll';
    self_done: boolean | null;
    tallies: unknown;
    note: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('appraisal_entry')
    .values(rows.map((r) => ({ ...r, tallies: r.tallies === null ? null : JSON.stringify(r.tallies) })))
    .execute();
}

export function listDecisions(db: Q, appraisalId: number) {
  return db
    .selectFrom('appraisal_decision as d')
    .leftJoin('meeting as mt', 'mt.id', 'd.meeting_id')
    .select([
      'd.id',
      'd.body',
      'd.decided_on',
      'd.meeting_id',
      'mt.held_on as meeting_held_on',
      'mt.topic as meeting_topic',
      'd.grades',
      'd.note',
      'd.actor_name',
      'd.at',
    ])
    .where('d.appraisal_id', '=', appraisalId)
    .orderBy('d.id', 'desc')
    .execute();
}

export async function insertDecision(
  trx: Q,
  v: {
    appraisal_id: number;
    body: 'committee' | 'general';
    decided_on: string;
    meeting_id: number | null;
    grades: unknown;
    note: string;
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
): Promise<number> {
  const row = await trx
    .insertInto('appraisal_decision')
    .values({ ...v, grades: JSON.stringify(v.grades) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The branch's 民主评议党员 meetings of a year (life area), to link a decision to. */
export function listAppraisalMeetings(db: Q, orgId: number, year: number) {
  return db
    .selectFrom('meeting')
    .select(['id', 'held_on', 'topic'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'appraisal')
    .where('held_on', '>=', `${year}-01-01`)
    .where('held_on', '<=', `${year + 1}-12-31`)
    .orderBy('held_on')
    .limit(50)
    .execute();
}

export function listHandlings(db: Q, appraisalId: number) {
  return db
    .selectFrom('appraisal_handling as h')
    .innerJoin('appraisal_member as m', (j) =>
      j.onRef('m.appraisal_id', '=', 'h.appraisal_id').onRef('m.person_id', '=', 'h.person_id'),
    )
    .select(['h.id', 'h.person_id', 'm.name', 'h.decision_id', 'h.opened_at'])
    .where('h.appraisal_id', '=', appraisalId)
    .orderBy('h.id')
    .execute();
}

export function listHandlingEvents(db: Q, handlingIds: readonly number[]) {
  if (handlingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('appraisal_handling_event')
    .select(['id', 'handling_id', 'event', 'actor_name', 'at'])
    .where('handling_id', 'in', [...handlingIds])
    .orderBy('id')
    .execute();
}

/** Opens a handling record for each member graded 不合格 who has none in this appraisal yet. */
export async function openHandlings(
  trx: Q,
  appraisalId: number,
  decisionId: number,
  personIds: readonly number[],
  at: Date,
): Promise<void> {
  if (personIds.length === 0) return;
  await trx
    .insertInto('appraisal_handling')
    .values(personIds.map((p) => ({ appraisal_id: appraisalId, person_id: p, decision_id: decisionId, opened_at: at })))
    .onConflict((oc) => oc.columns(['appraisal_id', 'person_id']).doNothing())
    .execute();
}

export async function insertHandlingEvent(
  trx: Q,
  v: { handling_id: number; event: unknown; actor_id: number | null; actor_name: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('appraisal_handling_event')
    .values({ ...v, event: JSON.stringify(v.event) })
    .execute();
}

/**
 * The daily sweep's appraisals: those of `fromYear` on with no decision yet, of organisations not dissolved, after
 * `afterId` in id order (batches).
 */
export function listUndecidedAppraisals(db: Q, fromYear: number, afterId: number, limit: number) {
  return db
    .selectFrom('appraisal as a')
    .innerJoin('org as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.org_id', 'o.name as org_name', 'a.year', 'a.as_of', 'a.due_on'])
    .where('a.year', '>=', fromYear)
    .where('a.id', '>', afterId)
    .where('o.status', '<>', 'dissolved')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('appraisal_decision as d').select('d.id').whereRef('d.appraisal_id', '=', 'a.id'))),
    )
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/**
 * The daily sweep's handling records: those with no outcome recorded yet (closed ones need no reminder), after
 * `afterId` in id order, with the appraisal's branch and year and the latest decision's grades (the member may have
 * been graded otherwise since).
 */
export function listUnclosedHandlings(db: Q, afterId: number, limit: number) {
  return db
    .selectFrom('appraisal_handling as h')
    .innerJoin('appraisal as a', 'a.id', 'h.appraisal_id')
    .innerJoin('appraisal_member as m', (j) =>
      j.onRef('m.appraisal_id', '=', 'h.appraisal_id').onRef('m.person_id', '=', 'h.person_id'),
    )
    .select([
      'h.id',
      'h.appraisal_id',
      'h.person_id',
      'm.name',
      'a.org_id',
      'a.year',
      sql<unknown>`(select d.grades from appraisal_decision d where d.appraisal_id = h.appraisal_id
        order by d.id desc limit 1)`.as('grades'),
    ])
    .where('h.id', '>', afterId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('appraisal_handling_event as e')
            .select('e.id')
            .whereRef('e.handling_id', '=', 'h.id')
            .where(sql<boolean>`e.event->>'kind' = 'outcome'`),
        ),
      ),
    )
    .orderBy('h.id')
    .limit(limit)
    .execute();
}
