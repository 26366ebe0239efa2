import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';
import {
  claimIdempotencyKey,
  deleteIdempotencyKeysBefore,
  findIdempotencyKey,
  releaseUnwrittenIdempotencyKey,
  storeIdempotentAnswer,
  takeOverStaleIdempotencyKey,
} from './idempotency.queries.ts';
import { dropIdempotencyClaim, setIdempotencyClaim } from './idempotency-claim.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a retry waits for the first request with its key to finish before it is told to look later. */
const WAIT_MS = 10_000;
const POLL_MS = 100;
/** A claim with no answer and nothing written after this long belongs to a request that will not answer. */
const STALE_MS = 60_000;
/** What a retry of a key whose write committed, but whose answer was lost (a 5xx after the commit), receives. */
const WRITTEN_EARLIER = Buffer.from(JSON.stringify({ written: true, messageKey: 'notice.idem.writtenEarlier' }));

/**
 * Idempotency keys (stable interface: the `Idempotency-Key` header). A state-changing request of a signed-in
 * account that carries a key runs once: the key is claimed before the handler runs; the write's own transaction
 * marks it written (features/context.ts `audit`), so the write and the mark commit together; the answer (status,
 * type, bytes) is stored when it is sent; a retry with the same key gets that answer back (header
 * `Idempotent-Replayed: true`) and writes nothing. A retry arriving while the first is still running waits for it
 * (up to 10 s, then 409). A 5xx answer releases the key only when nothing was written under it, so a retry after
 * an outage runs again; when the write had committed, a retry is answered 200 `{ written: true }` instead of
 * writing twice. A claim whose request never answered (the server or the database restarted under it) is taken
 * over after a minute; its token fences the old request's write out. The same key on a different request is
 * refused (422). Keys are kept a day. The hooks sit on the state-changing routes only: a GET or HEAD never runs
 * them (request overhead).
 */
export function registerIdempotency(app: FastifyInstance, services: Services): void {
  const db = services.database.db;

  const idempotencyPreHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (!MUTATING.has(request.method) || !request.actor || header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY.test(key)) {
      throw AppError.of('BAD_REQUEST', 'err.idem.badKey');
    }
    const userId = request.actor.userId;
    const row = () => ({
      user_id: userId,
      key,
      method: request.method,
      path: request.url,
      created_at: services.now(),
      token: randomUUID(),
    });
    const take = (claim: { token: string }) => {
      setIdempotencyClaim(request, { userId, key, token: claim.token, marked: new WeakSet() });
    };
    const mine = row();
    if (await claimIdempotencyKey(db, mine)) return take(mine);
    const deadline = Date.now() + WAIT_MS;
    let first = await findIdempotencyKey(db, userId, key);
    while (first && first.status === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      first = await findIdempotencyKey(db, userId, key);
    }
    if (!first) {
      // Released meanwhile (the first attempt failed with a 5xx before writing): this one may run.
      const again = row();
      if (await claimIdempotencyKey(db, again)) return take(again);
      throw AppError.of('CONFLICT', 'err.idem.inProgress');
    }
    if (first.method !== request.method || first.path !== request.url) {
      throw AppError.of('RULE_VIOLATION', 'err.idem.reused');
    }
    if (first.status === null) {
      if (first.written_at !== null) return replay(reply, 200, 'application/json; charset=utf-8', WRITTEN_EARLIER);
      const over = row();
      if (await takeOverStaleIdempotencyKey(db, over, new Date(services.now().getTime() - STALE_MS))) {
        return take(over);
      }
      throw AppError.of('CONFLICT', 'err.idem.inProgress');
    }
    return replay(reply, first.status, first.content_type, first.body);
  };

  const idempotencyOnSend: onSendHookHandler = async (request, reply, payload) => {
    const mine = dropIdempotencyClaim(request);
    if (!mine) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null;
    try {
      if (reply.statusCode >= 500 || body === null) {
        // Not replayable (a server fault, or a streamed answer): a key with nothing written under it is released
        // and a retry runs again; a written one stays, and a retry is told the write was made.
        await releaseUnwrittenIdempotencyKey(db, mine.userId, mine.key, mine.token);
      } else {
        const type = reply.getHeader('content-type');
        await storeIdempotentAnswer(db, mine.userId, mine.key, {
          status: reply.statusCode,
          content_type: typeof type === 'string' ? type : null,
          body,
        });
      }
    } catch (err) {
      // The database went away between the write and its answer: the answer still goes out; the key stays
      // claimed (and, if written, marked), and a later retry is answered from that or takes the claim over.
      request.log.warn({ err }, 'idempotency key not settled');
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

function replay(reply: FastifyReply, status: number, type: string | null, body: Buffer | null) {
  reply.header('idempotent-replayed', 'true').code(status);
  if (type) reply.type(type);
  return reply.send(body ?? undefined);
}

function hooksOf<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

/** Forgets the keys older than a day (the hourly sweep calls it). */
export function forgetOldIdempotencyKeys(services: Pick<Services, 'database'>, now: Date): Promise<number> {
  return deleteIdempotencyKeysBefore(services.database.db, new Date(now.getTime() - 24 * 3600_000));
}
