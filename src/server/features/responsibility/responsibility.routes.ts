import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paged } from '../../../contracts/common.ts';
import { responsibilityPageQuery, responsibilityQuery, responsibilityRow } from '../../../contracts/tasks.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { listResponsibilities, listResponsibilityPageOf, responsibilitiesXlsx } from './responsibility.service.ts';

const tags = ['tasks'];

export async function responsibilityRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/responsibilities', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '责任清单（由任务与班子分工计算）',
      querystring: responsibilityQuery,
      response: { 200: z.array(responsibilityRow) },
    },
    handler: (req) => listResponsibilities(ctxOf(req, services), req.query),
  });

  r.get('/api/responsibilities/paged', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '责任清单（分页）',
      querystring: responsibilityPageQuery,
      response: { 200: paged(responsibilityRow) },
    },
    handler: (req) => listResponsibilityPageOf(ctxOf(req, services), req.query),
  });

  r.get('/api/responsibilities/export', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '导出责任清单（.xlsx）', querystring: responsibilityQuery },
    handler: async (req, reply) => {
      const { filename, data } = await responsibilitiesXlsx(ctxOf(req, services), req.query);
      return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(filename)).send(data);
    },
  });
}
