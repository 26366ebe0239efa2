import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { auditListQuery, auditRow, auditVerifyResult } from '../../../contracts/audit.ts';
import { paged } from '../../../contracts/common.ts';
import type { Services } from '../../app.ts';
import { verifyAuditChain } from '../../auth/audit.ts';
import { orgInScope } from '../../auth/scope.ts';
import { ctxOf } from '../context.ts';
import { getOrg } from '../org/org.service.ts';

const tags = ['audit'];

export async function auditRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/audit', {
    config: { permission: 'audit:read' },
    schema: { tags, summary: '操作日志（管理范围内组织的记录）', querystring: auditListQuery, response: { 200: paged(auditRow) } },
    handler: async (req) => {
      const ctx = ctxOf(req, services);
      const within = await getOrg(ctx, req.query.orgId ?? ctx.actor.orgId);
      let q = ctx.db
        .selectFrom('audit_log as a')
        .innerJoin('org as o', 'o.id', 'a.org_id')
        .where(orgInScope(sql.ref('o.path'), ctx.actor))
        .where(sql<boolean>`o.path <@ ${within.path}::ltree`);
      if (req.query.entity) q = q.where('a.entity', '=', req.query.entity);
      if (req.query.entityId) q = q.where('a.entity_id', '=', req.query.entityId);
      const [rows, count] = await Promise.all([
        q
          .selectAll('a')
          .orderBy('a.id', 'desc')
          .limit(req.query.pageSize)
          .offset((req.query.page - 1) * req.query.pageSize)
          .execute(),
        q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((a) => ({
          id: a.id,
          at: a.at.toISOString(),
          actorName: a.actor_name,
          action: a.action,
          entity: a.entity,
          entityId: a.entity_id,
          orgId: a.org_id,
          before: a.before,
          after: a.after,
        })),
        total: count.n,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  });

  r.get('/api/audit/verify', {
    config: { permission: 'audit:verify' },
    schema: { tags, summary: '校验操作日志哈希链（系统管理员）', response: { 200: auditVerifyResult } },
    handler: async () => {
      const result = await verifyAuditChain(services.database.db);
      return result.ok
        ? { ok: true, rows: result.rows, brokenId: null, reason: null }
        : { ok: false, rows: result.rows, brokenId: result.brokenId, reason: result.reason };
    },
  });
}
