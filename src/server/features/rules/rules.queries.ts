import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, RuleOverrideTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The local rules set by an organisation and those above it (its line: whose rules it follows), oldest first, with
 * the setting organisation's name and depth.
 */
export function listOverridesOfLine(db: Q, path: string) {
  return selectOverrides(db).where(sql<boolean>`o.path @> ${path}::ltree`).execute();
}

/** The local rules that apply anywhere in a subtree: those on its root's line and those set inside it. */
export function listOverridesOfSubtree(db: Q, path: string) {
  return selectOverrides(db)
    .where((eb) => eb.or([sql<boolean>`o.path @> ${path}::ltree`, sql<boolean>`o.path <@ ${path}::ltree`]))
    .execute();
}

/** Every local rule (a small table: a few rows per locality). */
export function listAllOverrides(db: Q) {
  return selectOverrides(db).execute();
}

function selectOverrides(db: Q) {
  return db
    .selectFrom('rule_override as r')
    .innerJoin('org as o', 'o.id', 'r.org_id')
    .select([
      'r.id',
      'r.org_id',
      'o.name as org_name',
      sql<string>`o.path::text`.as('org_path'),
      sql<number>`nlevel(o.path)`.as('depth'),
      'r.rule_id',
      'r.value',
      sql<string>`r.effective_from::text`.as('effective_from'),
      'r.document',
      'r.reason',
      'r.actor_name',
      'r.created_at',
    ])
    .orderBy('r.effective_from')
    .orderBy('r.id');
}

export type OverrideRow = Awaited<ReturnType<typeof listOverridesOfLine>>[number];

export async function insertOverride(db: Q, values: Insertable<RuleOverrideTable>): Promise<number> {
  const row = await db.insertInto('rule_override').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}
