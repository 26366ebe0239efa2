import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { AssignmentDetail, ledgerFields } from '../../../contracts/tasks.ts';
import { addDaysIso } from '../../../domain/dates.ts';
import { transition } from '../../../domain/tasks/assignment-state.ts';
import { checkEvidenceFile } from '../../../domain/tasks/evidence-type.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { evidencePrefixOf, type FileStore, storageKeyFor } from '../../files/file-store.ts';
import { audit, type Ctx } from '../context.ts';
import { refreshAssignment } from '../rollups/rollups.service.ts';
import {
  findEvidenceFile,
  findLedgerEntryOwner,
  findReferencedStorageKeys,
  insertDemands,
  insertEvidenceFile,
  insertLedgerEntry,
  lockAndFindAssignment,
} from './assignments.queries.ts';
import { applyTransition, getAssignmentDetail, getAssignmentRow, sidesOf } from './assignments.service.ts';

/**
 * The ledger (台账) of an assignment: append-only entries of what was done, with figures toward the target and
 * evidence files; a correction is a new entry that supersedes an old one.
 */

export type UploadedFile = { filename: string; data: Buffer };

export async function addLedgerEntry(
  ctx: Ctx,
  files: FileStore,
  maxFileBytes: number,
  id: number,
  fields: z.infer<typeof ledgerFields>,
  uploads: UploadedFile[],
): Promise<AssignmentDetail> {
  const a = await getAssignmentRow(ctx, id);
  if (!sidesOf(ctx, a).receiver) throw AppError.of('FORBIDDEN', 'err.ledger.receiverOnly', { org: a.org_name });
  if (fields.entryDate > ctx.today)
    throw AppError.of('VALIDATION_FAILED', 'err.ledger.futureDate', {}, { field: 'entryDate' });
  if (fields.figure !== undefined && a.progress_mode === 'none') {
    throw AppError.of('VALIDATION_FAILED', 'err.ledger.noFigure', {}, { field: 'figure' });
  }
  // A figure read from records is never typed (one fact entered once): the entry may still say what was done.
  if (fields.figure !== undefined && a.figure_source !== null) {
    throw AppError.of('VALIDATION_FAILED', 'err.ledger.measuredFigure', {}, { field: 'figure' });
  }
  const checked = checkUploads(uploads, maxFileBytes);
  if (fields.correctsId) {
    const target = await findLedgerEntryOwner(ctx.db, fields.correctsId);
    if (!target || target.assignment_id !== id) {
      throw AppError.of('VALIDATION_FAILED', 'err.ledger.correctsOther', {}, { field: 'correctsId' });
    }
  }
  // Every check that can refuse the entry comes before a file is stored: a refused entry leaves the store as it
  // was. The state is checked again under the lock in the transaction (it may change meanwhile).
  const allowed = transition(a.state, 'record', 'receiver', {});
  if (!allowed.ok) throw new AppError('RULE_VIOLATION', allowed.msg, { code: allowed.code, rule: allowed.rule });
  // Files before the transaction (an upload must not hold the assignment's lock, nor PGlite's one connection);
  // if the transaction fails, what this entry stored and nothing refers to is removed again.
  await withStoredEvidence(ctx, files, checked, (stored) => writeLedgerEntry(ctx, files, id, fields, stored));
  return getAssignmentDetail(ctx, id);
}

export type CheckedUpload = UploadedFile & { mime: string };
export type StoredUpload = CheckedUpload & { key: string; sha256: string };

/**
 * Holds uploaded evidence to the limits and the accepted types (by content, domain/tasks/evidence-type.ts): what a
 * write checks before anything is stored. Refused: 413 or 415 on field `files`.
 */
export function checkUploads(uploads: readonly UploadedFile[], maxFileBytes: number): CheckedUpload[] {
  return uploads.map((u) => {
    const r = checkEvidenceFile(u.data, u.filename, maxFileBytes);
    if (!r.ok)
      throw new AppError(r.code === 'EVIDENCE_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', r.msg, {
        field: 'files',
      });
    return { ...u, mime: r.mime };
  });
}

/**
 * Stores checked evidence (content-addressed keys, sha256), then runs `write`, which inserts the rows that refer to
 * it in its own transaction (a ledger entry's, a problem step's). The files go before the transaction: an upload must
 * not hold a row lock, nor PGlite's one connection. If storing or the write fails, what was stored and nothing refers
 * to is removed again (the orphan sweep takes what cannot be removed now).
 */
export async function withStoredEvidence<T>(
  ctx: Pick<Ctx, 'db' | 'now'>,
  files: FileStore,
  checked: readonly CheckedUpload[],
  write: (stored: readonly StoredUpload[]) => Promise<T>,
): Promise<T> {
  const stored: StoredUpload[] = [];
  try {
    for (const f of checked) {
      const { key, sha256 } = storageKeyFor(f.data, ctx.now);
      await files.put(key, f.data, f.mime);
      stored.push({ ...f, key, sha256 });
    }
    return await write(stored);
  } catch (e) {
    await removeUnreferenced(
      ctx.db,
      files,
      stored.map((f) => f.key),
    );
    throw e;
  }
}

/** The entry, its evidence rows, the state it moves the assignment to and the audit row: one transaction. */
async function writeLedgerEntry(
  ctx: Ctx,
  files: FileStore,
  id: number,
  fields: z.infer<typeof ledgerFields>,
  stored: readonly StoredUpload[],
): Promise<void> {
  await ctx.db.transaction().execute((trx) => writeLedgerEntryIn(trx, ctx, files.kind, id, fields, stored));
}

/**
 * A ledger entry written inside the caller's transaction (with its evidence rows, the state it moves the
 * assignment to, the burden meter's demand and the audit row); another area's write that counts as progress on an
 * assignment (a meeting a task asked for) calls it. Refuses what `addLedgerEntry` refuses under the lock. Returns
 * the entry's id.
 */
export async function writeLedgerEntryIn(
  trx: Transaction<DB>,
  ctx: Ctx,
  storage: FileStore['kind'],
  id: number,
  fields: z.infer<typeof ledgerFields>,
  stored: readonly StoredUpload[],
  /** What the burden meter counts it as: a report filed, or a meeting the task asked for (area life). */
  demand: 'report' | 'meeting' = 'report',
): Promise<number> {
  const fresh = (await lockAndFindAssignment(trx, id))!;
  const result = transition(fresh.state, 'record', 'receiver', {});
  if (!result.ok) throw new AppError('RULE_VIOLATION', result.msg, { code: result.code, rule: result.rule });
  if (result.to !== fresh.state) await applyTransition(trx, ctx, fresh, 'start', result.to, null);
  const entryId = await insertLedgerEntry(trx, {
    assignment_id: id,
    region_id: fresh.region_id,
    entry_date: fields.entryDate,
    text: fields.text,
    figure: fields.figure ?? null,
    corrects_id: fields.correctsId ?? null,
    created_by: ctx.actor.userId || null,
    created_by_name: ctx.actor.displayName,
    created_at: ctx.now,
  });
  for (const f of stored) {
    await insertEvidenceFile(trx, {
      ledger_entry_id: entryId,
      storage,
      storage_key: f.key,
      filename: f.filename,
      mime: f.mime,
      size_bytes: f.data.length,
      sha256: f.sha256,
      created_at: ctx.now,
    });
  }
  // 基层减负: a report filed (and its files) is what the assigner asked of the receiver; the burden meter counts it.
  const asked = { org_id: fresh.org_id, region_id: fresh.region_id, from_org_id: fresh.assigner_org_id };
  await insertDemands(trx, [
    { ...asked, kind: demand, task_id: fresh.task_id, assignment_id: id, at: ctx.now },
    ...(stored.length > 0
      ? [
          {
            ...asked,
            kind: 'evidence' as const,
            n: stored.length,
            task_id: fresh.task_id,
            assignment_id: id,
            at: ctx.now,
          },
        ]
      : []),
  ]);
  // The row read under the lock, in the state just set: the refresh need not read it again.
  await refreshAssignment(trx, id, ctx, { lastEntryAt: ctx.now, known: { ...fresh, state: result.to } });
  await audit(
    trx,
    ctx,
    fields.correctsId ? 'ledger.correct' : 'ledger.add',
    { entity: 'ledger_entry', entityId: entryId, orgId: fresh.org_id },
    null,
    {
      assignmentId: id,
      entryDate: fields.entryDate,
      figure: fields.figure ?? null,
      correctsId: fields.correctsId ?? null,
      files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })),
    },
  );
  return entryId;
}

/**
 * After a failed entry: removes the objects it stored that no evidence row refers to (an earlier entry may hold the
 * same content under the same key). What cannot be removed now, the orphan sweep removes later.
 */
async function removeUnreferenced(db: Kysely<DB>, files: FileStore, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    const referenced = await findReferencedStorageKeys(db, keys);
    for (const key of new Set(keys)) if (!referenced.has(key)) await files.delete(key);
  } catch {
    // Left to the sweep: the entry's own error is the one to report.
  }
}

export type OrphanSweepResult = { listed: number; removed: number; removedKeys: string[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Removes stored evidence objects that no evidence row refers to and that were last written more than a day before
 * `now`: what a refused or failed upload left behind. The day also keeps the sweep clear of uploads in flight: a key
 * carries the UTC day it was stored on, so a running upload never refers to an object as old as that.
 * `days` limits the listing to that many UTC days before today (the hourly sweep: today's objects are younger than
 * a day anyway); without it, the whole store.
 */
export async function sweepOrphanFiles(
  db: Kysely<DB>,
  files: FileStore,
  opts: { now: Date; days?: number },
): Promise<OrphanSweepResult> {
  const cutoff = opts.now.getTime() - DAY_MS;
  const today = opts.now.toISOString().slice(0, 10);
  const prefixes =
    opts.days === undefined
      ? ['evidence/']
      : Array.from({ length: opts.days }, (_, i) => evidencePrefixOf(addDaysIso(today, -(i + 1))));
  const result: OrphanSweepResult = { listed: 0, removed: 0, removedKeys: [] };
  const batch: string[] = [];
  const flush = async () => {
    const referenced = await findReferencedStorageKeys(db, batch);
    for (const key of batch) {
      if (referenced.has(key)) continue;
      await files.delete(key);
      result.removed++;
      result.removedKeys.push(key);
    }
    batch.length = 0;
  };
  for (const prefix of prefixes) {
    for await (const object of files.list(prefix)) {
      result.listed++;
      if (object.modifiedAt.getTime() > cutoff) continue;
      batch.push(object.key);
      if (batch.length >= 500) await flush();
    }
  }
  await flush();
  return result;
}

/**
 * An evidence file, if what it belongs to is visible to the caller: the ledger entry's assignment, or the problem of
 * the step it was attached to (`problemVisible` throws when not: the rectify area checks its own scope).
 */
export async function getEvidence(
  ctx: Ctx,
  files: FileStore,
  fileId: number,
  problemVisible: (problemId: number) => Promise<unknown>,
): Promise<{ filename: string; mime: string; data: Buffer }> {
  const row = await findEvidenceFile(ctx.db, fileId);
  if (!row) throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  if (row.assignment_id !== null) await getAssignmentRow(ctx, row.assignment_id);
  else if (row.problem_id !== null) await problemVisible(row.problem_id);
  else throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  return { filename: row.filename, mime: row.mime, data: await files.get(row.storage_key) };
}
