import type ExcelJS from 'exceljs';
import type { ImportIssue, ImportSkippedRow } from '../../../contracts/people.ts';
import { cellAt, cellText, type GridCell, hasContent } from '../../../domain/import/grid.ts';
import { importGrids, type SheetCandidate } from '../../../domain/import/importer.ts';
import { fieldOfHeader, type MatchedBy } from '../../../domain/import/mapping.ts';
import type { SheetRecord } from '../../../domain/import/records.ts';
import { cleanPersonName } from '../../../domain/import/values.ts';
import { type Msg, msg, zhOf } from '../../../domain/messages.ts';
import {
  isGroupHeading,
  PROBLEM_LIST_COLUMNS,
  PROBLEM_LIST_HEADER,
  PROBLEM_LIST_SPEC,
  type ProblemDeadline,
  type ProblemListColumn,
  type ProblemListField,
  readProblemDeadline,
  readProblemSource,
  splitMeasures,
} from '../../../domain/rectify/problem-list.ts';
import type { ProblemSource } from '../../../domain/rectify/problem-state.ts';
import { openWorkbook, type ReadProgress, type Workbook, type WorkbookResult } from '../../import/workbook.ts';

/**
 * The problem list workbook (整改清单): reading an uploaded .xlsx or .xls with the one spreadsheet importer into
 * typed rows with every cell-level problem, and writing the export in the same columns. Database-free: the import
 * service resolves the 责任单位 and checks the rows against the list already kept.
 */

export const PROBLEM_LIST_SHEET = '整改清单';

/** One row of the list, typed; a cell that could not be read has its issue and is in `unreadable`. */
export type ProblemRecord = {
  sheet: string;
  row: number;
  /** 问题 as written (trimmed; '' when the row has none). */
  text: string;
  source: ProblemSource | null;
  category: string | null;
  measures: string[];
  /** 责任单位 as written. */
  org: string | null;
  person: string | null;
  deadline: ProblemDeadline;
  note: string | null;
  unreadable: Set<ProblemListField>;
};

export type ProblemSheet = {
  total: number;
  records: ProblemRecord[];
  /** Whole-file and cell-level problems found while reading. */
  issues: ImportIssue[];
  preview: Record<string, string>[];
  sheets: string[];
  candidates: SheetCandidate[];
  mapping: Record<string, ProblemListField | null>;
  matchedBy: Record<string, MatchedBy>;
  skipped: ImportSkippedRow[];
  warnings: string[];
  warningMsgs: Msg[];
  format: 'xlsx' | 'xls' | null;
  shape: string;
  remembered: boolean;
  /** The column each field was read from, and its header as the file writes it (issues name it). */
  fieldColumns: Partial<Record<ProblemListField, number>>;
  columnNames: Partial<Record<ProblemListField, string>>;
  xlsx: Buffer | null;
};

export type ProblemListReadOptions = {
  sheets?: readonly string[];
  mapping?: Readonly<Record<string, string | null>>;
  /** Today in Asia/Shanghai (年底前, 立行立改, a month named without its year). */
  today: string;
  rememberedMapping?: (shape: string) => Promise<Record<string, string | null> | null>;
  onRead?: ReadProgress;
};

const PREVIEW_ROWS = 20;
const COLUMN_OF: ReadonlyMap<ProblemListField, ProblemListColumn> = new Map(
  PROBLEM_LIST_COLUMNS.map((c) => [c.field, c]),
);

/** An uploaded problem list opened as a workbook (held to the zip limits first; an .xls converted). */
export function openProblemListWorkbook(file: Buffer, onRead?: ReadProgress): Promise<WorkbookResult> {
  return openWorkbook(file, msg('err.zip.problemList'), onRead);
}

function fileProblem(m: Msg): ProblemSheet {
  return {
    total: 0,
    records: [],
    issues: [{ row: null, column: null, message: zhOf(m), msg: m }],
    preview: [],
    sheets: [],
    candidates: [],
    mapping: {},
    matchedBy: {},
    skipped: [],
    warnings: [],
    warningMsgs: [],
    format: null,
    shape: '',
    remembered: false,
    fieldColumns: {},
    columnNames: {},
    xlsx: null,
  };
}

/** The importer speaks of rosters in two of its messages: the list's own words stand in for them. */
function ownMsg(m: Msg): Msg {
  if (m.key === 'err.imp.file.noTable') return msg('err.problem.import.noTable');
  if (m.key === 'label.imp.skip.notARecord') return msg('label.problem.import.notARecord');
  return m;
}

function textOf(cell: GridCell | null): string {
  const v = cell?.value ?? null;
  return typeof v === 'string' ? v.trim() : cellText(v);
}

function emptyRecord(sheet: string, row: number): ProblemRecord {
  return {
    sheet,
    row,
    text: '',
    source: null,
    category: null,
    measures: [],
    org: null,
    person: null,
    deadline: { kind: 'unset' },
    note: null,
    unreadable: new Set(),
  };
}

/** Reads one cell into the record; returns its problem, if any. */
function readCell(rec: ProblemRecord, col: ProblemListColumn, cell: GridCell | null, today: string): Msg | null {
  if (cell?.formulaWithoutValue !== undefined) {
    // Reported once by the importer; the field is left unread.
    rec.unreadable.add(col.field);
    return null;
  }
  const text = textOf(cell);
  if (col.maxLength !== undefined && [...text].length > col.maxLength) {
    rec.unreadable.add(col.field);
    return msg('err.problem.import.tooLong', { max: col.maxLength });
  }
  const fail = (m: Msg) => {
    rec.unreadable.add(col.field);
    return m;
  };
  switch (col.field) {
    case 'title':
      rec.text = text;
      return null;
    case 'source': {
      const r = readProblemSource(cell?.value ?? null);
      if (!r.ok) return fail(r.msg);
      rec.source = r.value;
      return null;
    }
    case 'category':
      rec.category = text === '' ? null : text;
      return null;
    case 'measures':
      rec.measures = splitMeasures(text);
      return null;
    case 'org':
      rec.org = text === '' ? null : text;
      return null;
    case 'person':
      rec.person = text === '' ? null : cleanPersonName(text);
      return null;
    case 'deadline': {
      const r = readProblemDeadline(cell, today);
      if (!r.ok) return fail(r.msg);
      rec.deadline = r.value;
      return null;
    }
    case 'note':
      rec.note = text === '' ? null : text;
      return null;
    default:
      // 序号, and the export's 整改进展 and 销号情况: never read back.
      return null;
  }
}

/** How long a 问题 is at least to be a sentence (党费合计金额与台账不符), not a line such as 合计 or 以下无. */
const SENTENCE_CHARS = 8;

/** The row as a record when its 问题 is a sentence and another field has a value (see readProblemList). */
function sentenceRecord(
  workbook: Workbook,
  sheet: string,
  row: number,
  fieldColumns: Partial<Record<ProblemListField, number>>,
): SheetRecord<ProblemListField> | null {
  const grid = workbook.grids.find((g) => g.name === sheet);
  if (!grid) return null;
  const cells = new Map<ProblemListField, GridCell | null>();
  for (const [f, col] of Object.entries(fieldColumns) as [ProblemListField, number][]) {
    const cell = cellAt(grid, row, col);
    cells.set(f, hasContent(cell) ? cell : null);
  }
  const others = [...cells].filter(([f, cell]) => {
    const kind = COLUMN_OF.get(f)?.kind;
    return f !== 'title' && kind !== 'seq' && kind !== 'info' && cell !== null;
  }).length;
  if ([...textOf(cells.get('title') ?? null)].length < SENTENCE_CHARS || others === 0) return null;
  return { sheet, row, cells };
}

/**
 * Reads an uploaded problem list with the spreadsheet importer: the sheets, the table under its titles, the column
 * mapping (proposed from names and aliases, given, or remembered), the rows that are problems and those skipped —
 * a row holding only a group title (一、政治建设方面) among them. Whole-file problems come back with no records; cell
 * problems each name their sheet, row and column (as the file names it), and every row is read.
 */
export async function readProblemList(file: Buffer | Workbook, opts: ProblemListReadOptions): Promise<ProblemSheet> {
  let workbook: Workbook;
  if (Buffer.isBuffer(file)) {
    const opened = await openProblemListWorkbook(file, opts.onRead);
    if (!opened.ok) return fileProblem(opened.msg);
    workbook = opened.workbook;
  } else workbook = file;
  const run = (mapping: Readonly<Record<string, string | null>> | undefined) =>
    importGrids(workbook.grids, PROBLEM_LIST_SPEC, {
      today: opts.today,
      ...(opts.sheets ? { sheets: opts.sheets } : {}),
      ...(mapping ? { mapping } : {}),
    });
  let found = run(opts.mapping);
  let remembered = false;
  if (!opts.mapping && opts.rememberedMapping && found.shape !== '') {
    const again = await opts.rememberedMapping(found.shape);
    const headers = new Set(found.columns.map((c) => c.header));
    const known = again && Object.fromEntries(Object.entries(again).filter(([h]) => headers.has(h)));
    if (known && Object.keys(known).length > 0) {
      found = run(known);
      remembered = true;
      for (const [header, by] of Object.entries(found.matchedBy)) {
        if (by === 'user') found.matchedBy[header] = 'remembered';
      }
    }
  }
  const multi = found.sheets.length > 1;
  const issues: ImportIssue[] = found.errors.map((e) => {
    const m = ownMsg(e.msg);
    return { ...(multi && e.sheet ? { sheet: e.sheet } : {}), row: e.row, column: e.column, message: zhOf(m), msg: m };
  });
  const columnNames: Partial<Record<ProblemListField, string>> = {};
  for (const [field, col] of Object.entries(found.fieldColumns) as [ProblemListField, number][]) {
    // Under a merged group (整改责任 over 单位 / 责任人), a header that names nothing alone is named with its group.
    const column = found.columns.find((c) => c.col === col);
    const alone = column?.header.replace(/\s+/g, '') ?? '';
    const header =
      column?.group && !fieldOfHeader(PROBLEM_LIST_SPEC, alone) ? `${column.group.replace(/\s+/g, '')}${alone}` : alone;
    columnNames[field] = header === '' ? PROBLEM_LIST_HEADER[field] : header;
  }
  // The importer takes a key cell holding 合计, 小计, 以下无 … for a line that is no record (right for a roster's names);
  // a problem's sentence may hold those words (党费合计金额与台账不符), and such a row with other cells is a problem.
  const sheetRecords = [...found.records];
  const skipped: ImportSkippedRow[] = [];
  for (const s of found.skipped) {
    const rescued = s.reason === 'notARecord' ? sentenceRecord(workbook, s.sheet, s.row, found.fieldColumns) : null;
    if (rescued) {
      sheetRecords.push(rescued);
      continue;
    }
    const m = ownMsg(s.msg);
    skipped.push({ sheet: s.sheet, row: s.row, reason: zhOf(m), reasonMsg: m });
  }
  sheetRecords.sort((a, b) => found.sheets.indexOf(a.sheet) - found.sheets.indexOf(b.sheet) || a.row - b.row);
  const base = {
    sheets: found.sheets,
    candidates: found.candidates,
    mapping: found.mapping,
    matchedBy: found.matchedBy,
    warnings: found.warnings.map((w) => zhOf(w)),
    warningMsgs: found.warnings,
    format: workbook.format,
    shape: found.shape,
    remembered,
    fieldColumns: found.fieldColumns,
    columnNames,
    xlsx: workbook.xlsx,
  };
  const fileLevel = found.errors.some(
    (e) => e.row === null || (e.sheet !== null && e.column !== null && e.row !== null && !found.records.length),
  );
  if (sheetRecords.length === 0 || fileLevel) {
    return { total: sheetRecords.length, records: [], issues, preview: [], skipped, ...base };
  }
  const records: ProblemRecord[] = [];
  const preview: Record<string, string>[] = [];
  for (const sr of sheetRecords) {
    const filled = [...sr.cells].filter(([f, cell]) => {
      const kind = COLUMN_OF.get(f)?.kind;
      return kind !== 'seq' && kind !== 'info' && textOf(cell) !== '';
    });
    const title = textOf(sr.cells.get('title') ?? null);
    if (filled.length === 1 && filled[0]?.[0] === 'title' && isGroupHeading(title)) {
      const m = msg('label.problem.import.heading');
      skipped.push({ sheet: sr.sheet, row: sr.row, reason: zhOf(m), reasonMsg: m });
      continue;
    }
    const rec = emptyRecord(sr.sheet, sr.row);
    if (preview.length < PREVIEW_ROWS) {
      const shown: Record<string, string> = {};
      for (const [f, cell] of sr.cells) shown[COLUMN_OF.get(f)?.header ?? f] = textOf(cell);
      preview.push(shown);
    }
    for (const [f, cell] of sr.cells) {
      const col = COLUMN_OF.get(f);
      if (!col) continue;
      const problem = readCell(rec, col, cell, opts.today);
      if (problem) {
        const issue = {
          row: sr.row,
          column: columnNames[f] ?? col.header,
          message: zhOf(problem),
          msg: problem,
        };
        issues.push(multi ? { sheet: sr.sheet, ...issue } : issue);
      }
    }
    records.push(rec);
  }
  skipped.sort((a, b) => found.sheets.indexOf(a.sheet) - found.sheets.indexOf(b.sheet) || a.row - b.row);
  return { total: records.length, records, issues, preview, skipped, ...base };
}

/** A problem as the export writes it, cell by cell. */
export type ProblemExportRow = {
  /** 问题: the problem's text (problemCellText). */
  problem: string;
  source: string;
  category: string;
  measures: readonly string[];
  /** 责任单位: the name, with the code in brackets where the name is not unique. */
  org: string;
  person: string;
  /** null: 长期坚持 (no deadline). */
  deadline: string | null;
  progress: string;
  closure: string;
  note: string;
};

const HEADER_FONT: Partial<ExcelJS.Font> = { name: '黑体', bold: true, size: 11 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function dateCell(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

function exportValue(r: ProblemExportRow, seq: number, field: ProblemListField): string | number | Date {
  switch (field) {
    case 'seq':
      return seq;
    case 'title':
      return r.problem;
    case 'source':
      return r.source;
    case 'category':
      return r.category;
    case 'measures':
      return r.measures.map((m, i) => (r.measures.length > 1 ? `${i + 1}. ${m}` : m)).join('\n');
    case 'org':
      return r.org;
    case 'person':
      return r.person;
    case 'deadline':
      return r.deadline === null ? '长期坚持' : dateCell(r.deadline);
    case 'progress':
      return r.progress;
    case 'closure':
      return r.closure;
    case 'note':
      return r.note;
  }
}

/**
 * The list as .xlsx: a title row, then the import's columns (序号, 问题, 问题来源, 问题类别, 整改措施, 责任单位, 责任人,
 * 整改时限) with 整改进展 and 销号情况, which an import never reads back, and 备注 — so the file imports again.
 */
export async function writeProblemListExport(title: string, rows: readonly ProblemExportRow[]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet(PROBLEM_LIST_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = PROBLEM_LIST_COLUMNS.map((c) => ({
    key: c.field,
    width: c.width,
    style: c.field === 'deadline' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  ws.mergeCells(1, 1, 1, PROBLEM_LIST_COLUMNS.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { name: '方正小标宋简体', size: 16, bold: true };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const head = ws.getRow(2);
  head.values = PROBLEM_LIST_COLUMNS.map((c) => c.header);
  head.font = HEADER_FONT;
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  rows.forEach((r, i) => {
    const row = ws.addRow(PROBLEM_LIST_COLUMNS.map((c) => exportValue(r, i + 1, c.field)));
    row.alignment = { vertical: 'top', wrapText: true };
    row.eachCell((cell) => {
      cell.border = BORDER;
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
