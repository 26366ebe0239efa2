/**
 * How much a request may carry: platform defaults (no regulation sets them), in one place so that the server's
 * limits, the contracts, the web app's hints and every error message name the same numbers.
 */

export const MB = 1024 * 1024;

/** One uploaded file (evidence, a roster, a document): multipart `fileSize`. */
export const MAX_UPLOAD_BYTES = 20 * MB;

/** Files in one multipart request (a ledger entry's evidence): multipart `files`. */
export const MAX_UPLOAD_FILES = 10;

/** Parts (fields and files) in one multipart request: multipart `parts`. */
export const MAX_UPLOAD_PARTS = 100;

/** A JSON request body (Fastify's bodyLimit), except the routes that carry a deployment's text. */
export const MAX_JSON_BODY_BYTES = 2 * MB;

/**
 * A deployment's text (pasted, a .txt, or the text of a .docx), in characters. The seed speeches run 3,500–7,600
 * characters and a party congress report about 32,000; 200,000 (20 万字) leaves room for any speech or document
 * while keeping the outline parser and the import screen quick.
 */
export const MAX_DEPLOYMENT_TEXT_CHARS = 200_000;

/** The one message for a deployment's text over the limit, whether pasted, a .txt or a .docx. */
export const DEPLOYMENT_TEXT_TOO_LONG = `正文过长：上限为 ${formatChars(MAX_DEPLOYMENT_TEXT_CHARS)}`;

/**
 * Items in a deployment's outline (a platform default, not a regulation). The seed speeches make 12–39 items; a
 * 5 MB speech made 7,801 and froze the import screen for 53 s. 2,000 is the largest outline the editor is tested
 * to stay responsive with (e2e/large-outline.test.ts); a longer document is imported in parts.
 */
export const MAX_OUTLINE_ITEMS = 2000;

/** The one message for an outline over MAX_OUTLINE_ITEMS, naming the count found; `then` says what to do. */
export function outlineTooLongMessage(count: number, then: 'import' | 'edit'): string {
  const advice = then === 'import' ? '请拆分讲话稿后分次导入' : '请删去不需要落实的条目后再保存';
  return `提纲共 ${count} 条，超过上限 ${MAX_OUTLINE_ITEMS} 条，${advice}`;
}

/** A deployment's source file (.txt or .docx) as uploaded. */
export const MAX_DEPLOYMENT_FILE_BYTES = 10 * MB;

/**
 * The JSON body of the routes that carry a deployment's text or its edited outline: the text at 4 bytes a
 * character (a Chinese character takes 3 in UTF-8, an escaped line break 2) plus 2 MB for the outline's
 * structure (about 1,000 bytes an item for the MAX_OUTLINE_ITEMS items an outline may hold).
 */
export const MAX_DEPLOYMENT_BODY_BYTES = MAX_DEPLOYMENT_TEXT_CHARS * 4 + 2 * MB;

/** What a zip archive (.docx, .xlsx) may expand to before a reader (mammoth, ExcelJS) is given it. */
export type ZipLimits = {
  /** Uncompressed bytes of any one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Entries in the archive. */
  maxEntries: number;
};

/**
 * A roster .xlsx. Measured: 20,000 members make a 1.4 MB file whose sheet expands to 13 MB, which ExcelJS reads
 * in 2.5 s and 155 MB; 50 MB per entry admits about 75,000 rows in one file and bounds the reader near 600 MB.
 */
export const XLSX_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 50 * MB, maxTotalBytes: 100 * MB, maxEntries: 2000 };

/**
 * A deployment .docx. Measured: the largest seed speech makes a 26 KB word/document.xml, and Word's own markup
 * runs to 10–25 bytes a character, so a text at the 200,000-character limit needs 2–5 MB; mammoth costs about
 * 1 s and 60 MB per MB of document.xml (a 20 MB one took 13 s and 1.2 GB), so entries stop at 10 MB.
 */
export const DOCX_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 10 * MB, maxTotalBytes: 50 * MB, maxEntries: 2000 };

/** A size as people read it in a message: '20 MB', '512 KB', '300 字节'. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} 字节`;
}

/** A count of characters in both languages, as a message parameter: 200000 → 20 万字 / 200,000 characters. */
export function charsText(chars: number): { zh: string; en: string } {
  return { zh: formatChars(chars), en: `${chars.toLocaleString('en-US')} characters` };
}

/** A count of characters as people read it: 200000 → '20 万字', 5000 → '5000 字'. */
export function formatChars(chars: number): string {
  return chars >= 10_000 ? `${Number((chars / 10_000).toFixed(1))} 万字` : `${chars} 字`;
}
