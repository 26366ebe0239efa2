import type { Kysely } from 'kysely';
import type { DB, ImportUploadTable } from '../db/schema.ts';

/** Keeps an upload; uploads past their time are deleted first (the table holds only live ones). */
export async function insertImportUpload(db: Kysely<DB>, row: ImportUploadTable): Promise<void> {
  await deleteExpiredImportUploads(db, row.created_at);
  await db.insertInto('import_upload').values(row).execute();
}

/** Deletes the uploads past their time (they hold personal data); how many. */
export async function deleteExpiredImportUploads(db: Kysely<DB>, now: Date): Promise<number> {
  const r = await db.deleteFrom('import_upload').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The account's upload of this list, while it lasts. */
export function findImportUpload(
  db: Kysely<DB>,
  id: string,
  userId: number,
  list: string,
  now: Date,
): Promise<Pick<ImportUploadTable, 'format' | 'xlsx' | 'grids'> | undefined> {
  return db
    .selectFrom('import_upload')
    .select(['format', 'xlsx', 'grids'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('list', '=', list)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteImportUpload(db: Kysely<DB>, id: string, userId: number): Promise<void> {
  await db.deleteFrom('import_upload').where('id', '=', id).where('user_id', '=', userId).execute();
}
