import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, LifePlanItemTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** 年度学习安排: the stored items of an organisation's year, with who saved them last. */
export async function listPlanItems(db: Q, orgId: number, year: number) {
  return db
    .selectFrom('life_plan_item as i')
    .leftJoin('app_user as u', 'u.id', 'i.updated_by')
    .select(['i.kind', 'i.month', 'i.topic', 'i.note', 'i.updated_at', 'u.display_name as updated_by_name'])
    .where('i.org_id', '=', orgId)
    .where('i.year', '=', year)
    .orderBy('i.month')
    .orderBy('i.kind')
    .execute();
}

/** Replaces the whole year's items of an organisation (inside the saving transaction). */
export async function replacePlanItems(
  trx: Transaction<DB>,
  orgId: number,
  year: number,
  rows: readonly Insertable<LifePlanItemTable>[],
): Promise<void> {
  await trx.deleteFrom('life_plan_item').where('org_id', '=', orgId).where('year', '=', year).execute();
  if (rows.length > 0)
    await trx
      .insertInto('life_plan_item')
      .values([...rows])
      .execute();
}
