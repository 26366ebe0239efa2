import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditAnchor, auditListQuery, auditRow, auditVerifyBody, auditVerifyResult } from '../../../contracts/audit.ts';
import { paged } from '../../../contracts/common.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { listAuditLog, takeAuditAnchor, verifyAuditLog } from './audit.service.ts';

const tags = ['audit'];

export async function auditRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/audit', {
    config: { permission: 'audit:read' },
    schema: {
      tags,
      summary: '操作日志（管理范围内组织的记录；系统管理员另见无组织的系统记录）',
      querystring: auditListQuery,
      response: { 200: paged(auditRow) },
    },
    handler: (req) => listAuditLog(ctxOf(req, services), req.query),
  });

  r.get('/api/audit/verify', {
    config: { permission: 'audit:verify' },
    schema: { tags, summary: '校验操作日志哈希链（系统管理员）', response: { 200: auditVerifyResult } },
    handler: () => verifyAuditLog(services.database.db, services.auditKey),
  });

  r.post('/api/audit/verify', {
    config: { permission: 'audit:verify' },
    schema: {
      tags,
      summary: '校验操作日志哈希链，并核对链是否仍延续所给锚点（系统管理员）',
      body: auditVerifyBody,
      response: { 200: auditVerifyResult },
    },
    handler: (req) => verifyAuditLog(services.database.db, services.auditKey, req.body.anchor ?? null),
  });

  r.get('/api/audit/anchor', {
    config: { permission: 'audit:verify' },
    schema: {
      tags,
      summary: '取操作日志锚点：校验后的链头（id、hash、时间），供管理员在系统外保存（系统管理员）',
      response: { 200: auditAnchor },
    },
    handler: () => takeAuditAnchor(services.database.db, services.auditKey),
  });
}
