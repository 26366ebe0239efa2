import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  createInstructionBody,
  instructionDetail,
  instructionFollowupBody,
  instructionListQuery,
  instructionSummary,
} from '../../../contracts/instruction.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { followUpInstruction, getInstructionDetail, giveInstruction, listInstructions } from './instruction.service.ts';

const tags = ['supervise'];

/** Leaders' instructions (领导批示) and their follow-up (落实情况). */
export async function instructionRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/instructions', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '领导批示列表（mine=true：本单位作出的批示，未办结的在前，逾期的在前）',
      querystring: instructionListQuery,
      response: { 200: paged(instructionSummary) },
    },
    handler: (req) => listInstructions(ctxOf(req, services), req.query),
  });

  r.post('/api/instructions', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '作出批示：针对一个问题、督查发现或任务，交落实单位办理',
      body: createInstructionBody,
      response: { 201: instructionDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await giveInstruction(ctxOf(req, services), req.body)),
  });

  r.get('/api/instructions/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '批示详情与落实情况',
      params: idParam,
      response: { 200: instructionDetail },
    },
    handler: (req) => getInstructionDetail(ctxOf(req, services), req.params.id),
  });

  // The step decides the side (报告落实情况, 回复: the organisation following up; 办结, 退回: the giving side); the
  // service checks it, as it does for a problem's steps.
  r.post('/api/instructions/:id/followups', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '批示落实：报告落实情况、回复、办结、退回',
      params: idParam,
      body: instructionFollowupBody,
      response: { 200: instructionDetail },
    },
    handler: (req) => followUpInstruction(ctxOf(req, services), req.params.id, req.body),
  });
}
