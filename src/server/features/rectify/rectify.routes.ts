import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import { createProblemBody, problemListQuery, problemSummary, updateProblemBody } from '../../../contracts/tasks.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { createProblem, listProblems, updateProblem } from './rectify.service.ts';

const tags = ['tasks'];

export async function rectifyRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/problems', {
    config: { permission: 'task:read' },
    schema: { tags, summary: '问题清单', querystring: problemListQuery, response: { 200: paged(problemSummary) } },
    handler: (req) => listProblems(ctxOf(req, services), req.query),
  });

  r.post('/api/problems', {
    config: { permission: 'task:assign' },
    schema: { tags, summary: '登记问题', body: createProblemBody, response: { 201: problemSummary } },
    handler: async (req, reply) => reply.status(201).send(await createProblem(ctxOf(req, services), req.body)),
  });

  r.patch('/api/problems/:id', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '修改问题、关联任务',
      params: idParam,
      body: updateProblemBody,
      response: { 200: problemSummary },
    },
    handler: (req) => updateProblem(ctxOf(req, services), req.params.id, req.body),
  });
}
