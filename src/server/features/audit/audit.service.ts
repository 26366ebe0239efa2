import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { auditListQuery, auditRow } from '../../../contracts/audit.ts';
import type { paged } from '../../../contracts/common.ts';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { countAllAuditRows, countAuditRowsInScope, listAuditRowsInScope } from './audit.queries.ts';

type AuditPage = z.infer<ReturnType<typeof paged<typeof auditRow>>>;

/** The records of organisations in the caller's scope, within the subtree of `q.orgId` (default: the scope root). */
export async function listAuditLog(ctx: Ctx, q: z.infer<typeof auditListQuery>): Promise<AuditPage> {
  const within = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const filter = { withinPath: within.path, entity: q.entity, entityId: q.entityId };
  const [rows, total] = await Promise.all([
    listAuditRowsInScope(ctx.db, ctx.actor, filter, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
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
      before: a.before,
      after: a.after,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** How many rows the log holds (the CLI sizes its verification progress bar with it). */
export function countAuditRows(db: Kysely<DB>): Promise<number> {
  return countAllAuditRows(db);
}
