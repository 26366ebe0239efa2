import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, NotificationTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Inserts notifications, skipping any whose dedupe key was used before; returns how many were inserted. */
export async function insertNotifications(
  trx: Transaction<DB>,
  rows: readonly Insertable<NotificationTable>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await trx
    .insertInto('notification')
    .values([...rows])
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

const isRead = (userId: number) =>
  sql<boolean>`exists (select 1 from notification_read r where r.notification_id = n.id and r.user_id = ${userId})`;

/** An organisation's notifications, newest first, with one account's read marks. */
export function listInbox(db: Q, orgId: number, userId: number, opts: { unreadOnly: boolean; limit: number }) {
  let q = db
    .selectFrom('notification as n')
    .select([
      'n.id',
      'n.org_id',
      'n.kind',
      'n.title',
      'n.body',
      'n.title_msg',
      'n.body_msg',
      'n.task_id',
      'n.assignment_id',
      'n.instruction_id',
      'n.problem_id',
      'n.notice_id',
      'n.transfer_id',
      'n.assess_round_id',
      'n.appraisal_id',
      'n.grid_matter_id',
      'n.created_at',
      isRead(userId).as('read'),
    ])
    .where('n.org_id', '=', orgId);
  if (opts.unreadOnly) q = q.where(sql<boolean>`not ${isRead(userId)}`);
  return q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(opts.limit).execute();
}

export async function countUnread(db: Q, orgId: number, userId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from notification n
    where n.org_id = ${orgId}
      and not exists (select 1 from notification_read r where r.notification_id = n.id and r.user_id = ${userId})`.execute(
    db,
  );
  return rows[0]!.n;
}

export function findNotification(db: Q, id: number) {
  return db.selectFrom('notification').select(['id', 'org_id']).where('id', '=', String(id)).executeTakeFirst();
}

export async function insertReadMark(db: Q, notificationId: string, userId: number, at: Date): Promise<void> {
  await db
    .insertInto('notification_read')
    .values({ notification_id: notificationId, user_id: userId, read_at: at })
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .execute();
}
