import type { Transaction } from 'kysely';
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
  title: string;
  body?: string;
  taskId?: number | null;
  assignmentId?: number | null;
  /** Sent at most once per key (reminders re-run by the sweep). */
  dedupeKey?: string | null;
};

/** Writes notifications inside the transaction of the change they tell of; returns how many were new. */
export async function notify(trx: Transaction<DB>, items: readonly NewNotification[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < items.length; i += 1000) {
    inserted += await insertNotifications(
      trx,
      items.slice(i, i + 1000).map((n) => ({
        org_id: n.orgId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        task_id: n.taskId ?? null,
        assignment_id: n.assignmentId ?? null,
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
      taskId: n.task_id,
      assignmentId: n.assignment_id,
      createdAt: new Date(n.created_at).toISOString(),
      read: n.read,
    })),
    unread: await countUnread(ctx.db, ctx.actor.orgId, ctx.actor.userId),
  };
}

export async function markRead(ctx: Ctx, id: number): Promise<void> {
  const n = await findNotification(ctx.db, id);
  if (!n || n.org_id !== ctx.actor.orgId) throw new AppError('NOT_FOUND', `消息不存在（ID ${id}）`);
  await insertReadMark(ctx.db, n.id, ctx.actor.userId, ctx.now);
}
