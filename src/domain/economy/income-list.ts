import { cellText, type GridCell } from '../import/grid.ts';
import { foldChoice, type ListSpec } from '../import/list-spec.ts';
import { type Msg, msg } from '../messages.ts';
import { checkIncomeEntry, isWholeFen } from './income.ts';
import {
  INCOME_SOURCE_LABELS,
  INCOME_SOURCES,
  type IncomeAmounts,
  type IncomeSource,
  VILLAGE_MARK_LABELS,
} from './vocab.ts';

/**
 * The village collective income list (村级集体经济收入统计表) as towns and counties keep it in a spreadsheet — 村名
 * and/or 组织编码, 年度, optionally 季度 and 所属乡镇, then the income by kind (经营收入 or 经营性收入, 发包及上交收入,
 * 投资收益, 补助收入, 其他收入) and 备注 — for the one spreadsheet importer (domain/import). Amounts are in 元, or in
 * 万元 where the column's header says so (经营收入（万元）). The export writes the same columns and more (所属乡镇,
 * 经营性收入合计, 收入合计, 类别), which the import leaves alone, so an exported list imports again and adds nothing.
 * Pure.
 */

export type IncomeListField =
  | 'seq'
  | 'village'
  | 'code'
  | 'town'
  | 'year'
  | 'quarter'
  | IncomeSource
  | 'note'
  | IncomeInfoField;

/** Columns an export adds for people to read: never imported. */
export const INCOME_EXPORT_INFO = [
  ['operatingTotal', '经营性收入合计'],
  ['total', '收入合计'],
  ['mark', '类别'],
] as const;
export type IncomeInfoField = (typeof INCOME_EXPORT_INFO)[number][0];

const SOURCE_ALIASES: Record<IncomeSource, readonly string[]> = {
  business: ['经营性收入', '集体经营收入', '村集体经营收入', '经营收益'],
  contracting: ['发包及上交', '发包收入', '上交收入', '承包收入', '发包上交收入'],
  investment: ['投资收入', '投资收益（损失）', '投资净收益'],
  subsidy: ['补助', '财政补助', '财政补助收入', '补贴收入', '上级补助收入'],
  other: ['其它收入', '其他'],
};

export const INCOME_LIST_SPEC: ListSpec<IncomeListField> = {
  name: '村级集体经济收入统计表',
  keyField: 'village',
  fields: [
    { field: 'seq', header: '序号', kind: 'seq', required: false, aliases: ['编号', '序'] },
    {
      field: 'town',
      header: '所属乡镇',
      kind: 'text',
      required: false,
      aliases: ['乡镇', '乡镇（街道）', '所属乡镇（街道）', '镇（街道）'],
      maxLength: 100,
    },
    {
      field: 'village',
      header: '村名',
      kind: 'text',
      // A list may name its villages by 组织编码 alone: each row is checked for one or the other.
      required: false,
      aliases: [
        '村名称',
        '行政村',
        '行政村名称',
        '村',
        '村庄',
        '村（社区）',
        '村党组织',
        '单位名称',
        '组织名称',
        '村集体经济组织',
      ],
      maxLength: 200,
    },
    {
      field: 'code',
      header: '组织编码',
      kind: 'text',
      required: false,
      aliases: ['编码', '组织代码', '党组织编码', '村编码', '村代码', '代码'],
      maxLength: 60,
    },
    { field: 'year', header: '年度', kind: 'integer', required: true, aliases: ['年份', '统计年度', '所属年度', '年'] },
    {
      field: 'quarter',
      header: '季度',
      kind: 'text',
      required: false,
      aliases: ['期间', '统计期间', '报告期', '所属季度'],
    },
    ...INCOME_SOURCES.map((s) => ({
      field: s,
      header: INCOME_SOURCE_LABELS[s].zh,
      kind: 'number' as const,
      required: false,
      aliases: SOURCE_ALIASES[s],
    })),
    { field: 'note', header: '备注', kind: 'text', required: false, aliases: ['说明'], maxLength: 500 },
    ...INCOME_EXPORT_INFO.map(([field, header]) => ({
      field,
      header,
      kind: 'info' as const,
      required: false,
      aliases: field === 'total' ? ['合计', '总收入', '集体经济总收入', '收入总额', '总计'] : [],
    })),
  ],
};

/** Whether a column's header, as written, gives its amounts in 万元 (经营收入（万元）, 经营收入/万元). */
export function headerInWan(header: string): boolean {
  return /万元/.test(header.normalize('NFKC'));
}

/**
 * The name by which a village is matched: folded, without the organisation's suffix (甲一村党支部, 甲一村村民委员会,
 * 甲一村股份经济合作社 and 甲一村 are one village).
 */
export function villageNameKey(name: string): string {
  let s = foldChoice(name);
  const suffixes = [
    '股份经济合作社',
    '经济合作社',
    '集体经济组织',
    '党总支部委员会',
    '党支部委员会',
    '村民委员会',
    '党总支',
    '党支部',
    '村委会',
    '党委',
  ];
  for (let again = true; again; ) {
    again = false;
    for (const x of suffixes) {
      if (s.length > x.length && s.endsWith(x)) {
        s = s.slice(0, -x.length);
        again = true;
      }
    }
  }
  return s;
}

const CN_QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** The period a cell names: empty, 全年 or 年度 → the year's statement (null); 1, 一季度, 第二季度, Q3 … → the quarter. */
export function readQuarter(text: string): { ok: true; value: number | null } | { ok: false } {
  const s = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (s === '' || /^(全年|年度|全年度|年报|全年累计|累计|年)$/.test(s)) return { ok: true, value: null };
  const m = /^(?:第)?([一二三四1-4])(?:季度|季)?$/.exec(s) ?? /^Q([1-4])$/.exec(s) ?? /^([1-4])Q$/.exec(s);
  return m ? { ok: true, value: CN_QUARTER[m[1]!]! } : { ok: false };
}

/** A year cell: 2026, '2026', '2026年', '2026年度'. */
export function readYear(cell: GridCell | null): { ok: true; value: number | null } | { ok: false; text: string } {
  const v = cell?.value ?? null;
  if (v === null || v === '') return { ok: true, value: null };
  if (v instanceof Date) return { ok: true, value: v.getUTCFullYear() };
  const s = cellText(v).normalize('NFKC').replace(/\s+/g, '');
  const m = /^(\d{4})(?:\.0+)?(?:年度?)?$/.exec(s);
  return m ? { ok: true, value: Number(m[1]) } : { ok: false, text: s };
}

/**
 * An amount cell in 元 (or in 万元 when its column says so), to the fen: 12345.6, '12,345.60', '¥12345', '1.2万元',
 * '(1,000)' and '-1000' for a loss. Empty: null.
 */
export function readIncomeAmount(
  cell: GridCell | null,
  wan: boolean,
): { ok: true; value: number | null } | { ok: false } {
  const v = cell?.value ?? null;
  if (v === null || v === '') return { ok: true, value: null };
  let n: number;
  let inWan = wan;
  if (typeof v === 'number') n = v;
  else {
    let s = cellText(v)
      .normalize('NFKC')
      .replace(/[\s,，]/g, '')
      .replace(/^[¥￥]/, '');
    if (s === '' || s === '-' || s === '—') return { ok: true, value: null };
    if (s.endsWith('万元') || s.endsWith('万')) {
      inWan = true;
      s = s.replace(/万元?$/, '');
    } else s = s.replace(/元$/, '');
    const neg = /^\((.*)\)$/.exec(s);
    if (neg) s = `-${neg[1]}`;
    if (!/^-?\d{1,12}(\.\d+)?$/.test(s)) return { ok: false };
    n = Number(s);
  }
  if (!Number.isFinite(n)) return { ok: false };
  const yuan = inWan ? n * 10_000 : n;
  if (!isWholeFen(yuan)) return { ok: false };
  return { ok: true, value: Math.round(yuan * 100) / 100 };
}

/**
 * A row an export wrote for a village that reported nothing (类别 未填报, no amount): not a record to import, skipped
 * with its reason (a row without amounts and without that mark is an error: a figure was forgotten).
 */
export function isUnreportedRow(cells: ReadonlyMap<IncomeListField, GridCell | null>): boolean {
  const empty = INCOME_SOURCES.every((s) => cellText(cells.get(s)?.value ?? null) === '');
  return empty && foldChoice(cellText(cells.get('mark')?.value ?? null)) === foldChoice(VILLAGE_MARK_LABELS.missing.zh);
}

export type IncomeListRow = {
  village: string;
  code: string;
  town: string;
  year: number;
  quarter: number | null;
  amounts: IncomeAmounts;
  note: string;
};

type Issue = { field: IncomeListField; msg: Msg };

/**
 * One row of the list read into an entry, or the problems of its cells (field and message), none hidden: a village
 * named (by name or code), a year up to this one, a period that has begun, at least one amount (an empty one is 0;
 * a village without income writes 0), each to the fen and never negative but 投资收益. `wan` says which amount
 * columns are in 万元.
 */
export function readIncomeRow(
  cells: ReadonlyMap<IncomeListField, GridCell | null>,
  today: string,
  wan: ReadonlySet<IncomeSource>,
): { ok: true; row: IncomeListRow } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const text = (f: IncomeListField) =>
    cellText(cells.get(f)?.value ?? null)
      .replace(/\s+/g, ' ')
      .trim();
  const village = text('village');
  const code = text('code');
  if (village === '' && code === '') issues.push({ field: 'village', msg: msg('err.economy.import.villageMissing') });
  const y = readYear(cells.get('year') ?? null);
  let year: number | null = null;
  if (!y.ok) issues.push({ field: 'year', msg: msg('err.economy.import.year', { text: y.text }) });
  else if (y.value === null) issues.push({ field: 'year', msg: msg('err.economy.import.yearMissing') });
  else year = y.value;
  const q = readQuarter(text('quarter'));
  if (!q.ok) issues.push({ field: 'quarter', msg: msg('err.economy.import.quarter', { text: text('quarter') }) });
  const amounts: IncomeAmounts = { business: 0, contracting: 0, investment: 0, subsidy: 0, other: 0 };
  let given = 0;
  for (const s of INCOME_SOURCES) {
    const r = readIncomeAmount(cells.get(s) ?? null, wan.has(s));
    if (!r.ok) {
      const raw = cellText(cells.get(s)?.value ?? null);
      issues.push({ field: s, msg: msg('err.economy.import.amount', { text: raw, source: INCOME_SOURCE_LABELS[s] }) });
    } else if (r.value !== null) {
      amounts[s] = r.value;
      given++;
    }
  }
  if (given === 0 && !issues.some((i) => INCOME_SOURCES.includes(i.field as IncomeSource))) {
    issues.push({ field: 'business', msg: msg('err.economy.import.noAmount') });
  }
  if (year !== null && q.ok) {
    const check = checkIncomeEntry({ year, quarter: q.value, amounts }, today);
    if (!check.ok && !issues.some((i) => i.field === check.field)) issues.push({ field: check.field, msg: check.msg });
  }
  for (const [f, max] of [
    ['village', 200],
    ['note', 500],
    ['town', 100],
    ['code', 60],
  ] as const) {
    if ([...text(f)].length > max) issues.push({ field: f, msg: msg('err.life.import.tooLong', { max }) });
  }
  if (issues.length > 0 || year === null || !q.ok) return { ok: false, issues };
  return { ok: true, row: { village, code, town: text('town'), year, quarter: q.value, amounts, note: text('note') } };
}
