import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';
import {
  claimIdempotencyKey,
  deleteIdempotencyKeysBefore,
  findIdempotencyKey,
  releaseIdempotencyKey,
  storeIdempotentAnswer,
} from './idempotency.queries.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a retry waits for the first request with its key to finish before it is told to look later. */
const WAIT_MS = 10_000;
const POLL_MS = 100;

/**
 * Idempotency keys (stable interface: the `Idempotency-Key` header). A state-changing request of a signed-in
 * account that carries a key runs once: the key is claimed before the handler runs; the answer (status, type,
 * bytes) is stored when it is sent; a retry with the same key gets that answer back (header
 * `Idempotent-Replayed: true`) and writes nothing. A retry arriving while the first is still running waits for it
 * (up to 10 s, then 409). A 5xx answer releases the key, so a retry after an outage runs again; the same key on a
 * different request is refused (422). Keys are kept a day. The hooks sit on the state-changing routes only: a GET
 * or HEAD never runs them (request overhead).
 */
export function registerIdempotency(app: FastifyInstance, services: Services): void {
  const claimed = new WeakMap<FastifyRequest, { userId: number; key: string }>();
  const db = services.database.db;

  const idempotencyPreHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (!MUTATING.has(request.method) || !request.actor || header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY.test(key)) {
      throw AppError.of('BAD_REQUEST', 'err.idem.badKey');
    }
    const userId = request.actor.userId;
    const where = { method: request.method, path: request.url };
    if (await claimIdempotencyKey(db, { user_id: userId, key, ...where, created_at: services.now() })) {
      claimed.set(request, { userId, key });
      return;
    }
    const deadline = Date.now() + WAIT_MS;
    let first = await findIdempotencyKey(db, userId, key);
    while (first && first.status === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      first = await findIdempotencyKey(db, userId, key);
    }
    if (!first) {
      // Released meanwhile (the first attempt failed with a 5xx): this one may run.
      if (await claimIdempotencyKey(db, { user_id: userId, key, ...where, created_at: services.now() })) {
        claimed.set(request, { userId, key });
        return;
      }
      throw AppError.of('CONFLICT', 'err.idem.inProgress');
    }
    if (first.method !== where.method || first.path !== where.path) {
      throw AppError.of('RULE_VIOLATION', 'err.idem.reused');
    }
    if (first.status === null) throw AppError.of('CONFLICT', 'err.idem.inProgress');
    reply.header('idempotent-replayed', 'true').code(first.status);
    if (first.content_type) reply.type(first.content_type);
    return reply.send(first.body ?? undefined);
  };

  const idempotencyOnSend: onSendHookHandler = async (request, reply, payload) => {
    const mine = claimed.get(request);
    if (!mine) return payload;
    claimed.delete(request);
    const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null;
    if (reply.statusCode >= 500 || body === null) {
      // Not replayable (a server fault, or a streamed answer): the key is released and a retry runs again.
      await releaseIdempotencyKey(db, mine.userId, mine.key);
    } else {
      const type = reply.getHeader('content-type');
      await storeIdempotentAnswer(db, mine.userId, mine.key, {
        status: reply.statusCode,
        content_type: typeof type === 'string' ? type : null,
        body,
      });
    }
    return payload;
  };

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => MUTATING.has(m))) return;
    route.preHandler = [...hooksOf(route.preHandler), idempotencyPreHandler];
    route.onSend = [...hooksOf(route.onSend), idempotencyOnSend];
  });
}

function hooksOf<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

/** Forgets the keys older than a day (the hourly sweep calls it). */
export function forgetOldIdempotencyKeys(services: Pick<Services, 'database'>, now: Date): Promise<number> {
  return deleteIdempotencyKeysBefore(services.database.db, new Date(now.getTime() - 24 * 3600_000));
}
