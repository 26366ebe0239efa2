import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  createMemberBody,
  memberDetail,
  memberListQuery,
  memberRow,
  updateMemberBody,
} from '../../../contracts/people.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { createMember, findMembers, getMember, getOwnProfile, updateMember } from './people.service.ts';

const tags = ['people'];

export async function peopleRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/members', {
    config: { permission: 'member:read' },
    schema: {
      tags,
      summary: '党员名册：分页、排序、筛选（默认含下级组织）',
      querystring: memberListQuery,
      response: { 200: paged(memberRow) },
    },
    handler: (req) => findMembers(ctxOf(req, services), req.query),
  });

  r.get('/api/members/:id', {
    config: { permission: 'member:read' },
    schema: { tags, summary: '党员详情', params: idParam, response: { 200: memberDetail } },
    handler: (req) => getMember(ctxOf(req, services), req.params.id),
  });

  r.post('/api/members', {
    config: { permission: 'member:write' },
    schema: { tags, summary: '登记人员', body: createMemberBody, response: { 201: memberDetail } },
    handler: async (req, reply) => reply.status(201).send(await createMember(ctxOf(req, services), req.body)),
  });

  r.patch('/api/members/:id', {
    config: { permission: 'member:write' },
    schema: {
      tags,
      summary: '修改人员信息（含在管理范围内转移组织）',
      params: idParam,
      body: updateMemberBody,
      response: { 200: memberDetail },
    },
    handler: (req) => updateMember(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/me/profile', {
    config: { permission: 'self:read' },
    schema: { tags, summary: '本人党员档案', response: { 200: memberDetail } },
    handler: (req) => getOwnProfile(ctxOf(req, services)),
  });
}
