import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  type BulkAccountsPlan,
  bulkAccountsPlan,
  bulkSecretariesBody,
  createUserBody,
  updateUserBody,
  userListQuery,
  userPageQuery,
  userRow,
} from '../../../contracts/users.ts';
import { BULK_ACCOUNTS_MAX } from '../../../domain/auth/committee-accounts.ts';
import { SESSION_COOKIE } from '../../auth/session.ts';
import { attachment, XLSX_MIME } from '../../http/download.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { openCommitteeAccounts, previewCommitteeAccounts } from './committee-accounts.service.ts';
import { createUser, listUsers, listUsersPage, updateUser } from './users.service.ts';

const tags = ['users'];

export async function usersRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/users', {
    config: { permission: 'user:manage' },
    schema: { tags, summary: '管理范围内的账号', querystring: userListQuery, response: { 200: z.array(userRow) } },
    handler: (req) => listUsers(ctxOf(req, services), req.query),
  });

  r.get('/api/users/paged', {
    config: { permission: 'user:manage' },
    schema: {
      tags,
      summary: '管理范围内的账号（分页；cursor 为上一页的 nextCursor）',
      querystring: userPageQuery,
      response: { 200: paged(userRow) },
    },
    handler: (req) => listUsersPage(ctxOf(req, services), req.query),
  });

  r.post('/api/users', {
    config: { permission: 'user:manage' },
    schema: { tags, summary: '新建账号（角色不高于本人）', body: createUserBody, response: { 201: userRow } },
    handler: async (req, reply) => reply.status(201).send(await createUser(ctxOf(req, services), req.body)),
  });

  r.post('/api/users/bulk-secretaries', {
    config: { permission: 'user:manage' },
    schema: {
      tags,
      summary:
        '批量开通书记账号：按班子记录为 orgId 下每个组织的书记（includeOrganisers 时连同组织委员）开通账号（已有账号的跳过），' +
        `首次登录须改密码；dryRun 只返回计划（JSON），否则返回初始密码 .xlsx（仅此一次；一次最多 ${BULK_ACCOUNTS_MAX} 个）`,
      body: bulkSecretariesBody,
      produces: ['application/json', XLSX_MIME],
      response: { 200: bulkAccountsPlan },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, services);
      const { orgId, includeOrganisers, dryRun } = req.body;
      if (dryRun) return previewCommitteeAccounts(ctx, { orgId, includeOrganisers });
      const opened = await openCommitteeAccounts(ctx, { orgId, includeOrganisers }, { limit: BULK_ACCOUNTS_MAX });
      return (
        reply
          .header('content-type', XLSX_MIME)
          .header('content-disposition', attachment(opened.filename, `accounts-${ctx.today.replaceAll('-', '')}.xlsx`))
          .header('cache-control', 'no-store')
          .header('x-accounts-created', String(opened.plan.toCreate))
          .header('x-accounts-skipped', String(opened.plan.skipped))
          // Streamed, never a Buffer: a streamed answer is not kept for idempotent replay (http/idempotency.ts), so the
          // initial passwords are stored nowhere, not even there. (Nor does it pass the dry run's JSON serializer.)
          .send(Readable.from([opened.workbook]) as unknown as BulkAccountsPlan)
      );
    },
  });

  r.patch('/api/users/:id', {
    config: { permission: 'user:manage' },
    schema: {
      tags,
      summary: '修改账号：角色、组织、停用、重置他人密码（下次登录须修改）、修改本人密码（须 currentPassword）、解锁',
      params: idParam,
      body: updateUserBody,
      response: { 200: userRow },
    },
    handler: (req) =>
      updateUser(ctxOf(req, services), req.params.id, req.body, {
        keepToken: req.cookies[SESSION_COOKIE] ?? '',
        client: { addr: req.ip },
      }),
  });
}
