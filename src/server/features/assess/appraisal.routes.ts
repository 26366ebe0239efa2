import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  appraisalDetail,
  appraisalListQuery,
  appraisalMemberParams,
  appraisalSummary,
  decisionBody,
  handlingEventBody,
  memberEntryBody,
  openAppraisalBody,
} from '../../../contracts/appraisal.ts';
import { idParam } from '../../../contracts/common.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  decideAppraisal,
  getAppraisalDetail,
  listAppraisalsOf,
  openAppraisal,
  recordHandlingStep,
  recordMemberEntry,
} from './appraisal.service.ts';

const tags = ['assess'];

/**
 * 民主评议党员 (issue 12): a branch's yearly appraisal of its members. Reads: member:read (names of members); writes:
 * member:write, in the caller's scope. Shapes in docs/assess.md.
 */
export async function appraisalRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/appraisals', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '民主评议党员列表（该组织及其下级党支部）',
      querystring: appraisalListQuery,
      response: { 200: z.array(appraisalSummary) },
    },
    handler: (req) => listAppraisalsOf(ctxOf(req, services), req.query),
  });

  r.post('/api/appraisals', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '开启党支部年度民主评议（按某日的正式党员、预备党员名单）',
      body: openAppraisalBody,
      response: { 201: appraisalDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await openAppraisal(ctxOf(req, services), req.body)),
  });

  r.get('/api/appraisals/:id', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '民主评议详情（评议情况、决定、不合格党员处置与提醒）',
      params: idParam,
      response: { 200: appraisalDetail },
    },
    handler: (req) => getAppraisalDetail(ctxOf(req, services), req.params.id),
  });

  r.put('/api/appraisals/:id/members/:personId', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '登记党员的自我评价、党员互评、民主测评（按等次计票，不记名）',
      params: appraisalMemberParams,
      body: memberEntryBody,
      response: { 200: appraisalDetail },
    },
    handler: (req) => recordMemberEntry(ctxOf(req, services), req.params.id, req.params.personId, req.body),
  });

  r.post('/api/appraisals/:id/decisions', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '支委会或党员大会确定评议等次（优秀不超过三分之一；更正即新决定）',
      params: idParam,
      body: decisionBody,
      response: { 200: appraisalDetail },
    },
    handler: (req) => decideAppraisal(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/appraisals/:id/members/:personId/handling', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '登记不合格党员处置（限期改正、劝退、除名及结果；平台只记录和提醒，不执行）',
      params: appraisalMemberParams,
      body: handlingEventBody,
      response: { 200: appraisalDetail },
    },
    handler: (req) => recordHandlingStep(ctxOf(req, services), req.params.id, req.params.personId, req.body),
  });
}
