import type { z } from 'zod';
import type { Paged } from '../../../contracts/common.ts';
import type {
  createTaskBody,
  decomposeBody,
  TaskDetail,
  TaskSummary,
  taskListQuery,
  updateTaskBody,
} from '../../../contracts/tasks.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import {
  checkFigureSource,
  describeFigureSource,
  type FigureSource,
  type FigureSourceProblem,
} from '../../../domain/tasks/figure-source.ts';
import { checkTaskTarget, type TargetProblem, type TargetSettings } from '../../../domain/tasks/target.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import {
  num,
  type RollupRow,
  rebuildTaskRollups,
  refreshAssignment,
  rollupsAt,
  toRollup,
} from '../rollups/rollups.service.ts';
import { openInstructionCounts } from '../supervise/instruction.service.ts';
import {
  countTasksRolledUpAt,
  findTaskById,
  findTaskOwned,
  findTaskVisible,
  insertTask,
  listAssignmentIdsOfTask,
  listTaskCooperators,
  listTaskProblems,
  listTasksPage,
  listTasksRolledUpAtPage,
  replaceTaskCooperators,
  replaceTaskProblems,
  TASK_KEYS,
  type TaskRow,
  updateTaskRow,
} from './tasks.queries.ts';

export type { TaskRow } from './tasks.queries.ts';

export function toTaskSummary(t: TaskRow, r: RollupRow | undefined): TaskSummary {
  return {
    id: t.id,
    orgId: t.org_id,
    orgName: t.org_name,
    deploymentId: t.deployment_id,
    deploymentTitle: t.deployment_title,
    parentAssignmentId: t.parent_assignment_id,
    title: t.title,
    progressMode: t.progress_mode,
    targetValue: num(t.target_value),
    targetUnit: t.target_unit,
    shareThreshold: num(t.share_threshold),
    figureSource: (t.figure_source as FigureSource | null) ?? null,
    figureSourceText: t.figure_source ? describeFigureSource(t.figure_source as FigureSource) : null,
    deadline: t.deadline,
    deadlineText: t.deadline_text,
    leadOrgId: t.lead_org_id,
    leadOrgName: t.lead_org_name,
    status: t.status,
    rollup: toRollup(r, t),
  };
}

function notFound(id: number): AppError {
  return AppError.of('NOT_FOUND', 'err.task.notFound', { id });
}

/**
 * A task as the caller sees it. `visibleVia`: the receiving organisation through which a caller outside the
 * owner's scope sees it (its completion is then counted at that organisation).
 */
export async function getTaskDetail(
  ctx: Ctx,
  id: number,
  opts: { visibleVia?: { org_id: number } } = {},
): Promise<TaskDetail> {
  const t = await findTaskVisible(ctx.db, ctx.actor, id);
  if (!t) throw notFound(id);
  // Completion as seen from the caller's vantage: the task owner if in scope, else the receiving organisation.
  const vantage = pathInScope(t.org_path, ctx.actor) ? t.org_id : (opts.visibleVia?.org_id ?? ctx.actor.orgId);
  const [rollups, cooperators, problems, instructions] = await Promise.all([
    rollupsAt(ctx.db, vantage, [id]),
    listTaskCooperators(ctx.db, id),
    listTaskProblems(ctx.db, id),
    openInstructionCounts(ctx, 'task', [id]),
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
    instructionCount: instructions(id),
  };
}

/** A task the caller may manage (its owner is in the caller's scope); NOT_FOUND otherwise. */
export async function getOwnedTask(ctx: Ctx, id: number): Promise<TaskRow> {
  const t = await findTaskOwned(ctx.db, ctx.actor, id);
  if (!t) throw notFound(id);
  return t;
}

/** Refuses unless every task is visible to the caller (a problem may link only tasks the caller can see). */
export async function assertTasksVisible(ctx: Ctx, ids: readonly number[]): Promise<void> {
  for (const id of ids) if (!(await findTaskVisible(ctx.db, ctx.actor, id))) throw notFound(id);
}

export async function listTasks(ctx: Ctx, q: z.infer<typeof taskListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const { rows, total, next } = await listTasksPage(
    ctx.db,
    ctx.actor,
    { org, owner: q.owner, deploymentId: q.deploymentId, status: q.status, titleContains: q.q },
    pageAtOf(ctx.auditKey, 'tasks', q, TASK_KEYS.length),
  );
  const rollups = await rollupsAt(
    ctx.db,
    org.id,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((t) => toTaskSummary(t, rollups.get(t.id))),
    ...pageFields(ctx.auditKey, 'tasks', q, total, next),
  };
}

/**
 * One page of an organisation's dashboard tasks (those with a roll-up there, cancelled ones left out), by deadline,
 * each with its roll-up at the organisation; the dashboard carries the first page (and its count, `total`) and
 * `GET /api/dashboard/tasks` the next ones.
 */
export async function rolledUpTaskPage(
  ctx: Ctx,
  orgId: number,
  q: { page: number; pageSize: number; cursor?: string | undefined },
  total?: Promise<number>,
): Promise<Paged<TaskSummary>> {
  const [{ rows, next }, count] = await Promise.all([
    listTasksRolledUpAtPage(ctx.db, orgId, pageAtOf(ctx.auditKey, 'dashboardTasks', q, TASK_KEYS.length)),
    total ?? countTasksRolledUpAt(ctx.db, orgId),
  ]);
  return {
    items: rows.map(({ rollup, ...t }) => toTaskSummary(t, { ...rollup, figure_sum: String(rollup.figure_sum) })),
    ...pageFields(ctx.auditKey, 'dashboardTasks', q, count, next),
  };
}

const TARGET_FIELDS: Record<TargetProblem, 'targetValue' | 'shareThreshold'> = {
  targetNotAllowed: 'targetValue',
  targetMissing: 'targetValue',
  thresholdMissing: 'shareThreshold',
  shareOver100: 'targetValue',
};

function validateTarget(t: TargetSettings & { figureSource?: FigureSource | null | undefined }): void {
  const problem = checkTaskTarget(t);
  if (problem) {
    throw AppError.of('VALIDATION_FAILED', `rule.target.${problem}`, {}, { field: TARGET_FIELDS[problem] });
  }
  const sourceProblem: FigureSourceProblem | null = checkFigureSource(t.figureSource, t.progressMode);
  if (sourceProblem) {
    throw AppError.of('VALIDATION_FAILED', `rule.target.${sourceProblem}`, {}, { field: 'figureSource' });
  }
}

const sourceJson = (f: FigureSource | null | undefined): string | null => (f ? JSON.stringify(f) : null);

async function assertOrgsInScope(ctx: Ctx, ids: readonly number[]): Promise<void> {
  for (const id of new Set(ids)) await getOrg(ctx, id);
}

export async function createTask(ctx: Ctx, body: z.infer<typeof createTaskBody>): Promise<TaskDetail> {
  const org = await getOrg(ctx, body.orgId);
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolved', { org: org.name });
  validateTarget(body);
  await assertOrgsInScope(ctx, [...(body.leadOrgId ? [body.leadOrgId] : []), ...(body.cooperatorOrgIds ?? [])]);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const taskId = await insertTask(trx, {
      org_id: org.id,
      region_id: org.region_id,
      title: body.title,
      requirement: body.requirement ?? '',
      progress_mode: body.progressMode ?? 'none',
      target_value: body.targetValue ?? null,
      target_unit: body.targetUnit ?? null,
      share_threshold: body.shareThreshold ?? null,
      figure_source: sourceJson(body.figureSource),
      deadline: body.deadline ?? null,
      lead_org_id: body.leadOrgId ?? org.id,
      responsible_person_id: body.responsiblePersonId ?? null,
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await replaceTaskCooperators(trx, taskId, body.cooperatorOrgIds ?? [], { replace: false });
    await replaceTaskProblems(trx, taskId, body.problemIds ?? [], { replace: false });
    await audit(trx, ctx, 'task.create', { entity: 'task', entityId: taskId, orgId: org.id }, null, body);
    return taskId;
  });
  return getTaskDetail(ctx, id);
}

export async function updateTask(ctx: Ctx, id: number, patch: z.infer<typeof updateTaskBody>): Promise<TaskDetail> {
  const t = await getOwnedTask(ctx, id);
  const merged = {
    progressMode: patch.progressMode ?? t.progress_mode,
    targetValue: patch.targetValue !== undefined ? patch.targetValue : num(t.target_value),
    shareThreshold: patch.shareThreshold !== undefined ? patch.shareThreshold : num(t.share_threshold),
    figureSource:
      patch.figureSource !== undefined ? patch.figureSource : ((t.figure_source as FigureSource | null) ?? null),
  };
  validateTarget(merged);
  await assertOrgsInScope(ctx, [...(patch.leadOrgId ? [patch.leadOrgId] : []), ...(patch.cooperatorOrgIds ?? [])]);
  await ctx.db.transaction().execute(async (trx) => {
    await updateTaskRow(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.requirement !== undefined ? { requirement: patch.requirement } : {}),
      progress_mode: merged.progressMode,
      target_value: merged.targetValue,
      share_threshold: merged.shareThreshold,
      figure_source: sourceJson(merged.figureSource),
      ...(patch.targetUnit !== undefined ? { target_unit: patch.targetUnit } : {}),
      ...(patch.deadline !== undefined ? { deadline: patch.deadline } : {}),
      ...(patch.leadOrgId !== undefined ? { lead_org_id: patch.leadOrgId } : {}),
      ...(patch.responsiblePersonId !== undefined ? { responsible_person_id: patch.responsiblePersonId } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      updated_at: ctx.now,
    });
    if (patch.cooperatorOrgIds) await replaceTaskCooperators(trx, id, patch.cooperatorOrgIds, { replace: true });
    if (patch.problemIds) await replaceTaskProblems(trx, id, patch.problemIds, { replace: true });
    // A changed target or threshold changes every receiver's progress.
    if (
      patch.progressMode !== undefined ||
      patch.targetValue !== undefined ||
      patch.shareThreshold !== undefined ||
      patch.figureSource !== undefined
    ) {
      for (const a of await listAssignmentIdsOfTask(trx, id)) await refreshAssignment(trx, a, ctx);
      await rebuildTaskRollups(trx, id);
    }
    await audit(
      trx,
      ctx,
      'task.update',
      { entity: 'task', entityId: id, orgId: t.org_id },
      {
        title: t.title,
        deadline: t.deadline,
        status: t.status,
        progressMode: t.progress_mode,
        targetValue: t.target_value,
        figureSource: t.figure_source,
      },
      patch,
    );
  });
  return getTaskDetail(ctx, id);
}

/**
 * The receiver's own task made from an assignment it breaks down (分解): it copies the parent task's settings,
 * with the assignment's own target and deadline; the parent assignment's progress then follows it.
 */
export async function createDecomposedTask(
  ctx: Ctx,
  a: { id: number; task_id: number; org_id: number; target_value: string | null; deadline: string | null },
  body: z.infer<typeof decomposeBody>,
): Promise<TaskDetail> {
  const receiver = await getOrg(ctx, a.org_id);
  const task = await findTaskById(ctx.db, a.task_id);
  if (!task) throw notFound(a.task_id);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const taskId = await insertTask(trx, {
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
      figure_source: task.figure_source ? JSON.stringify(task.figure_source) : null,
      deadline: a.deadline,
      lead_org_id: receiver.id,
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, 'task.decompose', { entity: 'task', entityId: taskId, orgId: receiver.id }, null, {
      assignmentId: a.id,
      taskId,
    });
    return taskId;
  });
  return getTaskDetail(ctx, id);
}
