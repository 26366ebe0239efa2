import { addDaysIso, addMonthsIso, compareIso, isIsoDate } from '../dates.ts';
import { type CellValue, cellText, type GridCell } from '../import/grid.ts';
import type { FieldKind, ListSpec } from '../import/list-spec.ts';
import { foldChoice } from '../import/list-spec.ts';
import { type Read, readChoice, readDateOrMonth } from '../import/values.ts';
import { msg } from '../messages.ts';
import { PROBLEM_SOURCE_LABELS, PROBLEM_SOURCES, type ProblemSource } from './problem-state.ts';

/**
 * The problem list (整改清单) as offices keep it in a spreadsheet — 序号, 问题, 整改措施, 责任单位, 责任人, 整改时限 under
 * their own names — for the one spreadsheet importer (domain/import), and how its cells read: 问题来源 by its Chinese
 * label (or a word of it: 市委第二巡察组反馈 is 巡察反馈), several measures in one cell, deadlines as lists write them
 * (2026年12月底前, 年底前, 立行立改, 长期坚持), a long problem text split into a title and its description. The list
 * an export writes reads back the same (problemCellText, the description's sections). Pure.
 */

export type ProblemListField =
  | 'seq'
  | 'title'
  | 'source'
  | 'category'
  | 'measures'
  | 'org'
  | 'person'
  | 'deadline'
  | 'progress'
  | 'closure'
  | 'note';

export type ProblemListColumn = {
  field: ProblemListField;
  header: string;
  kind: FieldKind;
  required: boolean;
  aliases: readonly string[];
  width: number;
  maxLength?: number;
};

/** The longest title (problem.title); a longer 问题 keeps its full text as the description. */
export const PROBLEM_TITLE_MAX = 300;
/** problem.category, problem.responsible_person. */
export const PROBLEM_CATEGORY_MAX = 50;
export const PROBLEM_PERSON_MAX = 50;
export const PROBLEM_DESCRIPTION_MAX = 20000;

/**
 * The columns, in the order the export writes them. Aliases are the names public lists give them (巡视巡察整改台账,
 * 主题教育检视问题清单, 督查问题清单); a name containing one also counts (具体整改措施), longest first.
 */
export const PROBLEM_LIST_COLUMNS: readonly ProblemListColumn[] = [
  {
    field: 'seq',
    header: '序号',
    kind: 'seq',
    required: false,
    aliases: ['编号', '序', '顺序号', '问题编号', '问题序号'],
    width: 6,
  },
  {
    field: 'title',
    header: '问题',
    kind: 'text',
    required: true,
    aliases: [
      '问题描述',
      '存在问题',
      '存在的问题',
      '问题表现',
      '问题清单',
      '具体问题',
      '主要问题',
      '问题内容',
      '反馈问题',
      '问题及表现',
      '查摆问题',
      '检视问题',
      '突出问题',
      '问题事项',
    ],
    width: 50,
  },
  {
    field: 'source',
    header: '问题来源',
    kind: 'choice',
    required: false,
    aliases: ['来源', '发现途径', '问题出处', '反馈来源', '发现渠道', '问题发现途径'],
    width: 12,
  },
  {
    field: 'category',
    header: '问题类别',
    kind: 'text',
    required: false,
    aliases: ['类别', '问题类型', '问题分类', '所属类别', '问题方面', '所属方面'],
    width: 12,
    maxLength: PROBLEM_CATEGORY_MAX,
  },
  {
    field: 'measures',
    header: '整改措施',
    kind: 'text',
    required: false,
    aliases: ['整改举措', '整改任务', '措施', '整改措施及要求', '整改办法'],
    width: 50,
  },
  {
    field: 'org',
    header: '责任单位',
    kind: 'text',
    required: true,
    aliases: [
      '牵头单位',
      '责任部门',
      '整改责任单位',
      '责任主体',
      '牵头部门',
      '整改主体',
      '牵头责任单位',
      '主责单位',
      '整改单位',
    ],
    width: 20,
  },
  {
    field: 'person',
    header: '责任人',
    kind: 'text',
    required: false,
    aliases: ['责任领导', '牵头领导', '分管领导', '具体责任人', '整改责任人', '主要责任人'],
    width: 12,
    maxLength: PROBLEM_PERSON_MAX,
  },
  {
    field: 'deadline',
    header: '整改时限',
    kind: 'date',
    required: false,
    aliases: ['完成时限', '完成时间', '整改期限', '时限', '整改时间', '完成期限', '时限要求', '整改完成时限'],
    width: 14,
  },
  {
    field: 'progress',
    header: '整改进展',
    kind: 'info',
    required: false,
    aliases: ['整改情况', '整改进度', '整改完成情况', '完成情况', '进展情况'],
    width: 30,
  },
  {
    field: 'closure',
    header: '销号情况',
    kind: 'info',
    required: false,
    aliases: ['是否销号', '销号时间', '销号'],
    width: 24,
  },
  { field: 'note', header: '备注', kind: 'text', required: false, aliases: ['附注'], width: 16, maxLength: 500 },
];

export const PROBLEM_LIST_SPEC: ListSpec<ProblemListField> = {
  name: '整改清单',
  keyField: 'title',
  fields: PROBLEM_LIST_COLUMNS.map((c) => ({
    field: c.field,
    header: c.header,
    kind: c.kind,
    required: c.required,
    aliases: c.aliases,
    ...(c.maxLength ? { maxLength: c.maxLength } : {}),
  })),
};

export const PROBLEM_LIST_HEADER: Readonly<Record<ProblemListField, string>> = Object.fromEntries(
  PROBLEM_LIST_COLUMNS.map((c) => [c.field, c.header]),
) as Record<ProblemListField, string>;

// --- 问题来源

const SOURCE_VALUES: ReadonlyMap<string, ProblemSource> = new Map([
  ...PROBLEM_SOURCES.map((s) => [foldChoice(PROBLEM_SOURCE_LABELS[s].zh), s] as const),
  ...(
    [
      ['巡视', 'inspection'],
      ['巡察', 'patrol'],
      ['督查', 'supervision'],
      ['自查自纠', 'self_check'],
      ['信访', 'public'],
      ['信访举报', 'public'],
      ['检视问题', 'review'],
      ['点名', 'speech'],
    ] as const
  ).map(([k, v]) => [foldChoice(k), v] as const),
]);

/** A word of the source as lists write it (市委第二巡察组反馈, 专项督查发现, 民主生活会检视): first that matches. */
const SOURCE_WORDS: readonly [RegExp, ProblemSource][] = [
  [/巡视/, 'inspection'],
  [/巡察/, 'patrol'],
  [/督查|督导|督办|检查发现|暗访/, 'supervision'],
  [/自查|自纠|排查/, 'self_check'],
  [/群众|信访|举报|12345|热线/, 'public'],
  [/检视|民主生活会|组织生活会|对照检查|查摆/, 'review'],
  [/讲话|点名|批示/, 'speech'],
];

const SOURCE_CHOICES = PROBLEM_SOURCES.map((s) => PROBLEM_SOURCE_LABELS[s].zh);

/** 问题来源: a label of the vocabulary (巡视反馈 … 其他), else the first word of one it holds; empty is null. */
export function readProblemSource(v: CellValue): Read<ProblemSource | null> {
  const exact = readChoice(v, SOURCE_VALUES, SOURCE_CHOICES);
  if (exact.ok) return exact;
  const text = cellText(v);
  for (const [re, source] of SOURCE_WORDS) if (re.test(text)) return { ok: true, value: source };
  return exact;
}

// --- 整改时限

/** A deadline as read: none written (the default applies), a day, or none at all (长期坚持). */
export type ProblemDeadline = { kind: 'unset' } | { kind: 'date'; date: string } | { kind: 'standing' };

/** Words after a day (2026年12月31日前全部整改到位): they go, one after another. */
const TAIL = /(之前|以前|以内|前|止|为止|全部|基本|整改|完成|到位|见效|办结|销号|任务)$/;
const HAN_NUMBERS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 };

function monthEnd(year: number, month: number): string {
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  return addDaysIso(addMonthsIso(first, 1), -1);
}

/** The end of a month named without its year (3月底前): this year's, or next year's once this year's has passed. */
function comingMonthEnd(month: number, today: string): string {
  const year = Number(today.slice(0, 4));
  const end = monthEnd(year, month);
  return compareIso(end, today) < 0 ? monthEnd(year + 1, month) : end;
}

/** One part of a deadline cell that names a day, or null when the part names none. */
function dayOfPart(part: string, today: string): string | null {
  let s = part.replace(/^(截止|截至|于|在|到|至)/, '');
  for (let t = s.replace(TAIL, ''); t !== s; t = s.replace(TAIL, '')) s = t;
  if (s === '') return null;
  const thisYear = Number(today.slice(0, 4));
  let m = /^(\d{4})年?(年底|年末|底|末|年内)$/.exec(s);
  if (m) return `${m[1]}-12-31`;
  if (/^(今年|本年|年)?(年底|年末|底|年内)$/.test(s) || s === '年内') return `${thisYear}-12-31`;
  m = /^(\d{4})年?(上半年|下半年)$/.exec(s);
  if (m) return `${m[1]}-${m[2] === '上半年' ? '06-30' : '12-31'}`;
  m = /^(\d{4})年?第?([一二三四1-4])季度(末|底)?$/.exec(s);
  if (m) return monthEnd(Number(m[1]), (HAN_NUMBERS[m[2] ?? ''] ?? 4) * 3);
  m = /^(\d{4})[年.\-/](\d{1,2})月?(底|末|份)?$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthEnd(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})月(底|末|份)?$/.exec(s);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return comingMonthEnd(Number(m[1]), today);
  const r = readDateOrMonth({ value: s });
  if (!r.ok || r.value === null) return null;
  if ('date' in r.value) return r.value.date;
  return monthEnd(Number(r.value.month.slice(0, 4)), Number(r.value.month.slice(5, 7)));
}

/**
 * 整改时限 as lists write it: a date in any encoding the roster accepts (an Excel date, a serial, 2026-12-31,
 * 2026年12月31日, 20261231), a month (2026年12月, 2026.12: its last day), with 前 / 底前 / 完成 after it; 年底前 (this
 * year's 31 December), 2026年上半年, 第三季度; 立行立改 (the import day) and 长期坚持 (no deadline). A cell of several
 * parts (立行立改，2026年底前全部完成；并长期坚持) takes its day if it names one, else 立行立改, else 长期坚持.
 */
export function readProblemDeadline(cell: GridCell | null, today: string): Read<ProblemDeadline> {
  const v = cell?.value ?? null;
  if (v === null || cellText(v) === '') return { ok: true, value: { kind: 'unset' } };
  if (typeof v !== 'string') {
    const r = readDateOrMonth(cell);
    if (!r.ok) return r;
    if (r.value === null) return { ok: true, value: { kind: 'unset' } };
    return {
      ok: true,
      value: {
        kind: 'date',
        date:
          'date' in r.value
            ? r.value.date
            : monthEnd(Number(r.value.month.slice(0, 4)), Number(r.value.month.slice(5, 7))),
      },
    };
  }
  const text = v.normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '');
  const bad = { ok: false, msg: msg('err.problem.import.deadline', { text: cellText(v) }) } as const;
  let day: string | null = null;
  let now = false;
  let standing = false;
  for (const raw of text.split(/[,，;；、。]|并且|并/)) {
    if (raw === '') continue;
    let part = raw;
    if (part.includes('立行立改')) {
      now = true;
      part = part.replace('立行立改', '');
    }
    if (/长期坚持|长期|持续推进|持续整改|常态化|久久为功/.test(part)) {
      standing = true;
      continue;
    }
    if (part === '') continue;
    const d = dayOfPart(part, today);
    if (d !== null && isIsoDate(d)) {
      day ??= d;
      continue;
    }
    // Words around a deadline (建立长效机制) are not one; digits that make no day are a mistake to show.
    if (/\d/.test(part)) return bad;
  }
  if (day !== null) return { ok: true, value: { kind: 'date', date: day } };
  if (now) return { ok: true, value: { kind: 'date', date: today } };
  if (standing) return { ok: true, value: { kind: 'standing' } };
  return bad;
}

// --- 整改措施

const ENUMERATOR =
  /^\s*(?:\d{1,2}\s*[.．、]|[(（]\s*\d{1,2}\s*[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}\s*[、.．]|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十\d]{1,3}[，,、：:])\s*/;
/** Where the next enumerated measure starts inside a line: 1. 2、 （3） ④ 二是, after a stop or at the start. */
const NEXT_MEASURE =
  /(?<=[。；;！!？?，,\s])(?=\d{1,2}\s*[.．、](?!\d)|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}是|[二三四五六七八九十][、.．])|(?<=.)(?=[①-⑳])/u;

/**
 * 整改措施 as one cell holds several: one a line, or numbered (1. 2、 （3） ④ 一是 二是) on one line, or separated by
 * semicolons. The numbers and the trailing stops go; empty pieces are dropped.
 */
export function splitMeasures(text: string): string[] {
  const out: string[] = [];
  const body = text.replace(/\r\n?/g, '\n').replace(/^\s*(整改措施|措施)\s*[:：]\s*/, '');
  for (const line of body.split('\n')) {
    for (const chunk of line.split(/[;；]/)) {
      for (const piece of chunk.split(NEXT_MEASURE)) {
        const m = piece
          .replace(ENUMERATOR, '')
          .replace(/[\s。；;，,、]+$/u, '')
          .trim();
        if (m !== '') out.push(m);
      }
    }
  }
  return out;
}

// --- 问题: the title and the description

/**
 * The 问题 cell as a problem's title and description: a short one-line text is the title; a longer one (or one of
 * several lines) keeps its whole text as the description, and its first line — cut at the end of a sentence if
 * need be — is the title.
 */
export function splitProblemText(text: string): { title: string; description: string } {
  const t = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
  if (!t.includes('\n') && [...t].length <= PROBLEM_TITLE_MAX) return { title: t, description: '' };
  const first = [...(t.split('\n')[0] ?? '')];
  if (first.length <= PROBLEM_TITLE_MAX) return { title: first.join(''), description: t };
  const head = first.slice(0, PROBLEM_TITLE_MAX);
  let cut = -1;
  for (let i = head.length - 1; i >= 20; i--) {
    if ('。！？；!?;'.includes(head[i] ?? '')) {
      cut = i;
      break;
    }
  }
  const title = cut >= 0 ? head.slice(0, cut + 1).join('') : `${head.slice(0, PROBLEM_TITLE_MAX - 1).join('')}…`;
  return { title, description: t };
}

/** The sections an import adds to a problem's description, marked so that an export reads them back. */
const SECTION = { measures: '【整改措施】', partners: '【配合单位】', note: '【备注】' } as const;

export type ProblemDescriptionParts = {
  /** The problem's own text (the 问题 cell when it was long). */
  text: string;
  /** The measures the list proposes (the responsible organisation sets its own at 制定措施). */
  measures: readonly string[];
  /** Other organisations the 责任单位 cell named besides the responsible one. */
  partners: string;
  note: string;
};

/** A problem's description as an import writes it: its text, then the proposed measures, partners and note. */
export function composeProblemDescription(p: ProblemDescriptionParts): string {
  const parts: string[] = [];
  if (p.text !== '') parts.push(p.text);
  if (p.measures.length > 0) {
    parts.push([SECTION.measures, ...p.measures.map((m, i) => `${i + 1}. ${m}`)].join('\n'));
  }
  if (p.partners !== '') parts.push(`${SECTION.partners}${p.partners}`);
  if (p.note !== '') parts.push(`${SECTION.note}${p.note}`);
  return parts.join('\n');
}

/** The parts of a description (composeProblemDescription's, or one typed by hand: all of it is the text). */
export function readProblemDescription(description: string): ProblemDescriptionParts {
  const lines = description.replace(/\r\n?/g, '\n').split('\n');
  const text: string[] = [];
  const measures: string[] = [];
  let partners = '';
  let note = '';
  let inMeasures = false;
  for (const line of lines) {
    if (line.startsWith(SECTION.measures)) {
      inMeasures = true;
    } else if (line.startsWith(SECTION.partners)) {
      inMeasures = false;
      partners = line.slice(SECTION.partners.length).trim();
    } else if (line.startsWith(SECTION.note)) {
      inMeasures = false;
      note = line.slice(SECTION.note.length).trim();
    } else if (inMeasures) {
      const m = line.replace(/^\d+\.\s*/, '').trim();
      if (m !== '') measures.push(m);
    } else text.push(line);
  }
  return { text: text.join('\n').trim(), measures, partners, note };
}

/** The 问题 cell an export writes: the problem's text when it has one (it starts with the title), else the title. */
export function problemCellText(title: string, text: string): string {
  if (text === '') return title;
  const stem = title.endsWith('…') ? title.slice(0, -1) : title;
  return text.startsWith(stem) ? text : `${title}\n${text}`;
}

/** A row of a list that only names a group of problems (一、政治建设方面; （二）作风建设方面问题（5个）). */
export function isGroupHeading(text: string): boolean {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if ([...t].length > 40) return false;
  return (
    /^([一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十\d]+(部分|类|方面)|[A-H][、.])/.test(
      t,
    ) || /方面(的)?(问题)?[:]?(\(\d+[个项条]\))?$/.test(t)
  );
}

// --- 责任单位

/** A cell's name folded for matching: full-width forms and spaces, 中共 / 中国共产党 in front. */
export function foldOrgName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^(中国共产党|中共)/, '');
}

/**
 * The 责任单位 cell as the responsible organisation and the others it names: several units (区委组织部（牵头）、区委
 * 宣传部) are the first, the 牵头 one, and its partners; marks such as （牵头） go.
 */
export function splitResponsibleUnits(text: string): { lead: string; partners: string[] } {
  const units = text
    .split(/[、，,；;/／\n]/)
    .map((u) =>
      u
        .replace(/[(（]\s*(牵头|配合|负责|主责|责任|协助|协办)[^)）]*[)）]/g, '')
        .replace(/^(牵头|配合|责任)单位\s*[:：]/, '')
        .trim(),
    )
    .filter((u) => u !== '');
  return { lead: units[0] ?? '', partners: units.slice(1) };
}

export type OrgMatch<T> =
  | { kind: 'one'; org: T; by: 'code' | 'name' | 'suffix' | 'contains' }
  | { kind: 'none' }
  | { kind: 'many'; orgs: T[] };

/** What to look a 责任单位 cell up by: codes (the cell, or the code in brackets after a name) and name parts. */
export function orgLookupKeys(text: string): { codes: string[]; names: string[] } {
  const key = foldOrgName(text);
  if (key === '') return { codes: [], names: [] };
  const bracket = /^(.+)\(([^()]+)\)$/.exec(key);
  return {
    codes: [...new Set([text.trim(), key, ...(bracket ? [bracket[2] ?? ''] : [])])].filter((c) => c !== ''),
    names: [...new Set([key, ...(bracket ? [bracket[1] ?? ''] : [])])].filter((n) => n !== ''),
  };
}

/**
 * The organisation a 责任单位 cell names among the candidates (the importing organisation's subtree): by code (the
 * whole cell, or in brackets after the name as the export writes a name that is not unique), by its exact name or
 * short name, else the one whose name ends with the cell (组织部 → 中共某区委组织部), else the one whose name contains
 * it. The first rule that finds any decides: one organisation, or several (ambiguous, never guessed).
 */
export function matchOrgByName<T extends { code: string; name: string; shortName?: string | null }>(
  text: string,
  candidates: readonly T[],
): OrgMatch<T> {
  const key = foldOrgName(text);
  if (key === '') return { kind: 'none' };
  const byCode = candidates.find((o) => o.code === text.trim() || o.code === key);
  if (byCode) return { kind: 'one', org: byCode, by: 'code' };
  const bracket = /^(.+)\(([^()]+)\)$/.exec(key);
  if (bracket) {
    const hit = candidates.find((o) => o.code === bracket[2] && foldOrgName(o.name) === bracket[1]);
    if (hit) return { kind: 'one', org: hit, by: 'code' };
  }
  const names = (o: T) => [foldOrgName(o.name), ...(o.shortName ? [foldOrgName(o.shortName)] : [])];
  const rules: ['name' | 'suffix' | 'contains', (n: string) => boolean][] = [
    ['name', (n) => n === key],
    ['suffix', (n) => n.endsWith(key)],
    ['contains', (n) => n.includes(key)],
  ];
  for (const [by, test] of rules) {
    const hits = candidates.filter((o) => names(o).some(test));
    if (hits.length === 1) return { kind: 'one', org: hits[0] as T, by };
    if (hits.length > 1) return { kind: 'many', orgs: hits };
  }
  return { kind: 'none' };
}
