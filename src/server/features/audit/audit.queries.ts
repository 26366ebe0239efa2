import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { AuditLogTable, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

type AuditFilter = {
  /** ltree path of the organisation whose subtree's records are listed */
  withinPath: string;
  /** Also the rows without an organisation (system actions): the system administrator's list of its whole scope. */
  withOrgless: boolean;
  entity?: string | undefined;
  entityId?: string | undefined;
};

function filtered(db: Q, scope: Scope, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('org as o', 'o.id', 'a.org_id')
    .where((eb) => {
      const inSubtree = eb.and([orgInScope(sql.ref('o.path'), scope), sql<boolean>`o.path <@ ${f.withinPath}::ltree`]);
      return f.withOrgless ? eb.or([inSubtree, eb('a.org_id', 'is', null)]) : inSubtree;
    });
  if (f.entity) q = q.where('a.entity', '=', f.entity);
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
  return q;
}

export type AuditListRow = Selectable<AuditLogTable> & { org_name: string | null };

/** The log's order: newest first (its id is unique and follows the chain). */
export const AUDIT_KEYS: SortKey[] = [{ expr: sql`a.id`, desc: true }];

/** One page of the records of organisations in the scope and the subtree (and, if asked, without one), newest first. */
export async function listAuditRowsInScope(
  db: Q,
  scope: Scope,
  f: AuditFilter,
  page: PageAt,
): Promise<{ rows: AuditListRow[]; next: unknown[] | null }> {
  const rows = await withPage(
    filtered(db, scope, f).selectAll('a').select('o.name as org_name'),
    AUDIT_KEYS,
    page,
  ).execute();
  return pageOf(rows, page.limit, AUDIT_KEYS.length);
}

export async function countAuditRowsInScope(db: Q, scope: Scope, f: AuditFilter): Promise<number> {
  const row = await filtered(db, scope, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** Every row of the log, whatever its organisation (the CLI's verification sizes its progress bar with it). */
export async function countAllAuditRows(db: Q): Promise<number> {
  const { count } = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}
