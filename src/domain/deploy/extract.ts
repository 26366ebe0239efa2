import { type CodeTable, codeTable, inTable, isHanUnit, isJsSpace } from './chars.ts';
import type { Span } from './noise.ts';
import { digitValue, isDigitCode, parseCnNumeral } from './numbering.ts';

/** A quantitative target: 创建四星级党组织100个 → { value: 100, unit: '个' }. Spans are in the cleaned text. */
export type Target = {
  value: number;
  unit: string;
  /** The clause the figure stands in, for the reader: 有集体经济收入的行政村80%以上要达到5万元以上. */
  text: string;
  span: Span;
  textSpan: Span;
  /** 以上, 以下, 左右, 以内, 及以上 after the figure, or 不少于, 不低于, 至少… before it. */
  qualifier: string | null;
};
export type Deadline = { text: string; span: Span };
export type BodyMention = { text: string; span: Span };
export type MeetingCue = { text: string; span: Span };

/** What a passage is about, from its lead-in: a list of problems, a review of what was done, an announced list of
 *  tasks (重点任务, 任务清单, 以下工作), or none of these. */
export type PassageContext = 'problem' | 'review' | 'tasks' | null;

// Longest first, so that 万元 wins over 元 and 人次 over 人. 年/月/日/天/小时/岁 are left out on purpose:
// 2019年, 8小时以外, 35岁以下 are dates, durations and criteria, not targets.
const UNITS = [
  '万平方米',
  '平方公里',
  '平方米',
  '万人次',
  '万千瓦',
  '万元',
  '亿元',
  '千元',
  '万人',
  '万户',
  '万亩',
  '万吨',
  '人次',
  '公里',
  '千米',
  '课时',
  '学时',
  '元',
  '亩',
  '吨',
  '%',
  '％',
  '个',
  '名',
  '人',
  '家',
  '次',
  '项',
  '所',
  '村',
  '户',
  '场',
  '期',
  '篇',
  '条',
  '件',
  '座',
  '支',
  '批',
  '处',
  '套',
  '台',
  '间',
  '张',
  '份',
  '部',
  '本',
  '倍',
  '分',
];
// A unit followed by these reads as a duration or a different word: 3个月, 5部门, 10分钟.
const UNIT_SPOILERS: Record<string, string[]> = {
  个: ['月', '工作日', '小时', '星期', '季度', '百分点'],
  部: ['门', '署'],
  分: ['钟', '之'],
  家: ['庭'],
  条: ['例', '件'],
  期: ['间'],
  场: ['所'],
  人: ['员', '民'],
  名: ['单'],
  份: ['子'],
};
const QUALIFIERS = ['及以上', '以上', '以下', '左右', '以内'];
const CN_COUNT = codeTable('一二两三四五六七八九十');
const CLAUSE_BREAK = codeTable('，。；：！？、（）()“”"‘’「」【】《》,;:!?\n');

/** A clause break, or a position outside the text. */
function isClauseBreak(text: string, i: number): boolean {
  return i < 0 || i >= text.length || inTable(CLAUSE_BREAK, text.charCodeAt(i));
}

function clauseAround(text: string, start: number, end: number, lo: number, hi: number): Span {
  let s = start;
  while (s > lo && !isClauseBreak(text, s - 1)) s--;
  let e = end;
  while (e < hi && !isClauseBreak(text, e)) e++;
  return [s, e];
}

/** UNITS by their first character, in UNITS' order. */
const UNITS_BY_FIRST = new Map<number, string[]>();
for (const unit of UNITS)
  UNITS_BY_FIRST.set(unit.charCodeAt(0), [...(UNITS_BY_FIRST.get(unit.charCodeAt(0)) ?? []), unit]);

function unitAt(text: string, pos: number): string | null {
  for (const unit of UNITS_BY_FIRST.get(text.charCodeAt(pos)) ?? []) {
    if (!text.startsWith(unit, pos)) continue;
    const spoilers = UNIT_SPOILERS[unit];
    if (spoilers?.some((w) => text.startsWith(w, pos + unit.length))) return null;
    return unit === '％' ? '%' : unit;
  }
  return null;
}

function qualifierAt(text: string, pos: number): string | null {
  for (const q of QUALIFIERS) if (text.startsWith(q, pos)) return q;
  return null;
}

/**
 * Figures with a unit in text[start, end). Chinese-numeral counts (三个, 一批) are not taken: in speeches they
 * are nearly always slogans (四个意识, 两个维护, 三会一课) rather than targets; 百分之八十 is taken. A figure
 * directly after 两个/三个 is a slogan's label (“两个80%”), whose parts are stated after it.
 */
export function extractTargets(text: string, start: number, end: number, out: Target[] = []): Target[] {
  const hi = Math.min(end, text.length);
  // Made at the first figure taken: most ranges (a heading, a table row's facts) have none.
  let clauses: ClauseCursor | null = null;
  let i = Math.max(0, start);
  while (i < hi) {
    const c = text.charCodeAt(i);
    if (c === 0x767e && text.startsWith('百分之', i)) {
      const found = readPercentWords(text, i, hi);
      if (found) {
        clauses ??= { lo: start, hi, startAt: -1, start, endAt: -1, end: hi };
        out.push(makeTarget(text, i, found.end, found.value, '%', clauses));
        i = found.end;
        continue;
      }
    }
    if (!isDigitCode(c) || (i > start && isNumberChar(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    // The figure's digits are read as a string only when a unit makes it a target (most figures are years and dates);
    // characters are compared by code, which makes no string of each.
    let j = i;
    while (j < hi && isDigitCode(text.charCodeAt(j))) j++;
    const intEnd = j;
    let fracEnd = -1;
    const dot = text.charCodeAt(j);
    if ((dot === 0x2e || dot === 0xff0e) && isDigitCode(text.charCodeAt(j + 1))) {
      j++;
      while (j < hi && isDigitCode(text.charCodeAt(j))) j++;
      fracEnd = j;
    }
    let k = j;
    const more = text.charCodeAt(k);
    if (more === 0x4f59 || more === 0x591a) k++; // 余, 多
    const unit = k < hi ? unitAt(text, k) : null;
    const label = i - 2 >= start && inTable(CN_COUNT, text.charCodeAt(i - 2)) && text.charCodeAt(i - 1) === 0x4e2a; // 个
    if (unit && !label && text.charCodeAt(j) !== 0x2b) {
      const unitEnd = k + (unit === '%' ? 1 : unit.length);
      const value = Number(figureDigits(text, i, intEnd, fracEnd));
      if (Number.isFinite(value)) {
        clauses ??= { lo: start, hi, startAt: -1, start, endAt: -1, end: hi };
        out.push(makeTarget(text, i, Math.min(unitEnd, hi), value, unit, clauses));
      }
      i = unitEnd;
    } else i = j;
  }
  return out;
}

/** The digits of text[start, intEnd) and, when fracEnd >= 0, "." and those of text[intEnd + 1, fracEnd), as ASCII. */
function figureDigits(text: string, start: number, intEnd: number, fracEnd: number): string {
  let digits = '';
  for (let q = start; q < intEnd; q++) digits += String(digitValue(text.charCodeAt(q)));
  if (fracEnd >= 0) {
    digits += '.';
    for (let q = intEnd + 1; q < fracEnd; q++) digits += String(digitValue(text.charCodeAt(q)));
  }
  return digits;
}

function isNumberChar(c: number): boolean {
  return isDigitCode(c) || c === 0x2e || c === 0xff0e || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function readPercentWords(text: string, pos: number, hi: number): { value: number; end: number } | null {
  let j = pos + 3;
  let digits = '';
  while (j < hi && isDigitCode(text.charCodeAt(j))) digits += String(digitValue(text.charCodeAt(j++)));
  if (digits) return { value: Number(digits), end: j };
  let k = j;
  while (k < hi && k - j < 4 && '〇零一二三四五六七八九十百'.includes(text[k] ?? 'x')) k++;
  const value = parseCnNumeral(text.slice(j, k));
  return value === null || value === 0 ? null : { value, end: k };
}

// Written before the figure: 不少于120名, 不低于10%.
const PREFIX_QUALIFIERS = ['不少于', '不低于', '不超过', '不高于', '至少', '超过', '高于', '低于'];

function prefixQualifier(text: string, s: number, lo: number): string | null {
  for (const q of PREFIX_QUALIFIERS) if (s - q.length >= lo && text.startsWith(q, s - q.length)) return q;
  return null;
}

function makeTarget(text: string, s: number, e: number, value: number, unit: string, clauses: ClauseCursor): Target {
  const qualifier = qualifierAt(text, e) ?? prefixQualifier(text, s, clauses.lo);
  const textSpan = clauseAt(text, clauses, s, e);
  return { value, unit, text: text.slice(textSpan[0], textSpan[1]), span: [s, e], textSpan, qualifier };
}

/**
 * The clause around figures met in order within [lo, hi) (what clauseAround gives): each answer goes on from the
 * last one, so that many figures in one long clause do not each read the whole clause again.
 */
type ClauseCursor = { lo: number; hi: number; startAt: number; start: number; endAt: number; end: number };

function clauseAt(text: string, cur: ClauseCursor, s: number, e: number): Span {
  if (cur.startAt < 0 || s < cur.startAt) cur.start = clauseAround(text, s, s, cur.lo, cur.hi)[0];
  else for (let q = Math.max(cur.startAt, cur.lo); q < s; q++) if (isClauseBreak(text, q)) cur.start = q + 1;
  cur.startAt = s;
  if (cur.endAt < 0 || e < cur.endAt || e > cur.end) cur.end = clauseAround(text, e, e, cur.lo, cur.hi)[1];
  cur.endAt = e;
  return [cur.start, cur.end];
}

const N = '(?:\\d{1,2}|[０-９]{1,2}|[一二三四五六七八九十]{1,3})';
const Y = '(?:\\d{4}|[０-９]{4}|[〇零一二三四五六七八九]{4})年';
// One alternation without nested quantifiers: linear on any input. Longer forms come first where two start
// at the same place (今年底前 before 今年). Sticky: it is tried only where a deadline can start (DEADLINE_STARTS).
const DEADLINE_RE = new RegExp(
  [
    `(?:${Y})?${N}月${N}[日号](?:之前|以前|前)?`,
    `(?:${Y})?${N}月(?:底之前|底以前|底前|底|末|中旬前|中旬|上旬前|上旬|下旬前|下旬|份前|份|之前|以前|前)`,
    `${Y}${N}月`,
    `${Y}(?:年底前|底前|年底|底|之前|以前|前|内)`,
    '今年年底前|今年年底|今年底前|今年底|明年年底前|明年底前|年底前|年底|月底前|月底|今明两年|今年内|今年|明年|年内|本年度|年度内|上半年|下半年',
    '第?[一二三四1-4１-４]季度(?:末|前|内)?',
    '(?:春节|元旦|国庆节|国庆|“七一”|七一|“五一”|五一|“十一”|汛期)前',
    '[0-9０-９]{1,3}个?(?:工作日|日|天|周|个月)内',
    '[一二三两四五六七八九十]{1,3}个?(?:工作日|日|天|周|个月|年)内',
    '限期|立即|即日起|尽快',
  ].join('|'),
  'y',
);
/** The first characters of DEADLINE_RE's alternatives: a year or a number, 今明年月本上下, 第, a festival, 限立即尽. */
const DEADLINE_STARTS = codeTable([
  ...'0123456789０１２３４５６７８９〇零一二三四五六七八九十两今明年月本上下第春元国“七五汛限立即尽',
]);

/**
 * The matches of a sticky pattern in s, left to right and not overlapping, as a global search finds them, but tried
 * only at the positions `starts` allows: elsewhere no match can begin, and the pattern is not run there at all.
 */
function stickyMatches(s: string, re: RegExp, starts: CodeTable): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (let i = 0; i < s.length; ) {
    if (!inTable(starts, s.charCodeAt(i))) {
      i++;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(s);
    if (m && m[0].length > 0) {
      out.push(m);
      i += m[0].length;
    } else i++;
  }
  return out;
}

/** The deadlines in s as written, without their places (what extractDeadlines(s, 0, s.length) finds). */
export function deadlineTexts(s: string): string[] {
  const out: string[] = [];
  for (const m of stickyMatches(s, DEADLINE_RE, DEADLINE_STARTS)) out.push(m[0]);
  return out;
}

/**
 * Deadlines and time frames as written: 年底前, 6月底前, 第一季度, 5月份, 今年, 限期, 立即. Added to `out`. (What
 * stickyMatches finds, read in place: the pattern runs on the slice, so that no match reaches past `end`.)
 */
export function extractDeadlines(text: string, start: number, end: number, out: Deadline[] = []): Deadline[] {
  let sub: string | null = null;
  for (let i = start; i < end; ) {
    if (!inTable(DEADLINE_STARTS, text.charCodeAt(i))) {
      i++;
      continue;
    }
    sub ??= text.slice(start, end);
    DEADLINE_RE.lastIndex = i - start;
    const m = DEADLINE_RE.exec(sub);
    const length = m ? m[0].length : 0;
    if (m && length > 0) {
      out.push({ text: m[0], span: [i, i + length] });
      i += length;
    } else i++;
  }
  return out;
}

// Responsible bodies named in speeches. A level prefix (市委, 区, 县…) may stand before an office's name
// (市委组织部, 区纪委, 区委办公室); 办公室 and 党校 count only with one. 全市各级党组织 is not a 市 body, so a
// one-character prefix after 全/本/我/各/该 is no prefix.
const BODY_PREFIXES = ['省委', '市委', '区委', '县委', '州委', '省', '市', '区', '县', '乡镇', '街道'];
const NOT_BEFORE_PREFIX = codeTable('全本我各该此跨城辖');
const OFFICES = [
  '组织部门',
  '宣传部门',
  '统战部门',
  '政法部门',
  '纪委监委',
  '纪委',
  '监委',
  '政法委',
  '组织部',
  '宣传部',
  '统战部',
  '编办',
  '巡察办',
  '网信办',
  '老干部局',
  '机关工委',
  '教育工委',
  '两新工委',
  '非公工委',
  '党工委',
  '党委办公室',
  '党委办',
  '党建办',
  '主体办',
  '扶贫办',
  '信访局',
  '财政局',
  '民政局',
  '人社局',
  '审计局',
  '统计局',
  '公安局',
  '教育局',
  '卫健委',
  '发改委',
  '乡村振兴局',
  '农业农村局',
  '团委',
  '妇联',
  '总工会',
  '工商联',
];
const PREFIXED_ONLY = ['办公室', '政府办公室', '党校', '直工作队', '直机关工委'];
const BODY_CORES = [
  ...OFFICES,
  '纪检监察机关',
  '纪检监察部门',
  '各级党委（党组）',
  '各级党委(党组)',
  '党委（党组）',
  '党委(党组)',
  '各级党委',
  '各级党组织',
  '各乡镇（街道）党（工）委',
  '各乡镇(街道)党(工)委',
  '各乡镇党委',
  '各街道党工委',
  '各地各部门',
  '各地各单位',
  '各级各部门各单位',
  '各级各部门',
  '党建工作领导小组',
  '督查专班',
  '驻村工作队',
  '巡察组',
  '巡视组',
];
const BODY_SUFFIXES = ['书记', '主要负责同志', '主要负责人', '“一把手”', '一把手', '班子成员'];
// 组织部长, 老干部局长, 纪委委员 are people, not bodies.
const BODY_SPOILERS = codeTable('长员');
/** The last characters of the offices that BODY_SPOILERS spoil. */
const SPOILED_LAST = codeTable('部局委办');
const LIST_RE =
  /((?:纪检监察|组织|宣传|统战|政法|纪委)(?:、(?:纪检监察|组织|宣传|统战|政法|纪委))+)等?(?:党的工作)?部门/y;
const LIST_STARTS = codeTable(['纪检监察', '组织', '宣传', '统战', '政法', '纪委']);

function byFirstChar(words: readonly string[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    const key = w.charCodeAt(0);
    const list = map.get(key) ?? [];
    list.push(w);
    map.set(key, list);
  }
  return map;
}
const CORE_INDEX = byFirstChar(BODY_CORES);
const PREFIXED_INDEX = byFirstChar([...OFFICES, ...PREFIXED_ONLY]);
/**
 * Each level prefix joined to each office it may stand before (县委 + 组织部): a mention so named takes its text from
 * here, one string shared by all the mentions, instead of a copy sliced from the text for each. The outline keeps
 * every mention, and the garbage collector copies what it keeps (twice, as it survives and is promoted).
 */
const PREFIXED_NAMES = new Map<string, Map<string, string>>(
  BODY_PREFIXES.map((p) => [p, new Map([...OFFICES, ...PREFIXED_ONLY].map((c) => [c, p + c]))]),
);
const PREFIX_INDEX = byFirstChar(BODY_PREFIXES);
const MEETING_WORDS = [
  '述职评议',
  '述职',
  '督查',
  '督办',
  '约谈',
  '考核',
  '巡察',
  '巡视',
  '问责',
  '通报',
  '评议',
  '讲评',
  '民主生活会',
  '组织生活会',
  '现场会',
  '推进会',
];
const MEETING_INDEX = byFirstChar(MEETING_WORDS);
const MEETING_STARTS = codeTable(MEETING_WORDS);

function longestAt(text: string, pos: number, index: Map<number, string[]>): string | null {
  const list = index.get(text.charCodeAt(pos));
  if (!list) return null;
  for (const w of list) if (text.startsWith(w, pos)) return w;
  return null;
}

function coreAt(text: string, pos: number, index: Map<number, string[]>): string | null {
  const core = longestAt(text, pos, index);
  if (!core) return null;
  if (
    inTable(SPOILED_LAST, core.charCodeAt(core.length - 1)) &&
    inTable(BODY_SPOILERS, text.charCodeAt(pos + core.length))
  )
    return null;
  return core;
}

const OFFICE_LEVELS = '省市县区旗州盟镇乡';
const LEVEL_CHARS = codeTable(OFFICE_LEVELS);
/** The characters a body mention can start with: nothing is read at any other position. */
const BODY_STARTS = codeTable([...BODY_PREFIXES, ...BODY_CORES, ...OFFICE_LEVELS]);
const OFFICE_RE =
  /[省市县区旗州盟镇乡](?![委政长级域里内外直属])[\p{Script=Han}]{1,7}?(?:局|厅|办公室|中心|委员会|联合会|协会|合作社|研究院|医院|学校|公司|集团|所|站|院|队|馆)(?![\p{Script=Han}]{0,1}(?:长|员|局|厅))/uy;

/** The list word that starts LIST_RE is two characters long, or four (纪检监察); a 、 must follow it. */
const LIST_SEP = 0x3001;

/**
 * stickyMatches(s, LIST_RE, LIST_STARTS), the pattern run only where a 、 stands after a list word's length: 组织
 * and 宣传 start many words (县委组织部) that are no list, and are passed over without a match tried there.
 */
function listMatches(s: string): RegExpExecArray[] | null {
  let out: RegExpExecArray[] | null = null; // null while there is none: most ranges have none
  for (let i = 0; i < s.length; ) {
    if (
      !inTable(LIST_STARTS, s.charCodeAt(i)) ||
      (s.charCodeAt(i + 2) !== LIST_SEP && s.charCodeAt(i + 4) !== LIST_SEP)
    ) {
      i++;
      continue;
    }
    LIST_RE.lastIndex = i;
    const m = LIST_RE.exec(s);
    if (m && m[0].length > 0) {
      out ??= [];
      out.push(m);
      i += m[0].length;
    } else i++;
  }
  return out;
}

/**
 * Responsible bodies named in text[start, end): a dictionary of the bodies of Party work, a level prefix
 * (区纪委, 市委组织部), a 书记/一把手 suffix (党委（党组）书记), and the shorthand list 纪委、组织、宣传部门.
 */
export function extractBodies(text: string, start: number, end: number, into?: BodyMention[]): BodyMention[] {
  const sub = text.slice(start, end);
  // Shorthand lists (纪委、组织、宣传部门) are read first; the dictionary scan skips over them.
  const lists = listMatches(sub);
  // Straight into `into` unless there is such a list: its mentions are then sorted among this range's own.
  const out: BodyMention[] = into !== undefined && lists === null ? into : [];
  if (lists !== null)
    for (const m of lists) {
      let at = m.index;
      for (const item of (m[1] ?? '').split('、')) {
        const name = item === '纪委' ? item : `${item}部门`;
        out.push({ text: name, span: [start + at, start + at + item.length] });
        at += item.length + 1;
      }
    }
  let nextList = 0;
  let i = 0;
  while (i < sub.length) {
    // The lists' own places are skipped: read from their matches, no list of spans made for them.
    const list = lists !== null ? lists[nextList] : undefined;
    if (list && i >= list.index) {
      i = Math.max(i, list.index + list[0].length);
      nextList++;
      continue;
    }
    if (!inTable(BODY_STARTS, sub.charCodeAt(i))) {
      i++;
      continue;
    }
    let len = 0;
    // The mention's text when it is a dictionary word (with its prefix): the same string as the slice, shared.
    let name: string | undefined;
    const prefix = longestAt(sub, i, PREFIX_INDEX);
    if (prefix && !(prefix.length === 1 && inTable(NOT_BEFORE_PREFIX, sub.charCodeAt(i - 1)))) {
      const core = coreAt(sub, i + prefix.length, PREFIXED_INDEX);
      if (core) {
        len = prefix.length + core.length;
        name = PREFIXED_NAMES.get(prefix)?.get(core);
      }
    }
    if (len === 0) {
      const core = coreAt(sub, i, CORE_INDEX);
      if (core) {
        len = core.length;
        name = core;
      }
    }
    if (len === 0 && inTable(LEVEL_CHARS, sub.charCodeAt(i)) && !isHanUnit(sub.charCodeAt(i - 1))) {
      // An office the dictionary does not know, of any kind of organisation: a level, a name, an office word
      // (县住建局, 市医保局, 区融媒体中心, 县供销合作社), starting a word.
      OFFICE_RE.lastIndex = i;
      const m = OFFICE_RE.exec(sub);
      if (m) len = m[0].length; // no dictionary word: `name` is still unset
    }
    if (len === 0) {
      i++;
      continue;
    }
    for (const suffix of BODY_SUFFIXES) {
      if (sub.startsWith(suffix, i + len)) {
        len += suffix.length;
        name = undefined;
        break;
      }
    }
    out.push({ text: name ?? sub.slice(i, i + len), span: [start + i, start + i + len] });
    i += len;
  }
  // The shorthand lists were read first: only then are the mentions out of order.
  if (lists === null) return out;
  out.sort((a, b) => a.span[0] - b.span[0]);
  if (into === undefined) return out;
  for (let k = 0; k < out.length; k++) into.push(out[k] as BodyMention);
  return into;
}

/**
 * Meeting and supervision cues (述职, 督查, 约谈, 考核, 巡察, 问责, 通报…): the records a task will need. Added to
 * `out`; read in place, a word counting only when it ends by `end`.
 */
export function extractMeetings(text: string, start: number, end: number, out: MeetingCue[] = []): MeetingCue[] {
  const hi = Math.min(end, text.length);
  let i = Math.max(0, start);
  while (i < hi) {
    const list = inTable(MEETING_STARTS, text.charCodeAt(i)) ? MEETING_INDEX.get(text.charCodeAt(i)) : undefined;
    let w: string | null = null;
    if (list)
      for (const x of list)
        if (i + x.length <= hi && text.startsWith(x, i)) {
          w = x;
          break;
        }
    if (w) {
      out.push({ text: w, span: [i, i + w.length] });
      i += w.length;
    } else i++;
  }
  return out;
}

/** Normalised key of a body name: half-width brackets and quotes read as full-width. */
export function bodyKey(name: string): string {
  if (!name.includes('(') && !name.includes(')') && !name.includes('"')) return name;
  return name.replace(/\(/g, '（').replace(/\)/g, '）').replace(/"/g, '”');
}

// 要 as a modal verb, not inside 重要 主要 需要 要求 只要 要点 …
const YAO_BEFORE = codeTable('重主需只纲摘必首紧显提简扼概机政险');
const YAO_AFTER = codeTable('求素点害件闻务员领冲道塞么');
const ACTION_WORDS = [
  '必须',
  '务必',
  '确保',
  '应当',
  '力争',
  '坚决',
  '切实',
  '着力',
  '持续',
  '推进',
  '推动',
  '加强',
  '抓好',
  '抓实',
  '落实',
  '健全',
  '完善',
  '强化',
  '深化',
  '建立',
  '实施',
  '开展',
  '加快',
  '加大',
  '严格',
  '解决',
  '整改',
  '坚持',
  '提高',
  '提升',
  '做到',
  '做好',
  '把握',
  '树立',
  // 创建四星级党组织100个, 选好配强带头人: the verbs of a target and of a staffing requirement.
  '创建',
  '选好',
  '配强',
  '压实',
];

const ACTION_INDEX = byFirstChar(ACTION_WORDS);
const ACTION_STARTS = codeTable(ACTION_WORDS);

/** Whether a passage asks for action (要…, 必须…, 确保…, 持续…, 推进…) rather than only stating something. */
export function hasActionCue(s: string): boolean {
  return hasActionCueIn(s, 0, s.length);
}

/** hasActionCue(text.slice(start, end)), without the slice: one pass, trying only the words that start here. */
export function hasActionCueIn(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x8981) {
      // 要, unless a word holds it
      const before = i > start ? text.charCodeAt(i - 1) : Number.NaN;
      const after = i + 1 < end ? text.charCodeAt(i + 1) : Number.NaN;
      if (!inTable(YAO_BEFORE, before) && !inTable(YAO_AFTER, after)) return true;
    }
    if (!inTable(ACTION_STARTS, c)) continue;
    for (const w of ACTION_INDEX.get(c) ?? []) if (i + w.length <= end && text.startsWith(w, i)) return true;
  }
  return false;
}

// 补短板 and 缩小差距 are tasks, not findings.
const PROBLEM_RE =
  /(?<!补齐?|补足|弥补|缩小)(?:短板|弱项|差距)|存在[^。；]{0,10}问题|问题和不足|问题与不足|不足之处|不足[：:]|突出问题|主要问题|薄弱环节/;
const REVIEW_RE = /过去一年|过去的一年|一年来|年以来|回顾|取得了|取得的成绩|主要成绩|主要成效/;
// A heading or lead-in that announces a list of tasks: its items are tasks even when they read as plain nouns.
const TASKS_RE = /重点任务|主要任务|工作任务|任务清单|重点工作清单|任务分解|工作安排|具体措施|以下工作|工作要点/;

/**
 * The kind of passage a lead-in opens: 存在的问题和不足：… lists problems, 过去一年，… reviews work done, 重点任务 or
 * 重点抓好以下工作： announces tasks. A problem or a review wins over a task list (过去一年的重点任务完成情况).
 */
export function passageContext(leadIn: string): PassageContext {
  if (PROBLEM_RE.test(leadIn)) return 'problem';
  if (REVIEW_RE.test(leadIn)) return 'review';
  if (TASKS_RE.test(leadIn)) return 'tasks';
  return null;
}

/** Who leads and who helps: the bodies of a node sorted by the words around them, and the people named. */
export type BodyRoles = { lead: string[]; cooperating: string[]; persons: string[] };

/** Clause boundaries: a body's role is read inside its own clause. */
const CLAUSE_END = codeTable('。；;！!？?\n');
/** Words that, at the end of the text before a body (a colon and spaces after them allowed), make it lead or help. */
const LEAD_BEFORE = ['牵头单位', '责任单位', '负责单位', '主责单位', '牵头部门', '责任部门', '牵头', '负责', '主抓'];
const COOP_BEFORE = ['配合单位', '协同单位', '协助单位', '参与单位', '配合部门', '配合', '协同', '协助', '会同'];
const LEAD_AFTER = /^\s*(等)?(单位|部门)?\s*(牵头|负责|抓总|主抓|具体负责|为责任单位)/;
const COOP_AFTER = /^\s*(等)?(单位|部门)?\s*(配合|协同|协助|参与|按职责分工配合)/;
const LABELLED =
  /(牵头单位|责任单位|负责单位|主责单位|牵头部门|责任部门|配合单位|配合部门|协同单位|协助单位|参与单位)\s*[:：]\s*([^；;。\n）)]+)/gu;
/** 责任人：张三、李四 · （张三负责）· 张三同志负责 */
const PERSON_LABEL =
  /(?:责任人|负责人|联系人|经办人)\s*[:：]\s*((?:[\p{Script=Han}·]{2,4}(?:同志)?\s*[、，,和及]?\s*){1,6})/gu;
const PERSON_PAREN = /[（(]\s*([\p{Script=Han}]{2,3})(?:同志)?\s*(?:负责|牵头)?\s*[）)]/gu;
// The patterns of bodyRoles' loops, made once: a pattern literal makes a new RegExp object each time it is evaluated.
const COOP_LABEL = /协同|协助|参与/;
const LABELLED_SEPARATOR = /[、，,和及]/;
const PERSON_SEPARATOR = /[、，,和及\s]+/;
const NOT_A_PERSON =
  /(部|委|局|办|厅|处|科|室|会|组|站|所|院|中心|单位|部门|党委|政府|支部|各级|全体|同志们|负责|牵头|配合)$/;

/** Whether text[from, to) ends with one of `words`, white space, an optional colon and white space after it. */
function endsWithCue(text: string, from: number, to: number, words: readonly string[]): boolean {
  let e = to;
  while (e > from && isJsSpace(text.charCodeAt(e - 1))) e--;
  const c = e > from ? text.charCodeAt(e - 1) : -1;
  if (c === 0x3a || c === 0xff1a) {
    e--;
    while (e > from && isJsSpace(text.charCodeAt(e - 1))) e--;
  }
  for (const w of words) if (e - w.length >= from && text.startsWith(w, e - w.length)) return true;
  return false;
}

function isClauseEnd(text: string, i: number): boolean {
  return inTable(CLAUSE_END, text.charCodeAt(i));
}

const LIST_JOINERS = codeTable('、，,和及与');

/** Whether text[from, to) is what joins two items of a list: one of 、，,和及与 with white space around it. */
function isListGap(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isJsSpace(text.charCodeAt(i))) i++;
  if (i >= to || !inTable(LIST_JOINERS, text.charCodeAt(i))) return false;
  i++;
  while (i < to && isJsSpace(text.charCodeAt(i))) i++;
  return i === to;
}

/**
 * Sorts a node's body mentions into leading (牵头/负责) and cooperating (配合/协同) by the words around each in its
 * clause — a label before it (牵头单位：…, 配合单位：…), a list it stands in (…、X等配合), or the verb after it (X牵头) —
 * and names the people made responsible (责任人：张三, a name alone in trailing parentheses). A body with no such
 * word stays only in the node's bodies. Pure.
 */
export function bodyRoles(text: string, mentions: readonly BodyMention[], ranges: readonly Span[]): BodyRoles {
  const lead = uniqueList();
  const cooperating = uniqueList();
  const persons = uniqueList();
  // Only read: the node's own list when it is in order already (nearly always), else a sorted copy.
  const sorted = isSortedByStart(mentions) ? mentions : mentions.slice().sort((a, b) => a.span[0] - b.span[0]);
  if (sorted.length > 0) readListRoles(text, sorted, lead, cooperating);
  // A labelled list (牵头单位：A；配合单位：B、C — a task table's columns, or a notice's own words) names its bodies
  // whatever they are called, offices the dictionary does not know included.
  for (let r = 0; r < ranges.length; r++) {
    const range = ranges[r] as Span;
    const s = range[0];
    const e = range[1];
    const sub = text.slice(s, e);
    // Every label names a 单位 or a 部门, followed by a colon.
    if (!hasColon(sub) || (!sub.includes('单位') && !sub.includes('部门'))) continue;
    for (const m of globalMatches(sub, LABELLED)) {
      const label = m[1] ?? '';
      const list = label.includes('配合') || COOP_LABEL.test(label) ? cooperating : lead;
      for (const raw of (m[2] ?? '').split(LABELLED_SEPARATOR)) {
        const trimmed = raw.trim();
        const name = trimmed.endsWith('等') ? trimmed.slice(0, -1) : trimmed;
        const length = codePoints(name);
        if (length >= 2 && length <= 30) addUnique(list, name);
      }
    }
  }
  let reach: number[] | null = null;
  for (let r = 0; r < ranges.length; r++) {
    const range = ranges[r] as Span;
    const s = range[0];
    const e = range[1];
    // Both lists of people need a colon or a parenthesis: a range with neither is not sliced.
    if (!hasAnyIn(text, s, e, PERSON_CUES)) continue;
    const sub = text.slice(s, e);
    // 责任人, 负责人, 联系人, 经办人 and a colon.
    if (hasColon(sub) && sub.includes('人')) {
      for (const m of globalMatches(sub, PERSON_LABEL)) {
        for (const raw of (m[1] ?? '').split(PERSON_SEPARATOR)) {
          const name = raw.endsWith('同志') ? raw.slice(0, -2) : raw; // raw.replace(/同志$/, '')
          if (codePoints(name) >= 2 && !NOT_A_PERSON.test(name)) addUnique(persons, name);
        }
      }
    }
    if (!sub.includes('(') && !sub.includes('（')) continue;
    for (const m of globalMatches(sub, PERSON_PAREN)) {
      const name = m[1] ?? '';
      reach ??= furthestEnds(sorted);
      if (!isInside(sorted, reach, s + m.index + 1) && !NOT_A_PERSON.test(name)) addUnique(persons, name);
    }
  }
  return { lead: lead.items, cooperating: cooperating.items, persons: persons.items };
}

/**
 * The roles stated around the bodies (sorted by start) in their clauses: a list (X、Y、Z配合) states its role once,
 * after its last item or before its first, for each of the items joined by 、，和及与.
 */
function readListRoles(text: string, sorted: readonly BodyMention[], lead: UniqueList, cooperating: UniqueList): void {
  const n = sorted.length;
  const { joined, runLast, runFirst, starts } = roleScratch(n);
  for (let j = 0; j < n; j++) {
    const next = sorted[j + 1];
    joined[j] = next !== undefined && isListGap(text, (sorted[j] as BodyMention).span[1], next.span[0]) ? 1 : 0;
  }
  // Each entry is written before it is read: what an earlier node left in the scratch arrays is never seen.
  for (let j = n - 1; j >= 0; j--) runLast[j] = joined[j] === 1 ? (runLast[j + 1] ?? j) : j;
  for (let j = 0; j < n; j++) runFirst[j] = j > 0 && joined[j - 1] === 1 ? (runFirst[j - 1] ?? j) : j;
  // Where each mention's clause starts and ends. The mentions come in order, so each answer goes on from the
  // last one: many bodies in one long clause do not each read the whole clause again.
  let startAt = -1;
  let clauseStart = 0;
  for (let j = 0; j < n; j++) {
    const pos = (sorted[j] as BodyMention).span[0];
    if (startAt < 0 || pos < startAt) {
      clauseStart = pos;
      while (clauseStart > 0 && !isClauseEnd(text, clauseStart - 1)) clauseStart--;
    } else for (let q = startAt; q < pos; q++) if (isClauseEnd(text, q)) clauseStart = q + 1;
    startAt = pos;
    starts[j] = clauseStart;
  }
  let endAt = -1;
  let clauseEnd = 0;
  for (let i = 0; i < n; i++) {
    const m = sorted[i] as BodyMention;
    const pos = m.span[1];
    if (endAt < 0 || pos < endAt || pos > clauseEnd) {
      clauseEnd = pos;
      while (clauseEnd < text.length && !isClauseEnd(text, clauseEnd)) clauseEnd++;
    }
    endAt = pos;
    const last = sorted[runLast[i] ?? i] ?? m;
    const tailStart = last.span[1];
    const tailEnd = tailStart + (clauseEnd - pos);
    // The words after can only be read where the tail goes on with one of their first characters.
    const after = afterCueStart(text, tailStart, tailEnd);
    const tail = after ? text.slice(tailStart, tailEnd) : '';
    const first = runFirst[i] ?? i;
    const headFrom = starts[first] ?? 0;
    const headTo = sorted[first]?.span[0] ?? 0;
    if (endsWithCue(text, headFrom, headTo, COOP_BEFORE) || (after && COOP_AFTER.test(tail)))
      addUnique(cooperating, m.text);
    else if (endsWithCue(text, headFrom, headTo, LEAD_BEFORE) || (after && LEAD_AFTER.test(tail)))
      addUnique(lead, m.text);
  }
}

/**
 * The working lists of readListRoles, one entry per mention: kept from node to node and grown when a node has more
 * mentions, instead of four arrays made and dropped for every node. (readListRoles calls nothing that comes back to
 * it, so one set serves.)
 */
type RoleScratch = { joined: Uint8Array; runLast: Int32Array; runFirst: Int32Array; starts: Int32Array };
let ROLE_SCRATCH: RoleScratch = newRoleScratch(64);

function newRoleScratch(size: number): RoleScratch {
  return {
    joined: new Uint8Array(size),
    runLast: new Int32Array(size),
    runFirst: new Int32Array(size),
    starts: new Int32Array(size),
  };
}

function roleScratch(n: number): RoleScratch {
  if (ROLE_SCRATCH.starts.length < n) ROLE_SCRATCH = newRoleScratch(Math.max(n, 2 * ROLE_SCRATCH.starts.length));
  return ROLE_SCRATCH;
}

/** The first characters of LEAD_AFTER's and COOP_AFTER's words (after their white space): 等, 单位, 部门 and the verbs. */
const AFTER_CUE_FIRST = codeTable('等单部牵负抓主具为配协参按');

/**
 * Whether text[start, end) could match LEAD_AFTER or COOP_AFTER: its first character after white space (as `\s`
 * reads it) must start one of their words.
 */
function afterCueStart(text: string, start: number, end: number): boolean {
  const hi = Math.min(end, text.length);
  let i = start;
  while (i < hi && isJsSpace(text.charCodeAt(i))) i++;
  return i < hi && inTable(AFTER_CUE_FIRST, text.charCodeAt(i));
}

function isSortedByStart(mentions: readonly BodyMention[]): boolean {
  for (let i = 1; i < mentions.length; i++)
    if ((mentions[i] as BodyMention).span[0] < (mentions[i - 1] as BodyMention).span[0]) return false;
  return true;
}

/** A list of distinct names in the order first added: scanned while short, with a set beside it once long. */
type UniqueList = { items: string[]; seen: Set<string> | null };

function uniqueList(): UniqueList {
  return { items: [], seen: null };
}

function addUnique(list: UniqueList, name: string): void {
  if (list.seen !== null) {
    if (list.seen.has(name)) return;
    list.seen.add(name);
    list.items.push(name);
  } else if (!list.items.includes(name)) {
    list.items.push(name);
    if (list.items.length > 16) list.seen = new Set(list.items);
  }
}

/** The number of characters (code points) of s, as [...s].length counts them. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

/** For mentions sorted by start: the furthest end among each one and those before it. */
function furthestEnds(sorted: readonly BodyMention[]): number[] {
  const reach: number[] = [];
  for (let j = 0; j < sorted.length; j++) reach.push(Math.max(reach[j - 1] ?? -1, (sorted[j] as BodyMention).span[1]));
  return reach;
}

/** Whether a position lies inside one of the mentions (sorted by start, with their furthest ends). */
function isInside(sorted: readonly BodyMention[], reach: readonly number[], pos: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.span[0] ?? 0) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && (reach[lo - 1] ?? -1) > pos;
}

/** A colon or an opening parenthesis: what PERSON_LABEL and PERSON_PAREN each need. */
const PERSON_CUES = codeTable('：:（(');

function hasAnyIn(text: string, start: number, end: number, table: CodeTable): boolean {
  for (let i = start; i < end; i++) if (inTable(table, text.charCodeAt(i))) return true;
  return false;
}

/** The labelled lists (牵头单位：…, 责任人：…) need a colon: text without one is not searched for them. */
function hasColon(s: string): boolean {
  return s.includes('：') || s.includes(':');
}

/** What s.matchAll(re) gives for a global pattern that never matches the empty string, without copying the pattern. */
function globalMatches(s: string, re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m);
  return out;
}
