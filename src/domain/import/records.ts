import { type Msg, msg } from '../messages.ts';
import { checkPersonName } from '../people/person-name.ts';
import { cellAt, cellText, type Grid, type GridCell, hasContent, widthOf } from './grid.ts';
import type { ListField, ListSpec } from './list-spec.ts';
import type { ColumnMapping, TableColumn } from './mapping.ts';
import { type FoundTable, isSignatureLine, repeatsHeader } from './table.ts';
import { cleanPersonName } from './values.ts';

/**
 * The rows of a found table: records, and rows that are not records — notes (注：…, 备注：…), text merged across the
 * row (以下为第二党小组), template placeholders (${name}), the header repeated at a page break, lines such as 以下空白
 * or 合计, and the signature block with what follows it — each listed as skipped with its reason, never imported.
 * A row whose key cell (the name) holds no real name is never told to fill in its other fields.
 */

export type SheetRecord<F extends string = string> = {
  sheet: string;
  /** Spreadsheet row number. */
  row: number;
  cells: Map<F, GridCell | null>;
};

export type SkipReason = 'note' | 'mergedText' | 'placeholder' | 'repeatedHeader' | 'notARecord' | 'signature';

export type SkippedRow = { sheet: string; row: number; reason: SkipReason; msg: Msg };

export type CellIssue = { sheet: string; row: number; column: string; msg: Msg };

const NOTE = /^(注|注意|说明|备注|填表说明|填报说明|附注|※|\*)\s*[:：\d一二三、.．]/;
const PLACEHOLDER = /\$\{[^}]*\}|\{\{[^}]*\}\}|#\{[^}]*\}/;
/** Lines that stand in the name column of forms but are not names. */
const NOT_A_NAME = /以下空白|以下无|此页无|此栏空白|合计|总计|小计|共计|续表|^空$|^无$|^略$/;

const REASONS: Record<SkipReason, Msg> = {
  note: msg('label.imp.skip.note'),
  mergedText: msg('label.imp.skip.mergedText'),
  placeholder: msg('label.imp.skip.placeholder'),
  repeatedHeader: msg('label.imp.skip.repeatedHeader'),
  notARecord: msg('label.imp.skip.notARecord'),
  signature: msg('label.imp.skip.signature'),
};

export function readTableRows<F extends string>(
  grid: Grid,
  spec: ListSpec<F>,
  table: FoundTable,
  mapping: ColumnMapping<F>,
): { records: SheetRecord<F>[]; skipped: SkippedRow[]; issues: CellIssue[] } {
  const width = Math.max(widthOf(grid), ...table.columns.map((c) => c.col));
  const fieldOf = new Map<F, ListField<F>>(spec.fields.map((f) => [f.field, f]));
  const columnOf = new Map<F, TableColumn>();
  for (const c of table.columns) {
    const f = mapping.get(c.col);
    if (f) columnOf.set(f, c);
  }
  const keyCol = columnOf.get(spec.keyField)?.col ?? null;
  const keyField = fieldOf.get(spec.keyField);
  // Each column's field kind, and the columns of ID numbers (a row without a name but with one is a record).
  const kindOf: (ListField<F>['kind'] | undefined)[] = [];
  for (let c = 1; c <= width; c++) {
    const f = mapping.get(c);
    kindOf[c] = f ? fieldOf.get(f)?.kind : undefined;
  }
  const idCols = [...columnOf].filter(([f]) => fieldOf.get(f)?.kind === 'idNumber').map(([, c]) => c.col);
  const records: SheetRecord<F>[] = [];
  const skipped: SkippedRow[] = [];
  const issues: CellIssue[] = [];
  const skip = (row: number, reason: SkipReason) =>
    skipped.push({ sheet: grid.name, row, reason, msg: REASONS[reason] });
  // Rows that start a merged range across half the table or more (a text row: a group title, a note).
  const wideMergeRows = new Set(
    grid.merges.filter((m) => m.right - m.left + 1 >= Math.max(3, width / 2)).map((m) => m.top),
  );

  // One row at a time, in these (a 50,000-row roster is read without a map and lists per row): its cells that
  // hold something by column, their texts in column order, how many of them are data.
  const values = new Map<number, GridCell>();
  const texts: string[] = [];
  for (let r = table.dataTop; r <= table.dataBottom; r++) {
    const cells = grid.rows[r - 1];
    if (!cells) continue;
    values.clear();
    texts.length = 0;
    let data = 0;
    let keyIsData = false;
    let keyRaw = '';
    for (let c = 1, end = Math.min(width, cells.length); c <= end; c++) {
      const cell = cells[c - 1];
      if (!cell) continue;
      const text = cellText(cell.value);
      if (text === '' && cell.formulaWithoutValue === undefined) continue;
      values.set(c, cell);
      texts.push(text);
      if (c === keyCol) keyRaw = text;
      // A pre-numbered 序号 (or an export's info column) alone does not make a row; text in the 序号 column does
      // (a note or a group title written from the first column).
      const kind = kindOf[c];
      if (kind !== 'info' && (kind !== 'seq' || !/^\d+$/.test(text))) {
        data++;
        if (c === keyCol) keyIsData = true;
      }
    }
    if (values.size === 0 || data === 0) continue;
    const joined = texts.join(' ');
    if (PLACEHOLDER.test(joined)) {
      skip(r, 'placeholder');
      continue;
    }
    if (repeatsHeader(values, table.columns)) {
      skip(r, 'repeatedHeader');
      continue;
    }
    const merged = wideMergeRows.has(r);
    if (merged && values.size === 1) {
      skip(r, 'mergedText');
      continue;
    }
    const first = texts[0] ?? '';
    if (NOTE.test(first.normalize('NFKC'))) {
      skip(r, 'note');
      continue;
    }
    if (isSignatureLine(texts, joined) && !(keyCol !== null && values.has(keyCol))) {
      skip(r, 'signature');
      continue;
    }
    const keyText = keyCol === null ? '' : cleanPersonName(keyRaw);
    const others = keyIsData ? data - 1 : data;
    if (keyText === '' || NOT_A_NAME.test(keyText)) {
      // No name: a record only if it holds enough to be one (then its one problem is the missing name).
      const hasId = idCols.some((c) => values.has(c));
      if (keyText === '' && (hasId || others >= 2)) {
        records.push(recordOf(grid.name, r, columnOf, values));
        continue;
      }
      skip(r, others <= 1 && keyText === '' ? 'note' : 'notARecord');
      continue;
    }
    if (keyField?.kind === 'personName' && !checkPersonName(keyText).ok && others === 0) {
      // 备注：张某某已转出 written in the name column: a note, not a person.
      skip(r, 'note');
      continue;
    }
    records.push(recordOf(grid.name, r, columnOf, values));
  }
  if (table.signatureRow !== null) {
    for (let r = table.signatureRow; r <= grid.rows.length; r++) {
      for (let c = 1; c <= width; c++) {
        if (hasContent(cellAt(grid, r, c))) {
          skip(r, 'signature');
          break;
        }
      }
    }
  }
  for (const rec of records) {
    for (const [f, cell] of rec.cells) {
      if (cell?.formulaWithoutValue !== undefined) {
        const column = columnOf.get(f)?.header ?? f;
        issues.push({
          sheet: rec.sheet,
          row: rec.row,
          column,
          msg: msg('err.imp.formulaWithoutValue', { formula: cell.formulaWithoutValue }),
        });
      }
    }
  }
  return { records, skipped, issues };
}

function recordOf<F extends string>(
  sheet: string,
  row: number,
  columnOf: ReadonlyMap<F, TableColumn>,
  values: ReadonlyMap<number, GridCell>,
): SheetRecord<F> {
  const cells = new Map<F, GridCell | null>();
  for (const [f, c] of columnOf) cells.set(f, values.get(c.col) ?? null);
  return { sheet, row, cells };
}
