import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboard, orgViewQuery } from '../../../contracts/tasks.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { getDashboard } from './report.service.ts';

const tags = ['tasks'];

export async function reportRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/dashboard', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '组织的落实情况看板：各任务完成度、下级排名、逾期趋势',
      querystring: orgViewQuery,
      response: { 200: dashboard },
    },
    // Read-only roll-up reads: the read pool (DATABASE_READ_URL's standby) when there is one.
    handler: (req) => getDashboard({ ...ctxOf(req, services), db: services.database.read }, req.query.orgId),
  });
}
