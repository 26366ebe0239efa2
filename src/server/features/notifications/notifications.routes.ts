import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, okBody } from '../../../contracts/common.ts';
import { notificationList, notificationListQuery } from '../../../contracts/tasks.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { listNotifications, markRead } from './notifications.service.ts';

const tags = ['tasks'];

export async function notificationsRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/notifications', {
    config: { permission: 'authenticated' },
    schema: {
      tags,
      summary: '本组织的消息提醒',
      querystring: notificationListQuery,
      response: { 200: notificationList },
    },
    handler: (req) => listNotifications(ctxOf(req, services), req.query),
  });

  r.post('/api/notifications/:id/read', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '标记为已读', params: idParam, response: { 200: okBody } },
    handler: async (req) => {
      await markRead(ctxOf(req, services), req.params.id);
      return { ok: true as const };
    },
  });
}
