import { sql, type Kysely, type Transaction } from 'kysely';
import { orgInScope, type Scope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** numeric columns arrive as strings on both engines (node-postgres); null stays null. */
export const num = (v: string | null): number | null => (v === null ? null : Number(v));

export type AssignmentRow = {
  id: number;
  task_id: number;
  org_id: number;
  region_id: number;
  assigner_org_id: number;
  assigned_on: string;
  deadline: string | null;
  target_value: string | null;
  state: string;
  figure: string;
  progress: string | null;
  is_overdue: boolean;
  is_lagging: boolean;
  done_on: string | null;
  last_entry_at: Date | null;
  task_title: string;
  task_org_id: number;
  progress_mode: string;
  task_target: string | null;
  target_unit: string | null;
  share_threshold: string | null;
  deployment_id: number | null;
  deployment_title: string | null;
  parent_assignment_id: number | null;
  org_name: string;
  org_path: string;
  org_parent_name: string | null;
  assigner_name: string;
  assigner_path: string;
  sub_task_id: number | null;
};

/** Assignments with their task and both organisations; `scoped` restricts to receivers inside the scope. */
export function selectAssignments(db: Q, scope: Scope | null) {
  let q = db
    .selectFrom('assignment as a')
    .innerJoin('task as t', 't.id', 'a.task_id')
    .innerJoin('org as r', 'r.id', 'a.org_id')
    .innerJoin('org as g', 'g.id', 'a.assigner_org_id')
    .leftJoin('deployment as d', 'd.id', 't.deployment_id')
    .select([
      'a.id',
      'a.task_id',
      'a.org_id',
      'a.region_id',
      'a.assigner_org_id',
      'a.assigned_on',
      'a.deadline',
      'a.target_value',
      'a.state',
      'a.figure',
      'a.progress',
      'a.is_overdue',
      'a.is_lagging',
      'a.done_on',
      'a.last_entry_at',
      't.title as task_title',
      't.org_id as task_org_id',
      't.progress_mode',
      't.target_value as task_target',
      't.target_unit',
      't.share_threshold',
      't.deployment_id',
      'd.title as deployment_title',
      't.parent_assignment_id',
      'r.name as org_name',
      sql<string>`r.path::text`.as('org_path'),
      sql<string | null>`(select rp.name from org rp where rp.id = r.parent_id)`.as('org_parent_name'),
      'g.name as assigner_name',
      sql<string>`g.path::text`.as('assigner_path'),
      sql<number | null>`(select st.id from task st where st.parent_assignment_id = a.id)`.as('sub_task_id'),
    ]);
  if (scope) q = q.where(orgInScope(sql.ref('r.path'), scope));
  return q;
}

export async function findAssignment(db: Q, scope: Scope | null, id: number): Promise<AssignmentRow | undefined> {
  return (await selectAssignments(db, scope).where('a.id', '=', id).executeTakeFirst()) as AssignmentRow | undefined;
}

export async function lockAssignment(trx: Transaction<DB>, id: number): Promise<void> {
  await sql`select id from assignment where id = ${id} for update`.execute(trx);
}

export type TaskRow = {
  id: number;
  org_id: number;
  region_id: number;
  deployment_id: number | null;
  deployment_title: string | null;
  item_key: string | null;
  parent_assignment_id: number | null;
  title: string;
  requirement: string;
  span_start: number | null;
  span_end: number | null;
  progress_mode: string;
  target_value: string | null;
  target_unit: string | null;
  share_threshold: string | null;
  deadline: string | null;
  deadline_text: string | null;
  lead_org_id: number | null;
  lead_org_name: string | null;
  responsible_person_id: number | null;
  responsible_person_name: string | null;
  bodies_text: string | null;
  status: string;
  org_name: string;
  org_path: string;
  created_at: Date;
};

export function selectTasks(db: Q) {
  return db
    .selectFrom('task as t')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .leftJoin('org as l', 'l.id', 't.lead_org_id')
    .leftJoin('person as p', 'p.id', 't.responsible_person_id')
    .leftJoin('deployment as d', 'd.id', 't.deployment_id')
    .select([
      't.id',
      't.org_id',
      't.region_id',
      't.deployment_id',
      'd.title as deployment_title',
      't.item_key',
      't.parent_assignment_id',
      't.title',
      't.requirement',
      't.span_start',
      't.span_end',
      't.progress_mode',
      't.target_value',
      't.target_unit',
      't.share_threshold',
      't.deadline',
      't.deadline_text',
      't.lead_org_id',
      'l.name as lead_org_name',
      't.responsible_person_id',
      'p.name as responsible_person_name',
      't.bodies_text',
      't.status',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      't.created_at',
    ]);
}

/**
 * A task is visible to an account when its owner is inside the scope, or when it has been assigned to an
 * organisation inside the scope (a village sees the town's task it received).
 */
export async function findTaskVisible(db: Q, scope: Scope, id: number): Promise<TaskRow | undefined> {
  return (await selectTasks(db)
    .where('t.id', '=', id)
    .where((eb) =>
      eb.or([
        orgInScope(sql.ref('o.path'), scope),
        eb.exists(
          eb
            .selectFrom('assignment as x')
            .innerJoin('org as xr', 'xr.id', 'x.org_id')
            .select('x.id')
            .whereRef('x.task_id', '=', 't.id')
            .where(orgInScope(sql.ref('xr.path'), scope)),
        ),
      ]),
    )
    .executeTakeFirst()) as TaskRow | undefined;
}

export async function findTaskOwned(db: Q, scope: Scope, id: number): Promise<TaskRow | undefined> {
  return (await selectTasks(db)
    .where('t.id', '=', id)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst()) as TaskRow | undefined;
}

export type LedgerRow = {
  id: number;
  assignment_id: number;
  entry_date: string;
  text: string;
  figure: string | null;
  corrects_id: number | null;
  created_by_name: string;
  created_at: Date;
};

export function listLedger(db: Q, assignmentId: number): Promise<LedgerRow[]> {
  return db
    .selectFrom('ledger_entry')
    .select(['id', 'assignment_id', 'entry_date', 'text', 'figure', 'corrects_id', 'created_by_name', 'created_at'])
    .where('assignment_id', '=', assignmentId)
    .orderBy('entry_date', 'desc')
    .orderBy('id', 'desc')
    .execute() as Promise<LedgerRow[]>;
}
