import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { XLSX_ZIP_LIMITS } from '../../domain/files/limits.ts';
import type { CellValue, Grid, GridCell, MergeRange } from '../../domain/import/grid.ts';
import { type Msg, msg } from '../../domain/messages.ts';
import { isAppError } from '../errors.ts';
import { assertZipWithinLimits } from '../files/zip-guard.ts';

/**
 * Opening an uploaded spreadsheet as grids (domain/import/grid.ts), whatever Excel wrote: .xlsx through ExcelJS
 * (held to the zip limits first), .xls (BIFF8) converted to .xlsx by LibreOffice headless in a child process with a
 * time limit — chosen over SheetJS from the npm registry (0.18.5, an old release with published advisories, and
 * parsing untrusted uploads is exactly the risky case) — and an encrypted workbook (an OLE container holding
 * EncryptionInfo) named as what it is. Merged ranges keep their value in the top-left cell only; a formula without
 * a stored result is marked, never read as empty.
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

/** Rows read so far, of about how many (0 when the file does not say). */
export type ReadProgress = (done: number, total: number) => void;

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
  // Over a limit: 413 (thrown); not a readable zip: a file problem like any other.
  try {
    await assertZipWithinLimits(file, { ...XLSX_ZIP_LIMITS, what, invalidMessage: msg('err.imp.file.notSpreadsheet') });
  } catch (e) {
    if (isAppError(e) && e.code === 'IMPORT_INVALID') return { ok: false, msg: e.msg };
    throw e;
  }
  const grids = await gridsOf(file, onProgress);
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

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A cell's value without rich text or hyperlinks; a formula by its stored result. */
function gridCellOf(cell: ExcelJS.Cell, escaped = false): GridCell | null {
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
    return { value: plainValue(r, escaped), ...(numFmt ? { numFmt } : {}) };
  }
  const value = plainValue(v, escaped);
  if (value === null) return null;
  return numFmt ? { value, numFmt } : { value };
}

/** A value without rich text or hyperlinks (a function of its own: it runs for every cell of the file). */
function plainValue(x: unknown, escaped: boolean): CellValue {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string') {
    const text = escaped ? unescapeXstring(x) : x;
    return text.trim() === '' ? null : text;
  }
  if (typeof x === 'number' || typeof x === 'boolean') return x;
  if (x instanceof Date) {
    // A number that a date format made ExcelJS read as a date (20160801 formatted yyyy-mm-dd is the year
    // 57,000): the number is what was typed.
    const y = x.getUTCFullYear();
    if (y > 2200 || y < 1900) return Math.round((x.getTime() - EXCEL_EPOCH) / 86_400_000);
    return x;
  }
  const o = x as Record<string, unknown>;
  if (Array.isArray(o.richText))
    return plainValue((o.richText as { text: string }[]).map((r) => r.text).join(''), escaped);
  if ('text' in o && 'hyperlink' in o) return plainValue(o.text, escaped);
  if ('error' in o) return String(o.error);
  return null;
}

/**
 * Text as the file spells characters XML cannot hold (a control character is _x0007_, a literal "_x" is _x005F_x):
 * the whole-workbook reader decodes these, the streaming one does not.
 */
function unescapeXstring(s: string): string {
  return s.includes('_x')
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : s;
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
 * The sheets of an .xlsx as grids. ExcelJS's streaming reader (a row at a time: a 50,000-row roster no longer
 * becomes half a million cell objects held at once) gives the values; it skips merged ranges, which the table finder
 * needs, so those are read from each sheet's XML after its <sheetData>. A workbook the streaming reader cannot place
 * (a sheet part it does not recognise, a sheet it cannot name) is read whole instead, as before.
 */
async function gridsOf(
  xlsx: Buffer,
  onProgress?: ReadProgress,
): Promise<{ ok: true; grids: Grid[] } | { ok: false; msg: Msg }> {
  try {
    const streamed = await streamedGrids(xlsx, onProgress);
    if (streamed) return { ok: true, grids: streamed };
  } catch {
    // read whole below: it names a damaged file
  }
  return loadedGrids(xlsx);
}

type StreamedSheet = ExcelJS.stream.xlsx.WorksheetReader & { name?: string; state?: string };
type ReaderModel = { sheets?: { name: string; rId: string; state?: string }[] };
type ReaderInternals = { model?: ReaderModel; workbookRels?: { Id: string; Target: string }[] };

async function streamedGrids(xlsx: Buffer, onProgress?: ReadProgress): Promise<Grid[] | null> {
  const { merges, rows: declaredRows } = await mergesInSheets(xlsx);
  let total = 0;
  for (const n of declaredRows.values()) total += n;
  let done = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([xlsx]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const read: { name: string; state: string | undefined; rows: (GridCell | null)[][] }[] = [];
  for await (const sheet of reader) {
    const ws = sheet as StreamedSheet;
    const rows: (GridCell | null)[][] = [];
    const name = ws.name ?? '';
    const covered = coveredCells(merges.get(name) ?? null);
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      const r = row.number;
      const cells: (GridCell | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (covered?.has(r * 65_536 + c)) return;
        const g = gridCellOf(cell, true);
        if (g) cells[c - 1] = g;
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows[r - 1] = cells;
      if (++done % 1000 === 0) onProgress?.(done, Math.max(total, done));
    }
    for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = [];
    read.push({ name, state: ws.state, rows });
  }
  const model = (reader as unknown as ReaderInternals).model;
  const order = model?.sheets ?? [];
  // Every sheet the workbook lists must have been read and named: otherwise the whole-workbook reader decides.
  if (order.length === 0 || order.length !== read.length) return null;
  const byName = new Map(read.map((s) => [s.name, s]));
  const grids: Grid[] = [];
  for (const listed of order) {
    const s = byName.get(listed.name);
    if (!s) return null;
    grids.push({
      name: s.name,
      hidden: s.state === 'hidden' || s.state === 'veryHidden',
      rows: s.rows,
      merges: merges.get(s.name) ?? [],
    });
  }
  onProgress?.(done, done);
  return grids;
}

/** The cells a sheet's merged ranges cover (not their top-left cell), as row × 65,536 + column. */
function coveredCells(ranges: readonly MergeRange[] | null): Set<number> | null {
  if (!ranges || ranges.length === 0) return null;
  const covered = new Set<number>();
  for (const m of ranges) {
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(r * 65_536 + c);
    }
  }
  return covered;
}

const SHEET_DATA_END = /<\/(?:[A-Za-z_][\w.-]*:)?sheetData\s*>|<(?:[A-Za-z_][\w.-]*:)?sheetData\s*\/>/;

/**
 * Each sheet's merged ranges, by sheet name: the <mergeCell ref="A1:D1"/> elements that follow <sheetData> in the
 * sheet's XML (the schema puts them after it), parsed by saxes from there on; the rows before are only scanned for
 * the end of <sheetData>. Also the rows each sheet says it has (<dimension ref="A1:K500"/> at its top), for progress.
 * Sheet names come from workbook.xml through its relationships.
 */
async function mergesInSheets(xlsx: Buffer): Promise<{ merges: Map<string, MergeRange[]>; rows: Map<string, number> }> {
  const zip = await yauzl.fromBufferPromise(xlsx, { lazyEntries: true, strictFileNames: false });
  const parts = new Map<string, { head: string; tail: string }>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels') {
        parts.set(name, await readEntry(zip, entry, null));
      } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
        parts.set(name, await readEntry(zip, entry, SHEET_DATA_END));
      }
    }
  } finally {
    zip.close();
  }
  const targets = new Map<string, string>();
  for (const tag of tagsIn(parts.get('xl/_rels/workbook.xml.rels')?.tail ?? '', 'Relationship')) {
    const id = tag.Id;
    const target = tag.Target;
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, MergeRange[]>();
  const rows = new Map<string, number>();
  for (const sheet of tagsIn(parts.get('xl/workbook.xml')?.tail ?? '', 'sheet')) {
    const rid = Object.entries(sheet).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const part = rid ? targets.get(rid) : undefined;
    const text = part ? parts.get(part.replace(/^xl\/\.\//, 'xl/')) : undefined;
    if (!sheet.name || text === undefined) continue;
    const dimension = tagsIn(text.head, 'dimension')[0]?.ref?.split(':').at(-1);
    const bottom = dimension ? decodeAddress(dimension)?.row : undefined;
    if (bottom !== undefined) rows.set(sheet.name, bottom);
    const ranges: MergeRange[] = [];
    for (const m of tagsIn(text.tail, 'mergeCell')) {
      const [a, b] = (m.ref ?? '').split(':');
      const tl = a ? decodeAddress(a) : null;
      const br = b ? decodeAddress(b) : tl;
      if (tl && br) ranges.push({ top: tl.row, left: tl.col, bottom: br.row, right: br.col });
    }
    out.set(sheet.name, ranges);
  }
  return { merges: out, rows };
}

/**
 * An entry's text (`tail`); with `from`, only what follows the first match of it (a sheet's rows are scanned in chunks
 * with a short carry for a tag split between two, never held), and its first 2,000 characters (`head`).
 */
function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  from: RegExp | null,
): Promise<{ head: string; tail: string }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const decoder = new StringDecoder('utf8');
      let kept = '';
      let head = '';
      let found = from === null;
      stream.on('data', (chunk: Buffer) => {
        const text = decoder.write(chunk);
        if (head.length < 2000) head += text.slice(0, 2000 - head.length);
        if (found) {
          kept += text;
          return;
        }
        const window = kept + text;
        const m = from?.exec(window);
        if (m) {
          found = true;
          kept = window.slice(m.index + m[0].length);
        } else kept = window.slice(-64);
      });
      stream.on('end', () => resolve({ head, tail: found ? kept + decoder.end() : '' }));
      stream.on('error', reject);
    });
  });
}

/** The attributes of every element named `local` (any namespace prefix) in a piece of XML, read by saxes. */
function tagsIn(xml: string, local: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  if (xml === '') return out;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const name = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    if (name === local) out.push({ ...(tag.attributes as Record<string, string>) });
  });
  // A sheet's tail starts inside <worksheet>: its closing tag is "unmatched" here, which is no reason to stop.
  parser.on('error', () => {});
  parser.write(xml).close();
  return out;
}

/** The whole workbook in memory: the streaming reader's fallback, and the reference it is tested against. */
export async function loadedGrids(xlsx: Buffer): Promise<{ ok: true; grids: Grid[] } | { ok: false; msg: Msg }> {
  const wb = new ExcelJS.Workbook();
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
        const g = gridCellOf(cell, true);
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
