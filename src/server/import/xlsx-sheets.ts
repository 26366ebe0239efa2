import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import excelUtils from 'exceljs/lib/utils/utils.js';
import defaultNumFormats from 'exceljs/lib/xlsx/defaultnumformats.js';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import type { CellValue, Grid, GridCell, MergeRange } from '../../domain/import/grid.ts';

/**
 * The sheets of an .xlsx read straight from the XML of its parts by saxes (the parser ExcelJS itself reads them
 * with), in one pass per sheet: every value as ExcelJS's streaming reader read it — shared strings and their runs,
 * inline strings, a formula's stored result, booleans, errors, a number under a date format as a date (ExcelJS's own
 * isDateFmt, excelToDate and built-in formats), a cell's style or else its row's — and the merged ranges, without
 * a Row, a Cell, a style and a value object per cell: for a 50,000-row roster that reading was most of an import's
 * time and memory (issue 9). Cells holding the same shared string share one GridCell. A workbook laid out in a way
 * this reader does not place (a sheet part named otherwise, a listed sheet that is not a worksheet, a cell without
 * its address) gives null: the caller reads it whole with ExcelJS, as the streaming reader's fallback did.
 */

/** Rows read so far, of about how many (0 when the file does not say). */
export type ReadProgress = (done: number, total: number) => void;

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * Text as the file spells characters XML cannot hold (a control character is _x0007_, a literal "_x" is _x005F_x),
 * decoded; blank text is no value.
 */
export function textValue(s: string): string | null {
  const text = s.includes('_x')
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : s;
  return text.trim() === '' ? null : text;
}

/**
 * A date cell's value. A number that a date format made a date (20160801 formatted yyyy-mm-dd is the year 57,000)
 * is the number that was typed.
 */
export function dateValue(x: Date): CellValue {
  const y = x.getUTCFullYear();
  if (y > 2200 || y < 1900) return Math.round((x.getTime() - EXCEL_EPOCH) / 86_400_000);
  return x;
}

/** A part of the package that this reader cannot place: the workbook is read whole instead. */
class Unplaced extends Error {}

/** ExcelJS's streaming reader took sheet parts by this name only (any other name: read whole). */
const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
/** How much of a sheet's beginning is searched for its <dimension> (the rows it says it has, for progress). */
const HEAD_CHARS = 2000;

type Attributes = Record<string, string>;
/** An element as saxes gives it (without namespaces, its attributes are plain strings). */
type Tag = { name: string; attributes: unknown };

/** Number formats by cell style (cellXfs): the format of style i, undefined for none; NO_STYLE past the last. */
type Styles = { formats: (string | undefined)[] };
const NO_STYLE = null;

export async function readXlsxSheets(xlsx: Buffer, onProgress?: ReadProgress): Promise<Grid[] | null> {
  // validateEntrySizes: an entry that inflates beyond its declared size fails as soon as it does (openWorkbook held
  // the declared sizes to the zip limits and relies on it).
  const zip = await yauzl.fromBufferPromise(xlsx, {
    lazyEntries: true,
    validateEntrySizes: true,
    strictFileNames: false,
  });
  try {
    return await readPackage(zip, onProgress);
  } catch (e) {
    if (e instanceof Unplaced) return null;
    throw e;
  } finally {
    zip.close();
  }
}

async function readPackage(zip: yauzl.ZipFile, onProgress?: ReadProgress): Promise<Grid[] | null> {
  const entries = new Map<string, yauzl.Entry>();
  const sheetParts: { entry: yauzl.Entry; no: string }[] = [];
  for await (const entry of zip.eachEntry()) {
    entries.set(entry.fileName, entry);
    const m = SHEET_PART.exec(entry.fileName);
    if (m) sheetParts.push({ entry, no: m[1] ?? '' });
  }
  const part = (name: string) => entries.get(name);
  const relsEntry = part('xl/_rels/workbook.xml.rels');
  const bookEntry = part('xl/workbook.xml');
  if (!relsEntry || !bookEntry) return null;
  const rels = relationshipsOf(await textOf(zip, relsEntry));
  const book = workbookOf(await textOf(zip, bookEntry));
  if (book.sheets.length === 0 || book.sheets.length !== sheetParts.length) return null;

  // Each sheet part as ExcelJS named it: its relationship by target, the listed sheet by relationship id.
  const partOf = new Map<string, yauzl.Entry>();
  for (const { entry, no } of sheetParts) {
    const rel = rels.find((r) => r.Target === `worksheets/sheet${no}.xml`);
    const listed = rel && book.sheets.find((s) => s.rId === rel.Id);
    if (!listed || partOf.has(listed.name)) return null;
    partOf.set(listed.name, entry);
  }
  if (book.sheets.some((s) => !partOf.has(s.name))) return null;

  const stylesEntry = part('xl/styles.xml');
  const styles = stylesEntry ? stylesOf(await textOf(zip, stylesEntry)) : { formats: [undefined] };
  const sstEntry = part('xl/sharedStrings.xml');
  const strings = sstEntry ? await sharedStringsOf(zip, sstEntry) : [];

  let total = 0;
  for (const s of book.sheets) total += declaredRows(await headOf(zip, partOf.get(s.name) as yauzl.Entry));
  let done = 0;
  const tick = () => {
    if (++done % 1000 === 0) onProgress?.(done, Math.max(total, done));
  };
  const reading: SheetReading = { strings, styles, date1904: book.date1904, sharedCells: [], tick };
  const grids: Grid[] = [];
  for (const s of book.sheets) {
    const { rows, merges } = await readSheet(zip, partOf.get(s.name) as yauzl.Entry, reading);
    grids.push({ name: s.name, hidden: s.state === 'hidden' || s.state === 'veryHidden', rows, merges });
  }
  onProgress?.(done, done);
  return grids;
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return zip.openReadStreamPromise(entry);
}

/** A part's text, whole (the small parts: workbook, relationships, styles). */
async function textOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openStream(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A part's first HEAD_CHARS characters, the rest left unread. */
async function headOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const stream = await openStream(zip, entry);
  const decoder = new StringDecoder('utf8');
  let head = '';
  for await (const chunk of stream) {
    head += decoder.write(chunk as Buffer);
    if (head.length >= HEAD_CHARS) break;
  }
  stream.destroy();
  return head.slice(0, HEAD_CHARS);
}

/** Feeds a part through a saxes parser as it is inflated, without holding its text (a sheet can be tens of MB). */
async function parsePart(zip: yauzl.ZipFile, entry: yauzl.Entry, parser: SaxesParser): Promise<void> {
  let failed: Error | null = null;
  parser.on('error', (e) => {
    failed ??= e;
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of await openStream(zip, entry)) {
    parser.write(decoder.write(chunk as Buffer));
    if (failed) throw failed;
  }
  // Like ExcelJS, no close(): a part that stops inside an element keeps what was read.
  parser.write(decoder.end());
  if (failed) throw failed;
}

/** Parses a small part; `open` sees every element with its name less any namespace prefix. */
function eachElement(xml: string, open: (local: string, attributes: Attributes, tag: Tag) => void): void {
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const i = tag.name.indexOf(':');
    open(i < 0 ? tag.name : tag.name.slice(i + 1), tag.attributes as Attributes, tag);
  });
  parser.on('error', () => {
    throw new Unplaced();
  });
  parser.write(xml);
}

type Relationship = { Id: string | undefined; Target: string | undefined };

function relationshipsOf(xml: string): Relationship[] {
  const out: Relationship[] = [];
  eachElement(xml, (_local, a, tag) => {
    if (tag.name === 'Relationship') out.push({ Id: a.Id, Target: a.Target });
  });
  return out;
}

type Book = {
  sheets: { name: string; state: string | undefined; rId: string | undefined }[];
  date1904: boolean;
};

/** workbook.xml as ExcelJS read it: the sheets in order (names decoded once more, as it did) and the date system. */
function workbookOf(xml: string): Book {
  const book: Book = { sheets: [], date1904: false };
  eachElement(xml, (_local, a, tag) => {
    if (tag.name === 'sheet') {
      if (a.name === undefined) throw new Unplaced();
      book.sheets.push({ name: excelUtils.xmlDecode(a.name), state: a.state, rId: a['r:id'] });
    } else if (tag.name === 'workbookPr') book.date1904 = a.date1904 === '1';
  });
  return book;
}

/** styles.xml: each cell style's number format, custom (numFmts, backslash escapes undone) or built in. */
function stylesOf(xml: string): Styles {
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inNumFmts = false;
  let inCellXfs = false;
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Attributes;
    switch (tag.name) {
      case 'numFmts':
        inNumFmts = true;
        break;
      case 'cellXfs':
        inCellXfs = true;
        break;
      case 'numFmt':
        if (inNumFmts) {
          if (a.formatCode === undefined) throw new Unplaced();
          custom.set(parseInt(a.numFmtId ?? '', 10), a.formatCode.replace(/[\\](.)/g, '$1'));
        }
        break;
      case 'xf':
        if (inCellXfs) ids.push(parseInt(a.numFmtId ?? '', 10));
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'numFmts') inNumFmts = false;
    else if (tag.name === 'cellXfs') inCellXfs = false;
  });
  parser.on('error', () => {
    throw new Unplaced();
  });
  parser.write(xml);
  return { formats: ids.map((id) => (id ? custom.get(id) || defaultNumFormats[id]?.f : undefined)) };
}

/**
 * The shared strings as values, read as ExcelJS read them: a string's text is that of its last <t> (or its runs'
 * texts, joined), and an empty one is no value.
 */
async function sharedStringsOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  let text: string | null = null;
  let runs: (string | null)[] = [];
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    if (tag.name === 't') text = null;
    else if (tag.name === 'si') {
      runs = [];
      text = null;
    }
  });
  parser.on('text', (t) => {
    text = text ? text + t : t;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'r') {
      runs.push(text);
      text = null;
    } else if (tag.name === 'si') {
      const whole = runs.length > 0 ? runs.join('') : text;
      out.push(whole === null ? null : textValue(whole));
      runs = [];
      text = null;
    }
  });
  await parsePart(zip, entry, parser);
  return out;
}

/** The last row a sheet's <dimension ref="A1:K500"/> names, 0 without one. */
function declaredRows(head: string): number {
  let rows = 0;
  let seen = false;
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const i = tag.name.indexOf(':');
    if ((i < 0 ? tag.name : tag.name.slice(i + 1)) !== 'dimension' || seen) return;
    seen = true;
    const last = ((tag.attributes as Attributes).ref ?? '').split(':').at(-1) ?? '';
    rows = addressOf(last)?.row ?? 0;
  });
  // The head stops inside the sheet: its unclosed elements are no reason to stop.
  parser.on('error', () => {});
  parser.write(head);
  return rows;
}

function addressOf(a: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a.trim().toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1] ?? '') col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** A cell reference's column (A1 → 1), read as ExcelJS read it: its capital letters before the row's digits. */
function columnOf(ref: string | undefined): number {
  if (ref === undefined) throw new Unplaced();
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + ch - 64;
    else break;
  }
  if (col === 0 || col > 16_384) throw new Unplaced();
  return col;
}

type SheetReading = {
  strings: readonly (string | null)[];
  styles: Styles;
  date1904: boolean;
  /** One GridCell per shared string (cells without a number format), made when first met. */
  sharedCells: (GridCell | undefined)[];
  tick: () => void;
};

/** The number format of a style, or NO_STYLE for a style the workbook does not have. */
function formatOfStyle(styles: Styles, id: number): string | undefined | typeof NO_STYLE {
  return id >= 0 && id < styles.formats.length ? styles.formats[id] : NO_STYLE;
}

/**
 * One sheet's rows and merged ranges. The rows' cells as ExcelJS's streaming reader made them (see the file's
 * comment), each cell a GridCell; a merged range keeps its value in its top-left cell only.
 */
async function readSheet(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  reading: SheetReading,
): Promise<{ rows: (GridCell | null)[][]; merges: MergeRange[] }> {
  const { strings, styles, date1904, sharedCells, tick } = reading;
  const rows: (GridCell | null)[][] = [];
  const merges: MergeRange[] = [];
  let inRows = false;
  let row: (GridCell | null)[] | null = null;
  let rowNumber = 0;
  let rowFormat: string | undefined;
  // The cell being read: its column, style, type and the text of its <v> (or <is><t>) and <f>.
  let inCell = false;
  let col = 0;
  let format: string | undefined;
  let type: string | undefined;
  let into: 'nothing' | 'value' | 'formula' = 'nothing';
  let hasValue = false;
  let hasFormula = false;
  let valueText = '';
  let formulaText = '';

  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    switch (tag.name) {
      case 'sheetData':
        inRows = true;
        break;
      case 'row': {
        if (!inRows) break;
        const a = tag.attributes as Attributes;
        rowNumber = parseInt(a.r ?? '', 10);
        if (!(rowNumber >= 1)) throw new Unplaced();
        row = [];
        rowFormat = undefined;
        if (a.s) {
          const f = formatOfStyle(styles, parseInt(a.s, 10));
          if (f !== NO_STYLE) rowFormat = f;
        }
        break;
      }
      case 'c': {
        if (!row) break;
        const a = tag.attributes as Attributes;
        inCell = true;
        col = columnOf(a.r);
        type = a.t;
        format = rowFormat;
        const s = parseInt(a.s ?? '', 10);
        if (s) {
          const f = formatOfStyle(styles, s);
          if (f !== NO_STYLE) format = f;
        }
        into = 'nothing';
        hasValue = false;
        hasFormula = false;
        break;
      }
      case 'f':
        if (!inCell) break;
        into = 'formula';
        hasFormula = true;
        formulaText = '';
        break;
      case 'v':
      case 'is':
      case 't':
        if (!inCell) break;
        into = 'value';
        hasValue = true;
        valueText = '';
        break;
      default:
        if (!inRows) mergeOf(tag, merges);
    }
  });
  parser.on('text', (text) => {
    if (into === 'value') valueText += text;
    else if (into === 'formula') formulaText += text;
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'sheetData':
        inRows = false;
        break;
      case 'row':
        if (!row) break;
        rows[rowNumber - 1] = settled(row);
        row = null;
        tick();
        break;
      case 'c':
        if (!row || !inCell) break;
        inCell = false;
        into = 'nothing';
        if (hasFormula) row[col - 1] = formulaCell();
        else if (hasValue) row[col - 1] = valueCell();
        break;
    }
  });

  const shown = () => (format !== undefined && format !== 'General' ? format : undefined);
  const withFormat = (value: CellValue): GridCell => {
    const numFmt = shown();
    return numFmt === undefined ? { value } : { value, numFmt };
  };
  function formulaCell(): GridCell {
    let result: string | number | undefined;
    if (hasValue) result = type === 'str' ? excelUtils.xmlDecode(valueText) : parseFloat(valueText);
    // ExcelJS keeps a formula's stored result only when it is truthy (a result of 0, FALSE, an error or empty text
    // reads as no result); a cell of a shared formula's range (<f> without text) keeps any.
    if (formulaText !== '' && !result) result = undefined;
    if (result === undefined) {
      const numFmt = shown();
      return numFmt === undefined
        ? { value: null, formulaWithoutValue: formulaText }
        : { value: null, formulaWithoutValue: formulaText, numFmt };
    }
    return withFormat(typeof result === 'string' ? textValue(result) : result);
  }
  function valueCell(): GridCell | null {
    let value: CellValue;
    switch (type) {
      case 's': {
        const i = parseInt(valueText, 10);
        value = strings[i] ?? null;
        if (value === null) return null;
        if (shown() !== undefined) return withFormat(value);
        let cell = sharedCells[i];
        if (!cell) {
          cell = { value };
          sharedCells[i] = cell;
        }
        return cell;
      }
      case 'inlineStr':
      case 'str':
        value = textValue(excelUtils.xmlDecode(valueText));
        break;
      case 'e':
        value = valueText;
        break;
      case 'b':
        value = parseInt(valueText, 10) !== 0;
        break;
      default: {
        const n = parseFloat(valueText);
        value = excelUtils.isDateFmt(format) ? dateValue(excelUtils.excelToDate(n, date1904)) : n;
      }
    }
    return value === null ? null : withFormat(value);
  }

  await parsePart(zip, entry, parser);
  for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = [];
  coverMerges(rows, merges);
  return { rows, merges };
}

/** A row's cells with its gaps as null and no empty cell at its end. */
function settled(cells: (GridCell | null)[]): (GridCell | null)[] {
  let end = cells.length;
  while (end > 0 && !cells[end - 1]) end--;
  cells.length = end;
  for (let i = 0; i < end; i++) if (cells[i] === undefined) cells[i] = null;
  return cells;
}

/** A <mergeCell ref="A1:D1"/> (any namespace prefix) after the rows. */
function mergeOf(tag: Tag, merges: MergeRange[]): void {
  const i = tag.name.indexOf(':');
  if ((i < 0 ? tag.name : tag.name.slice(i + 1)) !== 'mergeCell') return;
  const [a, b] = ((tag.attributes as Attributes).ref ?? '').split(':');
  const tl = a ? addressOf(a) : null;
  const br = b ? addressOf(b) : tl;
  if (tl && br) merges.push({ top: tl.row, left: tl.col, bottom: br.row, right: br.col });
}

/** The cells merged ranges cover, other than their top-left one, emptied. */
function coverMerges(rows: (GridCell | null)[][], merges: readonly MergeRange[]): void {
  for (const m of merges) {
    for (let r = m.top; r <= Math.min(m.bottom, rows.length); r++) {
      const cells = rows[r - 1];
      if (!cells) continue;
      let touched = false;
      for (let c = m.left; c <= Math.min(m.right, cells.length); c++) {
        if ((r !== m.top || c !== m.left) && cells[c - 1]) {
          cells[c - 1] = null;
          touched = true;
        }
      }
      if (touched) settled(cells);
    }
  }
}
