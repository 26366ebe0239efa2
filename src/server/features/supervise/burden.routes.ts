import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { burdenQuery, burdenReport } from '../../../contracts/burden.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { getBurdenReport } from './burden.service.ts';

export async function burdenRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/burden', {
    config: { permission: 'task:read' },
    schema: {
      tags: ['supervise'],
      summary: '基层减负：本组织被要求的事项、上限、各发起单位排名与超限理由',
      querystring: burdenQuery,
      response: { 200: burdenReport },
    },
    handler: (req) => getBurdenReport(ctxOf(req, services), req.query),
  });
}
