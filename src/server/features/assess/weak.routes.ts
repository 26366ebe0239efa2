import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  designateBody,
  weakCheckBody,
  weakCountsAnswer,
  weakDetail,
  weakLeaderBody,
  weakList,
  weakListQuery,
  weakMeasureBody,
  weakRoundOptions,
  weakRoundsQuery,
} from '../../../contracts/appraisal.ts';
import { idParam } from '../../../contracts/common.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  addWeakMeasure,
  designateWeak,
  getWeakDetail,
  listWeakOrgs,
  listWeakRoundOptions,
  recordWeakCheck,
  setWeakLeader,
  weakCountsOf,
} from './weak.service.ts';

const tags = ['assess'];

/**
 * 软弱涣散基层党组织 register (issue 12). Reads: task:read, in the caller's scope (the designated organisation sees
 * its own); writes: task:assign, by the designating organisation or one above it. Shapes in docs/assess.md.
 */
export async function weakRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/weak-orgs', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '软弱涣散基层党组织台账（该组织及其下级；含统计和认定情形清单）',
      querystring: weakListQuery,
      response: { 200: weakList },
    },
    handler: (req) => listWeakOrgs(ctxOf(req, services), req.query),
  });

  r.get('/api/weak-orgs/counts', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '软弱涣散统计（认定、已摘帽、逾期未转化；按直属下级分列）',
      querystring: weakListQuery,
      response: { 200: weakCountsAnswer },
    },
    handler: (req) => weakCountsOf(ctxOf(req, services), req.query),
  });

  r.get('/api/weak-orgs/rounds', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '认定时可引用的考核结果：已确定的考核中该组织的得分、等次，是否低于认定分数线或被一票否决',
      querystring: weakRoundsQuery,
      response: { 200: weakRoundOptions },
    },
    handler: (req) => listWeakRoundOptions(ctxOf(req, services), req.query),
  });

  r.post('/api/weak-orgs', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '认定下级党组织为软弱涣散基层党组织（每年每组织一次）',
      body: designateBody,
      response: { 201: weakDetail },
    },
    handler: async (req, reply) => reply.status(201).send(await designateWeak(ctxOf(req, services), req.body)),
  });

  r.get('/api/weak-orgs/:id', {
    config: { permission: 'task:read' },
    schema: {
      tags,
      summary: '软弱涣散认定详情（整顿措施、挂点领导、转化验收）',
      params: idParam,
      response: { 200: weakDetail },
    },
    handler: (req) => getWeakDetail(ctxOf(req, services), req.params.id),
  });

  r.post('/api/weak-orgs/:id/measures', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '增加整顿措施（作为整改问题交该组织办理）',
      params: idParam,
      body: weakMeasureBody,
      response: { 200: weakDetail },
    },
    handler: (req) => addWeakMeasure(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/weak-orgs/:id/leader', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '确定或更换挂点领导',
      params: idParam,
      body: weakLeaderBody,
      response: { 200: weakDetail },
    },
    handler: (req) => setWeakLeader(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/weak-orgs/:id/checks', {
    config: { permission: 'task:assign' },
    schema: {
      tags,
      summary: '登记转化验收（通过即摘帽；须整顿措施全部销号）',
      params: idParam,
      body: weakCheckBody,
      response: { 200: weakDetail },
    },
    handler: (req) => recordWeakCheck(ctxOf(req, services), req.params.id, req.body),
  });
}
