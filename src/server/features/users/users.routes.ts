import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../contracts/common.ts';
import { createUserBody, updateUserBody, userListQuery, userRow } from '../../../contracts/users.ts';
import { SESSION_COOKIE } from '../../auth/session.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { createUser, listUsers, updateUser } from './users.service.ts';

const tags = ['users'];

export async function usersRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/users', {
    config: { permission: 'user:manage' },
    schema: { tags, summary: '管理范围内的账号', querystring: userListQuery, response: { 200: z.array(userRow) } },
    handler: (req) => listUsers(ctxOf(req, services), req.query),
  });

  r.post('/api/users', {
    config: { permission: 'user:manage' },
    schema: { tags, summary: '新建账号（角色不高于本人）', body: createUserBody, response: { 201: userRow } },
    handler: async (req, reply) => reply.status(201).send(await createUser(ctxOf(req, services), req.body)),
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
