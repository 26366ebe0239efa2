import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Permission } from '../../domain/auth/roles.ts';
import type { Scope } from '../auth/scope.ts';

/**
 * Every API route declares what it needs in `config.permission`:
 *   'public'        anyone (health, login, the OpenAPI document)
 *   'authenticated' any signed-in account (logout, own profile, password change)
 *   a Permission    a signed-in account whose role grants it; the handler then confines itself to the scope.
 * Registration fails for an /api route that declares nothing, and the scope-matrix test enumerates this table.
 */
export type RouteAccess = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Scope | null;
  }
}

/**
 * A registered route: its permission, and the zod schemas of what it reads from the client (the ref-scope hook
 * and the scope-matrix test read the id fields from them).
 */
export type RegisteredRoute = {
  method: string;
  url: string;
  permission: RouteAccess;
  schema: { body?: unknown; querystring?: unknown };
};

/** Routes added by plugins (the Swagger UI's static files) rather than by Luoshi's features. */
const pluginPrefixes = ['/api/docs'];

export function collectRoutes(app: FastifyInstance): RegisteredRoute[] {
  const table: RegisteredRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api')) return;
    if (pluginPrefixes.some((p) => route.url === p || route.url.startsWith(`${p}/`))) return;
    const permission = route.config?.permission;
    if (!permission) throw new Error(`route ${String(route.method)} ${route.url} declares no permission`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = { body: route.schema?.body, querystring: route.schema?.querystring };
    for (const m of methods) if (m !== 'HEAD') table.push({ method: m, url: route.url, permission, schema });
  });
  return table;
}
