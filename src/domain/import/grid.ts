/**
 * A sheet as the importer sees it, whatever file it came from (.xlsx read by ExcelJS, .xls converted first): its
 * name, whether it is hidden, its cells row by row and its merged ranges. A merged range's value stands in its
 * top-left cell only; the cells it covers are empty here (a reader never repeats it once per covered cell).
 */

export type CellValue = string | number | boolean | Date | null;

export type GridCell = {
  value: CellValue;
  /** A formula whose file holds no computed value (written by a program, never opened in Excel). */
  formulaWithoutValue?: string;
  /** The cell's number format, when it has one other than General (tells a date serial from a number). */
  numFmt?: string;
};

/** A merged range, 1-based and inclusive. */
export type MergeRange = { top: number; left: number; bottom: number; right: number };

export type Grid = {
  name: string;
  hidden: boolean;
  /** rows[r - 1][c - 1] is the cell at row r, column c (1-based in messages, as Excel shows them). */
  rows: (GridCell | null)[][];
  merges: MergeRange[];
};

/** The cell at 1-based row and column, or null. */
export function cellAt(grid: Grid, row: number, col: number): GridCell | null {
  return grid.rows[row - 1]?.[col - 1] ?? null;
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A value as text, for matching and messages: dates as YYYY-MM-DD (Excel dates are UTC midnight), trimmed. */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return isoOfUtc(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v).trim();
}

export function isoOfUtc(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

/** Whether a cell holds anything (a formula without a value counts: it must be reported, never read as empty). */
export function hasContent(c: GridCell | null): boolean {
  return c !== null && (c.formulaWithoutValue !== undefined || (c.value !== null && cellText(c.value) !== ''));
}

/** How many columns the sheet uses. */
export function widthOf(grid: Grid): number {
  let w = 0;
  for (const row of grid.rows) {
    for (let c = row.length; c > w; c--) {
      if (hasContent(row[c - 1] ?? null)) {
        w = c;
        break;
      }
    }
  }
  for (const m of grid.merges) w = Math.max(w, m.right);
  return w;
}

/** The merged range whose top-left cell is at (row, col), if any. */
export function mergeStartingAt(grid: Grid, row: number, col: number): MergeRange | undefined {
  return grid.merges.find((m) => m.top === row && m.left === col);
}
