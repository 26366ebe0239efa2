import type { FastifyInstance } from 'fastify';
import { hasPermission } from '../../domain/auth/roles.ts';
import { resolveSessionAccount, SESSION_COOKIE } from '../auth/session.ts';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route stays open to an account that must change its password first (reading itself, logging out, the
     * password change). Every other route answers PASSWORD_CHANGE_REQUIRED to such an account.
     */
    beforePasswordChange?: true;
  }
}

/**
 * Who may call what: the session cookie is resolved to the acting account, and the route's declared permission
 * (config.permission, see route-registry.ts) is checked against its role before any handler runs. An account whose
 * password someone else set (must_change_password) reaches only the routes marked beforePasswordChange.
 */
export async function registerAccessControl(app: FastifyInstance, services: Services): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const access = config?.permission;
    if (!access || access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await resolveSessionAccount(services.database.db, token, services.now()) : null;
    if (!session) throw AppError.of('UNAUTHENTICATED', 'err.auth.required');
    request.actor = session.scope;
    if (session.mustChangePassword && !config.beforePasswordChange) {
      throw AppError.of('PASSWORD_CHANGE_REQUIRED', 'err.auth.passwordChangeFirst');
    }
    if (access !== 'authenticated' && !hasPermission(session.scope.role, access)) {
      throw AppError.of('FORBIDDEN', 'err.auth.roleForbidden');
    }
  });
}
