import { type Kysely, sql, type Transaction } from 'kysely';
import type { AssignmentState } from '../../../domain/tasks/assignment-state.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export type ResponsibilityDbRow = {
  task_id: number;
  title: string;
  requirement: string;
  lead_org_name: string | null;
  org_id: number;
  org_name: string;
  responsible_person: string | null;
  deadline: string | null;
  state: AssignmentState | null;
  assigned_on: string | null;
  progress: string | null;
  figure: string | null;
  target_unit: string | null;
};

/**
 * Every task an organisation of the subtree carries: the assignments it received (withdrawn ones left out),
 * and the active tasks it holds itself that were assigned to nobody.
 */
function responsibilitySql(scope: Scope, f: { orgPath: string; deploymentId?: number | undefined }) {
  const byDeployment = f.deploymentId ? sql`and t.deployment_id = ${f.deploymentId}` : sql``;
  return sql<ResponsibilityDbRow>`
    select t.id as task_id, t.title, t.requirement, l.name as lead_org_name, r.id as org_id, r.name as org_name,
      p.name as responsible_person, coalesce(a.deadline, t.deadline) as deadline, a.state, a.assigned_on,
      a.progress::text as progress, a.figure::text as figure, t.target_unit
    from assignment a
    join task t on t.id = a.task_id
    join org r on r.id = a.org_id
    left join org l on l.id = t.lead_org_id
    left join person p on p.id = t.responsible_person_id
    where r.path <@ ${f.orgPath}::ltree and ${orgInScope(sql.ref('r.path'), scope)}
      and a.state <> 'cancelled' and t.status <> 'cancelled'
      ${byDeployment}
    union all
    select t.id, t.title, t.requirement, l.name, o.id, o.name, p.name, t.deadline, null, null, null, null, t.target_unit
    from task t
    join org o on o.id = t.org_id
    left join org l on l.id = t.lead_org_id
    left join person p on p.id = t.responsible_person_id
    where o.path <@ ${f.orgPath}::ltree and ${orgInScope(sql.ref('o.path'), scope)} and t.status = 'active'
      and not exists (select 1 from assignment x where x.task_id = t.id and x.state <> 'cancelled')
      ${byDeployment}`;
}

/** The whole list (at most 20,000 rows), by deadline: the unpaged answer and the export. */
export async function listResponsibilityRows(
  db: Q,
  scope: Scope,
  f: { orgPath: string; deploymentId?: number | undefined },
): Promise<ResponsibilityDbRow[]> {
  const { rows } = await sql<ResponsibilityDbRow>`
    ${responsibilitySql(scope, f)}
    order by deadline nulls last, task_id, org_name
    limit 20000`.execute(db);
  return rows;
}

/** By deadline (none last), then task, then organisation. */
export const RESPONSIBILITY_KEYS: SortKey[] = [
  { expr: sql`coalesce(u.deadline, '9999-12-31'::date)` },
  { expr: sql`u.task_id` },
  { expr: sql`u.org_id` },
];

/** One page of the list and how many rows it holds in all. */
export async function listResponsibilityPage(
  db: Q,
  scope: Scope,
  f: { orgPath: string; deploymentId?: number | undefined },
  page: PageAt,
): Promise<{ rows: ResponsibilityDbRow[]; total: number; next: unknown[] | null }> {
  const q = db.selectFrom(sql<ResponsibilityDbRow>`(${responsibilitySql(scope, f)})`.as('u')).selectAll('u');
  const [rows, count] = await Promise.all([
    withPage(q, RESPONSIBILITY_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, RESPONSIBILITY_KEYS.length), total: count.n };
}

/** The positions held on a day in these organisations (their 书记 and committee members with portfolios). */
export function listPositionsHeld(db: Q, orgIds: readonly number[], day: string) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org_position as op')
    .innerJoin('person as p', 'p.id', 'op.person_id')
    .select(['op.org_id', 'op.title', 'op.portfolio', 'p.name'])
    .where('op.org_id', 'in', [...orgIds])
    .where((eb) => eb.or([eb('op.ended_on', 'is', null), eb('op.ended_on', '>=', day)]))
    .execute();
}
