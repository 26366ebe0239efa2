import type { z } from 'zod';
import type { notificationItem } from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export type NotificationItem = z.infer<typeof notificationItem>;

export function listNotifications(opts: { unread?: boolean; limit?: number } = {}): Promise<{ items: NotificationItem[]; unread: number }> {
  return api.get(`/api/notifications${toQuery({ unread: opts.unread ? 'true' : undefined, limit: opts.limit })}`);
}

export function markRead(id: string): Promise<{ ok: true }> {
  return api.post(`/api/notifications/${id}/read`);
}
