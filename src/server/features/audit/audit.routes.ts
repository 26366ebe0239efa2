import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListQuery, auditRow, auditVerifyResult } from '../../../contracts/audit.ts';
import { paged } from '../../../contracts/common.ts';
import { verifyAuditChain } from '../../auth/audit.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { listAuditLog } from './audit.service.ts';

const tags = ['audit'];

export async function auditRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/audit', {
    config: { permission: 'audit:read' },
    schema: {
      tags,
      summary: '操作日志（管理范围内组织的记录）',
      querystring: auditListQuery,
      response: { 200: paged(auditRow) },
    },
    handler: (req) => listAuditLog(ctxOf(req, services), req.query),
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
