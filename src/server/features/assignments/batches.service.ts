import type { z } from 'zod';
import type { AssignmentBatch, ChaseResult, chaseBody, withdrawBatchBody } from '../../../contracts/tasks.ts';
import { chinaDayStart } from '../../../domain/dates.ts';
import { type Msg, msg } from '../../../domain/messages.ts';
import { canChase, checkBatchWithdrawal, isLate } from '../../../domain/tasks/assignment-batch.ts';
import { transition } from '../../../domain/tasks/assignment-state.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { type NewNotification, notify } from '../notifications/notifications.service.ts';
import { refreshAssignment } from '../rollups/rollups.service.ts';
import { getOwnedTask } from '../tasks/tasks.service.ts';
import {
  type AssignmentRow,
  cancelAssignments,
  findBatch,
  insertAssignmentEvents,
  insertDemands,
  listBatchesOfTask,
  listChasedSince,
  listLateOfTask,
  lockBatchMembers,
  markBatchWithdrawn,
} from './assignments.queries.ts';
import { getAssignmentRow, sidesOf } from './assignments.service.ts';

type BatchRow = Awaited<ReturnType<typeof listBatchesOfTask>>[number];

function toBatch(b: BatchRow, taskId: number): AssignmentBatch {
  return {
    id: b.id,
    taskId,
    createdAt: b.created_at.toISOString(),
    createdByName: b.created_by_name,
    byRule: b.rule !== null,
    size: b.size,
    open: b.open,
    started: b.started,
    withdrawnAt: b.withdrawn_at ? b.withdrawn_at.toISOString() : null,
    withdrawnByName: b.withdrawn_by_name,
    withdrawReason: b.withdraw_reason,
    canWithdraw: b.withdrawn_at === null && b.open > 0 && b.started === 0,
  };
}

/** The 下发 batches of a task the caller's organisation owns, newest first. */
export async function listBatches(ctx: Ctx, taskId: number): Promise<AssignmentBatch[]> {
  await getOwnedTask(ctx, taskId);
  return (await listBatchesOfTask(ctx.db, taskId)).map((b) => toBatch(b, taskId));
}

/**
 * 整批撤回: withdraws every assignment of one 下发 while no receiver has started (platform rule, see
 * checkBatchWithdrawal). Each assignment gets the cancel event with the reason, and its receiver a notice.
 */
export async function withdrawBatch(
  ctx: Ctx,
  batchId: number,
  body: z.infer<typeof withdrawBatchBody>,
): Promise<AssignmentBatch> {
  const found = await findBatch(ctx.db, batchId);
  const notFound = () => AppError.of('NOT_FOUND', 'err.batch.notFound', { id: batchId });
  if (!found) throw notFound();
  const t = await getOwnedTask(ctx, found.task_id).catch(() => {
    throw notFound();
  });
  await ctx.db.transaction().execute(async (trx) => {
    const members = await lockBatchMembers(trx, batchId);
    const check = checkBatchWithdrawal(members.map((m) => ({ state: m.state, ledgerEntries: m.ledger_entries })));
    if (!check.ok) throw new AppError('RULE_VIOLATION', check.msg, { code: check.code, rule: check.rule });
    const open = members.filter((m) => m.state !== 'cancelled');
    const notices: NewNotification[] = [];
    for (const m of open) {
      const step = transition(m.state, 'cancel', 'assigner', { reason: body.reason });
      if (!step.ok) throw new AppError('RULE_VIOLATION', step.msg, { code: step.code, rule: step.rule });
      notices.push({
        orgId: m.org_id,
        kind: 'cancelled',
        title: msg('notice.event.toReceiver', { task: t.title, verb: msg('notice.event.cancelled') }),
        body: body.reason,
        taskId: t.id,
        assignmentId: m.id,
      });
    }
    await cancelAssignments(
      trx,
      open.map((m) => m.id),
      ctx.now,
    );
    await insertAssignmentEvents(
      trx,
      open.map((m) => ({
        assignment_id: m.id,
        at: ctx.now,
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        event: 'cancel' as const,
        from_state: m.state,
        to_state: 'cancelled' as const,
        reason: body.reason,
      })),
    );
    await markBatchWithdrawn(trx, batchId, { at: ctx.now, name: ctx.actor.displayName, reason: body.reason });
    await notify(trx, notices);
    if (t.parent_assignment_id) await refreshAssignment(trx, t.parent_assignment_id, ctx);
    await audit(
      trx,
      ctx,
      'assignment.batch_withdraw',
      { entity: 'assignment_batch', entityId: batchId, orgId: t.org_id },
      { open: open.length },
      { withdrawn: open.length, reason: body.reason, taskId: t.id },
    );
  });
  const batch = (await listBatchesOfTask(ctx.db, t.id)).find((b) => b.id === batchId)!;
  return toBatch(batch, t.id);
}

/**
 * 催办: reminds receivers of open work, as their assigner. Each reminder is a notice to the receiver, an event in
 * the assignment's history and a demand on the receiver (the burden meter counts it); one a day per assignment.
 */
/** 催办's notice body: who chases, the deadline if any, the note if any. */
function chaseNoticeBody(assigner: string, deadline: string | null, note: string | undefined): Msg {
  const body = deadline
    ? msg('notice.chased.bodyDeadline', { org: assigner, deadline })
    : msg('notice.chased.body', { org: assigner });
  return note ? msg('notice.withNote', { text: body, note }) : body;
}

async function chase(ctx: Ctx, targets: readonly AssignmentRow[], note: string | undefined): Promise<ChaseResult> {
  if (targets.length === 0) return { chased: 0, alreadyToday: 0 };
  return ctx.db.transaction().execute(async (trx) => {
    const done = await listChasedSince(
      trx,
      targets.map((a) => a.id),
      chinaDayStart(ctx.today),
    );
    const now = targets.filter((a) => !done.has(a.id));
    await insertAssignmentEvents(
      trx,
      now.map((a) => ({
        assignment_id: a.id,
        at: ctx.now,
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        event: 'chase' as const,
        from_state: a.state,
        to_state: a.state,
        reason: note ?? null,
      })),
    );
    await insertDemands(
      trx,
      now.map((a) => ({
        org_id: a.org_id,
        region_id: a.region_id,
        kind: 'chase' as const,
        from_org_id: a.assigner_org_id,
        task_id: a.task_id,
        assignment_id: a.id,
        at: ctx.now,
      })),
    );
    await notify(
      trx,
      now.map((a) => ({
        orgId: a.org_id,
        kind: 'chased' as const,
        title: msg('notice.chased.title', { task: a.task_title }),
        body: chaseNoticeBody(a.assigner_name, a.deadline, note),
        taskId: a.task_id,
        assignmentId: a.id,
        dedupeKey: `chase:${a.id}:${ctx.today}`,
      })),
    );
    if (now.length > 0) {
      await audit(
        trx,
        ctx,
        'assignment.chase',
        { entity: 'task', entityId: now[0]!.task_id, orgId: now[0]!.assigner_org_id },
        null,
        { assignmentIds: now.map((a) => a.id), note: note ?? null },
      );
    }
    return { chased: now.length, alreadyToday: targets.length - now.length };
  });
}

/** 催办 one receiver: its assigner (in scope) reminds it of open work. */
export async function chaseAssignment(ctx: Ctx, id: number, body: z.infer<typeof chaseBody>): Promise<ChaseResult> {
  const a = await getAssignmentRow(ctx, id);
  if (!sidesOf(ctx, a).assigner) {
    throw AppError.of('FORBIDDEN', 'err.chase.assignerOnly', { org: a.assigner_name });
  }
  if (!canChase(a.state)) throw AppError.of('RULE_VIOLATION', 'err.chase.notOpen');
  return chase(ctx, [a], body.note);
}

/** 催办 every late receiver of a task at once: its open assignments that are overdue or lagging. */
export async function chaseLate(ctx: Ctx, taskId: number, body: z.infer<typeof chaseBody>): Promise<ChaseResult> {
  const t = await getOwnedTask(ctx, taskId);
  const late = (await listLateOfTask(ctx.db, ctx.actor, t.id)).filter((a) =>
    isLate({ state: a.state, isOverdue: a.is_overdue, isLagging: a.is_lagging }),
  );
  return chase(ctx, late, body.note);
}
