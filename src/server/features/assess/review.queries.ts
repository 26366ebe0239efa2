import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { DB, EvidenceFileTable, ReviewEventTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * 书记抓基层党建工作述职评议 (issue 12): rounds, their organisations (report, comment, poll, grade) and the problems
 * named (problems of the rectify area). A round is seen by the issuer's scope, and by the scope of any organisation
 * it covers (which sees its own rows only).
 */

function selectRound(db: Q) {
  return db
    .selectFrom('review_round as r')
    .innerJoin('org as i', 'i.id', 'r.org_id')
    .select([
      'r.id',
      'r.org_id',
      'i.name as org_name',
      sql<string>`i.path::text`.as('org_path'),
      'r.year',
      'r.name',
      'r.grades',
      'r.actor_name',
      'r.created_at',
      sql<number>`(select count(*)::int from review_org x where x.round_id = r.id)`.as('orgs'),
      sql<number>`(select count(*)::int from review_org x where x.round_id = r.id and x.grade is not null)`.as(
        'graded',
      ),
    ]);
}
export type RoundRow = Awaited<ReturnType<ReturnType<typeof selectRound>['executeTakeFirstOrThrow']>>;

/** Either the issuer or one of the organisations covered lies in the scope. */
function visible(scope: Scope) {
  // The covered organisation's path by its key (a scalar read per row): a join to org here was planned as a scan.
  return sql<boolean>`(${orgInScope(sql.ref('i.path'), scope)} or exists (select 1 from review_org x
    where x.round_id = r.id and ${orgInScope(sql`(select o.path from org o where o.id = x.org_id)`, scope)}))`;
}

export function findRound(db: Q, scope: Scope, id: number): Promise<RoundRow | undefined> {
  return selectRound(db).where('r.id', '=', id).where(visible(scope)).executeTakeFirst();
}

/** The rounds issued inside the organisation's subtree or covering an organisation of it, newest year first. */
export function listRounds(db: Q, scope: Scope, orgPath: string, year: number | undefined): Promise<RoundRow[]> {
  return (
    selectRound(db)
      // The rounds found from the subtree's organisations (by the path index), issued or covered: an OR of the two on
      // the round's rows was planned as a scan of org.
      .where(
        'r.id',
        'in',
        sql<number>`(select r2.id from review_round r2 join org i2 on i2.id = r2.org_id where i2.path <@ ${orgPath}::ltree
        union select x.round_id from review_org x join org o on o.id = x.org_id where o.path <@ ${orgPath}::ltree)`,
      )
      .where(visible(scope))
      .$if(year !== undefined, (q) => q.where('r.year', '=', year!))
      .orderBy('r.year', 'desc')
      .orderBy('r.id', 'desc')
      .limit(500)
      .execute()
  );
}

/** The issuing organisation of a round, whoever asks (the CLI acts for the tree that holds it). */
export async function findRoundIssuer(db: Q, id: number): Promise<number | undefined> {
  return (await db.selectFrom('review_round').select('org_id').where('id', '=', id).executeTakeFirst())?.org_id;
}

export function findRoundOf(db: Q, orgId: number, year: number) {
  return db
    .selectFrom('review_round')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
}

export async function insertRound(
  trx: Q,
  v: {
    org_id: number;
    region_id: number;
    year: number;
    name: string;
    grades: string;
    actor_id: number | null;
    actor_name: string;
    created_at: Date;
  },
): Promise<number> {
  return (await trx.insertInto('review_round').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertRoundOrgs(
  trx: Q,
  roundId: number,
  orgs: readonly { id: number; region_id: number }[],
): Promise<void> {
  if (orgs.length === 0) return;
  await trx
    .insertInto('review_org')
    .values(orgs.map((o) => ({ round_id: roundId, org_id: o.id, region_id: o.region_id })))
    .execute();
}

/** The round's organisations in tree order, with their secretary now in office (by name). */
export function listEntries(db: Q, roundId: number, today: string) {
  return db
    .selectFrom('review_org as x')
    .innerJoin('org as o', 'o.id', 'x.org_id')
    .selectAll('x')
    .select([
      'o.name as org_name',
      'o.code as org_code',
      sql<string>`o.path::text`.as('org_path'),
      sql<string | null>`(select p.name from org_position op join person p on p.id = op.person_id
        where op.org_id = x.org_id and op.title = 'secretary' and op.started_on <= ${today}
          and (op.ended_on is null or op.ended_on >= ${today})
        order by op.started_on desc limit 1)`.as('secretary'),
    ])
    .where('x.round_id', '=', roundId)
    .orderBy(sql`o.path`)
    .execute();
}

export function lockEntry(trx: Transaction<DB>, roundId: number, orgId: number) {
  return trx
    .selectFrom('review_org')
    .select(['id', 'round_id', 'org_id', 'region_id', 'should_attend', 'took_part', 'tallies'])
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateEntry(
  trx: Q,
  id: number,
  v: Partial<{
    report: string;
    report_by: string;
    report_at: Date;
    comment: string;
    comment_by: string;
    comment_at: Date;
    should_attend: number;
    took_part: number;
    tallies: string;
    poll_by: string;
    poll_at: Date;
    grade: string;
    grade_note: string;
    graded_by: string;
    graded_at: Date;
  }>,
): Promise<void> {
  await trx.updateTable('review_org').set(v).where('id', '=', id).execute();
}

export async function insertReviewProblem(trx: Q, reviewOrgId: number, problemId: number): Promise<void> {
  await trx.insertInto('review_problem').values({ review_org_id: reviewOrgId, problem_id: problemId }).execute();
}

/** The problems named for the round's organisations, by entry. */
export function listProblems(db: Q, roundId: number) {
  return db
    .selectFrom('review_problem as rp')
    .innerJoin('review_org as x', 'x.id', 'rp.review_org_id')
    .innerJoin('problem as p', 'p.id', 'rp.problem_id')
    .select(['x.org_id', 'p.id', 'p.title', 'p.state', 'p.deadline', 'p.closed_on'])
    .where('x.round_id', '=', roundId)
    .orderBy('p.id')
    .execute();
}

/** One change to an organisation's review (append-only), in the caller's transaction; its id. */
export async function insertEvent(trx: Q, v: Insertable<ReviewEventTable>): Promise<string> {
  return (await trx.insertInto('review_event').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** The events of a round's organisations: how many each has, by entry. */
export async function countEvents(db: Q, roundId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('review_event')
    .select(['review_org_id', sql<number>`count(*)::int`.as('n')])
    .where('round_id', '=', roundId)
    .groupBy('review_org_id')
    .execute();
  return new Map(rows.map((r) => [r.review_org_id, r.n]));
}

/** The history of one organisation's review, oldest first, with the file an upload event stored. */
export function listEvents(db: Q, reviewOrgId: number) {
  return db
    .selectFrom('review_event as e')
    .leftJoin('evidence_file as f', 'f.review_event_id', 'e.id')
    .select([
      'e.id',
      'e.kind',
      'e.data',
      'e.source',
      'e.actor_name',
      'e.at',
      'f.id as file_id',
      'f.filename',
      'f.mime',
      'f.size_bytes',
    ])
    .where('e.review_org_id', '=', reviewOrgId)
    .orderBy('e.id')
    .execute();
}

/** The latest report file of each organisation of a round (the last upload event's file), by entry. */
export function listLatestReportFiles(db: Q, roundId: number) {
  return db
    .selectFrom('review_event as e')
    .innerJoin('evidence_file as f', 'f.review_event_id', 'e.id')
    .select(['e.review_org_id', 'e.actor_name', 'e.at', 'f.id', 'f.filename', 'f.mime', 'f.size_bytes'])
    .distinctOn('e.review_org_id')
    .where('e.round_id', '=', roundId)
    .where('e.kind', '=', 'report_file')
    .orderBy('e.review_org_id')
    .orderBy('e.id', 'desc')
    .execute();
}

/** The report file stored by an upload event of this entry (any of its uploads, not only the latest). */
export function findReportFile(db: Q, reviewOrgId: number, fileId: number) {
  return db
    .selectFrom('evidence_file as f')
    .innerJoin('review_event as e', 'e.id', 'f.review_event_id')
    .select(['f.id', 'f.filename', 'f.mime', 'f.storage_key'])
    .where('f.id', '=', fileId)
    .where('e.review_org_id', '=', reviewOrgId)
    .executeTakeFirst();
}

/** A report file's row in the evidence store (append-only), in the caller's transaction. */
export async function insertReportFile(trx: Q, v: Insertable<EvidenceFileTable>): Promise<number> {
  return (await trx.insertInto('evidence_file').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
