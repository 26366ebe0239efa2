import yauzl from 'yauzl';
import { formatBytes, type ZipLimits } from '../../domain/files/limits.ts';
import type { MessageKey, Msg } from '../../domain/messages.ts';
import { AppError } from '../errors.ts';

export type ZipGuardOptions = ZipLimits & {
  /** What the archive is, as the messages name it: msg('err.zip.docx', { file }) → Word 文件“讲话.docx”. */
  what: Msg;
  /** The message when the archive cannot be read at all (damaged, encrypted, not a zip). */
  invalidMessage?: Msg;
};

/**
 * Refuses a zip archive (.docx, .xlsx) that would expand beyond the limits before a reader that holds it in memory
 * (mammoth, ExcelJS) is given it. First the central directory: too many entries, or declared sizes beyond the
 * limits. Then every entry is inflated and its bytes counted, stopping at the limit, so a header that understates
 * its size cannot get through (yauzl also fails an entry whose inflated size differs from its declared size).
 * Throws PAYLOAD_TOO_LARGE (413) over a limit, IMPORT_INVALID (422) for an archive that cannot be read.
 */
export async function assertZipWithinLimits(data: Buffer, opts: ZipGuardOptions): Promise<void> {
  await checkZip(data, opts, true);
}

/**
 * The central directory's half of assertZipWithinLimits, inflating nothing: for a reader that inflates the entries
 * itself through yauzl with `validateEntrySizes` (xlsx-sheets.ts), which fails an entry as soon as it inflates
 * beyond its declared size. The declared sizes being within the limits, nothing it reads can expand beyond them:
 * the archive is inflated once, by the reader, instead of twice. A reader that does not check the sizes as it
 * inflates (mammoth, ExcelJS) must be given an archive that passed assertZipWithinLimits.
 */
export async function assertZipDirectoryWithinLimits(data: Buffer, opts: ZipGuardOptions): Promise<void> {
  await checkZip(data, opts, false);
}

async function checkZip(data: Buffer, opts: ZipGuardOptions, inflate: boolean): Promise<void> {
  const invalid = (cause: unknown) =>
    new AppError('IMPORT_INVALID', opts.invalidMessage ?? { key: 'err.zip.invalid', params: { what: opts.what } }, {
      reason: cause instanceof Error ? cause.message : String(cause),
    });
  const tooLarge = (key: LimitKey, limit: number) =>
    AppError.of('PAYLOAD_TOO_LARGE', key, { what: opts.what, limit: formatBytes(limit) });

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw invalid(e);
  }
  try {
    if (zip.entryCount > opts.maxEntries) {
      throw AppError.of('PAYLOAD_TOO_LARGE', 'err.zip.tooManyEntries', {
        what: opts.what,
        count: zip.entryCount,
        limit: opts.maxEntries,
      });
    }
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.isEncrypted()) throw invalid('encrypted entry');
        if (entry.uncompressedSize > opts.maxEntryBytes) throw tooLarge('err.zip.entryTooLarge', opts.maxEntryBytes);
        declared += entry.uncompressedSize;
        if (declared > opts.maxTotalBytes) throw tooLarge('err.zip.totalTooLarge', opts.maxTotalBytes);
        entries.push(entry);
      }
    } catch (e) {
      throw e instanceof AppError ? e : invalid(e);
    }
    if (!inflate) return;
    let total = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue; // a directory
      const left = opts.maxTotalBytes - total;
      total += await inflatedSize(zip, entry, { ...opts, left }, tooLarge, invalid);
    }
  } finally {
    zip.close();
  }
}

type LimitKey = Extract<MessageKey, 'err.zip.entryTooLarge' | 'err.zip.totalTooLarge'>;

/**
 * Inflates one entry, counting its bytes and keeping none; stops as soon as it passes the entry limit or what is
 * left of the total (`left`); the message names the whole archive's limit (`maxTotalBytes`).
 */
async function inflatedSize(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: { maxEntryBytes: number; left: number; maxTotalBytes: number },
  tooLarge: (key: LimitKey, limit: number) => AppError,
  invalid: (cause: unknown) => AppError,
): Promise<number> {
  let stream: Awaited<ReturnType<yauzl.ZipFile['openReadStreamPromise']>>;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (e) {
    throw invalid(e);
  }
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > limits.maxEntryBytes) throw tooLarge('err.zip.entryTooLarge', limits.maxEntryBytes);
      if (bytes > limits.left) throw tooLarge('err.zip.totalTooLarge', limits.maxTotalBytes);
    }
  } catch (e) {
    throw e instanceof AppError ? e : invalid(e);
  } finally {
    stream.destroy();
  }
  return bytes;
}
