import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  createProblemBody,
  problemActionBody,
  problemDetail,
  problemEventBody,
  problemListQuery,
  problemSummary,
  updateProblemBody,
} from '../../../contracts/tasks.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  createProblem,
  fireProblemEvent,
  getProblemDetail,
  listProblems,
  recordProblemAction,
  updateProblem,
} from './rectify.service.ts';

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

  r.get('/api/problems/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '问题详情：整改过程、措施、约谈问责记录',
      params: idParam,
      response: { 200: problemDetail },
    },
    handler: (req) => getProblemDetail(ctxOf(req, services), req.params.id),
  });

  // The step decides the side (认领…申请销号: the responsible organisation; 核查, 退回, 回头看: the issuing side);
  // the service checks it, as it does for assignments.
  r.post('/api/problems/:id/events', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '整改流转：认领、制定措施、报告进展、申请销号、核查销号、退回、回头看、重新整改',
      params: idParam,
      body: problemEventBody,
      response: { 200: problemDetail },
    },
    handler: (req) => fireProblemEvent(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/problems/:id/actions', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '记录约谈、实地督办、问责',
      params: idParam,
      body: problemActionBody,
      response: { 200: problemDetail },
    },
    handler: (req) => recordProblemAction(ctxOf(req, services), req.params.id, req.body),
  });
}
