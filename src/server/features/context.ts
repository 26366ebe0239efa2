import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { todayIn } from '../../domain/dates.ts';
import type { Services } from '../app.ts';
import { appendAudit } from '../auth/audit.ts';
import type { Scope } from '../auth/scope.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** What every service call receives: the database handle, the clock, the acting account and its scope. */
export type Ctx = { db: Kysely<DB>; now: Date; today: string; actor: Scope };

export function ctxOf(request: FastifyRequest, services: Services): Ctx {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  const now = services.now();
  return { db: services.database.db, now, today: todayIn(now), actor: request.actor };
}

/** Appends the audit row for a write made by the context's actor, inside the write's transaction. */
export function audit(
  trx: Transaction<DB>,
  ctx: Ctx,
  action: string,
  target: { entity: string; entityId: string | number | null; orgId: number | null },
  before: unknown,
  after: unknown,
): Promise<void> {
  return appendAudit(trx, {
    at: ctx.now,
    actorId: ctx.actor.userId || null,
    actorName: ctx.actor.username,
    action,
    entity: target.entity,
    entityId: target.entityId,
    orgId: target.orgId,
    before,
    after,
  });
}
