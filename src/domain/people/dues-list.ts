import { compareIso } from '../dates.ts';
import { cellText, type GridCell } from '../import/grid.ts';
import type { ListSpec } from '../import/list-spec.ts';
import { cleanPersonName, readDate, readDateOrMonth, upgradeIdNumber15 } from '../import/values.ts';
import { type Msg, msg } from '../messages.ts';
import { monthsBetween } from './dues.ts';

/**
 * The dues ledger (党费收缴登记表) as branches keep it in a spreadsheet — 姓名, 身份证号 (or its last four characters),
 * 月份, 金额, 备注, and optionally 交纳日期 and 代缴人 — for the one spreadsheet importer (domain/import), and how its
 * cells read: the month as text (2026年3月, 2026-03, 2026.3), as a date (its month), or as a number (an Excel date
 * serial, 202603; 2026.1 is refused: it cannot be told from 2026.10); amounts as numbers or text (12.5, 12.50元,
 * ¥12.5). A column of amounts due (应交金额) is recognised and never read as the amount paid. Pure.
 */

export type DuesListField = 'seq' | 'name' | 'idNumber' | 'month' | 'amount' | 'due' | 'paidOn' | 'proxy' | 'note';

export const DUES_LIST_SPEC: ListSpec<DuesListField> = {
  name: '党费收缴登记表',
  keyField: 'name',
  fields: [
    { field: 'seq', header: '序号', kind: 'seq', required: false, aliases: ['编号', '序'] },
    { field: 'name', header: '姓名', kind: 'personName', required: true, aliases: ['党员姓名', '名字', '交纳人'] },
    {
      field: 'idNumber',
      header: '身份证号',
      kind: 'idNumber',
      required: false,
      aliases: ['身份证号码', '公民身份号码', '身份证', '身份证后四位', '身份证号后四位', '证件号码', '后四位'],
    },
    {
      field: 'month',
      header: '月份',
      kind: 'dateOrMonth',
      required: true,
      aliases: ['交纳月份', '缴纳月份', '所属月份', '缴费月份', '党费月份', '年月', '交费月份', '所属期'],
    },
    {
      field: 'amount',
      header: '金额',
      kind: 'number',
      required: true,
      aliases: ['交纳金额', '缴纳金额', '实交金额', '实缴金额', '党费金额', '实交党费', '实缴党费', '交纳党费', '党费'],
    },
    {
      field: 'due',
      header: '应交金额',
      kind: 'info',
      required: false,
      aliases: ['应交党费', '应缴金额', '应缴党费', '月应交党费', '每月应交'],
    },
    {
      field: 'paidOn',
      header: '交纳日期',
      kind: 'date',
      required: false,
      aliases: ['缴纳日期', '缴费日期', '交费日期', '交纳时间', '缴纳时间'],
    },
    { field: 'proxy', header: '代缴人', kind: 'text', required: false, aliases: ['代交人', '代缴'], maxLength: 50 },
    { field: 'note', header: '备注', kind: 'text', required: false, aliases: ['说明'], maxLength: 500 },
  ],
};

/** What identifies the member: the whole ID number, or its last four characters. */
export type IdGiven = { full: string } | { last4: string } | null;

type Read<T> = { ok: true; value: T } | { ok: false; msg: Msg };

/** The ID cell: 18 characters (15 upgraded), or the last four (1234, 123X; a number 123 is 0123). */
export function readIdGiven(cell: GridCell | null): Read<IdGiven> {
  const v = cell?.value ?? null;
  if (v === null || v === '') return { ok: true, value: null };
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v < 10_000) return { ok: true, value: { last4: String(v).padStart(4, '0') } };
    if (Number.isInteger(v) && v >= 1e14 && v < 1e15) {
      return { ok: true, value: { full: upgradeIdNumber15(String(v)) ?? String(v) } };
    }
    if (v >= 1e15) return { ok: false, msg: msg('err.imp.id.storedAsNumber') };
    return { ok: false, msg: msg('err.dues.import.id', { text: cellText(v) }) };
  }
  const s = cellText(v).normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '').toUpperCase();
  if (/^\d(\.\d+)?E\+\d+$/.test(s)) return { ok: false, msg: msg('err.imp.id.storedAsNumber') };
  if (/^\d{3}[\dX]$/.test(s)) return { ok: true, value: { last4: s } };
  if (/^\d{17}[\dX]$/.test(s)) return { ok: true, value: { full: s } };
  if (/^\d{15}$/.test(s)) return { ok: true, value: { full: upgradeIdNumber15(s) ?? s } };
  return { ok: false, msg: msg('err.dues.import.id', { text: s }) };
}

/** The month a cell names, 'YYYY-MM' (a date stands for its month). */
export function readDuesMonth(cell: GridCell | null): Read<string | null> {
  const r = readDateOrMonth(cell);
  if (!r.ok) return r;
  if (r.value === null) return { ok: true, value: null };
  return { ok: true, value: 'month' in r.value ? r.value.month : r.value.date.slice(0, 7) };
}

/** An amount in yuan, to the fen at most (12.5, '12.50元', '¥12.5'); null when empty. */
export function readAmount(cell: GridCell | null): Read<number | null> {
  const v = cell?.value ?? null;
  if (v === null || v === '') return { ok: true, value: null };
  const text = cellText(v);
  const s =
    typeof v === 'number'
      ? String(v)
      : text
          .normalize('NFKC')
          .replace(/\s+/g, '')
          .replace(/^[¥￥]/, '')
          .replace(/元$/, '');
  if (!/^\d{1,7}(\.\d+)?$/.test(s)) return { ok: false, msg: msg('err.dues.import.amount', { text }) };
  const n = Number(s);
  // A number Excel computed (0.1 + 0.2) may carry float noise: to the fen when it is that close.
  const fen = Math.round(n * 100);
  if (Math.abs(n * 100 - fen) > 1e-6) return { ok: false, msg: msg('err.dues.import.amountFen', { text }) };
  return { ok: true, value: fen / 100 };
}

export type DuesListRow = {
  name: string;
  id: IdGiven;
  month: string;
  amount: number;
  paidOn: string | null;
  proxy: string;
  note: string;
};

/**
 * One row of the ledger read into a payment, or the problems of its cells (field and message), none hidden. A month
 * more than a year after this one is taken for a typing slip; the day paid cannot be in the future.
 */
export function readDuesRow(
  cells: ReadonlyMap<DuesListField, GridCell | null>,
  today: string,
): { ok: true; row: DuesListRow } | { ok: false; issues: { field: DuesListField; msg: Msg }[] } {
  const issues: { field: DuesListField; msg: Msg }[] = [];
  const text = (f: DuesListField) => cellText(cells.get(f)?.value ?? null).trim();
  const id = readIdGiven(cells.get('idNumber') ?? null);
  if (!id.ok) issues.push({ field: 'idNumber', msg: id.msg });
  const month = readDuesMonth(cells.get('month') ?? null);
  let m: string | null = null;
  if (!month.ok) issues.push({ field: 'month', msg: month.msg });
  else if (month.value === null) issues.push({ field: 'month', msg: msg('err.dues.import.monthMissing') });
  else if (monthsBetween(today.slice(0, 7), month.value).length > 13) {
    issues.push({ field: 'month', msg: msg('err.dues.import.monthTooLate', { month: month.value }) });
  } else m = month.value;
  const amount = readAmount(cells.get('amount') ?? null);
  if (!amount.ok) issues.push({ field: 'amount', msg: amount.msg });
  else if (amount.value === null) issues.push({ field: 'amount', msg: msg('err.dues.import.amountMissing') });
  const paidOn = readDate(cells.get('paidOn') ?? null);
  if (!paidOn.ok) issues.push({ field: 'paidOn', msg: paidOn.msg });
  else if (paidOn.value !== null && compareIso(paidOn.value, today) > 0) {
    issues.push({ field: 'paidOn', msg: msg('err.dues.paidOnFuture', { date: paidOn.value }) });
  }
  for (const [f, max] of [
    ['proxy', 50],
    ['note', 500],
  ] as const) {
    if ([...text(f)].length > max) issues.push({ field: f, msg: msg('err.life.import.tooLong', { max }) });
  }
  if (issues.length > 0 || !id.ok || m === null || !amount.ok || amount.value === null || !paidOn.ok) {
    return { ok: false, issues };
  }
  return {
    ok: true,
    row: {
      name: cleanPersonName(text('name')),
      id: id.value,
      month: m,
      amount: amount.value,
      paidOn: paidOn.value,
      proxy: text('proxy'),
      note: text('note'),
    },
  };
}
