import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePasswordBody, loginBody, me } from '../../../contracts/auth.ts';
import { okBody } from '../../../contracts/common.ts';
import { resolveSession, SESSION_COOKIE } from '../../auth/session.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { changeOwnPassword, getMe, login, logout } from './auth.service.ts';

const tags = ['auth'];

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, hours: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: hours * 3600,
  });
}

export async function authRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/auth/login', {
    config: { permission: 'public' },
    schema: { tags, summary: '登录，成功后设置会话 Cookie', body: loginBody, response: { 200: me } },
    handler: async (req, reply) => {
      const { token } = await login(services.database.db, req.body, services.now(), services.sessionHours);
      setSessionCookie(req, reply, token, services.sessionHours);
      req.actor = await resolveSession(services.database.db, token, services.now());
      return getMe(ctxOf(req, services));
    },
  });

  r.post('/api/auth/logout', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '退出登录', response: { 200: okBody } },
    handler: async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(services.database.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  r.get('/api/auth/me', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '当前账号', response: { 200: me } },
    handler: (req) => getMe(ctxOf(req, services)),
  });

  r.post('/api/auth/password', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: '修改本人密码（其他会话随之失效）', body: changePasswordBody, response: { 200: okBody } },
    handler: async (req) => {
      await changeOwnPassword(ctxOf(req, services), req.body, req.cookies[SESSION_COOKIE] ?? '');
      return { ok: true as const };
    },
  });
}
