import { sql } from 'kysely';
import type { z } from 'zod';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { addDaysIso } from '../../../domain/dates.ts';
import { displayState } from '../../../domain/tasks/assignment-state.ts';
import { assignmentProgress, rankChildren, taskProgress } from '../../../domain/tasks/progress.ts';
import type {
  assignBody,
  assignmentListQuery,
  AssignmentSummary,
  createTaskBody,
  Dashboard,
  decomposeBody,
  Rollup,
  TaskDetail,
  taskListQuery,
  TaskSummary,
  updateTaskBody,
} from '../../../contracts/tasks.ts';
import { isWithinPath, orgInScope, pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { dispatchExternal, notify, type NewNotification } from '../notifications/notify.ts';
import { getOrg } from '../org/org.service.ts';
import { refreshAssignment, toAssignmentSummary } from './assignment.service.ts';
import { refreshTaskRollups, rollupsAt, type RollupRow } from './rollup.queries.ts';
import {
  findTaskOwned,
  findTaskVisible,
  selectAssignments,
  num,
  selectTasks,
  type AssignmentRow,
  type TaskRow,
} from './tasks.queries.ts';
import { taskRules } from './task-rules.ts';


export function toRollup(r: RollupRow | undefined, t: { progress_mode: string; target_value: string | null; target_unit: string | null }): Rollup | null {
  if (!r) return null;
  const p = taskProgress(t.progress_mode as 'none' | 'sum' | 'share', {
    assigned: r.assigned,
    done: r.done,
    figureSum: Number(r.figure_sum),
    reached: r.reached,
    target: num(t.target_value),
  });
  return {
    assigned: r.assigned,
    notStarted: r.not_started,
    inProgress: r.in_progress,
    submitted: r.submitted,
    done: r.done,
    doneOnTime: r.done_on_time,
    overdue: r.overdue,
    lagging: r.lagging,
    figureSum: Number(r.figure_sum),
    reached: r.reached,
    progress: p.value,
    progressLabel: p.label,
  };
}

function toTaskSummary(t: TaskRow, r: RollupRow | undefined): TaskSummary {
  return {
    id: t.id,
    orgId: t.org_id,
    orgName: t.org_name,
    deploymentId: t.deployment_id,
    deploymentTitle: t.deployment_title,
    parentAssignmentId: t.parent_assignment_id,
    title: t.title,
    progressMode: t.progress_mode as 'none' | 'sum' | 'share',
    targetValue: num(t.target_value),
    targetUnit: t.target_unit,
    shareThreshold: num(t.share_threshold),
    deadline: t.deadline,
    deadlineText: t.deadline_text,
    leadOrgId: t.lead_org_id,
    leadOrgName: t.lead_org_name,
    status: t.status as 'active' | 'closed' | 'cancelled',
    rollup: toRollup(r, t),
  };
}

export async function getTaskDetail(ctx: Ctx, id: number, opts: { visibleVia?: AssignmentRow } = {}): Promise<TaskDetail> {
  const t = await findTaskVisible(ctx.db, ctx.actor, id);
  if (!t) throw new AppError('NOT_FOUND', `任务不存在或不在您的管理范围内（ID ${id}）`);
  // Completion as seen from the caller's vantage: the task owner if in scope, else the receiving organisation.
  const vantage = pathInScope(t.org_path, ctx.actor) ? t.org_id : (opts.visibleVia?.org_id ?? ctx.actor.orgId);
  const [rollups, cooperators, problems] = await Promise.all([
    rollupsAt(ctx.db, vantage, [id]),
    ctx.db
      .selectFrom('task_cooperator as c')
      .innerJoin('org as o', 'o.id', 'c.org_id')
      .select(['o.id', 'o.name'])
      .where('c.task_id', '=', id)
      .execute(),
    ctx.db
      .selectFrom('problem_task as pt')
      .innerJoin('problem as p', 'p.id', 'pt.problem_id')
      .select(['p.id', 'p.title'])
      .where('pt.task_id', '=', id)
      .execute(),
  ]);
  return {
    ...toTaskSummary(t, rollups.get(id)),
    requirement: t.requirement,
    bodiesText: t.bodies_text,
    responsiblePersonId: t.responsible_person_id,
    responsiblePersonName: t.responsible_person_name,
    cooperators,
    problems,
    spanStart: t.span_start,
    spanEnd: t.span_end,
    canManage: hasPermission(ctx.actor.role, 'task:assign') && pathInScope(t.org_path, ctx.actor),
  };
}

export async function listTasks(ctx: Ctx, q: z.infer<typeof taskListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  let query = selectTasks(ctx.db).where(orgInScope(sql.ref('o.path'), ctx.actor));
  query = q.owner === 'own' ? query.where('t.org_id', '=', org.id) : query.where(sql<boolean>`o.path <@ ${org.path}::ltree`);
  if (q.deploymentId) query = query.where('t.deployment_id', '=', q.deploymentId);
  if (q.status) query = query.where('t.status', '=', q.status);
  if (q.q) query = query.where('t.title', 'like', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [rows, count] = await Promise.all([
    query
      .orderBy(sql`t.deadline nulls last`)
      .orderBy('t.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const rollups = await rollupsAt(ctx.db, org.id, rows.map((r) => r.id));
  return {
    items: (rows as TaskRow[]).map((t) => toTaskSummary(t, rollups.get(t.id))),
    total: count.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function validateTarget(b: { progressMode?: string | undefined; targetValue?: number | null | undefined; shareThreshold?: number | null | undefined }): void {
  const mode = b.progressMode ?? 'none';
  if (mode === 'none' && b.targetValue != null) throw new AppError('VALIDATION_FAILED', '没有量化目标的任务不能填写目标值', { field: 'targetValue' });
  if (mode !== 'none' && b.targetValue == null) throw new AppError('VALIDATION_FAILED', '请填写目标值', { field: 'targetValue' });
  if (mode === 'share' && b.shareThreshold == null) throw new AppError('VALIDATION_FAILED', '按达标比例统计的任务须填写达标线', { field: 'shareThreshold' });
  if (mode === 'share' && (b.targetValue ?? 0) > 100) throw new AppError('VALIDATION_FAILED', '达标比例不能超过100%', { field: 'targetValue' });
}

async function assertOrgsInScope(ctx: Ctx, ids: readonly number[]): Promise<void> {
  for (const id of new Set(ids)) await getOrg(ctx, id);
}

export async function createTask(ctx: Ctx, body: z.infer<typeof createTaskBody>): Promise<TaskDetail> {
  const org = await getOrg(ctx, body.orgId);
  if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', `“${org.name}”已撤销`);
  validateTarget(body);
  await assertOrgsInScope(ctx, [...(body.leadOrgId ? [body.leadOrgId] : []), ...(body.cooperatorOrgIds ?? [])]);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('task')
      .values({
        org_id: org.id,
        region_id: org.region_id,
        title: body.title,
        requirement: body.requirement ?? '',
        progress_mode: body.progressMode ?? 'none',
        target_value: body.targetValue ?? null,
        target_unit: body.targetUnit ?? null,
        share_threshold: body.shareThreshold ?? null,
        deadline: body.deadline ?? null,
        lead_org_id: body.leadOrgId ?? org.id,
        responsible_person_id: body.responsiblePersonId ?? null,
        created_by: ctx.actor.userId || null,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (body.cooperatorOrgIds?.length) {
      await trx.insertInto('task_cooperator').values(body.cooperatorOrgIds.map((o) => ({ task_id: row.id, org_id: o }))).execute();
    }
    if (body.problemIds?.length) {
      await trx.insertInto('problem_task').values(body.problemIds.map((p) => ({ problem_id: p, task_id: row.id }))).execute();
    }
    await audit(trx, ctx, 'task.create', { entity: 'task', entityId: row.id, orgId: org.id }, null, body);
    return row.id;
  });
  return getTaskDetail(ctx, id);
}

export async function updateTask(ctx: Ctx, id: number, patch: z.infer<typeof updateTaskBody>): Promise<TaskDetail> {
  const t = await findTaskOwned(ctx.db, ctx.actor, id);
  if (!t) throw new AppError('NOT_FOUND', `任务不存在或不在您的管理范围内（ID ${id}）`);
  const merged = {
    progressMode: patch.progressMode ?? t.progress_mode,
    targetValue: patch.targetValue !== undefined ? patch.targetValue : num(t.target_value),
    shareThreshold: patch.shareThreshold !== undefined ? patch.shareThreshold : num(t.share_threshold),
  };
  validateTarget(merged);
  await assertOrgsInScope(ctx, [...(patch.leadOrgId ? [patch.leadOrgId] : []), ...(patch.cooperatorOrgIds ?? [])]);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('task')
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.requirement !== undefined ? { requirement: patch.requirement } : {}),
        progress_mode: merged.progressMode,
        target_value: merged.targetValue,
        share_threshold: merged.shareThreshold,
        ...(patch.targetUnit !== undefined ? { target_unit: patch.targetUnit } : {}),
        ...(patch.deadline !== undefined ? { deadline: patch.deadline } : {}),
        ...(patch.leadOrgId !== undefined ? { lead_org_id: patch.leadOrgId } : {}),
        ...(patch.responsiblePersonId !== undefined ? { responsible_person_id: patch.responsiblePersonId } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .execute();
    if (patch.cooperatorOrgIds) {
      await trx.deleteFrom('task_cooperator').where('task_id', '=', id).execute();
      if (patch.cooperatorOrgIds.length) {
        await trx.insertInto('task_cooperator').values(patch.cooperatorOrgIds.map((o) => ({ task_id: id, org_id: o }))).execute();
      }
    }
    if (patch.problemIds) {
      await trx.deleteFrom('problem_task').where('task_id', '=', id).execute();
      if (patch.problemIds.length) {
        await trx.insertInto('problem_task').values(patch.problemIds.map((p) => ({ problem_id: p, task_id: id }))).execute();
      }
    }
    // A changed target or threshold changes every receiver's progress.
    if (patch.progressMode !== undefined || patch.targetValue !== undefined || patch.shareThreshold !== undefined) {
      const ids = await trx.selectFrom('assignment').select('id').where('task_id', '=', id).execute();
      for (const a of ids) await refreshAssignment(trx, a.id, ctx.today);
      await refreshTaskRollups(trx, id);
    }
    await audit(trx, ctx, 'task.update', { entity: 'task', entityId: id, orgId: t.org_id }, {
      title: t.title, deadline: t.deadline, status: t.status, progressMode: t.progress_mode, targetValue: t.target_value,
    }, patch);
  });
  return getTaskDetail(ctx, id);
}

/** Receivers picked by rule: every active organisation of the given types (and fields) under a node. */
async function orgsByRule(ctx: Ctx, rule: NonNullable<z.infer<typeof assignBody>['rule']>): Promise<number[]> {
  const under = await getOrg(ctx, rule.underOrgId);
  let q = ctx.db
    .selectFrom('org as o')
    .select('o.id')
    .where(sql<boolean>`o.path <@ ${under.path}::ltree`)
    .where('o.id', '<>', under.id)
    .where('o.status', '=', 'active')
    .where('o.type', 'in', rule.types)
    .where(orgInScope(sql.ref('o.path'), ctx.actor));
  if (rule.fields?.length) q = q.where('o.field', 'in', rule.fields);
  return (await q.orderBy(sql`o.path`).execute()).map((r) => r.id);
}

export async function assignTask(ctx: Ctx, taskId: number, body: z.infer<typeof assignBody>) {
  const t = await findTaskOwned(ctx.db, ctx.actor, taskId);
  if (!t) throw new AppError('NOT_FOUND', `任务不存在或不在您的管理范围内（ID ${taskId}）`);
  if (t.status !== 'active') throw new AppError('RULE_VIOLATION', '任务已办结或已撤销，不能再下发');
  const picked = [...new Set([...(body.orgIds ?? []), ...(body.rule ? await orgsByRule(ctx, body.rule) : [])])];
  if (picked.length === 0) throw new AppError('VALIDATION_FAILED', '按所给条件没有找到可下发的组织');
  const receivers = await ctx.db
    .selectFrom('org as o')
    .select(['o.id', 'o.name', 'o.region_id', 'o.status', sql<string>`o.path::text`.as('path')])
    .where('o.id', 'in', picked)
    .where(orgInScope(sql.ref('o.path'), ctx.actor))
    .execute();
  const found = new Set(receivers.map((r) => r.id));
  const missing = picked.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('ORG_NOT_FOUND', `组织不存在或不在您的管理范围内（ID ${missing.slice(0, 5).join('、')}）`);
  for (const r of receivers) {
    if (r.id === t.org_id || !isWithinPath(r.path, t.org_path)) {
      throw new AppError('ORG_STRUCTURE', `“${r.name}”不是“${t.org_name}”的下级组织，不能向其下发任务`);
    }
    if (r.status !== 'active') throw new AppError('ORG_DISSOLVED', `“${r.name}”已撤销`);
  }
  const deadline = body.deadline ?? t.deadline;
  const mode = t.progress_mode as 'none' | 'sum' | 'share';
  const progress = assignmentProgress(mode, { figure: 0, target: body.targetPerOrg ?? null, threshold: num(t.share_threshold) });
  const shown = displayState({ state: 'not_started', assignedOn: ctx.today, deadline, progress }, ctx.today, taskRules());
  const notices: NewNotification[] = [];
  const result = await ctx.db.transaction().execute(async (trx) => {
    const existing = new Set(
      (await trx.selectFrom('assignment').select('org_id').where('task_id', '=', taskId).execute()).map((r) => r.org_id),
    );
    const fresh = receivers.filter((r) => !existing.has(r.id));
    const created: number[] = [];
    for (let i = 0; i < fresh.length; i += 1000) {
      const chunk = fresh.slice(i, i + 1000);
      const rows = await trx
        .insertInto('assignment')
        .values(
          chunk.map((r) => ({
            task_id: taskId,
            org_id: r.id,
            region_id: r.region_id,
            assigner_org_id: t.org_id,
            assigned_on: ctx.today,
            deadline,
            target_value: body.targetPerOrg ?? null,
            progress,
            is_overdue: shown === 'overdue',
            is_lagging: shown === 'lagging',
            created_at: ctx.now,
            updated_at: ctx.now,
          })),
        )
        .returning(['id', 'org_id'])
        .execute();
      await trx
        .insertInto('assignment_event')
        .values(rows.map((a) => ({
          assignment_id: a.id, at: ctx.now, actor_id: ctx.actor.userId || null, actor_name: ctx.actor.displayName,
          event: 'assign', from_state: null, to_state: 'not_started', reason: null,
        })))
        .execute();
      for (const a of rows) {
        created.push(a.id);
        notices.push({
          orgId: a.org_id,
          kind: 'assigned',
          title: `收到新任务：${t.title}`,
          body: `${t.org_name}下发${deadline ? `，完成时限 ${deadline}` : ''}`,
          taskId,
          assignmentId: a.id,
        });
      }
    }
    await notify(trx, notices);
    await refreshTaskRollups(trx, taskId);
    if (t.parent_assignment_id) await refreshAssignment(trx, t.parent_assignment_id, ctx.today);
    await audit(trx, ctx, 'task.assign', { entity: 'task', entityId: taskId, orgId: t.org_id }, null, {
      created: created.length,
      skipped: receivers.length - fresh.length,
      orgIds: fresh.map((r) => r.id),
      deadline,
    });
    return { created: created.length, skipped: receivers.length - fresh.length, orgIds: fresh.map((r) => r.id) };
  });
  dispatchExternal(notices);
  return result;
}

/** A receiver breaks its assignment into a task of its own for its subtree; the parent's progress follows it. */
export async function decomposeAssignment(ctx: Ctx, assignmentId: number, body: z.infer<typeof decomposeBody>): Promise<TaskDetail> {
  const a = await selectAssignments(ctx.db, ctx.actor).where('a.id', '=', assignmentId).executeTakeFirst() as AssignmentRow | undefined;
  if (!a) throw new AppError('NOT_FOUND', `任务分解记录不存在或不在您的管理范围内（ID ${assignmentId}）`);
  if (a.sub_task_id) throw new AppError('CONFLICT', '该任务已经分解过');
  if (a.state === 'done' || a.state === 'cancelled' || a.state === 'submitted') {
    throw new AppError('RULE_VIOLATION', '已报送、已完成或已撤回的任务不能再分解');
  }
  const receiver = await getOrg(ctx, a.org_id);
  const task = await ctx.db.selectFrom('task').selectAll().where('id', '=', a.task_id).executeTakeFirstOrThrow();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('task')
      .values({
        org_id: receiver.id,
        region_id: receiver.region_id,
        parent_assignment_id: a.id,
        deployment_id: task.deployment_id,
        title: body.title ?? task.title,
        requirement: body.requirement ?? task.requirement,
        progress_mode: task.progress_mode,
        target_value: a.target_value ?? task.target_value,
        target_unit: task.target_unit,
        share_threshold: task.share_threshold,
        deadline: a.deadline,
        lead_org_id: receiver.id,
        created_by: ctx.actor.userId || null,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, 'task.decompose', { entity: 'task', entityId: row.id, orgId: receiver.id }, null, { assignmentId: a.id, taskId: row.id });
    return row.id;
  });
  return getTaskDetail(ctx, id);
}

export async function listAssignments(ctx: Ctx, q: z.infer<typeof assignmentListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  let query = selectAssignments(ctx.db, ctx.actor);
  query = q.own === 'true' ? query.where('a.org_id', '=', org.id) : query.where(sql<boolean>`r.path <@ ${org.path}::ltree`);
  if (q.taskId) query = query.where('a.task_id', '=', q.taskId);
  if (q.deploymentId) query = query.where('t.deployment_id', '=', q.deploymentId);
  if (q.deadlineFrom) query = query.where('a.deadline', '>=', q.deadlineFrom);
  if (q.deadlineTo) query = query.where('a.deadline', '<=', q.deadlineTo);
  if (q.displayState?.length) {
    const states = q.displayState;
    query = query.where((eb) =>
      eb.or(
        states.map((s) =>
          s === 'overdue'
            ? eb('a.is_overdue', '=', true)
            : s === 'lagging'
              ? eb('a.is_lagging', '=', true)
              : eb.and([eb('a.state', '=', s), eb('a.is_overdue', '=', false), eb('a.is_lagging', '=', false)]),
        ),
      ),
    );
  }
  const order = q.sort === 'org' ? sql`r.path, a.id` : q.sort === 'assignedOn' ? sql`a.assigned_on desc, a.id` : sql`a.deadline nulls last, a.id`;
  const [rows, count] = await Promise.all([
    query.orderBy(order).limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: (rows as AssignmentRow[]).map((a) => toAssignmentSummary(a, ctx.today)),
    total: count.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getDashboard(ctx: Ctx, orgId: number | undefined): Promise<Dashboard> {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  const rollups = await ctx.db.selectFrom('task_rollup').selectAll().where('org_id', '=', org.id).execute() as unknown as RollupRow[];
  const taskIds = rollups.map((r) => r.task_id);
  const tasks = taskIds.length
    ? ((await selectTasks(ctx.db).where('t.id', 'in', taskIds).where('t.status', '<>', 'cancelled').orderBy(sql`t.deadline nulls last`).orderBy('t.id').execute()) as TaskRow[])
    : [];
  const byTask = new Map(rollups.map((r) => [r.task_id, r]));
  const totals = rollups.reduce(
    (acc, r) => {
      acc.assigned += r.assigned;
      acc.not_started += r.not_started;
      acc.in_progress += r.in_progress;
      acc.submitted += r.submitted;
      acc.done += r.done;
      acc.done_on_time += r.done_on_time;
      acc.overdue += r.overdue;
      acc.lagging += r.lagging;
      acc.reached += r.reached;
      return acc;
    },
    { task_id: 0, org_id: org.id, assigned: 0, not_started: 0, in_progress: 0, submitted: 0, done: 0, done_on_time: 0, overdue: 0, lagging: 0, figure_sum: '0', reached: 0 } as RollupRow,
  );
  const children = await sql<{ org_id: number; org_name: string; assigned: number; done: number; done_on_time: number; overdue: number; lagging: number }>`
    select c.id as org_id, c.name as org_name,
      coalesce(sum(r.assigned), 0)::int as assigned, coalesce(sum(r.done), 0)::int as done,
      coalesce(sum(r.done_on_time), 0)::int as done_on_time, coalesce(sum(r.overdue), 0)::int as overdue,
      coalesce(sum(r.lagging), 0)::int as lagging
    from org c left join task_rollup r on r.org_id = c.id
    where c.parent_id = ${org.id} and c.status = 'active'
    group by c.id, c.name, c.sort_order order by c.sort_order, c.id`.execute(ctx.db);
  const ranked = rankChildren(
    children.rows.map((c) => ({ orgId: c.org_id, orgName: c.org_name, assigned: c.assigned, done: c.done, overdue: c.overdue, doneOnTime: c.done_on_time })),
  );
  const extra = new Map(children.rows.map((c) => [c.org_id, c]));
  const trend = await ctx.db
    .selectFrom('org_daily_stat')
    .select(['day', 'assigned', 'done', 'overdue', 'lagging'])
    .where('org_id', '=', org.id)
    .where('day', '>=', addDaysIso(ctx.today, -90))
    .orderBy('day')
    .execute();
  return {
    org: { id: org.id, name: org.name },
    totals: toRollup(totals, { progress_mode: 'none', target_value: null, target_unit: null })!,
    tasks: tasks.map((t) => toTaskSummary(t, byTask.get(t.id))),
    children: ranked.map((r) => ({
      orgId: r.orgId,
      orgName: r.orgName,
      assigned: r.assigned,
      done: r.done,
      doneOnTime: r.doneOnTime,
      overdue: r.overdue,
      lagging: extra.get(r.orgId)?.lagging ?? 0,
      rate: r.rate,
      rank: r.rank,
    })),
    trend,
  };
}

/** What one organisation has to do this week: overdue, due this week, other open work, and recently done. */
export async function getWeek(ctx: Ctx, orgId: number | undefined) {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  const rows = (await selectAssignments(ctx.db, ctx.actor)
    .where('a.org_id', '=', org.id)
    .where('a.state', '<>', 'cancelled')
    .orderBy(sql`a.deadline nulls last`)
    .orderBy('a.id')
    .limit(500)
    .execute()) as AssignmentRow[];
  const day = new Date(`${ctx.today}T00:00:00Z`).getUTCDay();
  const weekStart = addDaysIso(ctx.today, -((day + 6) % 7));
  const weekEnd = addDaysIso(weekStart, 6);
  const items = rows.map((a) => toAssignmentSummary(a, ctx.today));
  const open = items.filter((a) => a.state !== 'done');
  return {
    org: { id: org.id, name: org.name },
    weekStart,
    weekEnd,
    overdue: open.filter((a) => a.displayState === 'overdue'),
    dueThisWeek: open.filter((a) => a.displayState !== 'overdue' && a.deadline !== null && a.deadline <= weekEnd),
    open: open.filter((a) => a.displayState !== 'overdue' && (a.deadline === null || a.deadline > weekEnd)),
    recentlyDone: items.filter((a) => a.state === 'done' && a.doneOn !== null && a.doneOn >= addDaysIso(ctx.today, -14)),
  } satisfies { overdue: AssignmentSummary[] } & Record<string, unknown>;
}
