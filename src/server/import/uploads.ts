import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Grid } from '../../domain/import/grid.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import {
  deleteExpiredImportUploads,
  deleteImportUpload,
  findImportUpload,
  insertImportUpload,
} from './import-upload.queries.ts';
import type { Workbook } from './workbook.ts';

/**
 * Uploads kept between the import wizard's check and its commit (issue 9): the workbook as read — its grids, so the
 * commit does not read the file again — and the file as .xlsx (for the error workbook), in the database (any worker
 * process can answer the next request), for the account that uploaded it, for UPLOAD_TTL_MINUTES.
 */

export const UPLOAD_TTL_MINUTES = 30;

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

type Who = { db: Kysely<DB>; userId: number; now: Date };

export type KeptUpload = { uploadId: string; expiresAt: string };

/** Keeps a workbook as read; the id is random (128 bits), and only its uploader can use it. */
export async function keepUpload(who: Who, list: string, workbook: Workbook): Promise<KeptUpload> {
  const id = randomBytes(16).toString('base64url');
  const expires = new Date(who.now.getTime() + UPLOAD_TTL_MINUTES * 60_000);
  await insertImportUpload(who.db, {
    id,
    user_id: who.userId,
    list,
    format: workbook.format,
    xlsx: workbook.xlsx,
    grids: await gzip(v8.serialize(workbook.grids), { level: 1 }),
    created_at: who.now,
    expires_at: expires,
  });
  return { uploadId: id, expiresAt: expires.toISOString() };
}

/** The kept workbook, or 410 UPLOAD_EXPIRED (also for an id of another account or list: which is not said). */
export async function takeUpload(who: Who, list: string, id: string): Promise<Workbook> {
  const row = await findImportUpload(who.db, id, who.userId, list, who.now);
  if (!row) throw AppError.of('UPLOAD_EXPIRED', 'err.import.uploadExpired', { minutes: UPLOAD_TTL_MINUTES });
  return { format: row.format, xlsx: row.xlsx, grids: v8.deserialize(await gunzip(row.grids)) as Grid[] };
}

export function dropUpload(who: Who, id: string): Promise<void> {
  return deleteImportUpload(who.db, id, who.userId);
}

/** The hourly sweep: kept uploads hold personal data, so none outlives its time by more than an hour. */
export function forgetExpiredUploads(db: Kysely<DB>, now: Date): Promise<number> {
  return deleteExpiredImportUploads(db, now);
}
