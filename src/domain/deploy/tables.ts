/**
 * A task list pasted from Excel or a Word table copied as text arrives tab-separated, a row per line: 序号, 工作内容,
 * 牵头单位, 配合单位, 责任人, 完成时限 … in columns; converted from a .docx or a PDF it often arrives one cell per line
 * instead, empty cells left out. Read as prose, its rows lose their columns. This pre-pass finds such a table by its
 * header cells (the names offices give these columns) and rewrites each row as one numbered item that states its
 * columns in words — “1. 开展整顿。牵头单位：县委组织部；配合单位：县民政局；完成时限：2026年12月底前。” — which the outline
 * parser then reads like any numbered item (its bodies' roles, persons and deadline included).
 * Pure, total and linear; text without such a table is returned as it is.
 */
import { codeTable, inTable, isJsSpace } from './chars.ts';
import { deadlineTexts } from './extract.ts';
import { parseCnNumeral } from './numbering.ts';

type Column =
  | 'seq'
  | 'content'
  | 'lead'
  | 'cooperating'
  | 'person'
  | 'deadline'
  | 'date'
  | 'weekday'
  | 'time'
  | 'place'
  | 'attendees'
  | 'note'
  | 'other';

/** The header names of each column (a cell's whole text, normalised). */
const HEADER_NAMES: readonly [Column, readonly string[]][] = [
  ['seq', ['序号', '编号', '序']],
  [
    'content',
    [
      '工作内容',
      '重点任务',
      '工作任务',
      '任务内容',
      '具体任务',
      '具体措施',
      '工作措施',
      '工作事项',
      '主要任务',
      '主要内容',
      '任务',
      '内容',
      '工作要点',
      '目标任务',
      '重点工作',
      '活动内容',
      '会议内容',
      '活动安排',
      '工作安排',
      '事项',
    ],
  ],
  [
    'lead',
    ['牵头单位', '牵头部门', '责任单位', '责任部门', '负责单位', '主责单位', '牵头领导单位', '承办单位', '牵头'],
  ],
  ['cooperating', ['配合单位', '配合部门', '协同单位', '协助单位', '参与单位', '配合']],
  ['person', ['责任人', '负责人', '责任领导', '分管领导', '牵头领导', '联系人']],
  ['deadline', ['完成时限', '完成时间', '时间节点', '时限要求', '时间安排', '完成期限', '时限']],
  ['date', ['日期', '日期星期', '日期/星期', '日期／星期']],
  ['weekday', ['星期']],
  ['time', ['时间']],
  ['place', ['地点', '活动地点', '会议地点']],
  ['attendees', ['参加人员', '参会人员', '参加领导', '出席领导', '参加对象']],
  ['note', ['备注', '说明']],
];
const COLUMN_BY_NAME = new Map<string, Column>();
for (const [col, names] of HEADER_NAMES)
  for (const name of names) if (!COLUMN_BY_NAME.has(name)) COLUMN_BY_NAME.set(name, col);

const LABEL: Partial<Record<Column, string>> = {
  lead: '牵头单位',
  cooperating: '配合单位',
  person: '责任人',
  deadline: '完成时限',
};
/** The order a row's facts are stated in. */
const FACTS: readonly Column[] = [
  'lead',
  'cooperating',
  'person',
  'deadline',
  'date',
  'weekday',
  'time',
  'place',
  'attendees',
  'note',
  'other',
];

const norm = (cell: string) => (isNormal(cell) ? cell : cell.normalize('NFKC').replace(/\s+/g, ''));

/** Only CJK Unified Ideographs (U+4E00–U+9FFF) and printable ASCII but the space, which NFKC leaves as they are. */
function isNormal(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x4e00 || c > 0x9fff) && (c < 0x21 || c > 0x7e)) return false;
  }
  return true;
}

function columnOf(cell: string): Column | null {
  if (cell.length > 16) return null; // header names are short: no need to normalise a long line
  const name = norm(cell);
  if (name.length === 0 || name.length > 8) return null;
  return COLUMN_BY_NAME.get(name) ?? null;
}

/** A task table's header: a content column and at least one other known column besides 序号. */
function isTaskHeader(cols: readonly (Column | null)[]): boolean {
  let content = false;
  let other: Column | null = null;
  for (const c of cols) {
    if (c === 'content') content = true;
    else if (c !== null && c !== 'other' && c !== 'seq') other = c;
  }
  return content && other !== null;
}

type Row = { number: string | null; cells: Map<Column, string[]>; labels: Map<Column, string> };

/** What follows a row's content and is dropped before its 。 (white space as `\s` reads it). */
const CONTENT_TRAILING = codeTable('。；;，,');

function trimContentEnd(s: string): string {
  let e = s.length;
  while (e > 0 && (inTable(CONTENT_TRAILING, s.charCodeAt(e - 1)) || isJsSpace(s.charCodeAt(e - 1)))) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** s without its white space (as `\s` reads it). */
function withoutSpaces(s: string): string {
  for (let i = 0; i < s.length; i++) if (isJsSpace(s.charCodeAt(i))) return s.replace(/\s+/g, '');
  return s;
}

/**
 * The row as one numbered item: 1. 内容。牵头单位：…；配合单位：…、…；完成时限：…。 Built by concatenation, without a
 * list of values and of facts per row.
 */
function rowText(row: Row, n: number): string | null {
  const content = trimContentEnd(joinValues(row.cells.get('content')));
  if (content === '') return null;
  let facts = '';
  for (const c of FACTS) {
    const cells = row.cells.get(c);
    if (cells === undefined) continue;
    const sep = c === 'lead' || c === 'cooperating' ? '、' : '；';
    let joined = '';
    let count = 0;
    for (let i = 0; i < cells.length; i++) {
      const t = (cells[i] as string).trim();
      if (t === '') continue;
      joined += (count > 0 ? sep : '') + withoutSpaces(t);
      count++;
    }
    if (count === 0) continue;
    const label = row.labels.get(c) ?? LABEL[c] ?? c;
    facts += `${facts === '' ? '' : '；'}${label}：${joined}`;
  }
  return `${row.number ?? String(n)}. ${content}。${facts !== '' ? `${facts}。` : ''}`;
}

/** The non-empty cells of a column, trimmed, joined by ；. */
function joinValues(cells: readonly string[] | undefined): string {
  let out = '';
  let count = 0;
  if (cells)
    for (let i = 0; i < cells.length; i++) {
      const t = (cells[i] as string).trim();
      if (t === '') continue;
      out += count > 0 ? `；${t}` : t;
      count++;
    }
  return out;
}

// ---- Tab-separated rows -------------------------------------------------------------------------------------------

const ROW_SEQ = /^\d{1,3}$/;

function tabRow(
  cells: readonly string[],
  cols: readonly (Column | null)[],
  headers: readonly string[],
  n: number,
): string | null {
  const row: Row = { number: null, cells: new Map(), labels: new Map() };
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    const col = cols[i] ?? 'other';
    const trimmed = cell.trim();
    if (col === 'seq') {
      if (ROW_SEQ.test(trimmed)) row.number = trimmed;
      continue;
    }
    if (trimmed === '') continue;
    const list = row.cells.get(col);
    if (list) list.push(cell);
    else row.cells.set(col, [cell]);
    if (!LABEL[col] && !row.labels.has(col)) row.labels.set(col, norm(headers[i] ?? ''));
  }
  return rowText(row, n);
}

/**
 * Only the lines with a tab are read; the runs of lines between a header or row and the next are copied as one
 * slice, so that a long text with a few tables is not split into lines and joined again.
 */
function rebuildTabRows(input: string): string {
  let tab = input.indexOf('\t');
  if (tab < 0) return input;
  const out: string[] = [];
  /** Where the run of lines kept as they are starts (-1: none open); they are joined with "\n" like the rest. */
  let kept = -1;
  let cols: (Column | null)[] | null = null;
  let headers: string[] = [];
  let n = 0;
  for (let start = 0; start <= input.length; ) {
    const lf = input.indexOf('\n', start);
    const end = lf < 0 ? input.length : lf;
    if (tab >= 0 && tab < start) tab = input.indexOf('\t', start);
    let replaced: string | null | undefined;
    if (tab >= 0 && tab < end) {
      const cells = input.slice(start, input.charCodeAt(end - 1) === 0x0d ? end - 1 : end).split('\t');
      // A row none of whose cells can name a column (every row of data, nearly) is no header: not looked up.
      const header = cells.some(mayNameCell) ? cells.map(columnOf) : null;
      if (header !== null && isTaskHeader(header)) {
        cols = header;
        headers = cells;
        n = 0;
        replaced = null;
      } else if (cols) {
        const text = tabRow(cells, cols, headers, n + 1);
        if (text !== null) {
          n++;
          replaced = text;
        }
      }
    } else if (cols && input.slice(start, end).trim() !== '') cols = null; // a blank line between rows (a Word table's) keeps the table
    if (replaced === undefined) {
      if (kept < 0) kept = start;
    } else {
      if (kept >= 0) out.push(input.slice(kept, start - 1));
      kept = -1;
      if (replaced !== null) out.push(replaced);
    }
    start = end + 1;
  }
  if (out.length === 0 && kept === 0) return input;
  if (kept >= 0) out.push(input.slice(kept));
  return out.join('\n');
}

// ---- Tables flattened to one cell per line ------------------------------------------------------------------------

/** What a cell reads like, whatever column it stands under: empty cells are left out, so position alone misleads. */
type CellType = 'long' | 'short' | 'body' | 'person' | 'title' | 'date' | 'weekday' | 'time' | 'place';

/** Scores of a cell type under each column; a column missing from a type's row does not take it. */
const FIT: Record<CellType, Partial<Record<Column, number>>> = {
  long: { content: 3, note: 1, other: 1, attendees: 0.5 },
  short: { content: 2, note: 1.5, other: 1.5, place: 1.5, attendees: 1 },
  body: { lead: 3, cooperating: 2.9, attendees: 2, place: 1.5, note: 0.5, other: 0.5, content: 0.5 },
  person: { person: 3, attendees: 2.5, note: 0.5, other: 0.5 },
  title: { attendees: 3, person: 2.8, note: 0.5, other: 0.5 },
  date: { deadline: 3, date: 3, time: 2.9, note: 0.5, other: 0.5 },
  weekday: { weekday: 3, date: 2, time: 1 },
  time: { time: 3, deadline: 1, date: 1 },
  place: { place: 3, content: 1, note: 0.5, other: 0.5, attendees: 0.5 },
};
/** FIT with the columns numbered: a table's cells are scored by index, not by looking names up. */
const COLUMN_ID: Record<Column, number> = {
  seq: 0,
  content: 1,
  lead: 2,
  cooperating: 3,
  person: 4,
  deadline: 5,
  date: 6,
  weekday: 7,
  time: 8,
  place: 9,
  attendees: 10,
  note: 11,
  other: 12,
};
const FIT_BY_ID = new Map<CellType, number[]>(
  (Object.keys(FIT) as CellType[]).map((type) => {
    const scores: number[] = new Array(Object.keys(COLUMN_ID).length).fill(0);
    for (const [c, id] of Object.entries(COLUMN_ID) as [Column, number][]) scores[id] = FIT[type][c] ?? 0;
    return [type, scores];
  }),
);
const NO_SCORES: readonly number[] = [];
/** Starting a new row (no 序号 column) costs this much against placing a cell in the current one. */
const NEW_ROW = 1;
/** A cell of the same kind as the one before it (a second body of a cell with several lines) joins it at this cost. */
const JOIN = 0.5;

// What a body, a person's title and a place end with.
const BODY_END = byLastChar([
  ...'部委办局厅处科',
  '办公室',
  '中心',
  '单位',
  '部门',
  '党委',
  '党组',
  '政府',
  '支部',
  '总支',
  '工委',
  ...'院所站队会联',
  '团委',
  '公司',
  '集团',
  '学校',
  '医院',
  '乡镇',
  '街道',
  '社区',
  '各村',
  '专班',
  '小组',
  '领导小组',
]);
const TITLE_END = byLastChar([
  '书记',
  '常委',
  '县长',
  '市长',
  '区长',
  '镇长',
  '乡长',
  '部长',
  '局长',
  '主任',
  '主席',
  '委员',
  '领导',
  '干部',
  '同志',
  '负责人',
  '人员',
  '党员',
  '代表',
]);
const PLACE_END = byLastChar([
  '会议室',
  '室',
  '礼堂',
  '报告厅',
  '大厅',
  '会场',
  '现场',
  '基地',
  '展馆',
  '纪念馆',
  '广场',
  '馆',
]);

function byLastChar(words: readonly string[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const w of words) map.set(w.charCodeAt(w.length - 1), [...(map.get(w.charCodeAt(w.length - 1)) ?? []), w]);
  return map;
}

function endsWithAny(s: string, words: Map<number, string[]>): boolean {
  const list = words.get(s.charCodeAt(s.length - 1));
  if (list) for (const w of list) if (s.endsWith(w)) return true;
  return false;
}
const WEEKDAY = /^[（(]?(星期|周|礼拜)[一二三四五六日天][）)]?$/;
const TIME_OF_DAY =
  /^(上午|下午|晚上|中午|早上|全天|上午|晚)?\s*(\d{1,2}[:：]\d{2}(\s*[-—–至~～]\s*\d{1,2}[:：]\d{2})?)?$/;
const STANDING = /^(长期坚持|长期|持续推进|持续|常态化|全年|每月|每季度|每半年|每年|按月|按季度|定期|年内)/;
const DATE_FILLER = /[\s、，,；;（）()—\-–~～至起止到完成前后内底及和与]|星期[一二三四五六日天]|周[一二三四五六日]/g;

const LIST_SEPARATOR = codeTable('、，,；;');

/** The items of a cell that lists several (县委办、县民政局等), their parenthesised notes and 等 dropped. */
function splitList(cell: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i <= cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (i < cell.length && !inTable(LIST_SEPARATOR, c) && !isJsSpace(c)) continue;
    if (i > from) {
      const part = cell.slice(from, i);
      // Only a part ending in a closing parenthesis can lose a parenthesised tail, only one ending in 等 that word.
      const last = part.charCodeAt(part.length - 1);
      let x = last === 0xff09 || last === 0x29 ? part.replace(/[（(][^）)]*[）)]$/, '') : part;
      if (x.endsWith('等')) x = x.slice(0, -1);
      if (x !== '') out.push(x);
    }
    from = i + 1;
  }
  return out;
}

// The characters the anchored patterns can start (or end) with: a cell or line with another is not tested.
const WEEKDAY_FIRST = codeTable('（(星周礼');
const TIME_FIRST = codeTable('上下晚中早全0123456789');
const STANDING_FIRST = codeTable('长持常全每按定年');
const HEADING_FIRST = codeTable('一二三四五六七八九十（(第');
const END_LINE_FIRST = codeTable('附抄印主联');
const ORG_LINE_LAST = codeTable('会府室厅委组');
const PAGE_LINE_FIRST = codeTable('-—–－_·第0123456789');

function cellType(cell: string): CellType {
  const c = cell.trim();
  const len = c.length;
  const first = c.charCodeAt(0);
  if (len <= 8 && inTable(WEEKDAY_FIRST, first) && WEEKDAY.test(c)) return 'weekday';
  if (len <= 20 && inTable(TIME_FIRST, first) && TIME_OF_DAY.test(c) && TIME_WORD.test(c)) return 'time';
  if (len <= 30) {
    if (len <= 12 && inTable(STANDING_FIRST, first) && STANDING.test(c)) return 'date';
    const found = deadlineTexts(c);
    if (found.length > 0) {
      let rest = c;
      for (const d of found) rest = rest.replace(d, '');
      // Removing more only shortens it.
      if (rest.length <= 3 || rest.replace(TIME_OF_DAY_IN, '').replace(DATE_FILLER, '').length <= 3) return 'date';
    }
    if (!SENTENCE_OR_COLON.test(c)) {
      const parts = splitList(c);
      if (parts.length > 0 && parts.every((p) => p.length <= 20 && endsWithAny(p, TITLE_END))) return 'title';
      if (endsWithAny(c, PLACE_END) && !c.endsWith('办公厅') && len <= 20) return 'place';
      if (parts.length > 0 && parts.every((p) => p.length >= 2 && p.length <= 20 && endsWithAny(p, BODY_END)))
        return 'body';
      if (parts.length > 0 && parts.every((p) => NAME.test(p))) {
        // 2–4 characters could as well be a short task (建强支部): a name has no verb-like ending; a list of them is names
        if (parts.length > 1 || len <= 3) return 'person';
      }
    }
  }
  return len >= 6 ? 'long' : 'short';
}
const TIME_OF_DAY_IN = /(上午|下午|晚上|中午|早上|全天)|\d{1,2}[:：]\d{2}/g;
// cellType's and rowNumber's patterns, made once: a pattern literal makes a new RegExp object each time it is evaluated,
// and these run for every cell of a table.
const TIME_WORD = /\d|午|晚|全天/;
const SENTENCE_OR_COLON = /[。！？!?：:]/;
const NAME = /^[\p{Script=Han}·]{2,4}$/u;
const ROW_ARABIC = /^(\d{1,3})([.．、]?)$/;
const ROW_ARABIC_PAREN = /^[（(](\d{1,3})[）)]$/;
const ROW_CN = /^([一二三四五六七八九十]{1,3})([、.．]?)$/;
const ROW_CN_PAREN = /^[（(]([一二三四五六七八九十]{1,3})[）)]$/;
const PROSE_END = /[。！？]$/;

/** A line that is only a row number: 1 · 1. · 1、 · （1） · 一 · 一、 · （一） · 01 · ①. Its form and value. */
function rowNumber(line: string): { form: string; value: number } | null {
  const s = line.trim();
  if (s.length === 0 || s.length > 6) return null;
  // Every form starts with a digit, a parenthesis, a Chinese numeral or a circled number: most cells are none.
  if (!inTable(ROW_NUMBER_FIRST, s.charCodeAt(0))) return null;
  let m = ROW_ARABIC.exec(s);
  if (m) return { form: `d${m[2] ? '.' : ''}`, value: Number(m[1]) };
  m = ROW_ARABIC_PAREN.exec(s);
  if (m) return { form: 'pd', value: Number(m[1]) };
  m = ROW_CN.exec(s);
  const cn = m ? parseCnNumeral(m[1] ?? '') : null;
  if (m && cn) return { form: `c${m[2] ? '.' : ''}`, value: cn };
  m = ROW_CN_PAREN.exec(s);
  const pcn = m ? parseCnNumeral(m[1] ?? '') : null;
  if (pcn) return { form: 'pc', value: pcn };
  const c = s.charCodeAt(0);
  if (s.length === 1 && c >= 0x2460 && c <= 0x2473) return { form: 'o', value: c - 0x2460 + 1 };
  return null;
}

const ROW_NUMBER_FIRST = codeTable([
  ...'0123456789（(一二三四五六七八九十',
  ...Array.from({ length: 0x2473 - 0x2460 + 1 }, (_, k) => String.fromCharCode(0x2460 + k)),
]);

/** A numbered heading with its text (二、工作要求 · （三）… · 第四条…): prose again, unless rows follow it. */
const HEADING =
  /^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十百]{1,4}[条章节]|第[一二三四五六七八九十]{1,3}部分)\s*\S/;
const END_LINE = /^(附件|附：|抄送[:：]|印发[:：]|主送[:：]|联系人[:：]|联系电话[:：])/;
const ORG_LINE = /^(中共)?[^\s。，；：]{2,28}(委员会|人民政府|办公室|办公厅|党委|党组|党工委|工委)$/;
const FULL_DATE =
  /^[（(]?(\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日[）)]?$/;
/** Page numbers of a converted PDF inside a table (- 3 -, 第3页): passed through for the noise pass to report. */
const PAGE_LINE = /^([-—–－_·]\s*\d{1,4}\s*[-—–－_·]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*[/／]\s*\d{1,4})$/;

/**
 * The lines of a text by their offsets: a line's string is made when it is read, so that a long text is not held
 * as hundreds of thousands of strings while its tables are rebuilt.
 */
type Lines = { text: string; starts: Int32Array; ends: Int32Array; count: number };

function lineOffsets(text: string): Lines {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let k = 0, start = 0; k < count; k++) {
    const lf = text.indexOf('\n', start);
    const end = lf < 0 ? text.length : lf;
    starts[k] = start;
    ends[k] = end;
    start = end + 1;
  }
  return { text, starts, ends, count };
}

/** Line i, or '' past the last one. */
function lineAt(lines: Lines, i: number): string {
  return i >= 0 && i < lines.count ? lines.text.slice(lines.starts[i], lines.ends[i]) : '';
}

/** The first characters of the header names. */
const HEADER_FIRST = codeTable(COLUMN_BY_NAME.keys());

/**
 * Whether line i could be a header cell (what headerRun reads first), read in place: a line that NFKC leaves as it is
 * (isNormal) names a column only when it starts as a header name does. Most lines of a text are no header cells, and
 * are not sliced and looked up to learn it.
 */
function mayNameColumn(lines: Lines, i: number): boolean {
  return mayNameColumnIn(lines.text, lines.starts[i] ?? 0, lines.ends[i] ?? 0);
}

/** Whether a tab-separated cell could name a column: columnOf(cell) is null when not. */
function mayNameCell(cell: string): boolean {
  return mayNameColumnIn(cell, 0, cell.length);
}

/** mayNameColumn of text[start, end). */
function mayNameColumnIn(text: string, start: number, end: number): boolean {
  if (start < end && inTable(HEADER_FIRST, text.charCodeAt(start))) return true;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if ((c < 0x4e00 || c > 0x9fff) && (c < 0x21 || c > 0x7e)) return true;
  }
  return false;
}

/** Where the run of header cells starting at line i ends (exclusive), when it names a task table; else -1. */
function headerRun(lines: Lines, i: number): { end: number; cols: Column[]; names: string[] } | null {
  const cols: Column[] = [];
  const names: string[] = [];
  let j = i;
  for (; j < lines.count; j++) {
    const line = lineAt(lines, j);
    if (line.trim() === '') {
      if (cols.length === 0) return null;
      continue;
    }
    const col = columnOf(line);
    if (!col) break;
    cols.push(col);
    names.push(norm(line));
    if (cols.length > 16) return null;
  }
  if (cols.length < 2 || !isTaskHeader(cols)) return null;
  return { end: j, cols, names };
}

/** `types`: the short cells typed so far, shared by the document's tables (cellType reads the cell alone). */
type Table = { cols: Column[]; names: string[]; hasSeq: boolean; types: Map<string, CellType> };

/** The next non-blank line at or after i (bounded look-ahead), or -1. */
function nextLine(lines: Lines, i: number, limit = 4): number {
  for (let j = i; j < lines.count && j < i + limit; j++) if (lineAt(lines, j).trim() !== '') return j;
  return -1;
}

/** Whether a row number consistent with the last one (the same form, the same value or one more) comes within a few lines. */
function rowNumberAhead(lines: Lines, i: number, form: string, last: number, limit: number): boolean {
  for (let j = i; j < lines.count && j < i + limit; j++) {
    const line = lineAt(lines, j);
    if (line.trim() === '') continue;
    if (isHardEnd(lines, j)) return false;
    const r = rowNumber(line);
    if (r && r.form === form && (r.value === last + 1 || r.value === last)) return true;
  }
  return false;
}

function isHardEnd(lines: Lines, i: number, line = lineAt(lines, i).trim()): boolean {
  const s = line;
  const first = s.charCodeAt(0);
  if ((inTable(HEADING_FIRST, first) && HEADING.test(s)) || (inTable(END_LINE_FIRST, first) && END_LINE.test(s)))
    return true;
  if (s.length <= 34 && inTable(ORG_LINE_LAST, s.charCodeAt(s.length - 1)) && ORG_LINE.test(s)) {
    const next = nextLine(lines, i + 1);
    if (next >= 0 && FULL_DATE.test(lineAt(lines, next).trim())) return true;
  }
  return false;
}

/**
 * Reads the rows of a flattened table from line `from`; returns the rebuilt lines and where the table ended. Rows
 * start at a row-number line (a 序号 column) or, without one, where a cell no longer fits after the cells before it.
 */
function readFlatTable(lines: Lines, from: number, table: Table): { out: string[]; end: number; rebuilt: boolean } {
  const { cols, names, hasSeq } = table;
  const labels = new Map<Column, string>();
  cols.forEach((c, k) => {
    if (!LABEL[c] && !labels.has(c)) labels.set(c, names[k] ?? c);
  });
  type Draft = {
    number: string | null;
    cells: Map<Column, string[]>;
    at: number;
    last: number;
    raw: string[];
    pages: string[];
  };
  const rows: Draft[] = [];
  const newRow = (number: string | null): Draft => {
    const d: Draft = { number, cells: new Map(), at: 0, last: -1, raw: [], pages: [] };
    rows.push(d);
    return d;
  };
  const put = (row: Draft, k: number, cell: string) => {
    const col = cols[k] ?? 'other';
    const list = row.cells.get(col);
    if (list === undefined) row.cells.set(col, [cell.trim()]);
    else list.push(cell.trim());
    row.at = k + 1;
    row.last = k;
  };
  const colIds = cols.map((c) => COLUMN_ID[c]);
  // A cell's scores under each column (by column id) are looked up once per cell and passed to best and fit.
  /** The best column for a cell at or after `start` (-1: none fits); its score is fit(scores, k). */
  const best = (scores: readonly number[], start: number): number => {
    let at = -1;
    let score = 0;
    for (let k = start; k < colIds.length; k++) {
      const s = scores[colIds[k] ?? 0] ?? 0;
      if (s > score) {
        score = s;
        at = k;
      }
    }
    return at;
  };
  /** The score of a cell under column k (0 for no column). */
  const fit = (scores: readonly number[], k: number): number =>
    k >= 0 && k < colIds.length ? (scores[colIds[k] ?? 0] ?? 0) : 0;
  // A column repeats its cells (the same lead body, the same weekday or time), and so do the tables of one document:
  // each distinct short cell is typed once per document. Long cells are typed quickly and seldom repeat; they are not
  // kept.
  const types = table.types;
  const typeOf = (cell: string): CellType => {
    if (cell.length > 30) return cellType(cell);
    let type = types.get(cell);
    if (type === undefined) {
      type = cellType(cell);
      types.set(cell, type);
    }
    return type;
  };
  const between: string[] = [];
  let form = '';
  let lastNumber = 0;
  let row: Draft | null = null;
  let i = from;
  for (; i < lines.count; i++) {
    const line = lineAt(lines, i);
    const s = line.trim();
    if (s === '') {
      row?.raw.push(line);
      continue;
    }
    // A line that is no header cell starts no header run; most cells cannot be one, and are not looked up.
    if (mayNameColumn(lines, i) && columnOf(line) !== null && headerRun(lines, i)) break;
    const num = hasSeq ? rowNumber(s) : null;
    if (
      num &&
      (row === null ||
        (num.form === form && (num.value === lastNumber || num.value === lastNumber + 1 || num.value === 1)))
    ) {
      form = num.form;
      lastNumber = num.value;
      row = newRow(String(num.value));
      row.raw.push(line);
      row.at = cols.indexOf('seq') + 1;
      continue;
    }
    if (isHardEnd(lines, i, s)) {
      // A category row (一、党的政治建设) inside a numbered table: rows go on after it.
      const next = nextLine(lines, i + 1);
      const r = next >= 0 && hasSeq && row !== null ? rowNumber(lineAt(lines, next)) : null;
      if (HEADING.test(s) && r && r.form === form && (r.value === lastNumber + 1 || r.value === 1)) {
        row = null;
        rows.push({ number: null, cells: new Map(), at: 0, last: -1, raw: [line], pages: [] });
        continue;
      }
      break;
    }
    if (inTable(PAGE_LINE_FIRST, s.charCodeAt(0)) && PAGE_LINE.test(s)) {
      (row?.pages ?? between).push(line);
      continue;
    }
    const type = typeOf(s);
    const scores = FIT_BY_ID.get(type) ?? NO_SCORES;
    if (hasSeq) {
      if (row === null) break; // cells before the first row number: not this table
      const k = best(scores, row.at);
      const score = fit(scores, k);
      const lastFit = fit(scores, row.last);
      const join = lastFit >= 2 ? lastFit - JOIN : 0;
      const prose = (type === 'long' && PROSE_END.test(s) && s.length >= 20) || s.length > 200;
      if (k >= 0 && score >= join && !(prose && cols[k] !== 'content')) put(row, k, s);
      else if (join > 0 && !prose) put(row, row.last, s);
      else if (row.last >= 0 && rowNumberAhead(lines, i + 1, form, lastNumber, 2 * cols.length + 4)) {
        // A cell of several lines: the rows go on after it, so it belongs to the row.
        put(row, row.last, s);
      } else break;
      row.raw.push(line);
      continue;
    }
    const hereAt = row ? best(scores, row.at) : -1;
    const here = fit(scores, hereAt);
    const lastFit = row ? fit(scores, row.last) : 0;
    const join = lastFit >= 2 ? lastFit - JOIN : 0;
    const freshAt = best(scores, 0);
    const fresh = fit(scores, freshAt);
    if (row && hereAt >= 0 && here >= join && here >= fresh - NEW_ROW) put(row, hereAt, s);
    else if (row && join > 0 && join >= fresh - NEW_ROW) put(row, row.last, s);
    else if (freshAt >= 0) {
      row = newRow(null);
      put(row, freshAt, s);
    } else break;
    row.raw.push(line);
  }
  // Without row numbers, prose after the table reads as rows of content alone: those at its end go back to prose.
  if (!hasSeq) {
    while (rows.length > 0) {
      const last = rows.at(-1) as Draft;
      const facts = [...last.cells.keys()].some((c) => c !== 'content' && c !== 'note' && c !== 'other');
      if (facts) break;
      rows.pop();
      i -= last.raw.length + last.pages.length;
    }
    while (i > from && lineAt(lines, i - 1).trim() === '') i--;
  }
  // A date or weekday cell spanning rows (a weekly schedule's) applies to each row after it until the next.
  const spanning = new Map<Column, string[]>();
  const out: string[] = [...between];
  let n = 0;
  for (const r of rows) {
    if (r.cells.size === 0 && r.number === null) {
      append(out, r.raw);
      continue;
    }
    for (const c of ['date', 'weekday'] as const) {
      const v = r.cells.get(c);
      if (v) spanning.set(c, v);
      else if (spanning.has(c)) r.cells.set(c, spanning.get(c) ?? []);
    }
    append(out, r.pages);
    const text = rowText({ number: r.number, cells: r.cells, labels }, n + 1);
    if (text === null)
      append(
        out,
        r.raw.filter((l) => l.trim() !== ''),
      );
    else {
      n++;
      out.push(text);
    }
  }
  return { out, end: i, rebuilt: n > 0 };
}

/** out.push(...items) without the spread, which overflows the stack on a long list. */
function append(out: string[], items: readonly string[]): void {
  for (const item of items) out.push(item);
}

/** Tables flattened to one cell per line, found by a run of header cells, rebuilt row by row. */
function rebuildFlatTables(input: string): string {
  const lines = lineOffsets(input);
  let out: Joiner | null = null;
  let copied = 0;
  let types: Map<string, CellType> | null = null;
  for (let i = 0; i < lines.count; ) {
    const header =
      (lines.ends[i] ?? 0) - (lines.starts[i] ?? 0) <= 12 && mayNameColumn(lines, i) ? headerRun(lines, i) : null;
    if (!header) {
      i++;
      continue;
    }
    types ??= new Map();
    const table: Table = { cols: header.cols, names: header.names, hasSeq: header.cols.includes('seq'), types };
    const read = readFlatTable(lines, header.end, table);
    if (!read.rebuilt || read.end <= header.end) {
      i = header.end;
      continue;
    }
    // The lines kept as they are go in as one slice each run (the same as the lines joined by "\n").
    out ??= { done: [], chunk: [], size: 0 };
    if (copied < i) addPiece(out, input.slice(lines.starts[copied], lines.ends[i - 1]));
    for (const piece of read.out) addPiece(out, piece);
    copied = read.end;
    i = read.end;
  }
  if (!out) return input;
  if (copied < lines.count) addPiece(out, input.slice(lines.starts[copied], lines.ends[lines.count - 1]));
  if (out.chunk.length > 0) out.done.push(out.chunk.join('\n'));
  return out.done.join('\n');
}

/**
 * Pieces to be joined by "\n", joined a chunk at a time as they come: the rows of a long text are not all kept (and
 * copied from one generation of the heap to the next) until the end.
 */
type Joiner = { done: string[]; chunk: string[]; size: number };

function addPiece(out: Joiner, piece: string): void {
  out.chunk.push(piece);
  out.size += piece.length;
  if (out.size < 100_000) return;
  out.done.push(out.chunk.join('\n'));
  out.chunk = [];
  out.size = 0;
}

/** Task tables in the text, tab-separated or flattened to a cell per line, rewritten as one numbered item per row. */
export function rebuildTabTables(input: string): string {
  return rebuildFlatTables(rebuildTabRows(input));
}
/** Lines this long with numbered headings inside them lost their line breaks (a copied page, a PDF's text). */
const LONG_LINE = 300;

function hasLongLine(input: string): boolean {
  for (let start = 0; start < input.length; ) {
    const lf = input.indexOf('\n', start);
    const end = lf < 0 ? input.length : lf;
    if (end - start >= LONG_LINE) return true;
    start = end + 1;
  }
  return false;
}
/**
 * A heading marker inside a line, after the end of a sentence or a space: 一、 （一） 第一条 第一章 — where a line
 * break was lost. The ordinal must follow a sentence end (。！？；) or white space, never a word.
 */
const LOST_BREAK =
  /(?<=[。！？；;!?]|[ \u3000])(?=(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十百]{1,4}[条章节部分]))/gu;

/**
 * Text that lost its line breaks (one long line, paragraphs joined by spaces) gets a break back before each heading
 * marker that stands after a sentence end or a space; lines of ordinary length are left as they are. Linear.
 */
export function resegment(input: string): string {
  if (input.length < LONG_LINE || !hasLongLine(input)) return input;
  return input
    .split('\n')
    .map((line) => (line.length < LONG_LINE ? line : dropSpacesBeforeBreaks(line.replace(LOST_BREAK, '\n'))))
    .join('\n');
}

/**
 * s.replace(/[ \u3000]+\n/g, '\n') in one pass: each run of spaces that a line break follows goes. (The pattern tries
 * every position of a long run of spaces and reads the rest of the run from each.)
 */
function dropSpacesBeforeBreaks(s: string): string {
  let out = '';
  let from = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
    let j = i;
    while (j > from && (s.charCodeAt(j - 1) === 0x20 || s.charCodeAt(j - 1) === 0x3000)) j--;
    if (j === i) continue;
    out += s.slice(from, j);
    from = i;
  }
  return from === 0 ? s : out + s.slice(from);
}
