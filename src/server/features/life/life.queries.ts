import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { MeetingKind } from '../../../domain/life/vocab.ts';
import type { MemberStatus } from '../../../domain/people/vocab.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type {
  DB,
  EvidenceFileTable,
  LifeComplianceTable,
  MeetingAttendanceTable,
  MeetingTable,
  MeetingVoteTable,
} from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Members on an organisation's roster (full and probationary), with whether they sit on its committee today. */
export async function listRoster(
  db: Q,
  orgId: number,
  today: string,
): Promise<{ id: number; name: string; status: MemberStatus; committee: boolean }[]> {
  return db
    .selectFrom('person as p')
    .select([
      'p.id',
      'p.name',
      'p.status',
      sql<boolean>`exists (select 1 from org_position x where x.person_id = p.id and x.org_id = ${orgId}
        and x.started_on <= ${today} and (x.ended_on is null or x.ended_on >= ${today}))`.as('committee'),
    ])
    .where('p.org_id', '=', orgId)
    .where('p.status', 'in', ['full', 'probationary'])
    .orderBy('p.name_pinyin')
    .orderBy('p.id')
    .execute();
}

/** The organisation's facts the check needs: its type and life, full members, committee members today. */
export async function findLifeOrg(db: Q, orgId: number, today: string) {
  return db
    .selectFrom('org as o')
    .select([
      'o.id',
      'o.name',
      'o.code',
      'o.type',
      'o.region_id',
      'o.status',
      'o.established_on',
      'o.dissolved_on',
      sql<string>`o.path::text`.as('path'),
      sql<number>`(select count(*)::int from person p where p.org_id = o.id and p.status = 'full')`.as('full_members'),
      sql<number>`(select count(distinct x.person_id)::int from org_position x where x.org_id = o.id
        and x.started_on <= ${today} and (x.ended_on is null or x.ended_on >= ${today}))`.as('committee_members'),
    ])
    .where('o.id', '=', orgId)
    .executeTakeFirst();
}
export type LifeOrgRow = NonNullable<Awaited<ReturnType<typeof findLifeOrg>>>;

/** Open work assigned to the organisation (topic suggestions, tasks a meeting may be linked to), nearest first. */
export async function listOpenAssignmentsOf(db: Q, orgId: number, limit: number) {
  return db
    .selectFrom('assignment as a')
    .innerJoin('task as t', 't.id', 'a.task_id')
    .select(['a.id', 'a.task_id', 't.title', 'a.deadline'])
    .where('a.org_id', '=', orgId)
    .where('a.state', 'not in', ['done', 'cancelled'])
    .orderBy(sql`a.deadline asc nulls last`)
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

/** The organisation's assignment of a task, if it has one. */
export async function findAssignmentOf(db: Q, orgId: number, taskId: number) {
  return db
    .selectFrom('assignment as a')
    .select(['a.id', 'a.state'])
    .where('a.task_id', '=', taskId)
    .where('a.org_id', '=', orgId)
    .executeTakeFirst();
}

export async function insertMeeting(trx: Q, row: Insertable<MeetingTable>): Promise<number> {
  const r = await trx.insertInto('meeting').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateMeeting(trx: Q, id: number, patch: Updateable<MeetingTable>): Promise<void> {
  await trx.updateTable('meeting').set(patch).where('id', '=', id).execute();
}

export async function lockMeeting(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.selectFrom('meeting').select('id').where('id', '=', id).forUpdate().execute();
}

/** The roster at a meeting, rewritten whole (a correction replaces it). */
export async function replaceAttendance(
  trx: Q,
  meetingId: number,
  rows: readonly Insertable<MeetingAttendanceTable>[],
): Promise<void> {
  await trx.deleteFrom('meeting_attendance').where('meeting_id', '=', meetingId).execute();
  if (rows.length > 0)
    await trx
      .insertInto('meeting_attendance')
      .values([...rows])
      .execute();
}

export async function replaceVotes(
  trx: Q,
  meetingId: number,
  rows: readonly Insertable<MeetingVoteTable>[],
): Promise<void> {
  await trx.deleteFrom('meeting_vote').where('meeting_id', '=', meetingId).execute();
  if (rows.length > 0)
    await trx
      .insertInto('meeting_vote')
      .values([...rows])
      .execute();
}

/** One meeting whose organisation lies inside the scope, with the organisation and the linked task. */
export async function findMeeting(db: Q, scope: Scope, id: number) {
  return db
    .selectFrom('meeting as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .leftJoin('task as t', 't.id', 'm.task_id')
    .selectAll('m')
    .select(['o.name as org_name', sql<string>`o.path::text`.as('org_path'), 't.title as task_title'])
    .where('m.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

export async function listAttendance(db: Q, meetingId: number) {
  return db
    .selectFrom('meeting_attendance as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .select(['a.person_id', 'p.name', 'a.present', 'a.absence_reason', 'a.note', 'a.voting', 'a.committee'])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.present', 'desc')
    .orderBy('p.name_pinyin')
    .execute();
}

export async function listVotes(db: Q, meetingIds: readonly number[]) {
  if (meetingIds.length === 0) return [];
  return db
    .selectFrom('meeting_vote')
    .selectAll()
    .where('meeting_id', 'in', [...meetingIds])
    .orderBy('meeting_id')
    .orderBy('ord')
    .execute();
}

/**
 * An organisation's meetings between two days, oldest first, with how many were present and absent; with
 * `makeUps`, also those held later that make up a window of the period (补开).
 */
export async function listMeetingsOfOrg(db: Q, orgId: number, from: string, to: string, makeUps = false) {
  return db
    .selectFrom('meeting as m')
    .select([
      'm.id',
      'm.org_id',
      'm.kind',
      'm.held_on',
      'm.start_time',
      'm.topic',
      'm.task_id',
      'm.expected_count',
      'm.present_count',
      'm.makes_up_for',
      'm.report_sent_on',
      sql<boolean>`length(m.minutes) > 0`.as('has_minutes'),
      sql<number>`(select count(*)::int from meeting_attendance a where a.meeting_id = m.id and a.present)`.as(
        'present',
      ),
      sql<number>`(select count(*)::int from meeting_attendance a where a.meeting_id = m.id and not a.present)`.as(
        'absent',
      ),
    ])
    .where('m.org_id', '=', orgId)
    .where((eb) => {
      const held = eb.and([eb('m.held_on', '>=', from), eb('m.held_on', '<=', to)]);
      return makeUps ? eb.or([held, eb.and([eb('m.makes_up_for', '>=', from), eb('m.makes_up_for', '<=', to)])]) : held;
    })
    .orderBy('m.held_on')
    .orderBy('m.id')
    .execute();
}

/**
 * The facts the check needs of several organisations' meetings of a period (the sweep's batches): those held in it
 * and those held later that make up one of its windows (补开).
 */
export async function listMeetingFactsOf(db: Q, orgIds: readonly number[], from: string, to: string) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('meeting as m')
    .select([
      'm.id',
      'm.org_id',
      'm.kind',
      'm.held_on',
      'm.expected_count',
      'm.present_count',
      'm.makes_up_for',
      'm.report_sent_on',
      sql<boolean>`length(m.minutes) > 0`.as('has_minutes'),
    ])
    .where('m.org_id', 'in', [...orgIds])
    .where((eb) =>
      eb.or([
        eb.and([eb('m.held_on', '>=', from), eb('m.held_on', '<=', to)]),
        eb.and([eb('m.makes_up_for', '>=', from), eb('m.makes_up_for', '<=', to)]),
      ]),
    )
    .execute();
}

/** An organisation's meetings of a kind held in a window or making it up (a make-up is checked against them). */
export async function listMeetingsInWindow(
  db: Q,
  orgId: number,
  kind: MeetingKind,
  window: { start: string; end: string },
) {
  return db
    .selectFrom('meeting')
    .select(['id', 'held_on', 'makes_up_for'])
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where((eb) =>
      eb.or([
        eb.and([eb('held_on', '>=', window.start), eb('held_on', '<=', window.end)]),
        eb.and([eb('makes_up_for', '>=', window.start), eb('makes_up_for', '<=', window.end)]),
      ]),
    )
    .execute();
}

/** Kept figures of one organisation's year, written whole. */
export async function upsertLifeCompliance(db: Q, rows: readonly Insertable<LifeComplianceTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('life_compliance')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['org_id', 'year']).doUpdateSet((eb) => ({
        due: eb.ref('excluded.due'),
        met: eb.ref('excluded.met'),
        findings: eb.ref('excluded.findings'),
        pending: eb.ref('excluded.pending'),
        late: eb.ref('excluded.late'),
        talk_due: eb.ref('excluded.talk_due'),
        talk_done: eb.ref('excluded.talk_done'),
        checked_on: eb.ref('excluded.checked_on'),
        region_id: eb.ref('excluded.region_id'),
      })),
    )
    .execute();
}

/**
 * Active organisations (after `afterId`, in id order) whose kept figures for `year` are missing or were checked
 * before `freshFrom` (the first day of the current month, or of the next year for a past year): a window has ended
 * since, so they are checked again. So are those with a 民主生活会 whose report, still not sent, fell due
 * (`reportDays` after it) since they were checked.
 */
export async function listStaleLifeOrgs(
  db: Q,
  year: number,
  freshFrom: string,
  afterId: number,
  limit: number,
  report: { days: number; today: string },
) {
  return db
    .selectFrom('org as o')
    .leftJoin('life_compliance as c', (j) => j.onRef('c.org_id', '=', 'o.id').on('c.year', '=', year))
    .select(['o.id'])
    .where('o.status', '=', 'active')
    .where('o.id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb('c.org_id', 'is', null),
        eb('c.checked_on', '<', freshFrom),
        eb.exists(
          eb
            .selectFrom('meeting as m')
            .select(sql`1`.as('one'))
            .whereRef('m.org_id', '=', 'o.id')
            .where('m.kind', '=', 'leadership_life_meeting')
            .where('m.report_sent_on', 'is', null)
            .where(sql<boolean>`m.held_on + ${report.days}::int >= c.checked_on`)
            .where(sql<boolean>`m.held_on + ${report.days}::int < ${report.today}::date`),
        ),
      ]),
    )
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

/**
 * The committee positions of organisations that overlap a period (`ended_on` is the last day held, as in the org
 * area): the check judges each window's committee by them.
 */
export async function listPositionSpans(db: Q, orgIds: readonly number[], from: string, to: string) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('org_position')
    .select(['org_id', 'person_id', 'started_on', 'ended_on'])
    .where('org_id', 'in', [...orgIds])
    .where('started_on', '<=', to)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', from)]))
    .orderBy('org_id')
    .orderBy('started_on')
    .execute();
}

/** Several organisations' facts at once (the sweep's batches). */
export async function listLifeOrgs(db: Q, ids: readonly number[], today: string) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('org as o')
    .select([
      'o.id',
      'o.type',
      'o.region_id',
      'o.established_on',
      'o.dissolved_on',
      sql<string>`o.path::text`.as('path'),
      sql<number>`(select count(*)::int from person p where p.org_id = o.id and p.status = 'full')`.as('full_members'),
      sql<number>`(select count(distinct x.person_id)::int from org_position x where x.org_id = o.id
        and x.started_on <= ${today} and (x.ended_on is null or x.ended_on >= ${today}))`.as('committee_members'),
    ])
    .where('o.id', 'in', [...ids])
    .execute();
}

const sums = sql<string>`coalesce(sum(c.due), 0)::int as due, coalesce(sum(c.met), 0)::int as met,
  coalesce(sum(c.late), 0)::int as late,
  coalesce(sum(c.talk_due), 0)::int as talk_due, coalesce(sum(c.talk_done), 0)::int as talk_done,
  coalesce(sum(c.findings), 0)::int as findings, coalesce(sum(c.pending), 0)::int as pending,
  count(c.org_id)::int as orgs`;

type Sums = {
  due: number;
  met: number;
  late: number;
  findings: number;
  pending: number;
  orgs: number;
  talk_due: number;
  talk_done: number;
};

/** The kept figures of a year summed over a subtree (the organisation and everything below it). */
export async function sumSubtree(db: Q, rootPath: string, year: number): Promise<Sums> {
  const { rows } = await sql<Sums>`
    select ${sums} from org o join life_compliance c on c.org_id = o.id and c.year = ${year}
    where o.path <@ ${rootPath}::ltree`.execute(db);
  return rows[0]!;
}

/** The same sums for each active child of an organisation, over the child's subtree. */
export async function sumChildren(db: Q, parentId: number, year: number) {
  const { rows } = await sql<Sums & { org_id: number; name: string; code: string }>`
    select k.id as org_id, k.name, k.code, ${sums}
    from org k
    left join org o on o.path <@ k.path
    left join life_compliance c on c.org_id = o.id and c.year = ${year}
    where k.parent_id = ${parentId} and k.status = 'active'
    group by k.id, k.name, k.code`.execute(db);
  return rows;
}

/** Meetings of an import, in one statement per batch; their ids in order. */
export async function insertMeetings(trx: Q, rows: readonly Insertable<MeetingTable>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const r = await trx
    .insertInto('meeting')
    .values([...rows])
    .returning('id')
    .execute();
  return r.map((x) => x.id);
}

/** Evidence files of a meeting, in the caller's transaction; append-only (the evidence store's rows). */
export async function insertMeetingEvidence(
  trx: Transaction<DB>,
  values: readonly Insertable<EvidenceFileTable>[],
): Promise<void> {
  if (values.length > 0)
    await trx
      .insertInto('evidence_file')
      .values([...values])
      .execute();
}

/** The evidence files of a meeting, in the order they were stored. */
export function listMeetingEvidence(db: Q, meetingId: number) {
  return db
    .selectFrom('evidence_file')
    .select(['id', 'filename', 'mime', 'size_bytes', 'storage_key'])
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute();
}

/** Meetings of these organisations on these days (an import's rows already on the calendar: org, day, kind, topic). */
export function listMeetingsOn(db: Q, orgIds: readonly number[], days: readonly string[]) {
  if (orgIds.length === 0 || days.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('meeting')
    .select(['id', 'org_id', 'held_on', 'kind', 'topic'])
    .where('org_id', 'in', [...orgIds])
    .where('held_on', 'in', [...days])
    .execute();
}
