import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { todayIn } from '../../domain/dates.ts';
import { ruleSetOn } from '../../domain/rules/ruleset.ts';
import { type TaskRuleOverrides, type TaskRules, taskRulesOf } from '../../domain/tasks/task-rules.ts';
import { appendAudit } from '../auth/audit.ts';
import type { Scope } from '../auth/scope.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { markIdempotencyKeyWritten } from '../http/idempotency.queries.ts';
import { type IdempotencyClaim, idempotencyClaimOf } from '../http/idempotency-claim.ts';
import type { Services } from '../services.ts';

/**
 * What every service call receives: the database handle, the clock (now, and today in Asia/Shanghai), the acting
 * account and its scope, the task rules in force today (the rule set's, with the installation's overrides), and the
 * key its audit rows are hashed with.
 */
export type Ctx = {
  db: Kysely<DB>;
  now: Date;
  today: string;
  actor: Scope;
  taskRules: TaskRules;
  auditKey: Buffer;
  /** The request's Idempotency-Key claim, marked written by the write's own transaction (see `audit`). */
  idempotency?: IdempotencyClaim;
};

/** The clock and the rules in force at a moment: what a job without an actor (the deadline sweep) needs. */
export type Clock = Pick<Ctx, 'now' | 'today' | 'taskRules'>;

export function clockAt(now: Date, overrides: TaskRuleOverrides = {}): Clock {
  const today = todayIn(now);
  return { now, today, taskRules: taskRulesOf(ruleSetOn(today), overrides) };
}

/** A context for an actor at a moment; the CLI, the demo and the tests build theirs here too. */
export function makeCtx(
  db: Kysely<DB>,
  now: Date,
  actor: Scope,
  auditKey: Buffer,
  overrides: TaskRuleOverrides = {},
): Ctx {
  return { db, actor, auditKey, ...clockAt(now, overrides) };
}

export function ctxOf(request: FastifyRequest, services: Services): Ctx {
  if (!request.actor) throw AppError.of('UNAUTHENTICATED', 'err.auth.required');
  const ctx = makeCtx(services.database.db, services.now(), request.actor, services.auditKey, services.taskRules);
  const claim = idempotencyClaimOf(request);
  return claim ? { ...ctx, idempotency: claim } : ctx;
}

/**
 * Appends the audit row for a write made by the context's actor, inside the write's transaction. Under an
 * Idempotency-Key it first marks the key written in that same transaction, so that the write and the mark commit
 * together: a retry after a lost answer, or after a 5xx raised once the write committed, does not run it again. A
 * claim taken over meanwhile (the answer never came) fails the mark, and with it this write.
 */
export async function audit(
  trx: Transaction<DB>,
  ctx: Ctx,
  action: string,
  target: { entity: string; entityId: string | number | null; orgId: number | null },
  before: unknown,
  after: unknown,
): Promise<void> {
  const claim = ctx.idempotency;
  if (claim && !claim.marked.has(trx)) {
    if (!(await markIdempotencyKeyWritten(trx, claim.userId, claim.key, claim.token, ctx.now))) {
      throw AppError.of('CONFLICT', 'err.idem.takenOver');
    }
    claim.marked.add(trx);
  }
  return appendAudit(trx, ctx.auditKey, {
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
