import type { Transaction } from 'kysely';
import { type Msg, type WireMsg, zhOf } from '../../../domain/messages.ts';
import type { NotificationKind } from '../../../domain/tasks/vocab.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../context.ts';
import {
  countUnread,
  findNotification,
  insertNotifications,
  insertReadMark,
  listInbox,
} from './notifications.queries.ts';

/**
 * Notifications are addressed to an organisation: every account of that organisation sees them in the app.
 * In-app is the only channel; an outside one (SMS, a provincial messaging platform) would be added here.
 */
export type NewNotification = {
  orgId: number;
  kind: NotificationKind;
  /** By key of the shared message table (stored with its Chinese text), or a text as it is. */
  title: Msg | string;
  body?: Msg | string;
  taskId?: number | null;
  assignmentId?: number | null;
  instructionId?: number | null;
  problemId?: number | null;
  /** The 通报 a notification of kind 'notice' tells of. */
  noticeId?: number | null;
  /** The transfer (组织关系转接) a notification of kind 'transfer' tells of. */
  transferId?: number | null;
  /** The assessment round a notification of kind 'assess' tells of. */
  assessRoundId?: number | null;
  /** The 民主评议党员 a notification of kind 'appraisal' tells of. */
  appraisalId?: number | null;
  /** The grid matter (网格事项) a notification of kind 'grid' tells of. */
  gridMatterId?: number | null;
  /** Sent at most once per key (reminders re-run by the sweep). */
  dedupeKey?: string | null;
};

function textOf(m: Msg | string): string {
  return typeof m === 'string' ? m : zhOf(m);
}

/** A stored { key, params }, or null (a row from before messages were stored by key, or a text without one). */
function storedMsg(v: unknown): WireMsg | null {
  return typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string'
    ? (v as WireMsg)
    : null;
}

/** Writes notifications inside the transaction of the change they tell of; returns how many were new. */
export async function notify(trx: Transaction<DB>, items: readonly NewNotification[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < items.length; i += 1000) {
    inserted += await insertNotifications(
      trx,
      items.slice(i, i + 1000).map((n) => ({
        org_id: n.orgId,
        kind: n.kind,
        title: textOf(n.title),
        body: n.body === undefined ? '' : textOf(n.body),
        title_msg: typeof n.title === 'string' ? null : JSON.stringify(n.title),
        body_msg: n.body === undefined || typeof n.body === 'string' ? null : JSON.stringify(n.body),
        task_id: n.taskId ?? null,
        assignment_id: n.assignmentId ?? null,
        ...(n.instructionId ? { instruction_id: n.instructionId } : {}),
        ...(n.problemId ? { problem_id: n.problemId } : {}),
        ...(n.noticeId ? { notice_id: n.noticeId } : {}),
        ...(n.transferId ? { transfer_id: n.transferId } : {}),
        ...(n.assessRoundId ? { assess_round_id: n.assessRoundId } : {}),
        ...(n.appraisalId ? { appraisal_id: n.appraisalId } : {}),
        ...(n.gridMatterId ? { grid_matter_id: n.gridMatterId } : {}),
        dedupe_key: n.dedupeKey ?? null,
      })),
    );
  }
  return inserted;
}

/** Notifications addressed to the account's own organisation, newest first, with this account's read marks. */
export async function listNotifications(ctx: Ctx, q: { unread: 'true' | 'false'; limit: number }) {
  const rows = await listInbox(ctx.db, ctx.actor.orgId, ctx.actor.userId, {
    unreadOnly: q.unread === 'true',
    limit: q.limit,
  });
  return {
    items: rows.map((n) => ({
      id: n.id,
      orgId: n.org_id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      titleMsg: storedMsg(n.title_msg),
      bodyMsg: storedMsg(n.body_msg),
      taskId: n.task_id,
      assignmentId: n.assignment_id,
      instructionId: n.instruction_id,
      problemId: n.problem_id,
      noticeId: n.notice_id,
      transferId: n.transfer_id,
      assessRoundId: n.assess_round_id,
      appraisalId: n.appraisal_id,
      gridMatterId: n.grid_matter_id,
      createdAt: new Date(n.created_at).toISOString(),
      read: n.read,
    })),
    unread: await countUnread(ctx.db, ctx.actor.orgId, ctx.actor.userId),
  };
}

export async function markRead(ctx: Ctx, id: number): Promise<void> {
  const n = await findNotification(ctx.db, id);
  if (!n || n.org_id !== ctx.actor.orgId) throw AppError.of('NOT_FOUND', 'err.notice.notFound', { id });
  await insertReadMark(ctx.db, n.id, ctx.actor.userId, ctx.now);
}
