import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { paged } from '../../../contracts/common.ts';
import { dashboard, dashboardTasksQuery, orgViewQuery, taskSummary } from '../../../contracts/tasks.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { getDashboard, getDashboardTasks } from './report.service.ts';

const tags = ['tasks'];

export async function reportRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/dashboard', {
    config: { permission: 'task:read', readPool: true },
    schema: {
      tags,
      summary: '组织的落实情况看板：各任务完成度、下级排名、逾期趋势',
      querystring: orgViewQuery,
      response: { 200: dashboard },
    },
    // Read-only roll-up reads: the read pool (DATABASE_READ_URL's standby) when there is one.
    handler: (req) => getDashboard({ ...ctxOf(req, services), db: services.database.read }, req.query.orgId),
  });

  r.get('/api/dashboard/tasks', {
    config: { permission: 'task:read', readPool: true },
    schema: {
      tags,
      summary: '看板的任务列表：按截止日期分页（看板本身带第一页）',
      querystring: dashboardTasksQuery,
      response: { 200: paged(taskSummary) },
    },
    handler: (req) => getDashboardTasks({ ...ctxOf(req, services), db: services.database.read }, req.query),
  });
}
