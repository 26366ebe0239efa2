import type { FastifyRequest } from 'fastify';

/**
 * A request's claim on its Idempotency-Key: the account, the key and the claim's fencing token. The service
 * context carries it (ctxOf) so that the write's own transaction marks the key written where it appends its audit
 * row (features/context.ts `audit`); `marked` remembers the transactions that already did.
 */
export type IdempotencyClaim = { userId: number; key: string; token: string; marked: WeakSet<object> };

const claims = new WeakMap<FastifyRequest, IdempotencyClaim>();

export function setIdempotencyClaim(request: FastifyRequest, claim: IdempotencyClaim): void {
  claims.set(request, claim);
}

export function idempotencyClaimOf(request: FastifyRequest): IdempotencyClaim | undefined {
  return claims.get(request);
}

export function dropIdempotencyClaim(request: FastifyRequest): IdempotencyClaim | undefined {
  const claim = claims.get(request);
  claims.delete(request);
  return claim;
}
