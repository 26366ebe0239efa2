import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOGIN_RATE_PER_MINUTE } from '../domain/auth/login-throttle.ts';
import { MAX_JSON_BODY_BYTES, MAX_UPLOAD_FILES, MAX_UPLOAD_PARTS } from '../domain/files/limits.ts';
import type { TaskRuleOverrides } from '../domain/tasks/task-rules.ts';
import { TEST_AUDIT_KEY } from './auth/audit-key.ts';
import { SESSION_COOKIE } from './auth/session.ts';
import type { Database } from './db/client.ts';
import { AppError, toErrorBody } from './errors.ts';
import { registerFeatureRoutes } from './features/routes.ts';
import { diskFileStore, type FileStore } from './files/file-store.ts';
import { registerAccessControl } from './http/access-control.ts';
import { answerFrameworkError, registerErrorHandler } from './http/error-handler.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { newRequestId, promClient, registerObservability } from './http/observability.ts';
import { registerRefScope } from './http/ref-scope.ts';
import { WebAppAtDebugLogController } from './http/request-log.ts';
import { collectRoutes, type RegisteredRoute } from './http/route-registry.ts';
import { registerSecurity } from './http/security.ts';
import { responseSerializerCompiler } from './http/serializer.ts';
import { zodChineseErrors } from './http/zod-messages.ts';
import { MAX_UPLOAD_BYTES, type Services } from './services.ts';

z.config({ localeError: zodChineseErrors });

export type AppDeps = {
  database: Database;
  sessionHours?: number;
  trustProxy?: boolean;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Directory of the built web app; null serves the API only. */
  webDir?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Where evidence files are kept; defaults to a directory under the system temp dir (tests). */
  files?: FileStore;
  /** Overrides of the rule set's task rules, from the configuration. */
  taskRules?: TaskRuleOverrides;
  /** The audit chain's key (serve passes the installation's); defaults to the fixed key of the tests. */
  auditKey?: Buffer;
  /** Login and password requests per minute and client address (LUOSHI_LOGIN_RATE_LIMIT); the platform default. */
  loginRatePerMinute?: number;
  /** The app's public origins (LUOSHI_PUBLIC_ORIGIN); empty: state-changing requests must come from the Host. */
  publicOrigins?: string[];
  /** The bearer token of /api/metrics (LUOSHI_METRICS_TOKEN); absent: no metrics route. */
  metricsToken?: string | null;
  /** Where the metrics are registered (a fresh registry per app by default). */
  metrics?: promClient.Registry;
};

export type App = FastifyInstance & { routeTable: RegisteredRoute[]; services: Services };

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new WebAppAtDebugLogController(),
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: MAX_JSON_BODY_BYTES,
    frameworkErrors: answerFrameworkError,
    genReqId: newRequestId,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);

  const services: Services = {
    database: deps.database,
    now: deps.now ?? (() => new Date()),
    sessionHours: deps.sessionHours ?? 12,
    files: deps.files ?? diskFileStore(path.join(os.tmpdir(), `luoshi-files-${process.pid}`)),
    maxEvidenceBytes: MAX_UPLOAD_BYTES,
    taskRules: deps.taskRules ?? {},
    auditKey: deps.auditKey ?? TEST_AUDIT_KEY,
  };
  const routeTable = collectRoutes(app);
  app.decorate('routeTable', routeTable);
  app.decorate('services', services);
  app.decorateRequest('actor', null);

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES, parts: MAX_UPLOAD_PARTS },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '落实 Luoshi API',
        description: '党建工作落实闭环平台 / Luoshi, a platform for carrying out Party-building work',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await registerSecurity(app, {
    loginRatePerMinute: deps.loginRatePerMinute ?? LOGIN_RATE_PER_MINUTE,
    publicOrigins: deps.publicOrigins ?? [],
  });
  await registerAccessControl(app, services);
  registerRefScope(app, services);
  registerIdempotency(app, services);
  registerObservability(app, services, {
    metricsToken: deps.metricsToken ?? null,
    registry: deps.metrics ?? new promClient.Registry(),
  });
  registerErrorHandler(app);

  app.route({
    method: 'GET',
    url: '/api/health',
    config: { permission: 'public' },
    schema: {
      tags: ['system'],
      summary: '健康检查（迁移完成后返回 ok）',
      response: { 200: z.object({ status: z.literal('ok'), engine: z.enum(['pglite', 'postgres']) }) },
    },
    handler: async () => ({ status: 'ok' as const, engine: services.database.engine }),
  });

  app.route({
    method: 'GET',
    url: '/api/openapi.json',
    config: { permission: 'public' },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });

  await registerFeatureRoutes(app, services);

  const webDir = deps.webDir === undefined ? null : deps.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    // wildcard: files are looked up per request (a rebuilt web app is served without a restart);
    // a missing file falls through to the not-found handler, which serves the SPA.
    await app.register(fastifyStatic, { root: webDir, wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api') || !webDir || request.method !== 'GET') {
      return reply
        .status(404)
        .send(toErrorBody(AppError.of('NOT_FOUND', 'err.http.404', {}, { method: request.method, url })));
    }
    return reply.type('text/html').sendFile('index.html'); // SPA fallback for client-side routes
  });

  await app.ready();
  return app as unknown as App;
}
