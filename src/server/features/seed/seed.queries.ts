import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AppUserTable, AssignmentTable, DB, OrgTable, ProblemTable, TaskTable } from '../../db/schema.ts';

/**
 * The seed's reads and the few writes it makes besides the services: the system seeds a whole city, so none
 * of these is limited to an actor's scope. The bulk load itself goes through the raw COPY session
 * (seed.service.ts, copy-lines.ts), not through Kysely.
 */
type Q = Kysely<DB> | Transaction<DB>;

/** Whether any organisation exists (the first start seeds the demo only into an empty database). */
export async function hasAnyOrg(db: Q): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from org) as any`.execute(db);
  return rows[0]?.any ?? false;
}

/** Fresh planner statistics for the tables a city seed has just loaded. */
export async function analyzeSeededTables(db: Q): Promise<void> {
  await sql`analyze org, person, org_position, app_user`.execute(db);
}

/** Fresh planner statistics for the tables the demo work has just filled. */
export async function analyzeWorkTables(db: Q): Promise<void> {
  await sql`analyze task, assignment, ledger_entry, task_rollup, assignment_event, notification, org_daily_stat`.execute(
    db,
  );
}

type SubtreeOrgRow = Pick<Selectable<OrgTable>, 'id' | 'parent_id' | 'path' | 'name' | 'type' | 'field'>;

/** The active organisations under the root (itself included), by id. */
export async function listActiveSubtree(db: Q, rootId: number): Promise<SubtreeOrgRow[]> {
  const { rows } = await sql<SubtreeOrgRow>`
    select o.id, o.parent_id, o.path::text as path, o.name, o.type, o.field
    from org o, org root
    where root.id = ${rootId} and o.path <@ root.path and o.status = 'active'
    order by o.id`.execute(db);
  return rows;
}

export function listUsersByUsername(
  db: Q,
  usernames: readonly string[],
): Promise<Pick<Selectable<AppUserTable>, 'id' | 'username' | 'display_name' | 'role' | 'org_id'>[]> {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'org_id'])
    .where('username', 'in', usernames)
    .execute();
}

/** The current secretary's name of each organisation under the path (the latest started, if several). */
export async function listSecretariesUnder(db: Q, path: string): Promise<{ org_id: number; name: string }[]> {
  const { rows } = await sql<{ org_id: number; name: string }>`
    select distinct on (p.org_id) p.org_id, pe.name
    from org_position p join person pe on pe.id = p.person_id join org o on o.id = p.org_id
    where p.title = 'secretary' and p.ended_on is null and o.path <@ ${path}::ltree
    order by p.org_id, p.started_on desc, p.id`.execute(db);
  return rows;
}

/** The highest notification id so far, 0 when there is none. */
export async function findLastNotificationId(db: Q): Promise<number> {
  const { rows } = await sql<{ max: string | null }>`select max(id)::text as max from notification`.execute(db);
  return Number(rows[0]?.max ?? 0);
}

/** Sets the creation time of the notifications with lo < id ≤ hi, for each range (500 ranges a statement). */
export async function updateNotificationTimes(
  db: Q,
  ranges: readonly { lo: number; hi: number; at: Date }[],
): Promise<void> {
  for (let i = 0; i < ranges.length; i += 500) {
    const values = ranges
      .slice(i, i + 500)
      .map((x) => sql`(${x.lo}::bigint, ${x.hi}::bigint, ${x.at.toISOString()}::timestamptz)`);
    await sql`update notification n set created_at = v.at
      from (values ${sql.join(values)}) as v(lo, hi, at)
      where n.id > v.lo and n.id <= v.hi`.execute(db);
  }
}

export function listAssignmentsOfTask(
  db: Q,
  taskId: number,
): Promise<Pick<Selectable<AssignmentTable>, 'id' | 'org_id' | 'assigned_on' | 'deadline' | 'target_value'>[]> {
  return db
    .selectFrom('assignment')
    .select(['id', 'org_id', 'assigned_on', 'deadline', 'target_value'])
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
}

/** A task's share threshold as stored (numeric, as a string); throws when the task does not exist. */
export async function findTaskShareThreshold(db: Q, taskId: number): Promise<string | null> {
  const row = await db.selectFrom('task').select('share_threshold').where('id', '=', taskId).executeTakeFirstOrThrow();
  return row.share_threshold;
}

/** How many of a task's assignments below an organisation there are, and how many are done. */
export function findTaskRollup(
  db: Q,
  taskId: number,
  orgId: number,
): Promise<{ assigned: number; done: number } | undefined> {
  // The live roll-up: kept rows plus deltas not folded yet.
  return sql<{ assigned: number; done: number }>`
    select assigned, done from task_rollup_live where task_id = ${taskId} and org_id = ${orgId}`
    .execute(db)
    .then((r) => r.rows[0]);
}

/** The top-level tasks a confirmed deployment created, in creation order. */
export function listTasksOfDeployment(
  db: Q,
  deploymentId: number,
): Promise<
  Pick<Selectable<TaskTable>, 'id' | 'item_key' | 'title' | 'requirement' | 'progress_mode' | 'target_unit'>[]
> {
  return db
    .selectFrom('task')
    .select(['id', 'item_key', 'title', 'requirement', 'progress_mode', 'target_unit'])
    .where('deployment_id', '=', deploymentId)
    .where('parent_assignment_id', 'is', null)
    .orderBy('id')
    .execute();
}

export function listProblemsOfDeployment(
  db: Q,
  deploymentId: number,
): Promise<Pick<Selectable<ProblemTable>, 'id' | 'item_key'>[]> {
  return db.selectFrom('problem').select(['id', 'item_key']).where('deployment_id', '=', deploymentId).execute();
}

/** How many tasks, problems and assignments the database holds. */
export async function countWork(db: Q): Promise<{ tasks: number; problems: number; assignments: number }> {
  const { rows } = await sql<{ tasks: number; problems: number; assignments: number }>`
    select (select count(*)::int from task) as tasks, (select count(*)::int from problem) as problems,
      (select count(*)::int from assignment) as assignments`.execute(db);
  return rows[0]!;
}
