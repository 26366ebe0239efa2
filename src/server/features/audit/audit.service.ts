import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AuditAnchor, AuditVerifyResult, auditListQuery, auditRow } from '../../../contracts/audit.ts';
import type { paged } from '../../../contracts/common.ts';
import { verifyAuditChain } from '../../auth/audit.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import { AUDIT_KEYS, countAllAuditRows, countAuditRowsInScope, listAuditRowsInScope } from './audit.queries.ts';

type AuditPage = z.infer<ReturnType<typeof paged<typeof auditRow>>>;

/**
 * The records of organisations in the caller's scope, within the subtree of `q.orgId` (default: the scope root).
 * Rows without an organisation (system actions) belong to no subtree: the system administrator sees them in the
 * list of its whole scope, and nobody else does.
 */
export async function listAuditLog(ctx: Ctx, q: z.infer<typeof auditListQuery>): Promise<AuditPage> {
  const within = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const filter = {
    withinPath: within.path,
    withOrgless: ctx.actor.role === 'sysadmin' && within.id === ctx.actor.orgId,
    entity: q.entity,
    entityId: q.entityId,
  };
  const [{ rows, next }, total] = await Promise.all([
    listAuditRowsInScope(ctx.db, ctx.actor, filter, pageAtOf(ctx.auditKey, 'audit', q, AUDIT_KEYS.length)),
    countAuditRowsInScope(ctx.db, ctx.actor, filter),
  ]);
  return {
    items: rows.map((a) => ({
      id: a.id,
      at: a.at.toISOString(),
      actorName: a.actor_name,
      action: a.action,
      entity: a.entity,
      entityId: a.entity_id,
      orgId: a.org_id,
      orgName: a.org_name,
      before: a.before,
      after: a.after,
    })),
    ...pageFields(ctx.auditKey, 'audit', q, total, next),
  };
}

/** How many rows the log holds (the CLI sizes its verification progress bar with it). */
export function countAuditRows(db: Kysely<DB>): Promise<number> {
  return countAllAuditRows(db);
}

/** Walks the whole chain with the installation's key; with an anchor, also checks that the chain still extends it. */
export function verifyAuditLog(
  db: Kysely<DB>,
  auditKey: Buffer,
  anchor: AuditAnchor | null = null,
  onProgress?: (checked: number) => void,
): Promise<AuditVerifyResult> {
  return verifyAuditChain(db, auditKey, { anchor, onProgress });
}

/**
 * The anchor to keep outside the system: the head of a chain that verifies, taken after the walk. An empty log has
 * none; a broken chain gives none (an anchor of a forged chain would vouch for the forgery).
 */
export async function takeAuditAnchor(
  db: Kysely<DB>,
  auditKey: Buffer,
  onProgress?: (checked: number) => void,
): Promise<AuditAnchor> {
  const result = await verifyAuditLog(db, auditKey, null, onProgress);
  if (!result.ok) {
    throw AppError.of(
      'AUDIT_CHAIN_BROKEN',
      'err.audit.broken',
      { id: String(result.brokenId), reason: String(result.reason) },
      result,
    );
  }
  if (!result.head) throw AppError.of('NOT_FOUND', 'err.audit.empty');
  return result.head;
}
