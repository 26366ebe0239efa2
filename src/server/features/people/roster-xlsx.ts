import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ImportIssue, ImportSkippedRow, MemberRow } from '../../../contracts/people.ts';
import { type CellValue, cellText, columnLetter, type GridCell } from '../../../domain/import/grid.ts';
import { importGrids, type SheetCandidate } from '../../../domain/import/importer.ts';
import { type ListSpec, normalizeHeader as normalizeListHeader } from '../../../domain/import/list-spec.ts';
import type { MatchedBy } from '../../../domain/import/mapping.ts';
import type { SheetRecord } from '../../../domain/import/records.ts';
import {
  cleanPersonName,
  type Read,
  readChoice,
  readDate,
  readDateOrMonth,
  readIdNumber,
} from '../../../domain/import/values.ts';
import { type Msg, msg, zhOf } from '../../../domain/messages.ts';
import { checkDigitOf } from '../../../domain/people/id-number.ts';
import {
  EDUCATION_LABELS,
  type Education,
  GENDER_LABELS,
  type Gender,
  MEMBER_STATUS_LABELS,
  type MemberStatus,
} from '../../../domain/people/vocab.ts';
import { openWorkbook, type ReadProgress, type Workbook, type WorkbookResult } from '../../import/workbook.ts';

/**
 * The roster workbook (党员花名册): its columns, reading an uploaded .xlsx into typed rows with every
 * cell-level problem, the blank import template and the export of a filtered list. Database-free: the
 * import service resolves organisations, applies the member rules and checks duplicates.
 */

export const ROSTER_SHEET = '党员花名册';
export const INSTRUCTIONS_SHEET = '填写说明';

export type RosterField =
  | 'seq'
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'birthDate'
  | 'education'
  | 'idNumber'
  | 'phone'
  | 'org'
  | 'orgName'
  | 'status'
  | 'joinDate'
  | 'fullDate'
  | 'appliedOn'
  | 'isFloating'
  | 'isRetired'
  | 'personId';

/** 'info': written by the export for people to read, never read back (所在党组织名称 beside the code). */
type Kind = 'seq' | 'info' | 'personId' | 'text' | 'date' | 'gender' | 'education' | 'status' | 'yesNo' | 'idNumber';

export type RosterColumn = {
  field: RosterField;
  header: string;
  /** The column must be present in the header row (the template marks it with *). */
  required: boolean;
  kind: Kind;
  width: number;
  /** Other header texts found in hand-kept rosters. */
  aliases: readonly string[];
  /** Longest accepted text, for free-text columns. */
  maxLength?: number;
  /** The line in 填写说明. */
  note: string;
  /** The export's header when it differs (it names what the export writes; it reads back as `header`). */
  exportHeader?: string;
  /** Written by the export only: not in the blank template. */
  exportOnly?: boolean;
};

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  {
    field: 'seq',
    header: '序号',
    required: false,
    kind: 'seq',
    width: 6,
    aliases: ['编号', '序', '顺序号'],
    note: '可不填，导入时忽略',
  },
  {
    field: 'name',
    header: '姓名',
    required: true,
    kind: 'text',
    width: 12,
    aliases: ['党员姓名', '人员姓名', '姓名（全称）'],
    note: '必填，不超过50个字；只可填写汉字、字母、间隔号“·”和空格（如 阿依古丽·买买提）',
  },
  {
    field: 'gender',
    header: '性别',
    required: false,
    kind: 'gender',
    width: 6,
    aliases: [],
    note: '男 / 女；填了身份证号时须与之一致',
  },
  {
    field: 'ethnicity',
    header: '民族',
    required: false,
    kind: 'text',
    width: 8,
    aliases: ['民族成分'],
    maxLength: 20,
    note: '如 汉族、回族',
  },
  {
    field: 'birthDate',
    header: '出生日期',
    required: false,
    kind: 'date',
    width: 12,
    aliases: ['出生年月日', '出生年月', '出生时间', '出生日期（年月日）', '生日'],
    note: '日期，如 1985-07-01；填了身份证号时须与之一致',
  },
  {
    field: 'education',
    header: '学历',
    required: false,
    kind: 'education',
    width: 12,
    aliases: ['文化程度', '最高学历', '全日制学历', '现有文化程度', '学历学位', '全日制教育学历'],
    note: '研究生 / 大学本科 / 大学专科 / 中专 / 高中 / 初中及以下（也可填 硕士、博士、本科、大专、初中、小学 等）',
  },
  {
    field: 'idNumber',
    header: '身份证号',
    required: false,
    kind: 'idNumber',
    width: 22,
    aliases: ['身份证号码', '公民身份号码', '公民身份证号码', '身份证', '居民身份证号码', '身份证件号码', '证件号码'],
    note: '18位公民身份号码；预备党员、正式党员必填。该列须为“文本”格式，否则 Excel 会丢掉末几位',
  },
  {
    field: 'phone',
    header: '联系电话',
    required: false,
    kind: 'text',
    width: 15,
    aliases: ['手机号', '手机号码', '联系方式', '手机', '联系电话号码', '移动电话', '电话号码', '电话'],
    maxLength: 20,
    note: '手机或固定电话',
  },
  {
    field: 'org',
    header: '所在党组织',
    required: false,
    kind: 'text',
    width: 24,
    aliases: ['所在支部', '所属党组织', '所在党组织编码', '组织编码', '所在党支部', '所属支部', '党组织名称'],
    note: '组织编码或组织全称（同名的组织须填编码），须在导入的目标组织之下；不填即为目标组织本身。导出的名册在此列写组织编码',
    exportHeader: '所在党组织（编码）',
  },
  {
    field: 'orgName',
    header: '所在党组织名称',
    required: false,
    kind: 'info',
    width: 24,
    aliases: [],
    note: '导出的名册附带，便于阅读；导入时不读取（以“所在党组织”一列为准）',
    exportOnly: true,
  },
  {
    field: 'status',
    header: '人员类别',
    required: true,
    kind: 'status',
    width: 12,
    aliases: ['人员身份', '党员类型', '党员类别', '人员类型', '党员状态', '政治面貌'],
    note: '必填：入党申请人 / 入党积极分子 / 发展对象 / 预备党员 / 正式党员（也可填 申请人、积极分子、党员）',
  },
  {
    field: 'joinDate',
    header: '入党日期',
    required: false,
    kind: 'date',
    width: 12,
    aliases: ['入党时间', '入党年月', '加入党组织日期', '加入中国共产党日期', '入党日期（预备）', '加入党组织时间'],
    note: '预备党员、正式党员必填',
  },
  {
    field: 'fullDate',
    header: '转正日期',
    required: false,
    kind: 'date',
    width: 12,
    aliases: ['转正时间', '转正年月', '转为正式党员日期', '转为正式党员时间'],
    note: '正式党员填写；不早于入党日期后一年',
  },
  {
    field: 'appliedOn',
    header: '申请入党日期',
    required: false,
    kind: 'date',
    width: 14,
    aliases: ['申请入党时间', '递交入党申请书日期', '入党申请日期', '递交入党申请书时间', '提交入党申请时间'],
    note: '不晚于入党日期',
  },
  {
    field: 'isFloating',
    header: '是否流动党员',
    required: false,
    kind: 'yesNo',
    width: 13,
    aliases: ['流动党员', '是否为流动党员'],
    note: '是 / 否，不填为否',
  },
  {
    field: 'isRetired',
    header: '是否离退休',
    required: false,
    kind: 'yesNo',
    width: 11,
    aliases: ['离退休', '是否离退休人员', '是否离退休干部'],
    note: '是 / 否，不填为否',
  },
  {
    field: 'personId',
    header: '人员编号',
    required: false,
    kind: 'personId',
    width: 10,
    aliases: ['系统编号'],
    note: '导出的名册带有此列：再次导入时据此对应已登记的人员（没有此列时按身份证号对应）；新增人员不填，请勿修改',
    exportOnly: true,
  },
];

/** The columns of the blank template (the export writes all of ROSTER_COLUMNS). */
const TEMPLATE_COLUMNS = ROSTER_COLUMNS.filter((c) => !c.exportOnly);

export const HEADER_OF: Readonly<Record<RosterField, string>> = Object.fromEntries(
  ROSTER_COLUMNS.map((c) => [c.field, c.header]),
) as Record<RosterField, string>;

/** Header text as people type it (the importer's own folding; kept under this name for the roster's callers). */
export const normalizeHeader = normalizeListHeader;

/** Accepted cell texts of the choice columns (folded with `foldChoice`). */
const GENDER_VALUES: ReadonlyMap<string, Gender> = new Map([
  ...Object.entries(GENDER_LABELS).map(([k, v]) => [v.zh, k as Gender] as const),
  ['男性', 'male'],
  ['女性', 'female'],
]);
const EDUCATION_VALUES: ReadonlyMap<string, Education> = new Map([
  ...Object.entries(EDUCATION_LABELS).map(([k, v]) => [v.zh, k as Education] as const),
  ['硕士', 'postgraduate'],
  ['博士', 'postgraduate'],
  ['硕士研究生', 'postgraduate'],
  ['博士研究生', 'postgraduate'],
  ['研究生及以上', 'postgraduate'],
  ['本科', 'bachelor'],
  ['大本', 'bachelor'],
  ['专科', 'college'],
  ['大专', 'college'],
  ['大学专科及以上', 'college'],
  ['中等专科', 'secondary'],
  ['中技', 'secondary'],
  ['技校', 'secondary'],
  ['职高', 'secondary'],
  ['中职', 'secondary'],
  ['高中及以下', 'high_school'],
  ['初中', 'junior_or_below'],
  ['小学', 'junior_or_below'],
  ['初中及以下学历', 'junior_or_below'],
]);
const STATUS_VALUES: ReadonlyMap<string, MemberStatus> = new Map([
  ...Object.entries(MEMBER_STATUS_LABELS).map(([k, v]) => [v.zh, k as MemberStatus] as const),
  ['申请人', 'applicant'],
  ['积极分子', 'activist'],
  ['党员', 'full'],
  ['中共党员', 'full'],
  ['中共预备党员', 'probationary'],
]);
const YES_NO_VALUES: ReadonlyMap<string, boolean> = new Map([
  ['是', true],
  ['否', false],
  ['Y', true],
  ['N', false],
  ['YES', true],
  ['NO', false],
  ['TRUE', true],
  ['FALSE', false],
]);

/** The choices offered in the template's dropdowns and named in error messages. */
const CHOICES: Record<'gender' | 'education' | 'status' | 'yesNo', readonly string[]> = {
  gender: Object.values(GENDER_LABELS).map((l) => l.zh),
  education: Object.values(EDUCATION_LABELS).map((l) => l.zh),
  status: (['applicant', 'activist', 'candidate', 'probationary', 'full'] as const).map(
    (s) => MEMBER_STATUS_LABELS[s].zh,
  ),
  yesNo: ['是', '否'],
};

/** One data row of the roster, typed; a cell that could not be read is null here and has its issue. */
export type RosterRecord = {
  /** The sheet the row is on (several group sheets may import together). */
  sheet: string;
  /** Spreadsheet row number (the header row is 1 in a plain roster). */
  row: number;
  name: string;
  gender: Gender | null;
  ethnicity: string | null;
  birthDate: string | null;
  education: Education | null;
  idNumber: string | null;
  phone: string | null;
  /** The 所在党组织 cell as written (code or name); null = the import's target organisation. */
  org: string | null;
  status: MemberStatus | null;
  joinDate: string | null;
  fullDate: string | null;
  appliedOn: string | null;
  isFloating: boolean;
  isRetired: boolean;
  /** 人员编号 as exported: the person this row was exported from. */
  personId: number | null;
  /**
   * Cells written as an export reduced them for a viewer without member:sensitive (339901********123*, 138****0000),
   * or a birth date given as a year and month only (出生年月 1980-05, as real rosters and reduced exports write it):
   * the import service takes the full date from the row's ID number, or the registered value, or refuses.
   */
  masked: { idNumber: string | null; phone: string | null; birthYearMonth: string | null };
  /** Columns whose cell already has a reading problem (later checks on them would only repeat it). */
  unreadable: Set<RosterField>;
};

export type RosterSheet = {
  /** Records read (rows that are records, over every sheet read). */
  total: number;
  /** The columns the file has (a column it lacks leaves that field of a registered person as it is). */
  present: Set<RosterField>;
  records: RosterRecord[];
  /** Whole-file and cell-level problems found while reading. */
  issues: ImportIssue[];
  /** The first rows as read, keyed by the column header, for the import wizard's preview. */
  preview: Record<string, string>[];
  /** What the importer found: the sheets read, the mapping used, the rows skipped and the warnings. */
  sheets: string[];
  candidates: SheetCandidate[];
  mapping: Record<string, RosterField | null>;
  matchedBy: Record<string, MatchedBy>;
  skipped: ImportSkippedRow[];
  warnings: string[];
  warningMsgs: Msg[];
  format: 'xlsx' | 'xls' | null;
  /** The table's header shape (a remembered mapping is keyed by it), and whether a remembered mapping was used. */
  shape: string;
  remembered: boolean;
  /** The column each field was read from, and the file as .xlsx (an .xls as converted): the error workbook marks it. */
  fieldColumns: Partial<Record<RosterField, number>>;
  xlsx: Buffer | null;
};

export const PREVIEW_ROWS = 20;

/** The roster as the importer sees it: the template's columns with the names other systems give them. */
export const ROSTER_SPEC: ListSpec<RosterField> = {
  name: '党员花名册',
  keyField: 'name',
  fields: ROSTER_COLUMNS.map((c) => ({
    field: c.field,
    header: c.header,
    required: c.required,
    aliases: c.aliases,
    kind:
      c.kind === 'seq' || c.kind === 'info' || c.kind === 'idNumber'
        ? c.kind
        : c.field === 'name'
          ? 'personName'
          : c.field === 'phone'
            ? 'phone'
            : c.kind === 'date'
              ? c.field === 'birthDate'
                ? 'dateOrMonth'
                : 'date'
              : c.kind === 'personId'
                ? 'integer'
                : c.kind === 'yesNo'
                  ? 'yesNo'
                  : c.kind === 'text'
                    ? 'text'
                    : 'choice',
  })),
};

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; msg: Msg };

const refused = (m: Msg): { ok: false; message: string; msg: Msg } => ({ ok: false, message: zhOf(m), msg: m });
const fromRead = <T>(r: Read<T>): Parsed<T> => (r.ok ? r : refused(r.msg));

/**
 * A date cell: a real Excel date, a date serial that lost its format, or text such as 2020-07-01,
 * 2020/7/1, 2020.07.01, 2020年7月1日, 20200701. A year and month alone is refused here (see readDate).
 */
export function parseRosterDate(v: CellValue): Parsed<string | null> {
  return fromRead(readDate(v === null ? null : { value: v }));
}

function parseChoice<T>(v: CellValue, values: ReadonlyMap<string, T>, choices: readonly string[]): Parsed<T | null> {
  return fromRead(readChoice(v, values, choices));
}

const MAX_PERSON_ID = 2_147_483_647;

function parsePersonId(v: CellValue): Parsed<number | null> {
  if (v === null) return { ok: true, value: null };
  const n = typeof v === 'number' ? v : /^\d{1,10}$/.test(cellText(v)) ? Number(cellText(v)) : Number.NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_PERSON_ID) return { ok: true, value: n };
  return refused(msg('err.roster.badPersonId', { text: cellText(v) }));
}

function parseText(v: CellValue, col: RosterColumn): Parsed<string | null> {
  if (v === null) return { ok: true, value: null };
  const s = cellText(v);
  // Characters, not UTF-16 units; a text no longer in units than the limit is not longer in characters either.
  if (col.maxLength && s.length > col.maxLength && [...s].length > col.maxLength) {
    return refused(msg('err.roster.tooLong', { max: col.maxLength }));
  }
  return { ok: true, value: s };
}

function emptyRecord(sheet: string, row: number): RosterRecord {
  return {
    sheet,
    row,
    name: '',
    gender: null,
    ethnicity: null,
    birthDate: null,
    education: null,
    idNumber: null,
    phone: null,
    org: null,
    status: null,
    joinDate: null,
    fullDate: null,
    appliedOn: null,
    isFloating: false,
    isRetired: false,
    personId: null,
    masked: { idNumber: null, phone: null, birthYearMonth: null },
    unreadable: new Set(),
  };
}

/** A cell as a reduced export wrote it (see RosterRecord.masked), or null. */
function maskedText(field: RosterField, v: CellValue): string | null {
  if (typeof v !== 'string' || (field !== 'idNumber' && field !== 'phone')) return null;
  const s = v.normalize('NFKC').replace(/\s+/g, '');
  if (s.includes('*')) return field === 'idNumber' ? s.toUpperCase() : s;
  return null;
}

/**
 * What the text cells of a column have read as so far, by text (a roster repeats its genders, statuses, education
 * levels and many dates from row to row: each distinct text is read once). Per file read: nothing is kept beyond it.
 */
type ReadMemo = Map<RosterField, Map<string, unknown>>;

/** Reads a text cell through the memo (the readers are pure: the same text reads the same). */
function memoized<T>(memo: ReadMemo, field: RosterField, v: CellValue, read: () => T): T {
  if (typeof v !== 'string') return read();
  let byText = memo.get(field);
  if (!byText) {
    byText = new Map();
    memo.set(field, byText);
  }
  if (byText.has(v)) return byText.get(v) as T;
  const parsed = read();
  byText.set(v, parsed);
  return parsed;
}

/** Reads one cell into the record; returns the problem, if any. */
function readCell(rec: RosterRecord, col: RosterColumn, cell: GridCell | null, memo: ReadMemo): Msg | null {
  const v = cell?.value ?? null;
  if (cell?.formulaWithoutValue !== undefined) {
    // Reported once by the importer (公式没有计算结果); the field is left unread.
    rec.unreadable.add(col.field);
    return null;
  }
  const masked = maskedText(col.field, v);
  if (masked !== null) {
    if (col.field === 'idNumber') rec.masked.idNumber = masked;
    else rec.masked.phone = masked;
    return null;
  }
  let parsed: Parsed<unknown>;
  switch (col.kind) {
    case 'seq':
    case 'info':
      return null;
    case 'personId':
      parsed = parsePersonId(v);
      break;
    case 'date':
      if (col.field === 'birthDate') {
        const r = memoized(memo, col.field, v, () => readDateOrMonth(cell));
        if (r.ok && r.value !== null && 'month' in r.value) {
          rec.masked.birthYearMonth = r.value.month;
          return null;
        }
        parsed = r.ok ? { ok: true, value: r.value !== null && 'date' in r.value ? r.value.date : null } : fromRead(r);
      } else parsed = memoized(memo, col.field, v, () => fromRead(readDate(cell)));
      break;
    case 'gender':
      parsed = memoized(memo, col.field, v, () => parseChoice(v, GENDER_VALUES, CHOICES.gender));
      break;
    case 'education':
      parsed = memoized(memo, col.field, v, () => parseChoice(v, EDUCATION_VALUES, CHOICES.education));
      break;
    case 'status':
      parsed =
        v === null
          ? refused(msg('err.roster.statusMissing'))
          : memoized(memo, col.field, v, () => parseChoice(v, STATUS_VALUES, CHOICES.status));
      break;
    case 'yesNo':
      parsed = memoized(memo, col.field, v, () => parseChoice(v, YES_NO_VALUES, CHOICES.yesNo));
      break;
    case 'idNumber':
      parsed = fromRead(readIdNumber(cell));
      break;
    default:
      parsed = parseText(v, col);
  }
  if (!parsed.ok) {
    rec.unreadable.add(col.field);
    return parsed.msg;
  }
  const value = parsed.value;
  switch (col.field) {
    case 'name':
      rec.name = value === null ? '' : cleanPersonName(value as string);
      break;
    case 'isFloating':
    case 'isRetired':
      rec[col.field] = value === true;
      break;
    default:
      (rec as Record<string, unknown>)[col.field] = value;
  }
  return null;
}

function fileProblem(m: Msg, format: RosterSheet['format'] = null): RosterSheet {
  return {
    total: 0,
    present: new Set(),
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
    format,
    shape: '',
    remembered: false,
    fieldColumns: {},
    xlsx: null,
  };
}

export type RosterReadOptions = {
  /** The sheets to read (default: every sheet with the first one's header). */
  sheets?: readonly string[];
  /** Header as written → roster field (or null to ignore it); replaces the proposal for the columns it names. */
  mapping?: Readonly<Record<string, string | null>>;
  /** Today in Asia/Shanghai, from the caller's clock (recognising ID number columns by their values). */
  today: string;
  /** The mapping remembered for a table of this header shape (used when no mapping is given). */
  rememberedMapping?: (shape: string) => Promise<Record<string, string | null> | null>;
  /** Rows of the workbook read so far, of about how many. */
  onRead?: ReadProgress;
};

/** An uploaded roster opened as a workbook (held to the zip limits first; an .xls converted). */
export function openRosterWorkbook(file: Buffer, onRead?: ReadProgress): Promise<WorkbookResult> {
  return openWorkbook(file, msg('err.zip.roster'), onRead);
}

const COLUMN_OF: ReadonlyMap<RosterField, RosterColumn> = new Map(ROSTER_COLUMNS.map((c) => [c.field, c]));

/**
 * Reads an uploaded roster (.xlsx, or .xls through LibreOffice) with the spreadsheet importer: the sheets, the
 * table under its titles, the column mapping (proposed from names, aliases and values, or given), the rows that
 * are records and those skipped. Whole-file problems (not a workbook, encrypted, no table, a required column
 * missing) come back with no records; cell problems each name their sheet, row and column, and every row is read
 * so that all of them are reported. The file may come opened already, or as what opening it answered.
 */
export async function readRoster(
  file: Buffer | Workbook | WorkbookResult,
  opts: RosterReadOptions,
): Promise<RosterSheet> {
  const { sheet, rows, readRecord } = await readRosterRows(file, opts);
  for (const row of rows) sheet.records.push(readRecord(row, sheet.issues));
  return sheet;
}

/** The rows of a roster found as records, before their cells are read. */
export type RosterRows = {
  /** As readRoster answers, with no records yet: `total` counts the rows below. */
  sheet: RosterSheet;
  rows: readonly SheetRecord<RosterField>[];
  /** Reads one row's cells into a record; each cell problem is added to `issues`. */
  readRecord: (row: SheetRecord<RosterField>, issues: ImportIssue[]) => RosterRecord;
};

/**
 * readRoster up to the records: the table, the mapping and the rows that are records, each read when the caller
 * takes it (the import reads, checks and writes a batch at a time, so that the database writes one batch while the
 * next is read).
 */
export async function readRosterRows(
  file: Buffer | Workbook | WorkbookResult,
  opts: RosterReadOptions,
): Promise<RosterRows> {
  const none = (sheet: RosterSheet): RosterRows => ({ sheet, rows: [], readRecord: unreachableRecord });
  let workbook: Workbook;
  if (Buffer.isBuffer(file) || 'ok' in file) {
    const opened = Buffer.isBuffer(file) ? await openRosterWorkbook(file, opts.onRead) : file;
    if (!opened.ok) return none(fileProblem(opened.msg));
    workbook = opened.workbook;
  } else workbook = file;
  const run = (mapping: Readonly<Record<string, string | null>> | undefined) =>
    importGrids(workbook.grids, ROSTER_SPEC, {
      today: opts.today,
      quietSheets: [INSTRUCTIONS_SHEET],
      ...(opts.sheets ? { sheets: opts.sheets } : {}),
      ...(mapping ? { mapping } : {}),
    });
  let found = run(opts.mapping);
  let remembered = false;
  if (!opts.mapping && opts.rememberedMapping && found.shape !== '') {
    // A mapping the user gave for a file of this shape before: applied as if given again.
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
  const issues: ImportIssue[] = found.errors.map((e) => ({
    ...(multi && e.sheet ? { sheet: e.sheet } : {}),
    row: e.row,
    column: e.column,
    message: zhOf(e.msg),
    msg: e.msg,
  }));
  const present = new Set(Object.values(found.mapping).filter((f): f is RosterField => f !== null));
  const base = {
    sheets: found.sheets,
    candidates: found.candidates,
    mapping: found.mapping,
    matchedBy: found.matchedBy,
    skipped: found.skipped.map((s) => ({ sheet: s.sheet, row: s.row, reason: zhOf(s.msg), reasonMsg: s.msg })),
    warnings: found.warnings.map((w) => zhOf(w)),
    warningMsgs: found.warnings,
    format: workbook.format,
    shape: found.shape,
    remembered,
    fieldColumns: found.fieldColumns,
    xlsx: workbook.xlsx,
  };
  const fileLevel = found.errors.some(
    (e) => e.row === null || (e.sheet !== null && e.column !== null && e.row !== null && !found.records.length),
  );
  if (found.records.length === 0 || fileLevel) {
    return none({ total: found.records.length, present, records: [], issues, preview: [], ...base });
  }
  const preview: Record<string, string>[] = [];
  for (const sr of found.records.slice(0, PREVIEW_ROWS)) {
    const shown: Record<string, string> = {};
    for (const [f, cell] of sr.cells) shown[COLUMN_OF.get(f)?.header ?? f] = cellText(cell?.value ?? null);
    preview.push(shown);
  }
  const memo: ReadMemo = new Map();
  const readRecord = (sr: SheetRecord<RosterField>, into: ImportIssue[]): RosterRecord => {
    const rec = emptyRecord(sr.sheet, sr.row);
    for (const [f, cell] of sr.cells) {
      const col = COLUMN_OF.get(f);
      if (!col) continue;
      const problem = readCell(rec, col, cell, memo);
      if (problem) {
        const issue = { row: sr.row, column: col.header, message: zhOf(problem), msg: problem };
        into.push(multi ? { sheet: sr.sheet, ...issue } : issue);
      }
    }
    return rec;
  };
  return {
    sheet: { total: found.records.length, present, records: [], issues, preview, ...base },
    rows: found.records,
    readRecord,
  };
}

function unreachableRecord(): never {
  throw new Error('a roster without rows has no record to read');
}

const HEADER_FONT: Partial<ExcelJS.Font> = { name: '宋体', bold: true, size: 11 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };
const TEMPLATE_ROWS = 5000;

type ValidationTarget = { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } };

/** A dropdown on a whole column range (exceljs types only the per-cell form; the sheet model takes ranges). */
function addDropdown(ws: ExcelJS.Worksheet, column: number, choices: readonly string[], note: string): void {
  const letter = columnLetter(column);
  (ws as unknown as ValidationTarget).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${choices.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '请从下拉列表中选择',
    error: note,
  });
}

function exampleRow(): (string | Date)[] {
  const first17 = '33990119900701002';
  const byField: Record<RosterField, string | Date> = {
    orgName: '',
    personId: '',
    seq: '1',
    name: '张三（示例）',
    gender: '女',
    ethnicity: '汉族',
    birthDate: '1990-07-01',
    education: '大学本科',
    idNumber: first17 + checkDigitOf(first17),
    phone: '13800000000',
    org: '（目标组织下的支部全称或编码）',
    status: '正式党员',
    joinDate: '2015-07-01',
    fullDate: '2016-07-01',
    appliedOn: '2013-03-15',
    isFloating: '否',
    isRetired: '否',
  };
  return TEMPLATE_COLUMNS.map((c) => byField[c.field]);
}

/** The blank import template: the header on 党员花名册 (required columns marked *), instructions and an example on 填写说明. */
export async function buildRosterTemplate(): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = TEMPLATE_COLUMNS.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.field,
    width: c.width,
    style:
      c.kind === 'idNumber' || c.field === 'phone'
        ? { numFmt: '@' }
        : c.kind === 'date'
          ? { numFmt: 'yyyy-mm-dd' }
          : {},
  }));
  const head = ws.getRow(1);
  head.font = HEADER_FONT;
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  TEMPLATE_COLUMNS.forEach((c, i) => {
    if (c.kind === 'gender' || c.kind === 'education' || c.kind === 'status' || c.kind === 'yesNo') {
      addDropdown(ws, i + 1, CHOICES[c.kind], c.note);
    }
  });

  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  help.columns = [{ width: 16 }, { width: 8 }, { width: 90 }];
  help.addRow(['党员花名册导入说明']).font = { name: '黑体', size: 14, bold: true };
  help.addRow([
    '1. 在“党员花名册”工作表第1行表头下逐行填写，一人一行；带 * 的列必须有。列的顺序可以调整，不需要的列可以删除。',
  ]);
  help.addRow(['2. 导入时先校验全部行：只要有一处错误，就不会导入任何数据，系统会列出每处错误的行号和列名。']);
  help.addRow(['3. 身份证号一列必须设为“文本”格式（模板已设好）；从其他表格粘贴时请选择“只粘贴值”。']);
  help.addRow([]);
  const th = help.addRow(['列名', '必填', '填写要求']);
  th.font = HEADER_FONT;
  th.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const c of ROSTER_COLUMNS) help.addRow([c.header, c.required ? '是' : '', c.note]);
  help.addRow([]);
  help.addRow(['示例（仅供参考，不会被导入）：']).font = { bold: true };
  const example = help.addRow([]);
  const exampleHead = help.getRow(example.number);
  TEMPLATE_COLUMNS.forEach((c, i) => {
    exampleHead.getCell(i + 1).value = c.header;
  });
  exampleHead.font = HEADER_FONT;
  help.addRow(exampleRow());
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A listed member as exported: the list row as the caller may see it (toMemberRow: ID number and phone masked, the
 * birth date reduced to 出生年月 for a reduced view), 申请入党日期 and the organisation's code (what the import reads).
 */
export type RosterExportRow = MemberRow & { appliedOn: string | null; orgCode: string };

function dateCell(iso: string | null): Date | null {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

function exportValues(r: RosterExportRow, seq: number): Record<RosterField, string | number | Date | null> {
  return {
    seq,
    name: r.name,
    gender: r.gender ? GENDER_LABELS[r.gender].zh : null,
    ethnicity: r.ethnicity,
    // A reduced view has only the year and month: written as text ('1980-05'), never as a date of some day.
    birthDate: r.birthDate ? dateCell(r.birthDate) : r.birthYearMonth,
    education: r.education ? EDUCATION_LABELS[r.education].zh : null,
    idNumber: r.idNumber,
    phone: r.phone,
    org: r.orgCode,
    orgName: r.orgName,
    status: MEMBER_STATUS_LABELS[r.status].zh,
    joinDate: dateCell(r.joinDate),
    fullDate: dateCell(r.fullDate),
    appliedOn: dateCell(r.appliedOn),
    isFloating: r.isFloating ? '是' : '否',
    isRetired: r.isRetired ? '是' : '否',
    personId: r.id,
  };
}

/**
 * Streams the roster of `batches` to `out` as an .xlsx (sheet 党员花名册, the import columns) and resolves
 * with the number of rows once the workbook is complete. Rows are written and released as they come, so
 * a city-wide export does not hold the whole list in memory.
 */
export async function writeRosterExport(batches: AsyncIterable<RosterExportRow[]>, out: Writable): Promise<number> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ROSTER_COLUMNS.map((c) => ({
    key: c.field,
    width: c.width,
    style:
      c.kind === 'date'
        ? { numFmt: 'yyyy-mm-dd' }
        : c.kind === 'idNumber' || c.field === 'phone'
          ? { numFmt: '@' }
          : {},
  }));
  const head = ws.addRow(ROSTER_COLUMNS.map((c) => c.exportHeader ?? c.header));
  head.font = HEADER_FONT;
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  head.commit();
  let n = 0;
  for await (const batch of batches) {
    for (const r of batch) {
      ws.addRow(exportValues(r, ++n)).commit();
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}
