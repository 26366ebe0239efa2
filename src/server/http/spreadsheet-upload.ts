import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/** A column mapping as the import pages send it: header as written → field (null: the column is ignored). */
export const columnMapping = z.record(z.string().min(1).max(200), z.string().max(40).nullable());
export type ColumnMapping = z.infer<typeof columnMapping>;

/**
 * An uploaded spreadsheet (multipart field `file`) with the column mapping the user confirmed, if any (field
 * `mapping`, JSON, as the roster's import takes it); other parts are drained. A malformed mapping is refused naming
 * the field.
 */
export async function spreadsheetUpload(
  req: FastifyRequest,
): Promise<{ file: Buffer; filename: string; mapping?: ColumnMapping }> {
  if (!req.isMultipart()) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.roster.notMultipart');
  let file: Buffer | null = null;
  let filename = '';
  let mapping: ColumnMapping | undefined;
  for await (const part of req.parts()) {
    if (part.type !== 'file') {
      if (part.fieldname !== 'mapping' || typeof part.value !== 'string' || part.value === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(part.value);
      } catch {
        raw = undefined;
      }
      const parsed = columnMapping.safeParse(raw);
      if (!parsed.success) {
        throw AppError.of('VALIDATION_FAILED', 'err.roster.badChoices', { field: 'mapping' }, { field: 'mapping' });
      }
      mapping = parsed.data;
      continue;
    }
    const bytes = await part.toBuffer();
    if (part.fieldname === 'file' && file === null) {
      file = bytes;
      filename = part.filename;
    }
  }
  if (file === null) throw AppError.of('VALIDATION_FAILED', 'err.roster.pickFile', {}, { field: 'file' });
  return mapping ? { file, filename, mapping } : { file, filename };
}
