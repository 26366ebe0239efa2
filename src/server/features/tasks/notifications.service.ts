import { sql } from 'kysely';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../context.ts';
import { unreadCount } from '../notifications/notify.ts';

/** Notifications addressed to the account's own organisation, newest first, with this account's read marks. */
export async function listNotifications(ctx: Ctx, q: { unread: 'true' | 'false'; limit: number }) {
  let query = ctx.db
    .selectFrom('notification as n')
    .select([
      'n.id', 'n.org_id', 'n.kind', 'n.title', 'n.body', 'n.task_id', 'n.assignment_id', 'n.created_at',
      sql<boolean>`exists (select 1 from notification_read r where r.notification_id = n.id and r.user_id = ${ctx.actor.userId})`.as('read'),
    ])
    .where('n.org_id', '=', ctx.actor.orgId);
  if (q.unread === 'true') {
    query = query.where(sql<boolean>`not exists (select 1 from notification_read r where r.notification_id = n.id and r.user_id = ${ctx.actor.userId})`);
  }
  const rows = await query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(q.limit).execute();
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
    unread: await unreadCount(ctx.db, ctx.actor.orgId, ctx.actor.userId),
  };
}

export async function markRead(ctx: Ctx, id: number): Promise<void> {
  const n = await ctx.db.selectFrom('notification').select(['id', 'org_id']).where('id', '=', String(id)).executeTakeFirst();
  if (!n || n.org_id !== ctx.actor.orgId) throw new AppError('NOT_FOUND', `消息不存在（ID ${id}）`);
  await ctx.db
    .insertInto('notification_read')
    .values({ notification_id: n.id, user_id: ctx.actor.userId, read_at: ctx.now })
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .execute();
}
