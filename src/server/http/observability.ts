import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';
import { pendingRollupLag } from './observability.queries.ts';

/**
 * A request id: 12 hex characters, random (unique across processes and restarts). Drawn from a pool of random
 * bytes filled 6 KiB at a time rather than one call to the system's generator per request.
 */
export function newRequestId(): string {
  if (idAt + 6 > idPool.length) {
    idPool = randomBytes(6 * 1024);
    idAt = 0;
  }
  idAt += 6;
  return idPool.toString('hex', idAt - 6, idAt);
}
let idPool = Buffer.alloc(0);
let idAt = 0;

/**
 * Request ids and metrics. Every answer carries `X-Request-Id` (and an error answer `error.requestId`), and every
 * log line of the request carries the same id (`reqId`), so that a user's complaint can be found in the logs.
 * `GET /api/metrics` answers in Prometheus' text format — request counts and latencies per route, the database
 * pool, the roll-up fold's lag, job runs — to a caller presenting `Authorization: Bearer <LUOSHI_METRICS_TOKEN>`;
 * without a configured token the route does not exist (404), so it is never public by accident.
 */
export function registerObservability(
  app: FastifyInstance,
  services: Services,
  opts: { metricsToken: string | null; registry: client.Registry },
): void {
  const { registry } = opts;
  const duration = new client.Histogram({
    name: 'luoshi_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pool = services.database.pool;
  new client.Gauge({
    name: 'luoshi_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL; the embedded database has one)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new client.Gauge({
    name: 'luoshi_rollup_pending_deltas',
    help: 'Roll-up deltas not folded yet',
    registers: [registry],
    async collect() {
      this.set((await pendingRollupLag(services.database.db)).count);
    },
  });
  new client.Gauge({
    name: 'luoshi_rollup_lag_seconds',
    help: 'Age of the oldest roll-up delta not folded yet (reads are exact; this is the fold job’s lag)',
    registers: [registry],
    async collect() {
      this.set((await pendingRollupLag(services.database.db)).oldestSeconds);
    },
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{"error"')) return payload;
    const body = JSON.parse(payload) as { error: Record<string, unknown> };
    body.error.requestId = request.id;
    return JSON.stringify(body);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route?.startsWith('/api/')) return;
    duration.observe(
      { method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });

  if (!opts.metricsToken) return;
  const expected = Buffer.from(`Bearer ${opts.metricsToken}`);
  app.get('/api/metrics', {
    config: { permission: 'public' },
    schema: { tags: ['system'], summary: '运行指标（Prometheus 文本格式；需 Authorization: Bearer 令牌）', hide: true },
    handler: async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw AppError.of('UNAUTHENTICATED', 'err.metrics.token');
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  });
}

/** A job's runs and failures (the deadline sweep, the fold), counted for /api/metrics. */
export function jobCounter(registry: client.Registry): client.Counter<'job' | 'outcome'> {
  return new client.Counter({
    name: 'luoshi_job_runs_total',
    help: 'Periodic job runs by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
}

export { client as promClient };
