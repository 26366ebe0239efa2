import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type {
  AssignmentDetail,
  AssignmentSummary,
  AssignPreview,
  AssignResult,
  assignBody,
  assignmentListQuery,
  decomposeBody,
  eventBody,
  TaskDetail,
} from '../../../contracts/tasks.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { addDaysIso } from '../../../domain/dates.ts';
import { type Msg, msg } from '../../../domain/messages.ts';
import type { OrgType } from '../../../domain/org/vocab.ts';
import { canChase } from '../../../domain/tasks/assignment-batch.ts';
import {
  type AssignmentEvent,
  type AssignmentState,
  allowedEvents,
  displayState,
  isDue,
  transition,
} from '../../../domain/tasks/assignment-state.ts';
import { describeFigureSource, type FigureSource } from '../../../domain/tasks/figure-source.ts';
import { assignmentProgress } from '../../../domain/tasks/progress.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { type NewNotification, notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import { lockTaskShared, num, refreshAssignment } from '../rollups/rollups.service.ts';
import { checkBurden, recordBurdenOverride, requireReasonIfOver } from '../supervise/burden.service.ts';
import { createDecomposedTask, getOwnedTask, getTaskDetail, type TaskRow } from '../tasks/tasks.service.ts';
import {
  type AssignmentRow,
  assignmentKeys,
  findAssignment,
  insertAssignmentEvents,
  insertAssignments,
  insertBatch,
  insertDemands,
  listAssignedOrgIds,
  listAssignmentEvents,
  listAssignmentsPage,
  listEvidenceOfEntries,
  listLedger,
  listOrgIdsByRule,
  listReceivedBy,
  listReceivers,
  listWithdrawnOfTask,
  lockAndFindAssignment,
  reviveAssignment,
  updateAssignmentState,
} from './assignments.queries.ts';

export function toAssignmentSummary(a: AssignmentRow, ctx: Pick<Ctx, 'today' | 'taskRules'>): AssignmentSummary {
  return {
    id: a.id,
    taskId: a.task_id,
    taskTitle: a.task_title,
    deploymentTitle: a.deployment_title,
    orgId: a.org_id,
    orgName: a.org_name,
    orgParentName: a.org_parent_name,
    assignerOrgId: a.assigner_org_id,
    assignerOrgName: a.assigner_name,
    assignedOn: a.assigned_on,
    deadline: a.deadline,
    state: a.state,
    displayState: displayState(
      { state: a.state, assignedOn: a.assigned_on, deadline: a.deadline, progress: num(a.progress) },
      ctx.today,
      ctx.taskRules,
    ),
    progressMode: a.progress_mode,
    targetValue: num(a.target_value),
    targetUnit: a.target_unit,
    figureSourceText: a.figure_source ? describeFigureSource(a.figure_source as FigureSource) : null,
    figure: Number(a.figure),
    progress: num(a.progress),
    doneOn: a.done_on,
    lastEntryAt: a.last_entry_at ? a.last_entry_at.toISOString() : null,
    subTaskId: a.sub_task_id,
  };
}

/**
 * The sides the actor may act on: the assigner's (its scope holds the assigning organisation) and the receiver's,
 * which is the receiving organisation's own accounts only: an organisation above it follows the work (progress,
 * history) but does not record or report it in the receiver's place.
 */
export function sidesOf(ctx: Ctx, a: AssignmentRow): { assigner: boolean; receiver: boolean } {
  const assigner = hasPermission(ctx.actor.role, 'task:assign') && pathInScope(a.assigner_path, ctx.actor);
  const receiver = hasPermission(ctx.actor.role, 'task:report') && a.org_id === ctx.actor.orgId;
  return { assigner, receiver };
}

export async function getAssignmentRow(ctx: Ctx, id: number): Promise<AssignmentRow> {
  const a = await findAssignment(ctx.db, ctx.actor, id);
  if (!a) throw AppError.of('NOT_FOUND', 'err.assignment.notFound', { id });
  return a;
}

export async function getAssignmentDetail(ctx: Ctx, id: number): Promise<AssignmentDetail> {
  const a = await getAssignmentRow(ctx, id);
  const [task, history, ledger] = await Promise.all([
    getTaskDetail(ctx, a.task_id, { visibleVia: a }),
    listAssignmentEvents(ctx.db, id),
    listLedger(ctx.db, id),
  ]);
  const files = await listEvidenceOfEntries(
    ctx.db,
    ledger.map((l) => l.id),
  );
  const superseded = new Set(ledger.filter((l) => l.corrects_id !== null).map((l) => l.corrects_id!));
  const sides = sidesOf(ctx, a);
  const events = [
    ...(sides.assigner ? allowedEvents(a.state, 'assigner') : []),
    ...(sides.receiver ? allowedEvents(a.state, 'receiver') : []),
  ].filter((e): e is Exclude<AssignmentEvent, 'record'> => e !== 'record');
  return {
    ...toAssignmentSummary(a, ctx),
    task,
    history: history.map((h) => ({
      at: h.at.toISOString(),
      actorName: h.actor_name,
      event: h.event,
      fromState: h.from_state,
      toState: h.to_state,
      reason: h.reason,
    })),
    ledger: ledger.map((l) => ({
      id: l.id,
      entryDate: l.entry_date,
      text: l.text,
      figure: num(l.figure),
      correctsId: l.corrects_id,
      superseded: superseded.has(l.id),
      createdByName: l.created_by_name,
      createdAt: l.created_at.toISOString(),
      files: files
        .filter((f) => f.ledger_entry_id === l.id)
        .map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, sizeBytes: Number(f.size_bytes) })),
    })),
    allowedEvents: [...new Set(events)],
    canRecord: sides.receiver && transition(a.state, 'record', 'receiver', {}).ok,
    canDecompose: sides.receiver && a.sub_task_id === null && (a.state === 'not_started' || a.state === 'in_progress'),
    canChase: sides.assigner && canChase(a.state),
  };
}

export type Receiver = Awaited<ReturnType<typeof listReceivers>>[number];

/**
 * The organisations a 下发 reaches: the picked ones and those the rule finds under its node (never outside the
 * node, nor outside the caller's scope), each checked to lie under the task's organisation and to be active.
 */
/**
 * Every active organisation of the given types (and fields) under a node, inside the caller's scope, the node itself
 * excluded: the rule of a 下发 by rule, and the candidates of a supervision's random sample.
 */
export function orgIdsByRule(
  ctx: Ctx,
  under: { id: number; path: string },
  rule: { types: readonly OrgType[]; fields?: readonly string[] | undefined },
): Promise<number[]> {
  return listOrgIdsByRule(ctx.db, ctx.actor, under, rule);
}

async function resolveReceivers(ctx: Ctx, t: TaskRow, body: z.infer<typeof assignBody>): Promise<Receiver[]> {
  if (t.status !== 'active') throw AppError.of('RULE_VIOLATION', 'err.assign.taskClosed');
  const byRule = body.rule
    ? await listOrgIdsByRule(ctx.db, ctx.actor, await getOrg(ctx, body.rule.underOrgId), body.rule)
    : [];
  const picked = [...new Set([...(body.orgIds ?? []), ...byRule])];
  if (picked.length === 0) throw AppError.of('VALIDATION_FAILED', 'err.assign.noneFound');
  const receivers = await listReceivers(ctx.db, ctx.actor, picked);
  const found = new Set(receivers.map((r) => r.id));
  const missing = picked.filter((id) => !found.has(id));
  if (missing.length) throw AppError.of('ORG_NOT_FOUND', 'err.org.notFound', { id: missing.slice(0, 5) });
  for (const r of receivers) {
    if (r.id === t.org_id || !isWithinPath(r.path, t.org_path)) {
      throw AppError.of('ORG_STRUCTURE', 'err.assign.notBelow', { org: r.name, owner: t.org_name });
    }
    if (r.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolved', { org: r.name });
  }
  return receivers.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const PREVIEW_NAMES = 200;

/** What a 下发 would do, written nowhere: the count the user confirms, and the organisations it reaches. */
export async function previewAssign(
  ctx: Ctx,
  taskId: number,
  body: z.infer<typeof assignBody>,
): Promise<AssignPreview> {
  const t = await getOwnedTask(ctx, taskId);
  const receivers = await resolveReceivers(ctx, t, body);
  const existing = await listAssignedOrgIds(ctx.db, taskId);
  const fresh = receivers.filter((r) => !existing.has(r.id));
  const burden = await checkBurden(
    ctx,
    'assignment',
    fresh.map((r) => r.id),
    t.org_id,
  );
  return {
    count: fresh.length,
    alreadyAssigned: receivers.length - fresh.length,
    orgs: fresh.slice(0, PREVIEW_NAMES).map((r) => ({ id: r.id, name: r.name, parentName: r.parent_name })),
    truncated: fresh.length > PREVIEW_NAMES,
    burden: burden.warning,
  };
}

export async function assignTask(ctx: Ctx, taskId: number, body: z.infer<typeof assignBody>): Promise<AssignResult> {
  const t = await getOwnedTask(ctx, taskId);
  const receivers = await resolveReceivers(ctx, t, body);
  const deadline = body.deadline ?? t.deadline;
  const progress = assignmentProgress(t.progress_mode, {
    figure: 0,
    target: body.targetPerOrg ?? null,
    threshold: num(t.share_threshold),
  });
  const shown = displayState(
    { state: 'not_started', assignedOn: ctx.today, deadline, progress },
    ctx.today,
    ctx.taskRules,
  );
  // 基层减负: receivers this would take over a cap of their level; going ahead then needs a reason, which is kept.
  const known = await listAssignedOrgIds(ctx.db, taskId);
  const burden = await checkBurden(
    ctx,
    'assignment',
    receivers.filter((r) => !known.has(r.id)).map((r) => r.id),
    t.org_id,
  );
  requireReasonIfOver('assignment', burden, body.burdenReason);
  return ctx.db.transaction().execute(async (trx) => {
    await lockTaskShared(trx, taskId);
    const existing = await listAssignedOrgIds(trx, taskId);
    const fresh = receivers.filter((r) => !existing.has(r.id));
    if (body.expectedCount !== undefined && body.expectedCount !== fresh.length) {
      throw AppError.of(
        'CONFLICT',
        'err.assign.countChanged',
        { expected: body.expectedCount, actual: fresh.length },
        { expected: body.expectedCount, actual: fresh.length },
      );
    }
    const batchId =
      fresh.length === 0
        ? null
        : await insertBatch(trx, {
            task_id: taskId,
            assigner_org_id: t.org_id,
            created_at: ctx.now,
            created_by: ctx.actor.userId || null,
            created_by_name: ctx.actor.displayName,
            rule: body.rule ? JSON.stringify(body.rule) : null,
            size: fresh.length,
          });
    // A withdrawn assignment is assigned again in place (its ledger and history stay); the rest are new.
    const withdrawn = await listWithdrawnOfTask(trx, taskId);
    type Made = { id: number; org_id: number; region_id: number; from: AssignmentState | null; to: AssignmentState };
    const made: Made[] = [];
    const added = fresh.filter((r) => !withdrawn.has(r.id));
    for (let i = 0; i < added.length; i += 1000) {
      const rows = await insertAssignments(
        trx,
        added.slice(i, i + 1000).map((r) => ({
          task_id: taskId,
          org_id: r.id,
          region_id: r.region_id,
          assigner_org_id: t.org_id,
          batch_id: batchId,
          assigned_on: ctx.today,
          deadline,
          target_value: body.targetPerOrg ?? null,
          progress,
          is_overdue: shown === 'overdue',
          is_lagging: shown === 'lagging',
          is_due: isDue({ state: 'not_started', deadline }, ctx.today),
          created_at: ctx.now,
          updated_at: ctx.now,
        })),
      );
      made.push(...rows.map((a) => ({ ...a, from: null, to: 'not_started' as const })));
    }
    for (const r of fresh) {
      const w = withdrawn.get(r.id);
      if (!w) continue;
      const state: AssignmentState = w.ledger_entries > 0 ? 'in_progress' : 'not_started';
      const p = assignmentProgress(t.progress_mode, {
        figure: Number(w.figure),
        target: body.targetPerOrg ?? null,
        threshold: num(t.share_threshold),
      });
      const s = displayState({ state, assignedOn: ctx.today, deadline, progress: p }, ctx.today, ctx.taskRules);
      await reviveAssignment(trx, w.id, {
        state,
        batch_id: batchId,
        region_id: r.region_id,
        assigned_on: ctx.today,
        deadline,
        target_value: body.targetPerOrg ?? null,
        progress: p,
        is_overdue: s === 'overdue',
        is_lagging: s === 'lagging',
        is_due: isDue({ state, deadline }, ctx.today),
        updated_at: ctx.now,
      });
      made.push({ id: w.id, org_id: r.id, region_id: r.region_id, from: 'cancelled', to: state });
    }
    // A figure read from records is measured as the work is handed out (a village that already reached it counts).
    if (t.figure_source) for (const a of made) await refreshAssignment(trx, a.id, ctx);
    await insertAssignmentEvents(
      trx,
      made.map((a) => ({
        assignment_id: a.id,
        at: ctx.now,
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        event: 'assign' as const,
        from_state: a.from,
        to_state: a.to,
        reason: null,
      })),
    );
    await insertDemands(
      trx,
      made.map((a) => ({
        org_id: a.org_id,
        region_id: a.region_id,
        kind: 'assignment' as const,
        from_org_id: t.org_id,
        task_id: taskId,
        assignment_id: a.id,
        at: ctx.now,
      })),
    );
    const notices: NewNotification[] = made.map((a) => ({
      orgId: a.org_id,
      kind: 'assigned',
      title: msg('notice.assigned.title', { task: t.title }),
      body: deadline
        ? msg('notice.assigned.bodyDeadline', { org: t.org_name, deadline })
        : msg('notice.assigned.body', { org: t.org_name }),
      taskId,
      assignmentId: a.id,
    }));
    await notify(trx, notices);
    if (body.burdenReason && burden.overruns.length > 0) {
      await recordBurdenOverride(trx, ctx, {
        kind: 'assignment',
        issuerId: t.org_id,
        reason: body.burdenReason,
        check: burden,
        taskId,
      });
    }
    if (t.parent_assignment_id) await refreshAssignment(trx, t.parent_assignment_id, ctx);
    const result = {
      created: notices.length,
      skipped: receivers.length - fresh.length,
      orgIds: fresh.map((r) => r.id),
      batchId,
    };
    await audit(trx, ctx, 'task.assign', { entity: 'task', entityId: taskId, orgId: t.org_id }, null, {
      ...result,
      rule: body.rule ?? null,
      deadline,
    });
    return result;
  });
}

/** A receiver breaks its assignment into a task of its own for its subtree; the parent's progress follows it. */
export async function decomposeAssignment(
  ctx: Ctx,
  assignmentId: number,
  body: z.infer<typeof decomposeBody>,
): Promise<TaskDetail> {
  const a = await findAssignment(ctx.db, ctx.actor, assignmentId);
  if (!a) throw AppError.of('NOT_FOUND', 'err.assignment.notFound', { id: assignmentId });
  if (a.sub_task_id) throw AppError.of('CONFLICT', 'err.assignment.alreadyDecomposed');
  if (a.state === 'done' || a.state === 'cancelled' || a.state === 'submitted') {
    throw AppError.of('RULE_VIOLATION', 'err.assignment.cannotDecompose');
  }
  return createDecomposedTask(ctx, a, body);
}

const eventNotice: Partial<
  Record<AssignmentEvent, { to: 'assigner' | 'receiver'; kind: NewNotification['kind']; verb: Msg }>
> = {
  submit: { to: 'assigner', kind: 'submitted', verb: msg('notice.event.submitted') },
  accept: { to: 'receiver', kind: 'accepted', verb: msg('notice.event.accepted') },
  return: { to: 'receiver', kind: 'returned', verb: msg('notice.event.returned') },
  reopen: { to: 'receiver', kind: 'reopened', verb: msg('notice.event.reopened') },
  cancel: { to: 'receiver', kind: 'cancelled', verb: msg('notice.event.cancelled') },
};

const SIDE_OF_EVENT: Record<Exclude<AssignmentEvent, 'record'>, 'assigner' | 'receiver'> = {
  start: 'receiver',
  submit: 'receiver',
  accept: 'assigner',
  return: 'assigner',
  reopen: 'assigner',
  cancel: 'assigner',
};

/** Moves an assignment to a new state and records the event (its history is append-only). */
export async function applyTransition(
  trx: Transaction<DB>,
  ctx: Ctx,
  a: AssignmentRow,
  event: AssignmentEvent,
  to: AssignmentState,
  reason: string | null,
): Promise<void> {
  await updateAssignmentState(trx, a.id, {
    state: to,
    done_on: to === 'done' ? ctx.today : null,
    // The day the receiver reported it done counts for the on-time rate; a return or reopen clears it.
    ...(to === 'submitted' && a.state !== 'submitted' ? { submitted_on: ctx.today } : {}),
    ...(to === 'in_progress' ? { submitted_on: null } : {}),
    updated_at: ctx.now,
  });
  await insertAssignmentEvents(trx, [
    {
      assignment_id: a.id,
      at: ctx.now,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      event,
      from_state: a.state,
      to_state: to,
      reason,
    },
  ]);
}

export async function fireEvent(ctx: Ctx, id: number, body: z.infer<typeof eventBody>): Promise<AssignmentDetail> {
  const a = await getAssignmentRow(ctx, id);
  const side = SIDE_OF_EVENT[body.event];
  const sides = sidesOf(ctx, a);
  if (!sides[side]) {
    throw new AppError(
      'FORBIDDEN',
      side === 'assigner'
        ? msg('err.assignment.assignerOnly', { org: a.assigner_name })
        : msg('err.assignment.receiverOnly', { org: a.org_name }),
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    const fresh = (await lockAndFindAssignment(trx, id))!;
    const result = transition(fresh.state, body.event, side, { reason: body.reason });
    if (!result.ok) throw new AppError('RULE_VIOLATION', result.msg, { code: result.code, rule: result.rule });
    await applyTransition(trx, ctx, fresh, body.event, result.to, body.reason ?? null);
    const notice = eventNotice[body.event];
    if (notice) {
      await notify(trx, [
        {
          orgId: notice.to === 'assigner' ? fresh.assigner_org_id : fresh.org_id,
          kind: notice.kind,
          title:
            notice.to === 'assigner'
              ? msg('notice.event.toAssigner', { task: fresh.task_title, org: fresh.org_name, verb: notice.verb })
              : msg('notice.event.toReceiver', { task: fresh.task_title, verb: notice.verb }),
          body: body.reason ?? '',
          taskId: fresh.task_id,
          assignmentId: id,
        },
      ]);
    }
    // The row read under the lock, in the state just set (a transition changes only the state and its dates).
    await refreshAssignment(trx, id, ctx, { known: { ...fresh, state: result.to } });
    await audit(
      trx,
      ctx,
      `assignment.${body.event}`,
      { entity: 'assignment', entityId: id, orgId: fresh.org_id },
      { state: fresh.state },
      { state: result.to, reason: body.reason ?? null },
    );
  });
  return getAssignmentDetail(ctx, id);
}

export async function listAssignments(ctx: Ctx, q: z.infer<typeof assignmentListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const list = `assignments:${q.sort}`;
  const { rows, total, next } = await listAssignmentsPage(
    ctx.db,
    ctx.actor,
    {
      org,
      own: q.own === 'true',
      taskId: q.taskId,
      deploymentId: q.deploymentId,
      deadlineFrom: q.deadlineFrom,
      deadlineTo: q.deadlineTo,
      displayStates: q.displayState,
      sort: q.sort,
    },
    pageAtOf(ctx.auditKey, list, q, assignmentKeys(q.sort).length),
  );
  return {
    items: rows.map((a) => toAssignmentSummary(a, ctx)),
    ...pageFields(ctx.auditKey, list, q, total, next),
  };
}

/** What one organisation has to do this week: overdue, due this week, other open work, and recently done. */
export async function getWeek(ctx: Ctx, orgId: number | undefined) {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  const rows = await listReceivedBy(ctx.db, ctx.actor, org.id, 500);
  const day = new Date(`${ctx.today}T00:00:00Z`).getUTCDay();
  const weekStart = addDaysIso(ctx.today, -((day + 6) % 7));
  const weekEnd = addDaysIso(weekStart, 6);
  const items = rows.map((a) => toAssignmentSummary(a, ctx));
  const open = items.filter((a) => a.state !== 'done');
  return {
    org: { id: org.id, name: org.name },
    weekStart,
    weekEnd,
    overdue: open.filter((a) => a.displayState === 'overdue'),
    dueThisWeek: open.filter((a) => a.displayState !== 'overdue' && a.deadline !== null && a.deadline <= weekEnd),
    open: open.filter((a) => a.displayState !== 'overdue' && (a.deadline === null || a.deadline > weekEnd)),
    recentlyDone: items.filter(
      (a) => a.state === 'done' && a.doneOn !== null && a.doneOn >= addDaysIso(ctx.today, -14),
    ),
  } satisfies { overdue: AssignmentSummary[] } & Record<string, unknown>;
}
