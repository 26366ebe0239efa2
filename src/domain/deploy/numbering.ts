/**
 * The numbering of Chinese official writing (党政机关公文: 一、 （一） 1. （1） ①) and the sequence words of
 * speeches (一是…二是…, 一要…二要…, 第一，…第二，…, 首先…其次…最后…, 一方面…另一方面…), read by hand-written
 * scanners: every function is linear in the text it looks at and never throws.
 */

import { codeTable, inTable, isHanUnit } from './chars.ts';

export type MarkerFamily =
  | 'part' // 第一部分
  | 'chapter' // 第一章
  | 'jie' // 第一节
  | 'article' // 第一条
  | 'cn-dun' // 一、
  | 'cn-paren' // （一） ㈠
  | 'di' // 第一，
  | 'arabic' // 1. 1、 1．
  | 'arabic-rparen' // 1） 1)
  | 'arabic-paren' // （1） (1) ⑴
  | 'circled' // ① ❶
  | 'seq-shi' // 一是
  | 'seq-yao' // 一要
  | 'seq-lead' // 一抓…二抓…, 一强…二强…: an ordinal and the same lead character, whatever it is
  | 'seq-fangmian' // 一方面 另一方面
  | 'seq-shouxian'; // 首先 其次 再次 最后

export type Marker = {
  family: MarkerFamily;
  /** The marker as written, without a trailing comma or colon: "一、", "（二）", "3.", "一是", "第一". */
  numbering: string;
  ordinal: number;
  start: number;
  /** Where the marker ends, after the numbering itself. */
  end: number;
  /** Where the text after the marker starts (commas, colons and spaces after it skipped). */
  textStart: number;
  /** For 'seq-lead': the lead character every item repeats (抓 in 一抓…二抓…). */
  lead?: string;
};

/**
 * The conventional rank of the 公文 families (GB/T 9704: 一、 > （一） > 1. > （1）, under 部分/章/节); the
 * sequence words and 第X条 have none: a document may use them at any level.
 */
export const STRONG_RANK: Partial<Record<MarkerFamily, number>> = {
  part: -3,
  chapter: -2,
  jie: -1,
  'cn-dun': 0,
  'cn-paren': 1,
  arabic: 2,
  'arabic-rparen': 3,
  'arabic-paren': 3,
  circled: 4,
};

/** Families whose next item may follow inside the same paragraph ("一是…。二是…。"). */
export const INLINE_FAMILIES: ReadonlySet<MarkerFamily> = new Set<MarkerFamily>([
  'seq-shi',
  'seq-lead',
  'seq-yao',
  'seq-fangmian',
  'seq-shouxian',
  'di',
  'circled',
  'arabic-paren',
]);

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

export function isCnNumeralChar(ch: string | undefined): boolean {
  return ch !== undefined && (ch in CN_DIGITS || ch === '十' || ch === '百');
}

/** isCnNumeralChar for a code unit (false for NaN, past either end): no string made of the character read. */
const CN_NUMERAL_CHARS = codeTable([...Object.keys(CN_DIGITS), '十', '百']);

/** Value of a Chinese numeral up to 999 (一 三十二 一百零五); null when it is not one. */
export function parseCnNumeral(s: string): number | null {
  if (s.length === 0 || s.length > 6) return null;
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d === 0)
      digit = -1; // 一百零五: 零 only holds a place
    else if (d !== undefined) {
      if (digit >= 0) return null; // 二三 is not a number
      digit = d;
    } else if (ch === '十' || ch === '百') {
      const unit = ch === '十' ? 10 : 100;
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
    } else return null;
  }
  if (digit > 0) total += digit;
  return total;
}

export function toCnNumeral(n: number): string {
  const d = '〇一二三四五六七八九';
  if (n <= 0 || n >= 100 || !Number.isInteger(n)) return String(n);
  if (n < 10) return d[n] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (d[tens] ?? '')}十${ones === 0 ? '' : (d[ones] ?? '')}`;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isWideDigit(c: number): boolean {
  return c >= 0xff10 && c <= 0xff19;
}
export function isDigitCode(c: number): boolean {
  return isAsciiDigit(c) || isWideDigit(c);
}
export function digitValue(c: number): number {
  return isAsciiDigit(c) ? c - 0x30 : c - 0xff10;
}

/** Reads a run of Chinese numeral characters (at most 4) at pos; ordinal markers never use 两. */
function readCn(text: string, pos: number, end: number): { value: number; end: number } | null {
  let i = pos;
  while (i < end && i - pos < 4 && inTable(CN_NUMERAL_CHARS, text.charCodeAt(i))) i++;
  if (i === pos) return null;
  const value = parseCnNumeral(text.slice(pos, i));
  return value === null || value === 0 ? null : { value, end: i };
}

function readDigits(text: string, pos: number, end: number): { value: number; end: number } | null {
  let i = pos;
  let value = 0;
  while (i < end && i - pos < 3 && isDigitCode(text.charCodeAt(i))) {
    value = value * 10 + digitValue(text.charCodeAt(i));
    i++;
  }
  if (i === pos || (i < end && isDigitCode(text.charCodeAt(i)))) return null;
  return value === 0 ? null : { value, end: i };
}

const CLOSE_PARENS = '）)';
const AFTER_MARKER = codeTable('，,：:、 \t\u3000');

function skipAfter(text: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && inTable(AFTER_MARKER, text.charCodeAt(i))) i++;
  return i;
}

function make(
  family: MarkerFamily,
  text: string,
  start: number,
  end: number,
  ordinal: number,
  lineEnd: number,
): Marker {
  return { family, numbering: text.slice(start, end), ordinal, start, end, textStart: skipAfter(text, end, lineEnd) };
}

const SHOUXIAN = new Map<string, number>([
  ['首先', 1],
  ['其次', 2],
  ['再次', 3],
  ['最后', 9],
]);

const SHOUXIAN_FIRST = codeTable(SHOUXIAN.keys());

/**
 * The numbering marker at pos (the start of a paragraph), or null. Sequence words count only when they
 * read as one: 第一 needs a comma or colon after it (not 第一季度, 第一书记, 第一责任人), 首先/其次 a comma
 * or 要/是.
 */
export function readMarker(text: string, pos: number, end: number): Marker | null {
  if (pos >= end) return null;
  const c = text.charCodeAt(pos);
  if (c >= 0x2460 && c <= 0x2473) return make('circled', text, pos, pos + 1, c - 0x2460 + 1, end);
  if (c >= 0x2776 && c <= 0x277f) return make('circled', text, pos, pos + 1, c - 0x2776 + 1, end);
  if (c >= 0x2474 && c <= 0x2487) return make('arabic-paren', text, pos, pos + 1, c - 0x2474 + 1, end);
  if (c >= 0x3220 && c <= 0x3229) return make('cn-paren', text, pos, pos + 1, c - 0x3220 + 1, end);
  if (c === 0xff08 || c === 0x28) {
    const cn = readCn(text, pos + 1, end);
    if (cn && CLOSE_PARENS.includes(text[cn.end] ?? 'x')) return make('cn-paren', text, pos, cn.end + 1, cn.value, end);
    const d = readDigits(text, pos + 1, end);
    if (d && CLOSE_PARENS.includes(text[d.end] ?? 'x')) return make('arabic-paren', text, pos, d.end + 1, d.value, end);
    return null;
  }
  if (isDigitCode(c)) {
    const d = readDigits(text, pos, end);
    if (!d) return null;
    const next = text[d.end];
    if (next === '.' || next === '．' || next === '、') {
      if (isDigitCode(text.charCodeAt(d.end + 1))) return null; // 1.5万元
      return make('arabic', text, pos, d.end + 1, d.value, end);
    }
    if (next === ')' || next === '）') return make('arabic-rparen', text, pos, d.end + 1, d.value, end);
    return null;
  }
  if (c === 0x7b2c) {
    const n = readCn(text, pos + 1, end) ?? readDigits(text, pos + 1, end);
    if (!n) return null;
    const after = text[n.end] ?? 'x';
    if ('，,、：:'.includes(after)) return make('di', text, pos, n.end, n.value, end);
    if (after === '章') return make('chapter', text, pos, n.end + 1, n.value, end);
    if (after === '节') return make('jie', text, pos, n.end + 1, n.value, end);
    if (after === '条') return make('article', text, pos, n.end + 1, n.value, end);
    if (text.startsWith('部分', n.end)) return make('part', text, pos, n.end + 2, n.value, end);
    return null;
  }
  if (c === 0x53e6 && text.startsWith('另一方面', pos)) return make('seq-fangmian', text, pos, pos + 4, 2, end);
  // 首先 其次 再次 最后: only a paragraph starting with one of their first characters is sliced to look them up.
  const sx = inTable(SHOUXIAN_FIRST, c) ? SHOUXIAN.get(text.slice(pos, pos + 2)) : undefined;
  if (sx !== undefined) {
    const next = text[pos + 2] ?? 'x';
    if ('，,：:'.includes(next) || next === '要' || next === '是')
      return make('seq-shouxian', text, pos, pos + 2, sx, end);
    return null;
  }
  const cn = readCn(text, pos, end);
  if (!cn) return null;
  const after = text[cn.end] ?? 'x';
  if (after === '、' || after === '．' || (after === '.' && !isDigitCode(text.charCodeAt(cn.end + 1)))) {
    // 一、二季度 and 一、二级 are ranges, not a heading.
    const n1 = text[cn.end + 1];
    const n2 = text[cn.end + 2] ?? 'x';
    if (isCnNumeralChar(n1) && '、季月年级类等'.includes(n2)) return null;
    return make('cn-dun', text, pos, cn.end + 1, cn.value, end);
  }
  if (after === '是') return make('seq-shi', text, pos, cn.end + 1, cn.value, end);
  if (after === '要') return make('seq-yao', text, pos, cn.end + 1, cn.value, end);
  if (cn.value === 1 && text.startsWith('方面', cn.end)) return make('seq-fangmian', text, pos, cn.end + 2, 1, end);
  return null;
}

/** Characters after which an inline sequence word may start (it must begin a clause, not end a word like 统一是). */
const BOUNDARY = codeTable('。！？；;：:，,、!? \t\u3000”’）)】」』》\n');

export function isClauseStart(text: string, pos: number, rangeStart: number): boolean {
  return pos <= rangeStart || inTable(BOUNDARY, text.charCodeAt(pos - 1));
}

/** The written form of item n of a family, for searching the next item. */
function expectedForms(family: MarkerFamily, ordinal: number, lead?: string): string[] {
  switch (family) {
    case 'seq-lead':
      return lead ? [`${toCnNumeral(ordinal)}${lead}`] : [];
    case 'seq-shi':
      return [`${toCnNumeral(ordinal)}是`];
    case 'seq-yao':
      return [`${toCnNumeral(ordinal)}要`];
    case 'di':
      return [`第${toCnNumeral(ordinal)}`];
    case 'seq-fangmian':
      return ordinal === 2 ? ['另一方面'] : [];
    case 'circled':
      return ordinal <= 20 ? [String.fromCharCode(0x2460 + ordinal - 1)] : [];
    case 'arabic-paren':
      return [`（${ordinal}）`, `(${ordinal})`, `（${ordinal})`, `(${ordinal}）`];
    case 'seq-shouxian':
      return [];
    default:
      return [];
  }
}

/**
 * Finds the item after `prev` of the same family within [from, end): the next ordinal, at a clause start,
 * read back as a marker of that family. For 首先 the next word may be 其次, 再次 or 最后 (in that order).
 */
export function findNextItem(text: string, prev: Marker, from: number, end: number, rangeStart: number): Marker | null {
  if (prev.family === 'seq-shouxian') {
    let best: Marker | null = null;
    for (const [word, ord] of SHOUXIAN) {
      if (ord <= prev.ordinal) continue;
      const m = findForm(text, word, from, end, rangeStart, 'seq-shouxian');
      if (m && (!best || m.start < best.start)) best = m;
    }
    return best;
  }
  let best: Marker | null = null;
  for (const form of expectedForms(prev.family, prev.ordinal + 1, prev.lead)) {
    const m =
      prev.family === 'seq-lead'
        ? findLeadForm(text, form, prev.ordinal + 1, prev.lead ?? '', from, end, rangeStart)
        : findForm(text, form, from, end, rangeStart, prev.family);
    if (m && m.ordinal === prev.ordinal + 1 && (!best || m.start < best.start)) best = m;
  }
  return best;
}

function findForm(
  text: string,
  form: string,
  from: number,
  end: number,
  rangeStart: number,
  family: MarkerFamily,
): Marker | null {
  let at = text.indexOf(form, from);
  while (at >= 0 && at + form.length <= end) {
    if (isClauseStart(text, at, rangeStart)) {
      const m = readMarker(text, at, end);
      if (m && m.family === family) return m;
    }
    at = text.indexOf(form, at + 1);
  }
  return null;
}

/** An item of a 'seq-lead' sequence (二抓) at a clause start in text[from, end). */
function findLeadForm(
  text: string,
  form: string,
  ordinal: number,
  lead: string,
  from: number,
  end: number,
  rangeStart: number,
): Marker | null {
  let at = text.indexOf(form, from);
  while (at >= 0 && at + form.length <= end) {
    if (isClauseStart(text, at, rangeStart))
      return { ...make('seq-lead', text, at, at + form.length, ordinal, end), lead };
    at = text.indexOf(form, at + 1);
  }
  return null;
}

/** Lead characters that make the usual families, or words rather than sequences (一是, 一要, 一方面, 一、, 一些, 一定). */
const NOT_A_LEAD = new Set([...'是要方、，,：:；;。个些定切直般起样同道旦次年月日天段批类级']);

/**
 * The earliest 一X at a clause start in sub, with 二X after it (any Han character X the other families do not
 * claim): the generic sequence of an ordinal and the same lead character.
 */
function findLeadSequence(sub: string, limit: number): InlineItem[] | null {
  // A lead whose 二X was not found after one 一X is not found after a later one either: it is not searched again
  // (a paragraph of many 一X without their 二X would otherwise be read once for each).
  // Made at the first such lead: most paragraphs have none, and this runs for every item.
  let noSecond: Set<string> | null = null;
  let at = sub.indexOf('一');
  while (at >= 0 && at < limit) {
    const lead = sub[at + 1] ?? '';
    if (
      isHanUnit(sub.charCodeAt(at + 1)) &&
      !NOT_A_LEAD.has(lead) &&
      !noSecond?.has(lead) &&
      isClauseStart(sub, at, 0)
    ) {
      const first: Marker = { ...make('seq-lead', sub, at, at + 2, 1, sub.length), lead };
      const second = findNextItem(sub, first, first.end, sub.length, 0);
      if (second) return collectItems(sub, first, second, sub.length, 0);
      noSecond ??= new Set();
      noSecond.add(lead);
    }
    at = sub.indexOf('一', at + 1);
  }
  return null;
}

/** One item of an enumeration found inside a paragraph, running to the next item or the end of the range. */
export type InlineItem = { marker: Marker; end: number };

/** No family excluded: one set for every call, which only reads it. */
const NO_FAMILIES: ReadonlySet<MarkerFamily> = new Set();

/** Starts of inline sequences: each is the first item of its family. */
const FIRST_FORMS: { form: string; family: MarkerFamily }[] = [
  { form: '一是', family: 'seq-shi' },
  { form: '一要', family: 'seq-yao' },
  { form: '第一', family: 'di' },
  { form: '首先', family: 'seq-shouxian' },
  { form: '一方面', family: 'seq-fangmian' },
  { form: '①', family: 'circled' },
  { form: '（1）', family: 'arabic-paren' },
  { form: '(1)', family: 'arabic-paren' },
];

/**
 * The first enumeration inside text[start, end) whose first item is followed by a second one: 一是…二是…
 * Families in `exclude` are skipped (an item's own family cannot start a nested list). Works on a slice so
 * that every search stops at `end`; for each family only the earliest first item is tried, because a later
 * one can only see less of the text in which its second item would have to be.
 */
export function findInlineSequence(
  text: string,
  start: number,
  end: number,
  exclude: ReadonlySet<MarkerFamily> = NO_FAMILIES,
): InlineItem[] | null {
  if (end - start < 4) return null;
  const sub = text.slice(start, end);
  let best: InlineItem[] | null = null;
  for (const { form, family } of FIRST_FORMS) {
    if (exclude.has(family)) continue;
    const limit = best?.[0]?.marker.start ?? sub.length;
    let at = sub.indexOf(form);
    while (at >= 0 && at < limit) {
      const first = isClauseStart(sub, at, 0) ? readMarker(sub, at, sub.length) : null;
      if (first && first.family === family && first.ordinal === 1) {
        const second = findNextItem(sub, first, first.end, sub.length, 0);
        if (second) best = collectItems(sub, first, second, sub.length, 0);
        break;
      }
      at = sub.indexOf(form, at + 1);
    }
  }
  if (!exclude.has('seq-lead')) {
    const generic = findLeadSequence(sub, best?.[0]?.marker.start ?? sub.length);
    if (generic) best = generic;
  }
  return best ? best.map((it) => ({ marker: shift(it.marker, start), end: it.end + start })) : null;
}

function shift(m: Marker, by: number): Marker {
  return { ...m, start: m.start + by, end: m.end + by, textStart: m.textStart + by };
}

/** The items of the sequence that `first` opens, within text[rangeStart, end); just `first` when none follows. */
export function collectSequence(text: string, first: Marker, end: number, rangeStart: number): InlineItem[] {
  const second = findNextItem(text, first, first.end, end, rangeStart);
  return second ? collectItems(text, first, second, end, rangeStart) : [{ marker: first, end }];
}

function collectItems(text: string, first: Marker, second: Marker, end: number, rangeStart: number): InlineItem[] {
  const markers: Marker[] = [first, second];
  let prev = second;
  for (;;) {
    const next = findNextItem(text, prev, prev.end, end, rangeStart);
    if (!next) break;
    markers.push(next);
    prev = next;
  }
  return markers.map((m, i) => ({ marker: m, end: markers[i + 1]?.start ?? end }));
}

const FIRST_FORMS_BY_FAMILY = new Map<MarkerFamily, string[]>();
for (const { form, family } of FIRST_FORMS)
  FIRST_FORMS_BY_FAMILY.set(family, [...(FIRST_FORMS_BY_FAMILY.get(family) ?? []), form]);

/**
 * The first item of `family` that a paragraph ends with, alone (…重点抓好以下工作：一是加强学习。), when the
 * list goes on in the next paragraph (二是…). Null when there is none or its second item is in the paragraph.
 */
export function findLoneFirstItem(text: string, start: number, end: number, family: MarkerFamily): Marker | null {
  let best: Marker | null = null;
  for (const form of FIRST_FORMS_BY_FAMILY.get(family) ?? []) {
    const last = end - form.length;
    for (
      let at = last < 0 ? -1 : text.lastIndexOf(form, last);
      at >= start;
      at = at > 0 ? text.lastIndexOf(form, at - 1) : -1
    ) {
      if (best && at <= best.start) break;
      if (!isClauseStart(text, at, start)) continue;
      const m = readMarker(text, at, end);
      if (m && m.family === family && m.ordinal === 1) {
        best = m;
        break;
      }
    }
  }
  if (!best || findNextItem(text, best, best.end, end, start)) return null;
  return best;
}
