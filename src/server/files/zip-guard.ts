import yauzl from 'yauzl';
import { formatBytes, type ZipLimits } from '../../domain/files/limits.ts';
import { AppError } from '../errors.ts';

export type ZipGuardOptions = ZipLimits & {
  /** What the archive is, as the messages name it: 'Word 文件“讲话.docx”', '花名册文件'. */
  what: string;
  /** The message when the archive cannot be read at all (damaged, encrypted, not a zip). */
  invalidMessage?: string;
};

/**
 * Refuses a zip archive (.docx, .xlsx) that would expand beyond the limits before a reader that holds it in memory
 * (mammoth, ExcelJS) is given it. First the central directory: too many entries, or declared sizes beyond the
 * limits. Then every entry is inflated and its bytes counted, stopping at the limit, so a header that understates
 * its size cannot get through (yauzl also fails an entry whose inflated size differs from its declared size).
 * Throws PAYLOAD_TOO_LARGE (413) over a limit, IMPORT_INVALID (422) for an archive that cannot be read.
 */
export async function assertZipWithinLimits(data: Buffer, opts: ZipGuardOptions): Promise<void> {
  const invalid = (cause: unknown) =>
    new AppError('IMPORT_INVALID', opts.invalidMessage ?? `${opts.what}已损坏或不是有效的压缩文件，无法读取`, {
      reason: cause instanceof Error ? cause.message : String(cause),
    });
  const tooLarge = (message: string) => new AppError('PAYLOAD_TOO_LARGE', `${opts.what}${message}`);

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw invalid(e);
  }
  try {
    if (zip.entryCount > opts.maxEntries) {
      throw tooLarge(`包含 ${zip.entryCount} 个文件，超过 ${opts.maxEntries} 个的上限`);
    }
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.isEncrypted()) throw invalid('encrypted entry');
        if (entry.uncompressedSize > opts.maxEntryBytes) throw tooLarge(entryTooLarge(opts.maxEntryBytes));
        declared += entry.uncompressedSize;
        if (declared > opts.maxTotalBytes) throw tooLarge(totalTooLarge(opts.maxTotalBytes));
        entries.push(entry);
      }
    } catch (e) {
      throw e instanceof AppError ? e : invalid(e);
    }
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

function entryTooLarge(limit: number): string {
  return `中的单个部件解压后超过 ${formatBytes(limit)} 的上限`;
}

function totalTooLarge(limit: number): string {
  return `解压后的总大小超过 ${formatBytes(limit)} 的上限`;
}

/**
 * Inflates one entry, counting its bytes and keeping none; stops as soon as it passes the entry limit or what is
 * left of the total (`left`); the message names the whole archive's limit (`maxTotalBytes`).
 */
async function inflatedSize(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: { maxEntryBytes: number; left: number; maxTotalBytes: number },
  tooLarge: (message: string) => AppError,
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
      if (bytes > limits.maxEntryBytes) throw tooLarge(entryTooLarge(limits.maxEntryBytes));
      if (bytes > limits.left) throw tooLarge(totalTooLarge(limits.maxTotalBytes));
    }
  } catch (e) {
    throw e instanceof AppError ? e : invalid(e);
  } finally {
    stream.destroy();
  }
  return bytes;
}
