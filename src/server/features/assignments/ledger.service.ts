import type { z } from 'zod';
import type { AssignmentDetail, ledgerFields } from '../../../contracts/tasks.ts';
import { transition } from '../../../domain/tasks/assignment-state.ts';
import { checkEvidenceFile } from '../../../domain/tasks/evidence-type.ts';
import { AppError } from '../../errors.ts';
import { type FileStore, storageKeyFor } from '../../files/file-store.ts';
import { audit, type Ctx } from '../context.ts';
import { refreshAssignment } from '../rollups/rollups.service.ts';
import {
  findAssignment,
  findEvidenceFile,
  findLedgerEntryOwner,
  insertEvidenceFile,
  insertLedgerEntry,
  lockAssignment,
  touchLastEntry,
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
  if (!sidesOf(ctx, a).receiver) throw new AppError('FORBIDDEN', `只有承办单位“${a.org_name}”可以记录台账`);
  if (fields.entryDate > ctx.today)
    throw new AppError('VALIDATION_FAILED', '台账日期不能晚于今天', { field: 'entryDate' });
  if (fields.figure !== undefined && a.progress_mode === 'none') {
    throw new AppError('VALIDATION_FAILED', '该任务没有量化目标，不需要填写数值', { field: 'figure' });
  }
  const checked = uploads.map((u) => {
    const r = checkEvidenceFile(u.data, u.filename, maxFileBytes);
    if (!r.ok)
      throw new AppError(r.code === 'EVIDENCE_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', r.message, {
        field: 'files',
      });
    return { ...u, mime: r.mime };
  });
  if (fields.correctsId) {
    const target = await findLedgerEntryOwner(ctx.db, fields.correctsId);
    if (!target || target.assignment_id !== id) {
      throw new AppError('VALIDATION_FAILED', '更正的台账记录不属于本任务', { field: 'correctsId' });
    }
  }
  // Files first (content-addressed, idempotent): a failed transaction leaves at most an unreferenced object.
  const stored: (UploadedFile & { mime: string; key: string; sha256: string })[] = [];
  for (const f of checked) {
    const { key, sha256 } = storageKeyFor(f.data, ctx.now);
    await files.put(key, f.data, f.mime);
    stored.push({ ...f, key, sha256 });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await lockAssignment(trx, id);
    const fresh = (await findAssignment(trx, null, id))!;
    const result = transition(fresh.state, 'record', 'receiver', {});
    if (!result.ok) throw new AppError('RULE_VIOLATION', result.message, { code: result.code, rule: result.rule });
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
        storage: files.kind,
        storage_key: f.key,
        filename: f.filename,
        mime: f.mime,
        size_bytes: f.data.length,
        sha256: f.sha256,
        created_at: ctx.now,
      });
    }
    await touchLastEntry(trx, id, ctx.now);
    await refreshAssignment(trx, id, ctx);
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
  });
  return getAssignmentDetail(ctx, id);
}

/** An evidence file, if the entry's assignment is visible to the caller. */
export async function getEvidence(
  ctx: Ctx,
  files: FileStore,
  fileId: number,
): Promise<{ filename: string; mime: string; data: Buffer }> {
  const row = await findEvidenceFile(ctx.db, fileId);
  if (!row) throw new AppError('NOT_FOUND', `佐证材料不存在（ID ${fileId}）`);
  await getAssignmentRow(ctx, row.assignment_id);
  return { filename: row.filename, mime: row.mime, data: await files.get(row.storage_key) };
}
