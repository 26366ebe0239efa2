import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../contracts/common.ts';
import {
  createOrgBody,
  createOrgFieldBody,
  createPositionBody,
  dissolveOrgBody,
  dissolveOrgResult,
  moveOrgBody,
  moveOrgResult,
  orgChildrenQuery,
  orgDetail,
  orgField,
  orgSearchHit,
  orgSearchQuery,
  orgSummary,
  position,
  updateOrgBody,
  updatePositionBody,
} from '../../../contracts/org.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import {
  createOrg,
  createOrgField,
  createPosition,
  dissolveOrg,
  findOrgs,
  getChildren,
  getOrgDetail,
  getPositions,
  getScopeRoot,
  listOrgFields,
  moveOrg,
  updateOrg,
  updatePosition,
} from './org.service.ts';

const tags = ['org'];

export async function orgRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/orgs/root', {
    config: { permission: 'org:read' },
    schema: { tags, summary: '当前账号管理范围的根组织', response: { 200: orgSummary } },
    handler: (req) => getScopeRoot(ctxOf(req, services)),
  });

  r.get('/api/orgs/search', {
    config: { permission: 'org:read' },
    schema: {
      tags,
      summary: '在管理范围内按名称或编码搜索组织',
      querystring: orgSearchQuery,
      response: { 200: z.array(orgSearchHit) },
    },
    handler: (req) => findOrgs(ctxOf(req, services), req.query),
  });

  r.get('/api/orgs/:id', {
    config: { permission: 'org:read' },
    schema: { tags, summary: '组织详情（统计、班子、设置规则提示）', params: idParam, response: { 200: orgDetail } },
    handler: (req) => getOrgDetail(ctxOf(req, services), req.params.id),
  });

  r.get('/api/orgs/:id/children', {
    config: { permission: 'org:read' },
    schema: {
      tags,
      summary: '下级组织',
      params: idParam,
      querystring: orgChildrenQuery,
      response: { 200: z.array(orgSummary) },
    },
    handler: (req) => getChildren(ctxOf(req, services), req.params.id, req.query.includeDissolved === 'true'),
  });

  r.post('/api/orgs', {
    config: { permission: 'org:write' },
    schema: { tags, summary: '新建下级组织', body: createOrgBody, response: { 201: orgSummary } },
    handler: async (req, reply) => reply.status(201).send(await createOrg(ctxOf(req, services), req.body)),
  });

  r.patch('/api/orgs/:id', {
    config: { permission: 'org:write' },
    schema: {
      tags,
      summary: '修改组织（名称、类别、领域、任期等）',
      params: idParam,
      body: updateOrgBody,
      response: { 200: orgSummary },
    },
    handler: (req) => updateOrg(ctxOf(req, services), req.params.id, req.body),
  });

  r.post('/api/orgs/:id/move', {
    config: { permission: 'org:write' },
    schema: {
      tags,
      summary: '将组织连同其全部下级移动到新的上级组织',
      params: idParam,
      body: moveOrgBody,
      response: { 200: moveOrgResult },
    },
    handler: (req) => moveOrg(ctxOf(req, services), req.params.id, req.body.newParentId),
  });

  r.post('/api/orgs/:id/dissolve', {
    config: { permission: 'org:write' },
    schema: {
      tags,
      summary: '撤销组织（记录保留，不删除）',
      params: idParam,
      body: dissolveOrgBody,
      response: { 200: dissolveOrgResult },
    },
    handler: (req) => dissolveOrg(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/orgs/:id/positions', {
    config: { permission: 'org:read' },
    schema: {
      tags,
      summary: '班子成员（职务、分管）',
      params: idParam,
      querystring: z.object({ includeEnded: z.enum(['true', 'false']).default('false') }),
      response: { 200: z.array(position) },
    },
    handler: (req) => getPositions(ctxOf(req, services), req.params.id, req.query.includeEnded === 'true'),
  });

  r.post('/api/orgs/:id/positions', {
    config: { permission: 'org:write' },
    schema: { tags, summary: '任命班子成员', params: idParam, body: createPositionBody, response: { 201: position } },
    handler: async (req, reply) =>
      reply.status(201).send(await createPosition(ctxOf(req, services), req.params.id, req.body)),
  });

  r.patch('/api/positions/:id', {
    config: { permission: 'org:write' },
    schema: {
      tags,
      summary: '修改分管内容或登记离任',
      params: idParam,
      body: updatePositionBody,
      response: { 200: position },
    },
    handler: (req) => updatePosition(ctxOf(req, services), req.params.id, req.body),
  });

  r.get('/api/org-fields', {
    config: { permission: 'org:read' },
    schema: { tags, summary: '组织领域列表', response: { 200: z.array(orgField) } },
    handler: (req) => listOrgFields(ctxOf(req, services)),
  });

  r.post('/api/org-fields', {
    config: { permission: 'org:fields' },
    schema: { tags, summary: '新增组织领域（系统管理员）', body: createOrgFieldBody, response: { 201: orgField } },
    handler: async (req, reply) => reply.status(201).send(await createOrgField(ctxOf(req, services), req.body)),
  });
}
