import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  backfillDevelopmentCaseBody,
  developmentCaseDetail,
  developmentCaseListQuery,
  developmentCaseSummary,
  developmentPipeline,
  developmentPipelineQuery,
  developmentStepBody,
  openDevelopmentCaseBody,
} from '../../../contracts/development.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { backfillCase, getCaseDetail, getPipeline, listCases, openCase, recordStep } from './development.service.ts';

const tags = ['people'];

/** Member development (发展党员): cases, their steps and gates, the pipeline of a subtree. */
export async function developmentRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/development/cases', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '发展党员档案列表（默认含下级组织；可按阶段、状态、人员筛选）',
      querystring: developmentCaseListQuery,
      response: { 200: paged(developmentCaseSummary) },
    },
    handler: (req) => listCases(ctxOf(req, services), req.query),
  });

  r.post('/api/development/cases', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '建立发展党员档案：登记入党申请（人员类别须为入党申请人）',
      body: openDevelopmentCaseBody,
      response: { 201: developmentCaseDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await openCase(ctxOf(req, services), req.body)),
  });

  r.post('/api/development/cases/backfill', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '补录在途发展对象：为已是积极分子、发展对象或预备党员的人员按所处阶段和已知日期建立发展档案',
      body: backfillDevelopmentCaseBody,
      response: { 201: developmentCaseDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await backfillCase(ctxOf(req, services), req.body)),
  });

  r.get('/api/development/cases/:id', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '发展党员档案：步骤、下一步、各项时间要求及其依据',
      params: idParam,
      response: { 200: developmentCaseDetail },
    },
    handler: (req) => getCaseDetail(ctxOf(req, services), req.params.id),
  });

  r.post('/api/development/cases/:id/steps', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '记录下一步骤（不符合规定的予以拒绝并说明依据；允许例外的须填写理由）',
      params: idParam,
      body: developmentStepBody,
      response: { 200: developmentCaseDetail },
    },
    handler: (req) => recordStep(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/development/pipeline', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '发展党员进度：各阶段人数、受阻原因、本月到期事项',
      querystring: developmentPipelineQuery,
      response: { 200: developmentPipeline },
    },
    handler: (req) => getPipeline(ctxOf(req, services), req.query.orgId),
  });
}
