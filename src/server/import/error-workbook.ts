import type ExcelJS from 'exceljs';
import type { GridImport } from '../../domain/import/importer.ts';

/**
 * The error workbook: the user's own file (an .xls as converted) with every cell that has a problem filled red and
 * the problem as the cell's comment, a row-level problem marked on the row's first cells, and a first sheet 导入错误
 * listing every problem with its sheet, row and column — so the file is fixed where it stands and imported again.
 */

export type ErrorMark = {
  /** The sheet (null: the first sheet read). */
  sheet: string | null;
  row: number | null;
  /** 1-based column; null for a problem of the whole row or file. */
  col: number | null;
  /** The column as the list names it, for the summary. */
  column: string | null;
  message: string;
};

export const ERRORS_SHEET = '导入错误';
const BAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const ROW_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } };

export async function annotateWorkbook(xlsx: Buffer, firstSheet: string, marks: readonly ErrorMark[]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const notes = new Map<string, string[]>();
  for (const m of marks) {
    const ws = wb.getWorksheet(m.sheet ?? firstSheet);
    if (!ws || m.row === null) continue;
    if (m.col !== null) {
      const cell = ws.getCell(m.row, m.col);
      cell.fill = BAD_FILL;
      const key = `${ws.name}!${cell.address}`;
      notes.set(key, [...(notes.get(key) ?? []), m.message]);
      cell.note = (notes.get(key) ?? []).join('\n');
    } else {
      const row = ws.getRow(m.row);
      for (let c = 1; c <= Math.max(1, row.cellCount); c++) row.getCell(c).fill = ROW_FILL;
      const first = row.getCell(1);
      const key = `${ws.name}!${first.address}`;
      notes.set(key, [...(notes.get(key) ?? []), m.message]);
      first.note = (notes.get(key) ?? []).join('\n');
    }
  }
  const summary = wb.addWorksheet(ERRORS_SHEET);
  summary.columns = [
    { header: '工作表', width: 16 },
    { header: '行', width: 8 },
    { header: '列', width: 14 },
    { header: '问题', width: 80 },
  ];
  summary.getRow(1).font = { bold: true };
  for (const m of marks) summary.addRow([m.sheet ?? firstSheet, m.row ?? '', m.column ?? '', m.message]);
  // The workbook opens on the list of problems (the last sheet; the user's sheets keep their places).
  const active = wb.worksheets.length - 1;
  wb.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: active, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A column-mapping import's problems marked in the user's workbook: each problem's column is found by its header as
 * read in the file (or, for a field the file did not name, the list's own header for it).
 */
export function annotateGridIssues<F extends string>(
  xlsx: Buffer,
  found: GridImport<F>,
  fieldHeaders: readonly { field: F; header: string }[],
  issues: readonly { sheet?: string | null | undefined; row: number | null; column: string | null; message: string }[],
): Promise<Buffer> {
  const fieldColumns = found.fieldColumns as Partial<Record<F, number>>;
  const colOfHeader = new Map(
    (Object.keys(fieldColumns) as F[]).map((f) => {
      const col = fieldColumns[f] ?? 0;
      const h = found.columns.find((c) => c.col === col)?.header.replace(/\s+/g, '');
      return [h || fieldHeaders.find((x) => x.field === f)!.header, col] as const;
    }),
  );
  const marks: ErrorMark[] = issues.map((i) => ({
    sheet: i.sheet ?? null,
    row: i.row,
    col: i.column ? (colOfHeader.get(i.column) ?? null) : null,
    column: i.column,
    message: i.message,
  }));
  return annotateWorkbook(xlsx, found.sheets[0] ?? '', marks);
}
