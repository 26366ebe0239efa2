import type { OkBody } from '../../../../contracts/common.ts';
import type { NotificationList, NotificationListParams } from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function listNotifications(opts: { unread?: boolean; limit?: number } = {}): Promise<NotificationList> {
  const q: NotificationListParams = { unread: opts.unread ? 'true' : undefined, limit: opts.limit };
  return api.get(`/api/notifications${toQuery(q)}`);
}

export function markRead(id: string): Promise<OkBody> {
  return api.post(`/api/notifications/${id}/read`);
}
