import { type CellValue, cellAt, cellText, type Grid, hasContent, mergeStartingAt, widthOf } from './grid.ts';
import type { ListSpec } from './list-spec.ts';
import { normalizeHeader } from './list-spec.ts';
import { fieldOfHeader, type TableColumn } from './mapping.ts';

/**
 * Finding the table in a sheet as offices lay them out: title rows and form fields (填报单位：…) above the header,
 * a header of one row or of two (merged group cells such as 党籍信息 over 入党时间 / 转正时间), and below the data
 * a signature or seal block (填表人：… 审核人：…（盖章）, a date) where the table ends. Pure: the grid in, the
 * header rows, the columns and where the data starts and stops out.
 */

export type FoundTable = {
  /** The header's first and last rows (equal for a one-row header). */
  headerTop: number;
  headerBottom: number;
  columns: TableColumn[];
  /** First data row. */
  dataTop: number;
  /** Last row to read (the row before a signature block, or the sheet's last row). */
  dataBottom: number;
  /** The row where a signature or seal block starts, if one was found. */
  signatureRow: number | null;
};

/** How far down a header may sit (titles, form fields and notes above it). */
const HEADER_SEARCH_ROWS = 30;

/** A row of a signature or seal block: who filled in and checked the form, the seal, the date of filling in. */
const SIGNATURE =
  /^(填表人|制表人|填报人|审核人|审批人|复核人|负责人|单位负责人|经办人|联系人|联系电话|书记|党组织书记|支部书记|签字|签名|签章|盖章|[(（]?\s*(单位)?盖章\s*[)）]?|填报日期|制表日期|填表日期|报送日期)(?:\s*[:：(（]|\s+|$)/;
const SIGNATURE_ANYWHERE = /[(（]\s*(单位|党组织|党委|支部)?\s*(盖章|公章)\s*[)）]|签字[)）]?\s*$|[:：]\s*[(（]?盖章/;
/** A date alone on a row (the date under a signature): 2026年11月30日, 二〇二六年十一月三十日. */
const DATE_LINE =
  /^(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*([\d一二三四五六七八九十]{1,3}\s*日)?$/;

function texts(grid: Grid, row: number, width: number): { col: number; text: string }[] {
  const out: { col: number; text: string }[] = [];
  for (let c = 1; c <= width; c++) {
    const cell = cellAt(grid, row, c);
    if (!hasContent(cell)) continue;
    out.push({ col: c, text: cellText(cell?.value ?? null) });
  }
  return out;
}

/** How many of a row's cells name a field of the list (each field once), and whether one names the key field. */
function headerScore<F extends string>(spec: ListSpec<F>, cells: { text: string }[]): { score: number; key: boolean } {
  const seen = new Set<F>();
  let key = false;
  for (const { text } of cells) {
    const hit = fieldOfHeader(spec, text);
    if (!hit || seen.has(hit.field.field) || hit.field.kind === 'seq') continue;
    seen.add(hit.field.field);
    if (hit.field.field === spec.keyField) key = true;
  }
  return { score: seen.size, key };
}

/** Whether a row is a signature or seal block line (or the date under one). */
export function isSignatureRow(cells: readonly { text: string }[]): boolean {
  const texts = cells.map((c) => c.text);
  return isSignatureLine(texts, texts.join(' '));
}

/** isSignatureRow on a row's texts, cell by cell, and those texts joined by a space. */
export function isSignatureLine(texts: readonly string[], joined: string): boolean {
  if (texts.length === 0) return false;
  const first = (texts[0] ?? '').normalize('NFKC').trim();
  if (SIGNATURE.test(first) || SIGNATURE_ANYWHERE.test(joined)) return true;
  return texts.length === 1 && DATE_LINE.test(first.replace(/\s+/g, ''));
}

/**
 * Finds the header: the row among the first ones that names the most fields (at least two, or the key field),
 * then whether the row below (or above) completes it as a two-row header with merged group cells.
 */
export function findTable<F extends string>(grid: Grid, spec: ListSpec<F>): FoundTable | null {
  const width = widthOf(grid);
  const last = grid.rows.length;
  let best: { row: number; score: number } | null = null;
  for (let r = 1; r <= Math.min(last, HEADER_SEARCH_ROWS); r++) {
    const { score, key } = headerScore(spec, texts(grid, r, width));
    if ((score >= 2 || (key && score >= 1)) && (!best || score > best.score)) best = { row: r, score };
  }
  if (!best) return null;

  // A two-row header: the band of two rows names more fields, column by column, than the row alone.
  const band = (top: number, bottom: number) => headerColumns(grid, top, bottom, width);
  const scoreOf = (cols: TableColumn[]) =>
    headerScore(
      spec,
      cols.map((c) => ({ text: fieldOfHeader(spec, c.header) || !c.group ? c.header : `${c.group}${c.header}` })),
    ).score;
  let top = best.row;
  let bottom = best.row;
  let columns = band(top, bottom);
  let score = scoreOf(columns);
  for (const [t, b] of [
    [best.row, best.row + 1],
    [best.row - 1, best.row],
  ] as const) {
    if (t < 1 || b > last || !isTwoRowHeader(grid, t, b, width)) continue;
    const cols = band(t, b);
    const s = scoreOf(cols);
    if (s > score) {
      top = t;
      bottom = b;
      columns = cols;
      score = s;
    }
  }

  // The data ends at a signature or seal block (and everything after it is not data). Every row below the header
  // is looked at: its texts in one reused list, not a list of cells per row.
  let signatureRow: number | null = null;
  const line: string[] = [];
  for (let r = bottom + 1; r <= last; r++) {
    const cells = grid.rows[r - 1];
    if (!cells) continue;
    line.length = 0;
    for (let c = 1, end = Math.min(width, cells.length); c <= end; c++) {
      const cell = cells[c - 1] ?? null;
      if (hasContent(cell)) line.push(cellText(cell?.value ?? null));
    }
    if (line.length > 0 && isSignatureLine(line, line.join(' ')) && !namesKey(grid, spec, columns, r)) {
      signatureRow = r;
      break;
    }
  }
  return {
    headerTop: top,
    headerBottom: bottom,
    columns,
    dataTop: bottom + 1,
    dataBottom: signatureRow === null ? last : signatureRow - 1,
    signatureRow,
  };
}

/** Whether row r has a value in the key field's column that reads as a record key (then it is no signature). */
function namesKey<F extends string>(grid: Grid, spec: ListSpec<F>, columns: TableColumn[], r: number): boolean {
  const keyCol = columns.find((c) => fieldOfHeader(spec, c.header)?.field.field === spec.keyField);
  if (!keyCol) return false;
  const text = cellText(cellAt(grid, r, keyCol.col)?.value ?? null);
  return text !== '' && !SIGNATURE.test(text) && !/[:：]/.test(text) && [...text].length <= 6;
}

/**
 * Rows t and b form one header when the upper row has a cell merged across several columns (a group) whose
 * columns have names in the lower row, or cells merged down over both rows.
 */
function isTwoRowHeader(grid: Grid, t: number, b: number, width: number): boolean {
  let group = false;
  let vertical = false;
  for (let c = 1; c <= width; c++) {
    const m = mergeStartingAt(grid, t, c);
    if (!m) continue;
    if (m.right > m.left && m.bottom === t) {
      for (let x = m.left; x <= m.right; x++) if (hasContent(cellAt(grid, b, x))) group = true;
    }
    if (m.bottom >= b && m.top === t) vertical = true;
  }
  return group || (vertical && texts(grid, b, width).length > 0);
}

/** The columns of a header band: each column's lowest header text, and the group above it. */
function headerColumns(grid: Grid, top: number, bottom: number, width: number): TableColumn[] {
  const columns: TableColumn[] = [];
  const groupAt = new Map<number, string>();
  if (bottom > top) {
    for (const m of grid.merges) {
      if (m.top !== top || m.bottom !== top || m.right === m.left) continue;
      const text = cellText(cellAt(grid, m.top, m.left)?.value ?? null);
      if (text) for (let x = m.left; x <= m.right; x++) groupAt.set(x, text);
    }
  }
  for (let c = 1; c <= width; c++) {
    let header = '';
    for (let r = bottom; r >= top; r--) {
      const text = cellText(cellAt(grid, r, c)?.value ?? null);
      if (text !== '' && !(r === top && bottom > top && groupAt.has(c))) {
        header = text;
        break;
      }
    }
    const group = groupAt.get(c) ?? null;
    if (header === '' && group === null) continue;
    columns.push({ col: c, header: header === '' ? (group ?? '') : header, group: header === '' ? null : group });
  }
  return columns;
}

/** Whether a data row repeats the header (a printed page break copied into the sheet). */
export function repeatsHeader(
  values: ReadonlyMap<number, { value: CellValue }>,
  columns: readonly TableColumn[],
): boolean {
  const keys = headerKeysOf(columns);
  let same = 0;
  for (let i = 0; i < columns.length; i++) {
    const v = values.get(columns[i]?.col ?? 0)?.value;
    const key = keys[i] ?? '';
    // Only text can repeat a header; text much longer than the header cannot, whatever its spaces and brackets;
    // text without the header's first character cannot either, unless it has full-width forms NFKC would fold.
    if (typeof v !== 'string' || key === '' || v.length > key.length * 4 + 16) continue;
    if (!v.includes(key.charAt(0)) && !FULL_WIDTH.test(v)) continue;
    if (normalizeHeader(v) === key) same++;
  }
  return same >= 2;
}

const FULL_WIDTH = /[\u3000\uFF01-\uFFEF\uF900-\uFAFF]/;

/** The normalised header of each column, computed once per table (repeatsHeader runs for every row). */
const HEADER_KEYS = new WeakMap<readonly TableColumn[], string[]>();
function headerKeysOf(columns: readonly TableColumn[]): string[] {
  let keys = HEADER_KEYS.get(columns);
  if (!keys) {
    keys = columns.map((c) => normalizeHeader(c.header));
    HEADER_KEYS.set(columns, keys);
  }
  return keys;
}
