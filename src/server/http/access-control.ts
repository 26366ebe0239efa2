import type { FastifyInstance } from 'fastify';
import { hasPermission } from '../../domain/auth/roles.ts';
import { resolveSession, SESSION_COOKIE } from '../auth/session.ts';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';

/**
 * Who may call what: the session cookie is resolved to the acting account, and the route's declared permission
 * (config.permission, see route-registry.ts) is checked against its role before any handler runs.
 */
export async function registerAccessControl(app: FastifyInstance, services: Services): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.permission;
    if (!access || access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const actor = token ? await resolveSession(services.database.db, token, services.now()) : null;
    if (!actor) throw new AppError('UNAUTHENTICATED', '请先登录');
    request.actor = actor;
    if (access !== 'authenticated' && !hasPermission(actor.role, access)) {
      throw new AppError('FORBIDDEN', '当前账号的角色无权执行此操作');
    }
  });
}
