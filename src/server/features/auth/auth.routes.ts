import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authEventListQuery, authEventRow, changePasswordBody, loginBody, me } from '../../../contracts/auth.ts';
import { okBody, paged } from '../../../contracts/common.ts';
import { resolveSession, SESSION_COOKIE } from '../../auth/session.ts';
import { AUTH_RATE_LIMIT } from '../../http/security.ts';
import type { Services } from '../../services.ts';
import { ctxOf } from '../context.ts';
import { type Client, changeOwnPassword, getMe, listAuthLog, login, logout } from './auth.service.ts';

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

/** The client address a try is counted against (X-Forwarded-For only behind a trusted proxy). */
const clientOf = (request: FastifyRequest): Client => ({ addr: request.ip });

export async function authRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/auth/login', {
    config: { permission: 'public', rateLimit: AUTH_RATE_LIMIT },
    schema: {
      tags,
      summary: '登录，成功后设置会话 Cookie（密码错误过多时按用户名和来源地址逐次延时，429）',
      body: loginBody,
      response: { 200: me },
    },
    handler: async (req, reply) => {
      const now = services.now();
      const { token } = await login(
        { db: services.database.db, now, sessionHours: services.sessionHours, auditKey: services.auditKey },
        req.body,
        clientOf(req),
      );
      setSessionCookie(req, reply, token, services.sessionHours);
      req.actor = await resolveSession(services.database.db, token, now);
      return getMe(ctxOf(req, services));
    },
  });

  r.post('/api/auth/logout', {
    config: { permission: 'authenticated', beforePasswordChange: true },
    schema: { tags, summary: '退出登录', response: { 200: okBody } },
    handler: async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(ctxOf(req, services), token, clientOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  r.get('/api/auth/me', {
    config: { permission: 'authenticated', beforePasswordChange: true },
    schema: { tags, summary: '当前账号（mustChangePassword 为真时须先修改密码）', response: { 200: me } },
    handler: (req) => getMe(ctxOf(req, services)),
  });

  r.post('/api/auth/password', {
    config: { permission: 'authenticated', beforePasswordChange: true, rateLimit: AUTH_RATE_LIMIT },
    schema: {
      tags,
      summary: '修改本人密码（须输入当前密码；其他会话随之失效）',
      body: changePasswordBody,
      response: { 200: okBody },
    },
    handler: async (req) => {
      await changeOwnPassword(ctxOf(req, services), req.body, req.cookies[SESSION_COOKIE] ?? '', clientOf(req));
      return { ok: true as const };
    },
  });

  r.get('/api/auth/events', {
    config: { permission: 'auth:log' },
    schema: {
      tags,
      summary: '认证日志：登录、退出、密码错误、延时和改密（系统管理员）',
      querystring: authEventListQuery,
      response: { 200: paged(authEventRow) },
    },
    handler: (req) => listAuthLog(ctxOf(req, services), req.query),
  });
}
