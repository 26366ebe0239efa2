import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../contracts/common.ts';
import {
  createReviewBody,
  reviewCommentBody,
  reviewDetail,
  reviewGradeBody,
  reviewList,
  reviewListQuery,
  reviewOrgParams,
  reviewPollBody,
  reviewProblemBody,
  reviewReportBody,
} from '../../../contracts/review.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  addProblem,
  createReview,
  getReview,
  listReviews,
  writeComment,
  writeGrade,
  writePoll,
  writeReport,
} from './review.service.ts';

const tags = ['assess'];

/**
 * 书记抓基层党建工作述职评议 (issue 12). Reads: task:read, in the caller's scope (an organisation of the round sees
 * its own row); writes: task:assign — the report by the organisation or the issuer, everything else by the issuing
 * committee or one above it. Shapes in docs/assess.md.
 */
export async function reviewRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/reviews', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '书记述职评议（该组织及其下级组织或涉及的）',
      querystring: reviewListQuery,
      response: { 200: reviewList },
    },
    handler: (req) => listReviews(ctxOf(req, services), req.query),
  });

  r.post('/api/reviews', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '组织本年度书记抓基层党建述职评议（本党委下级组织的书记；每年一次）',
      body: createReviewBody,
      response: { 201: reviewDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await createReview(ctxOf(req, services), req.body)),
  });

  r.get('/api/reviews/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '述职评议详情（各组织述职、点评、测评、等次和问题整改）',
      params: idParam,
      response: { 200: reviewDetail },
    },
    handler: (req) => getReview(ctxOf(req, services), req.params.id),
  });

  r.put('/api/reviews/:id/orgs/:orgId/report', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '填写述职报告',
      params: reviewOrgParams,
      body: reviewReportBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writeReport(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.put('/api/reviews/:id/orgs/:orgId/comment', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '登记上级点评（一述一评）',
      params: reviewOrgParams,
      body: reviewCommentBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writeComment(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.put('/api/reviews/:id/orgs/:orgId/poll', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '登记民主测评票数（按等次汇总，不记名）',
      params: reviewOrgParams,
      body: reviewPollBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writePoll(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.put('/api/reviews/:id/orgs/:orgId/grade', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '评定述职评议等次',
      params: reviewOrgParams,
      body: reviewGradeBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => writeGrade(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });

  r.post('/api/reviews/:id/orgs/:orgId/problems', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '列出问题（作为整改问题交该组织办理）',
      params: reviewOrgParams,
      body: reviewProblemBody,
      response: { 200: reviewDetail },
    },
    handler: (req) => addProblem(ctxOf(req, services), req.params.id, req.params.orgId, req.body),
  });
}
