import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { checkEvidenceFile } from '../../../domain/tasks/evidence-type.ts';
import {
  allowedEvents,
  displayState,
  transition,
  type AssignmentEvent,
  type AssignmentState,
} from '../../../domain/tasks/assignment-state.ts';
import { assignmentFigure, assignmentProgress } from '../../../domain/tasks/progress.ts';
import type {
  AssignmentDetail,
  AssignmentSummary,
  eventBody,
  ledgerFields,
} from '../../../contracts/tasks.ts';
import { pathInScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { storageKeyFor, type FileStore } from '../../files/file-store.ts';
import { audit, type Ctx } from '../context.ts';
import { dispatchExternal, notify, type NewNotification } from '../notifications/notify.ts';
import { refreshTaskRollups } from './rollup.queries.ts';
import { findAssignment, listLedger, lockAssignment, num, type AssignmentRow } from './tasks.queries.ts';
import { getTaskDetail } from './tasks.service.ts';
import { taskRules } from './task-rules.ts';


export function toAssignmentSummary(a: AssignmentRow, today: string): AssignmentSummary {
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
    state: a.state as AssignmentState,
    displayState: displayState(
      { state: a.state as AssignmentState, assignedOn: a.assigned_on, deadline: a.deadline, progress: num(a.progress) },
      today,
      taskRules(),
    ),
    progressMode: a.progress_mode as 'none' | 'sum' | 'share',
    targetValue: num(a.target_value),
    targetUnit: a.target_unit,
    figure: Number(a.figure),
    progress: num(a.progress),
    doneOn: a.done_on,
    lastEntryAt: a.last_entry_at ? a.last_entry_at.toISOString() : null,
    subTaskId: a.sub_task_id,
  };
}

/** The sides the actor may act on: the assigner's (its scope holds the assigning organisation) and the receiver's. */
function sidesOf(ctx: Ctx, a: AssignmentRow): { assigner: boolean; receiver: boolean } {
  const assigner = hasPermission(ctx.actor.role, 'task:assign') && pathInScope(a.assigner_path, ctx.actor);
  const receiver = hasPermission(ctx.actor.role, 'task:report') && pathInScope(a.org_path, ctx.actor);
  return { assigner, receiver };
}

export async function getAssignmentRow(ctx: Ctx, id: number): Promise<AssignmentRow> {
  const a = await findAssignment(ctx.db, ctx.actor, id);
  if (!a) throw new AppError('NOT_FOUND', `任务分解记录不存在或不在您的管理范围内（ID ${id}）`);
  return a;
}

export async function getAssignmentDetail(ctx: Ctx, id: number): Promise<AssignmentDetail> {
  const a = await getAssignmentRow(ctx, id);
  const [task, history, ledger] = await Promise.all([
    getTaskDetail(ctx, a.task_id, { visibleVia: a }),
    ctx.db
      .selectFrom('assignment_event')
      .select(['at', 'actor_name', 'event', 'from_state', 'to_state', 'reason'])
      .where('assignment_id', '=', id)
      .orderBy('id')
      .execute(),
    listLedger(ctx.db, id),
  ]);
  const files = ledger.length
    ? await ctx.db
        .selectFrom('evidence_file')
        .select(['id', 'ledger_entry_id', 'filename', 'mime', 'size_bytes'])
        .where('ledger_entry_id', 'in', ledger.map((l) => l.id))
        .orderBy('id')
        .execute()
    : [];
  const superseded = new Set(ledger.filter((l) => l.corrects_id !== null).map((l) => l.corrects_id!));
  const sides = sidesOf(ctx, a);
  const state = a.state as AssignmentState;
  const events = [
    ...(sides.assigner ? allowedEvents(state, 'assigner') : []),
    ...(sides.receiver ? allowedEvents(state, 'receiver') : []),
  ].filter((e): e is Exclude<AssignmentEvent, 'record'> => e !== 'record');
  return {
    ...toAssignmentSummary(a, ctx.today),
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
    canRecord: sides.receiver && transition(state, 'record', 'receiver', {}).ok,
    canDecompose: sides.receiver && a.sub_task_id === null && (state === 'not_started' || state === 'in_progress'),
  };
}

/**
 * Recomputes an assignment's figure, progress and overdue/lagging flags from its ledger (and its
 * decomposition's roll-up), then the roll-ups of its task; climbs to the parent assignment when the task
 * decomposes one. Runs inside the write's transaction.
 */
export async function refreshAssignment(trx: Transaction<DB>, id: number, today: string): Promise<void> {
  const a = await findAssignment(trx, null, id);
  if (!a) return;
  const entries = await trx
    .selectFrom('ledger_entry')
    .select(['id', 'figure', 'corrects_id', 'created_at'])
    .where('assignment_id', '=', id)
    .execute();
  let figure = assignmentFigure(
    entries.map((e) => ({ id: e.id, figure: num(e.figure), correctsId: e.corrects_id, at: e.created_at.toISOString() })),
  );
  if (a.sub_task_id) {
    const sub = await trx
      .selectFrom('task_rollup')
      .select('figure_sum')
      .where('task_id', '=', a.sub_task_id)
      .where('org_id', '=', a.org_id)
      .executeTakeFirst();
    figure += sub ? Number(sub.figure_sum) : 0;
  }
  const progress = assignmentProgress(a.progress_mode as 'none' | 'sum' | 'share', {
    figure,
    target: num(a.target_value),
    threshold: num(a.share_threshold),
  });
  const shown = displayState(
    { state: a.state as AssignmentState, assignedOn: a.assigned_on, deadline: a.deadline, progress },
    today,
    taskRules(),
  );
  await trx
    .updateTable('assignment')
    .set({
      figure,
      progress,
      is_overdue: shown === 'overdue',
      is_lagging: shown === 'lagging',
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  await refreshTaskRollups(trx, a.task_id, [a.org_id]);
  if (a.parent_assignment_id) await refreshAssignment(trx, a.parent_assignment_id, today);
}

const eventNotice: Partial<Record<AssignmentEvent, { to: 'assigner' | 'receiver'; kind: NewNotification['kind']; verb: string }>> = {
  submit: { to: 'assigner', kind: 'submitted', verb: '已报送完成，请验收' },
  accept: { to: 'receiver', kind: 'accepted', verb: '已通过验收' },
  return: { to: 'receiver', kind: 'returned', verb: '被退回' },
  reopen: { to: 'receiver', kind: 'reopened', verb: '被重新打开' },
  cancel: { to: 'receiver', kind: 'cancelled', verb: '已撤回' },
};

const SIDE_OF_EVENT: Record<Exclude<AssignmentEvent, 'record'>, 'assigner' | 'receiver'> = {
  start: 'receiver',
  submit: 'receiver',
  accept: 'assigner',
  return: 'assigner',
  reopen: 'assigner',
  cancel: 'assigner',
};

async function applyTransition(
  trx: Transaction<DB>,
  ctx: Ctx,
  a: AssignmentRow,
  event: AssignmentEvent,
  to: AssignmentState,
  reason: string | null,
): Promise<void> {
  await trx
    .updateTable('assignment')
    .set({
      state: to,
      done_on: to === 'done' ? ctx.today : null,
      // The day the receiver reported it done counts for the on-time rate; a return or reopen clears it.
      ...(to === 'submitted' && a.state !== 'submitted' ? { submitted_on: ctx.today } : {}),
      ...(to === 'in_progress' ? { submitted_on: null } : {}),
      updated_at: ctx.now,
    })
    .where('id', '=', a.id)
    .execute();
  await trx
    .insertInto('assignment_event')
    .values({
      assignment_id: a.id,
      at: ctx.now,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      event,
      from_state: a.state,
      to_state: to,
      reason,
    })
    .execute();
}

export async function fireEvent(ctx: Ctx, id: number, body: z.infer<typeof eventBody>): Promise<AssignmentDetail> {
  const a = await getAssignmentRow(ctx, id);
  const side = SIDE_OF_EVENT[body.event];
  const sides = sidesOf(ctx, a);
  if (!sides[side]) {
    throw new AppError(
      'FORBIDDEN',
      side === 'assigner' ? `只有下达单位“${a.assigner_name}”可以执行此操作` : `只有承办单位“${a.org_name}”可以执行此操作`,
    );
  }
  const notices: NewNotification[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    await lockAssignment(trx, id);
    const fresh = (await findAssignment(trx, null, id))!;
    const result = transition(fresh.state as AssignmentState, body.event, side, { reason: body.reason });
    if (!result.ok) throw new AppError('RULE_VIOLATION', result.message, { code: result.code, rule: result.rule });
    await applyTransition(trx, ctx, fresh, body.event, result.to, body.reason ?? null);
    const notice = eventNotice[body.event];
    if (notice) {
      notices.push({
        orgId: notice.to === 'assigner' ? fresh.assigner_org_id : fresh.org_id,
        kind: notice.kind,
        title: `“${fresh.task_title}”${notice.to === 'assigner' ? `（${fresh.org_name}）` : ''}${notice.verb}`,
        body: body.reason ?? '',
        taskId: fresh.task_id,
        assignmentId: id,
      });
    }
    await notify(trx, notices);
    await refreshAssignment(trx, id, ctx.today);
    await audit(trx, ctx, `assignment.${body.event}`, { entity: 'assignment', entityId: id, orgId: fresh.org_id },
      { state: fresh.state }, { state: result.to, reason: body.reason ?? null });
  });
  dispatchExternal(notices);
  return getAssignmentDetail(ctx, id);
}

export type UploadedFile = { filename: string; data: Buffer };

export async function addLedgerEntry(
  ctx: Ctx,
  files: FileStore,
  maxFileBytes: number,
  id: number,
  fields: z.infer<typeof ledgerFields>,
  uploads: UploadedFile[],
): Promise<AssignmentDetail> {
  const a = await getAssignmentRow(ctx, id);
  if (!sidesOf(ctx, a).receiver) throw new AppError('FORBIDDEN', `只有承办单位“${a.org_name}”可以记录台账`);
  if (fields.entryDate > ctx.today) throw new AppError('VALIDATION_FAILED', '台账日期不能晚于今天', { field: 'entryDate' });
  if (fields.figure !== undefined && a.progress_mode === 'none') {
    throw new AppError('VALIDATION_FAILED', '该任务没有量化目标，不需要填写数值', { field: 'figure' });
  }
  const checked = uploads.map((u) => {
    const r = checkEvidenceFile(u.data, u.filename, maxFileBytes);
    if (!r.ok) throw new AppError(r.code === 'EVIDENCE_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', r.message, { field: 'files' });
    return { ...u, mime: r.mime };
  });
  if (fields.correctsId) {
    const target = await ctx.db.selectFrom('ledger_entry').select(['id', 'assignment_id']).where('id', '=', fields.correctsId).executeTakeFirst();
    if (!target || target.assignment_id !== id) {
      throw new AppError('VALIDATION_FAILED', '更正的台账记录不属于本任务', { field: 'correctsId' });
    }
  }
  // Files first (content-addressed, idempotent): a failed transaction leaves at most an unreferenced object.
  const stored: (UploadedFile & { mime: string; key: string; sha256: string })[] = [];
  for (const f of checked) {
    const { key, sha256 } = storageKeyFor(f.data, ctx.now);
    await files.put(key, f.data, f.mime);
    stored.push({ ...f, key, sha256 });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await lockAssignment(trx, id);
    const fresh = (await findAssignment(trx, null, id))!;
    const result = transition(fresh.state as AssignmentState, 'record', 'receiver', {});
    if (!result.ok) throw new AppError('RULE_VIOLATION', result.message, { code: result.code, rule: result.rule });
    if (result.to !== fresh.state) await applyTransition(trx, ctx, fresh, 'start', result.to, null);
    const entry = await trx
      .insertInto('ledger_entry')
      .values({
        assignment_id: id,
        region_id: fresh.region_id,
        entry_date: fields.entryDate,
        text: fields.text,
        figure: fields.figure ?? null,
        corrects_id: fields.correctsId ?? null,
        created_by: ctx.actor.userId || null,
        created_by_name: ctx.actor.displayName,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const f of stored) {
      await trx
        .insertInto('evidence_file')
        .values({
          ledger_entry_id: entry.id,
          storage: files.kind,
          storage_key: f.key,
          filename: f.filename,
          mime: f.mime,
          size_bytes: f.data.length,
          sha256: f.sha256,
          created_at: ctx.now,
        })
        .execute();
    }
    await trx.updateTable('assignment').set({ last_entry_at: ctx.now }).where('id', '=', id).execute();
    await refreshAssignment(trx, id, ctx.today);
    await audit(trx, ctx, fields.correctsId ? 'ledger.correct' : 'ledger.add', { entity: 'ledger_entry', entityId: entry.id, orgId: fresh.org_id }, null, {
      assignmentId: id,
      entryDate: fields.entryDate,
      figure: fields.figure ?? null,
      correctsId: fields.correctsId ?? null,
      files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })),
    });
  });
  return getAssignmentDetail(ctx, id);
}

/** An evidence file, if the entry's assignment is visible to the caller. */
export async function getEvidence(ctx: Ctx, files: FileStore, fileId: number): Promise<{ filename: string; mime: string; data: Buffer }> {
  const row = await ctx.db
    .selectFrom('evidence_file as f')
    .innerJoin('ledger_entry as l', 'l.id', 'f.ledger_entry_id')
    .select(['f.storage_key', 'f.filename', 'f.mime', 'l.assignment_id'])
    .where('f.id', '=', fileId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `佐证材料不存在（ID ${fileId}）`);
  await getAssignmentRow(ctx, row.assignment_id);
  return { filename: row.filename, mime: row.mime, data: await files.get(row.storage_key) };
}
