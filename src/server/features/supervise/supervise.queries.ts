import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { DB, NoticeTable, SupervisionFindingTable, SupervisionTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Supervisions the scope may see: issued inside it, or aimed at one of its organisations (a target sees that it is
 * supervised; what it sees of the others is filtered by the service).
 */
function selectSupervisions(db: Q, scope: Scope) {
  return db
    .selectFrom('supervision as s')
    .innerJoin('org as io', 'io.id', 's.org_id')
    .select([
      's.id',
      's.org_id',
      'io.name as org_name',
      sql<string>`io.path::text`.as('org_path'),
      's.kind',
      's.title',
      's.subject',
      's.co_issuers',
      's.period_start',
      's.period_end',
      's.sample_under_org_id',
      's.sample_rule',
      's.sample_seed',
      sql<number>`coalesce(cardinality(s.sample_candidates), 0)`.as('candidate_count'),
      's.created_at',
      sql<number>`(select count(*)::int from supervision_target st where st.supervision_id = s.id)`.as('target_count'),
      sql<number>`(select count(*)::int from supervision_finding f where f.supervision_id = s.id)`.as('finding_count'),
    ])
    .where((eb) =>
      eb.or([
        orgInScope(sql.ref('io.path'), scope),
        eb.exists(
          eb
            .selectFrom('supervision_target as st')
            .innerJoin('org as t', 't.id', 'st.org_id')
            .select(sql`1`.as('one'))
            .whereRef('st.supervision_id', '=', 's.id')
            .where(orgInScope(sql.ref('t.path'), scope)),
        ),
      ]),
    );
}

export type SupervisionRow = Awaited<ReturnType<ReturnType<typeof selectSupervisions>['executeTakeFirstOrThrow']>>;

export const SUPERVISION_KEYS: SortKey[] = [{ expr: sql`s.id`, desc: true }];

/** One page of the supervisions issued in or aimed at an organisation's subtree, newest first, and the total. */
export async function listSupervisionsPage(
  db: Q,
  scope: Scope,
  orgPath: string,
  page: PageAt,
): Promise<{ rows: SupervisionRow[]; total: number; next: unknown[] | null }> {
  const q = selectSupervisions(db, scope).where((eb) =>
    eb.or([
      sql<boolean>`io.path <@ ${orgPath}::ltree`,
      eb.exists(
        eb
          .selectFrom('supervision_target as st2')
          .innerJoin('org as t2', 't2.id', 'st2.org_id')
          .select(sql`1`.as('one'))
          .whereRef('st2.supervision_id', '=', 's.id')
          .where(sql<boolean>`t2.path <@ ${orgPath}::ltree`),
      ),
    ]),
  );
  const [rows, count] = await Promise.all([
    withPage(q, SUPERVISION_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, SUPERVISION_KEYS.length), total: count.n };
}

export function findSupervision(db: Q, scope: Scope, id: number): Promise<SupervisionRow | undefined> {
  return selectSupervisions(db, scope).where('s.id', '=', id).executeTakeFirst();
}

/** Organisations by id inside the scope, with what picking them as targets needs. */
export function listOrgsInScope(db: Q, scope: Scope, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org as o')
    .select(['o.id', 'o.name', sql<string>`o.path::text`.as('path'), 'o.status'])
    .where('o.id', 'in', [...ids])
    .where(orgInScope(sql.ref('o.path'), scope))
    .execute();
}

export async function insertSupervision(trx: Transaction<DB>, values: Insertable<SupervisionTable>): Promise<number> {
  const row = await trx.insertInto('supervision').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertTargets(
  trx: Transaction<DB>,
  supervisionId: number,
  targets: readonly { orgId: number; drawn: boolean }[],
): Promise<void> {
  for (let i = 0; i < targets.length; i += 1000) {
    await trx
      .insertInto('supervision_target')
      .values(
        targets.slice(i, i + 1000).map((t) => ({ supervision_id: supervisionId, org_id: t.orgId, drawn: t.drawn })),
      )
      .execute();
  }
}

export async function insertSupervisionTasks(
  trx: Transaction<DB>,
  supervisionId: number,
  taskIds: readonly number[],
): Promise<void> {
  if (taskIds.length) {
    await trx
      .insertInto('supervision_task')
      .values(taskIds.map((t) => ({ supervision_id: supervisionId, task_id: t })))
      .execute();
  }
}

export async function insertSupervisionDeployments(
  trx: Transaction<DB>,
  supervisionId: number,
  deploymentIds: readonly number[],
): Promise<void> {
  if (deploymentIds.length) {
    await trx
      .insertInto('supervision_deployment')
      .values([...new Set(deploymentIds)].map((d) => ({ supervision_id: supervisionId, deployment_id: d })))
      .execute();
  }
}

export function listSupervisionDeployments(db: Q, supervisionId: number) {
  return db
    .selectFrom('supervision_deployment as sd')
    .innerJoin('deployment as d', 'd.id', 'sd.deployment_id')
    .select(['d.id', 'd.title'])
    .where('sd.supervision_id', '=', supervisionId)
    .orderBy('d.id')
    .execute();
}

/** The targets, by organisation path, with whether each was drawn. */
export function listTargets(db: Q, supervisionId: number) {
  return db
    .selectFrom('supervision_target as st')
    .innerJoin('org as o', 'o.id', 'st.org_id')
    .select(['st.org_id', 'o.name as org_name', sql<string>`o.path::text`.as('org_path'), 'st.drawn'])
    .where('st.supervision_id', '=', supervisionId)
    .orderBy(sql`o.path`)
    .execute();
}

export function listSupervisionTasks(db: Q, supervisionId: number) {
  return db
    .selectFrom('supervision_task as st')
    .innerJoin('task as t', 't.id', 'st.task_id')
    .select(['t.id', 't.title'])
    .where('st.supervision_id', '=', supervisionId)
    .orderBy('t.id')
    .execute();
}

export function listFindings(db: Q, supervisionId: number) {
  return db
    .selectFrom('supervision_finding as f')
    .innerJoin('org as o', 'o.id', 'f.org_id')
    .select([
      'f.id',
      'f.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'f.text',
      'f.severity',
      'f.evidence',
      'f.problem_id',
      'f.actor_name',
      'f.created_at',
    ])
    .where('f.supervision_id', '=', supervisionId)
    .orderBy('f.id')
    .execute();
}

export function findOrgName(db: Q, orgId: number) {
  return db.selectFrom('org').select('name').where('id', '=', orgId).executeTakeFirst();
}

export async function isTarget(db: Q, supervisionId: number, orgId: number): Promise<boolean> {
  const row = await db
    .selectFrom('supervision_target')
    .select('org_id')
    .where('supervision_id', '=', supervisionId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertFinding(
  trx: Transaction<DB>,
  values: Insertable<SupervisionFindingTable>,
): Promise<number> {
  const row = await trx.insertInto('supervision_finding').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The finding, locked until the transaction ends (turning it into a problem happens once). */
export function lockFinding(trx: Transaction<DB>, supervisionId: number, findingId: number) {
  return trx
    .selectFrom('supervision_finding')
    .select(['id', 'org_id', 'text', 'severity', 'evidence', 'problem_id'])
    .where('id', '=', findingId)
    .where('supervision_id', '=', supervisionId)
    .forUpdate()
    .executeTakeFirst();
}

export function findFinding(db: Q, supervisionId: number, findingId: number) {
  return db
    .selectFrom('supervision_finding')
    .select(['id', 'org_id', 'text', 'severity', 'evidence', 'problem_id'])
    .where('id', '=', findingId)
    .where('supervision_id', '=', supervisionId)
    .executeTakeFirst();
}

export async function setFindingProblem(trx: Transaction<DB>, findingId: number, problemId: number): Promise<void> {
  await trx.updateTable('supervision_finding').set({ problem_id: problemId }).where('id', '=', findingId).execute();
}

/**
 * The outcomes of each active child of an organisation, over its whole subtree, for the 通报 (ranking.ts): work and
 * problems whose deadline fell between `from` and `upTo` (the period's end or yesterday, whichever is earlier: work
 * not yet due counts against nobody), and the findings recorded in the period.
 */
export async function childOutcomes(db: Q, parentId: number, period: { from: string; upTo: string; to: string }) {
  const { rows } = await sql<{
    org_id: number;
    name: string;
    code: string;
    due: number;
    done: number;
    overdue: number;
    problems_due: number;
    problems_on_time: number;
    findings: number;
  }>`
    select c.id as org_id, c.name, c.code,
      coalesce(a.due, 0) as due, coalesce(a.done, 0) as done, coalesce(a.overdue, 0) as overdue,
      coalesce(p.due, 0) as problems_due, coalesce(p.on_time, 0) as problems_on_time,
      coalesce(f.n, 0) as findings
    from org c
    left join lateral (
      select count(*)::int as due,
        count(*) filter (where a.done_on is not null and a.done_on <= ${period.to}::date)::int as done,
        count(*) filter (where a.done_on is null or a.done_on > a.deadline)::int as overdue
      from org o join assignment a on a.org_id = o.id
      where o.path <@ c.path and a.state <> 'cancelled'
        and a.deadline >= ${period.from}::date and a.deadline <= ${period.upTo}::date
    ) a on true
    left join lateral (
      select count(*)::int as due,
        count(*) filter (where p.closed_on is not null and p.closed_on <= p.deadline)::int as on_time
      from org o join problem p on p.org_id = o.id
      where o.path <@ c.path and p.deadline >= ${period.from}::date and p.deadline <= ${period.upTo}::date
    ) p on true
    left join lateral (
      select count(*)::int as n
      from org o join supervision_finding f on f.org_id = o.id
      where o.path <@ c.path and (f.created_at at time zone 'Asia/Shanghai')::date between ${period.from}::date and ${period.to}::date
    ) f on true
    where c.parent_id = ${parentId} and c.status = 'active'
    order by c.code`.execute(db);
  return rows;
}

/** Work of the subtree past its deadline in the period and not done by it: the notice lists them (at most `limit`). */
export async function overdueItems(db: Q, orgPath: string, period: { from: string; upTo: string }, limit: number) {
  return db
    .selectFrom('assignment as a')
    .innerJoin('org as o', 'o.id', 'a.org_id')
    .innerJoin('task as t', 't.id', 'a.task_id')
    .select(['t.title', 'o.name as org_name', 'a.deadline', 'a.done_on'])
    .where(sql<boolean>`o.path <@ ${orgPath}::ltree`)
    .where('a.state', '<>', 'cancelled')
    .where('a.deadline', '>=', period.from)
    .where('a.deadline', '<=', period.upTo)
    .where((eb) => eb.or([eb('a.done_on', 'is', null), eb('a.done_on', '>', eb.ref('a.deadline'))]))
    .orderBy('a.deadline')
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

export async function insertNotice(trx: Transaction<DB>, values: Insertable<NoticeTable>): Promise<number> {
  const row = await trx.insertInto('notice').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Notices the scope may see: those issued inside it (drafts included), and those published by an organisation above
 * or at the caller's own (the ranked organisations see where they stand).
 */
function selectNotices(db: Q, scope: Scope) {
  return db
    .selectFrom('notice as n')
    .innerJoin('org as o', 'o.id', 'n.org_id')
    .select([
      'n.id',
      'n.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      'n.title',
      'n.doc_number',
      'n.period_start',
      'n.period_end',
      'n.weights',
      'n.ranking',
      'n.document',
      'n.status',
      'n.created_at',
      'n.published_at',
    ])
    .where((eb) =>
      eb.or([
        orgInScope(sql.ref('o.path'), scope),
        eb.and([eb('n.status', '=', 'published'), sql<boolean>`${scope.orgPath}::ltree <@ o.path`]),
      ]),
    );
}

export type NoticeRow = Awaited<ReturnType<ReturnType<typeof selectNotices>['executeTakeFirstOrThrow']>>;

export const NOTICE_KEYS: SortKey[] = [{ expr: sql`n.id`, desc: true }];

export function findNotice(db: Q, scope: Scope, id: number): Promise<NoticeRow | undefined> {
  return selectNotices(db, scope).where('n.id', '=', id).executeTakeFirst();
}

/** One page of the notices an organisation issued or that reached it, newest first. */
export async function listNoticesPage(
  db: Q,
  scope: Scope,
  org: { id: number; path: string },
  page: PageAt,
): Promise<{ rows: NoticeRow[]; total: number; next: unknown[] | null }> {
  const q = selectNotices(db, scope).where((eb) =>
    eb.or([sql<boolean>`o.path <@ ${org.path}::ltree`, sql<boolean>`${org.path}::ltree <@ o.path`]),
  );
  const [rows, count] = await Promise.all([
    withPage(q, NOTICE_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, NOTICE_KEYS.length), total: count.n };
}

export async function publishNoticeRow(trx: Transaction<DB>, id: number, at: Date): Promise<void> {
  await trx.updateTable('notice').set({ status: 'published', published_at: at }).where('id', '=', id).execute();
}

/** A draft notice's title, number and document, rewritten; false when it is no longer a draft (published). */
export async function updateDraftNotice(
  trx: Transaction<DB>,
  id: number,
  set: { title: string; doc_number: string; document: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('notice')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The active children of an organisation (a published notice reaches each). */
export function listChildIds(db: Q, parentId: number) {
  return db.selectFrom('org').select('id').where('parent_id', '=', parentId).where('status', '=', 'active').execute();
}
