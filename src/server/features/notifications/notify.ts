import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Notifications are addressed to an organisation: every account of that organisation sees them in the app.
 * Other channels (SMS, e-mail, a provincial messaging platform) plug in as a MessageGateway; none is
 * configured today, so in-app is the only delivery.
 */
export type NotificationKind = 'assigned' | 'due_soon' | 'overdue' | 'submitted' | 'accepted' | 'returned' | 'reopened' | 'cancelled';

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

export type MessageGateway = { name: string; send(n: NewNotification): Promise<void> };

const gateways: MessageGateway[] = [];

/** Registers an outside channel (e.g. an SMS gateway); it receives every notification after commit. */
export function registerGateway(g: MessageGateway): void {
  gateways.push(g);
}

export async function notify(trx: Transaction<DB>, items: readonly NewNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  let inserted = 0;
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const res = await trx
      .insertInto('notification')
      .values(
        chunk.map((n) => ({
          org_id: n.orgId,
          kind: n.kind,
          title: n.title,
          body: n.body ?? '',
          task_id: n.taskId ?? null,
          assignment_id: n.assignmentId ?? null,
          dedupe_key: n.dedupeKey ?? null,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Hands notifications to the outside channels; call it after the transaction that created them committed. */
export function dispatchExternal(items: readonly NewNotification[]): void {
  for (const g of gateways) for (const n of items) void g.send(n).catch(() => {});
}

export async function unreadCount(db: Kysely<DB>, orgId: number, userId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from notification n
    where n.org_id = ${orgId}
      and not exists (select 1 from notification_read r where r.notification_id = n.id and r.user_id = ${userId})`.execute(db);
  return rows[0]!.n;
}
