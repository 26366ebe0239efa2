import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hubOrgs, hubOrgsQuery, hubRegionParams, hubRegions } from '../../../contracts/hub.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { listRegionOrgs, listRegions } from './hub.service.ts';

const tags = ['hub'];

/**
 * The national view (read-only): every province's published figures, as the hub's subscriptions hold them (on a
 * province, its own published rows). Reads go to the read pool (DATABASE_READ_URL) when there is one.
 */
export async function hubRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readCtx = (req: Parameters<typeof ctxOf>[0]) => ({ ...ctxOf(req, services), db: services.database.read });

  r.get('/api/hub/regions', {
    config: { permission: 'task:read', readPool: true },
    schema: {
      tags,
      summary: '全国汇总：各省的落实情况汇总数及其更新时间（顶层组织的账号）',
      response: { 200: hubRegions },
    },
    handler: (req) => listRegions(readCtx(req)),
  });

  r.get('/api/hub/regions/:region/orgs', {
    config: { permission: 'task:read', readPool: true },
    schema: {
      tags,
      summary: '全国汇总：一个省发布的各级组织汇总数（按上级组织编码逐级查看）',
      params: hubRegionParams,
      querystring: hubOrgsQuery,
      response: { 200: hubOrgs },
    },
    handler: (req) => listRegionOrgs(readCtx(req), req.params.region, req.query.parent ?? null),
  });
}
