import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { XLSX_ZIP_LIMITS } from '../../domain/files/limits.ts';
import type { CellValue, Grid, GridCell, MergeRange } from '../../domain/import/grid.ts';
import { type Msg, msg } from '../../domain/messages.ts';
import { isAppError } from '../errors.ts';
import { assertZipDirectoryWithinLimits, assertZipWithinLimits, type ZipGuardOptions } from '../files/zip-guard.ts';
import { dateValue, type ReadProgress, readXlsxSheets, textValue } from './xlsx-sheets.ts';

export type { ReadProgress } from './xlsx-sheets.ts';

/**
 * Opening an uploaded spreadsheet as grids (domain/import/grid.ts), whatever Excel wrote: .xlsx read sheet by sheet
 * from its XML (xlsx-sheets.ts; held to the zip limits first), else whole through ExcelJS, .xls (BIFF8) converted to
 * .xlsx by LibreOffice headless in a child process with a time limit — chosen over SheetJS from the npm registry
 * (0.18.5, an old release with published advisories, and parsing untrusted uploads is exactly the risky case) — and
 * an encrypted workbook (an OLE container holding EncryptionInfo) named as what it is. Merged ranges keep their value
 * in the top-left cell only; a formula without a stored result is marked, never read as empty.
 */

export type Workbook = { format: 'xlsx' | 'xls'; grids: Grid[]; xlsx: Buffer };
export type WorkbookResult = { ok: true; workbook: Workbook } | { ok: false; msg: Msg };

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** How long LibreOffice may take to convert one .xls. */
const CONVERT_TIMEOUT_MS = 60_000;

function startsWith(file: Buffer, bytes: readonly number[]): boolean {
  return file.length >= bytes.length && bytes.every((b, i) => file[i] === b);
}

/** An OLE compound file's directory names are UTF-16LE: an encrypted OOXML package holds EncryptionInfo. */
function isEncryptedOle(file: Buffer): boolean {
  return (
    file.includes(Buffer.from('EncryptionInfo', 'utf16le')) || file.includes(Buffer.from('EncryptedPackage', 'utf16le'))
  );
}

function isOleWorkbook(file: Buffer): boolean {
  const name = (n: string) => Buffer.concat([Buffer.from(n, 'utf16le'), Buffer.from([0, 0])]);
  return file.includes(name('Workbook')) || file.includes(name('Book'));
}

export async function openWorkbook(file: Buffer, what: Msg, onProgress?: ReadProgress): Promise<WorkbookResult> {
  if (startsWith(file, OLE)) {
    if (isEncryptedOle(file)) return { ok: false, msg: msg('err.imp.file.encrypted') };
    // An Excel 97–2003 workbook keeps its sheets in the stream Workbook (Book in Excel 5); anything else in an
    // OLE container (a .doc renamed, a damaged file) is not handed to LibreOffice, which would read it as text.
    if (!isOleWorkbook(file)) return { ok: false, msg: msg('err.imp.file.xlsUnreadable') };
    const converted = await convertXls(file);
    if (!converted.ok) return converted;
    const grids = await gridsOf(converted.xlsx, onProgress);
    return grids.ok ? { ok: true, workbook: { format: 'xls', grids: grids.grids, xlsx: converted.xlsx } } : grids;
  }
  if (!startsWith(file, ZIP)) return { ok: false, msg: msg('err.imp.file.notSpreadsheet') };
  // Over a limit: 413 (thrown); not a readable zip: a file problem like any other. The central directory here; the
  // sizes as inflated by the reader that inflates them (gridsOf), so that the sheets are inflated once.
  const guard = { ...XLSX_ZIP_LIMITS, what, invalidMessage: msg('err.imp.file.notSpreadsheet') };
  const refused = await refusal(() => assertZipDirectoryWithinLimits(file, guard));
  if (refused) return refused;
  const grids = await gridsOf(file, onProgress, guard);
  return grids.ok ? { ok: true, workbook: { format: 'xlsx', grids: grids.grids, xlsx: file } } : grids;
}

/** Where LibreOffice's soffice is, or null. */
async function sofficePath(): Promise<string | null> {
  for (const p of ['/usr/bin/soffice', '/usr/local/bin/soffice', '/usr/lib/libreoffice/program/soffice']) {
    if (!p) continue;
    try {
      await fs.access(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

/** .xls → .xlsx by LibreOffice headless, in a directory (and profile) of its own, within a time limit. */
async function convertXls(file: Buffer): Promise<{ ok: true; xlsx: Buffer } | { ok: false; msg: Msg }> {
  const soffice = await sofficePath();
  if (!soffice) return { ok: false, msg: msg('err.imp.file.xlsNoConverter') };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'luoshi-xls-'));
  try {
    const input = path.join(dir, 'upload.xls');
    await fs.writeFile(input, file);
    const profile = `file://${path.join(dir, `profile-${randomUUID()}`)}`;
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          '--headless',
          '--norestore',
          '--nolockcheck',
          `-env:UserInstallation=${profile}`,
          '--convert-to',
          'xlsx',
          '--outdir',
          dir,
          input,
        ],
        { timeout: CONVERT_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    const xlsx = await fs.readFile(path.join(dir, 'upload.xlsx')).catch(() => null);
    if (!xlsx || !startsWith(xlsx, ZIP)) return { ok: false, msg: msg('err.imp.file.xlsUnreadable') };
    return { ok: true, xlsx };
  } catch {
    return { ok: false, msg: msg('err.imp.file.xlsUnreadable') };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * An ExcelJS cell's value without rich text or hyperlinks; a formula by its stored result (the whole-workbook reader,
 * and the reference xlsx-sheets.test.ts holds the sheet reader to).
 */
export function gridCellOf(cell: ExcelJS.Cell): GridCell | null {
  const v = cell.value;
  const numFmt = typeof cell.numFmt === 'string' && cell.numFmt !== 'General' ? cell.numFmt : undefined;
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
    const f = v as { formula?: string; sharedFormula?: string; result?: unknown };
    if (f.result === undefined || f.result === null) {
      return { value: null, formulaWithoutValue: f.formula ?? f.sharedFormula ?? '', ...(numFmt ? { numFmt } : {}) };
    }
    const r = f.result as unknown;
    if (typeof r === 'object' && r !== null && 'error' in (r as object))
      return { value: String((r as { error: string }).error) };
    return { value: plainValue(r), ...(numFmt ? { numFmt } : {}) };
  }
  const value = plainValue(v);
  if (value === null) return null;
  return numFmt ? { value, numFmt } : { value };
}

/** A value without rich text or hyperlinks (a function of its own: it runs for every cell of the file). */
function plainValue(x: unknown): CellValue {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string') return textValue(x);
  if (typeof x === 'number' || typeof x === 'boolean') return x;
  if (x instanceof Date) return dateValue(x);
  const o = x as Record<string, unknown>;
  if (Array.isArray(o.richText)) return plainValue((o.richText as { text: string }[]).map((r) => r.text).join(''));
  if ('text' in o && 'hyperlink' in o) return plainValue(o.text);
  if ('error' in o) return String(o.error);
  return null;
}

function decodeAddress(a: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a.trim().toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1] ?? '') col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

function mergesOf(ws: ExcelJS.Worksheet): MergeRange[] {
  const out: MergeRange[] = [];
  for (const range of (ws.model as { merges?: string[] }).merges ?? []) {
    const [a, b] = range.split(':');
    const tl = a ? decodeAddress(a) : null;
    const br = b ? decodeAddress(b) : tl;
    if (tl && br) out.push({ top: tl.row, left: tl.col, bottom: br.row, right: br.col });
  }
  return out;
}

/**
 * The sheets of an .xlsx as grids, read from the sheets' XML a row at a time (xlsx-sheets.ts: a 50,000-row roster
 * never becomes half a million cell objects). A workbook that reader cannot place, or cannot read, is read whole by
 * ExcelJS instead, which names a damaged file.
 */
async function gridsOf(
  xlsx: Buffer,
  onProgress?: ReadProgress,
  guard?: ZipGuardOptions,
): Promise<{ ok: true; grids: Grid[] } | { ok: false; msg: Msg }> {
  try {
    // It fails an entry that inflates beyond its declared size, which the guard's directory check held to the limits.
    const streamed = await readXlsxSheets(xlsx, onProgress);
    if (streamed) return { ok: true, grids: streamed };
  } catch {
    // read whole below: it names a damaged file
  }
  // ExcelJS inflates without checking the sizes: every entry is inflated and counted first.
  if (guard) {
    const refused = await refusal(() => assertZipWithinLimits(xlsx, guard));
    if (refused) return refused;
  }
  return loadedGrids(xlsx);
}

/** An archive the guard refuses as unreadable: a file problem like any other (over a limit: thrown, 413). */
async function refusal(check: () => Promise<void>): Promise<{ ok: false; msg: Msg } | null> {
  try {
    await check();
    return null;
  } catch (e) {
    if (isAppError(e) && e.code === 'IMPORT_INVALID') return { ok: false, msg: e.msg };
    throw e;
  }
}

/** The whole workbook in memory: the streaming reader's fallback, and the reference it is tested against. */
export async function loadedGrids(xlsx: Buffer): Promise<{ ok: true; grids: Grid[] } | { ok: false; msg: Msg }> {
  // Loaded here only: ExcelJS and the packages it loads (jszip, unzipper, archiver, …) were a large part of every
  // import's start.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  } catch {
    return { ok: false, msg: msg('err.imp.file.notSpreadsheet') };
  }
  const grids: Grid[] = [];
  for (const ws of wb.worksheets) {
    const merges = mergesOf(ws);
    const covered = new Set<string>();
    for (const m of merges) {
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
      }
    }
    const rows: (GridCell | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: (GridCell | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (covered.has(`${r}:${c}`)) return;
        const g = gridCellOf(cell);
        if (g) cells[c - 1] = g;
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows[r - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = [];
    grids.push({ name: ws.name, hidden: ws.state === 'hidden' || ws.state === 'veryHidden', rows, merges });
  }
  return { ok: true, grids };
}
