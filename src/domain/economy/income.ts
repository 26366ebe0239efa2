import { compareIso } from '../dates.ts';
import { type Msg, msg } from '../messages.ts';
import { INCOME_SOURCE_LABELS, INCOME_SOURCES, type IncomeAmounts, OPERATING_SOURCES } from './vocab.ts';

/**
 * A village's collective income (村级集体经济收入, issue 13) as it enters the platform: one entry per village, year and
 * period (the annual statement, or a quarter), append-only — a correction is a new entry naming the one it corrects
 * (DESIGN.md §3.4). The year's figure is the annual statement when there is one, else the quarters entered so far.
 * Amounts are in 元 (yuan) to the fen; sums are made in fen, so that 0.1 + 0.2 is 0.3. Pure.
 */

/** The largest amount one entry may give for one kind, in 元 (ten billion: a typing slip beyond). */
export const MAX_INCOME_AMOUNT = 10_000_000_000;
export const INCOME_YEAR_MIN = 2000;

export type IncomeEntry = {
  id: number;
  /** null: the annual statement (全年); 1–4: a quarter. */
  quarter: number | null;
  amounts: IncomeAmounts;
  /** The entry this one corrects (null: an original). */
  correctsId: number | null;
  /** ISO timestamp: orders corrections of the same entry. */
  at: string;
};

export type IncomeField = 'year' | 'quarter' | keyof IncomeAmounts;
export type IncomeCheck = { ok: true } | { ok: false; field: IncomeField; msg: Msg };

const fen = (x: number) => Math.round(x * 100);

/** Whether an amount is whole fen (12.5, 12.34; not 12.345), allowing float noise of a computed cell. */
export function isWholeFen(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x * 100 - fen(x)) <= 1e-6;
}

/**
 * Whether an entry can stand (platform rule): a year from 2000 to this year; a quarter 1 to 4 that has begun by
 * `today`; each amount whole fen, at most MAX_INCOME_AMOUNT, never negative but 投资收益 (a loss is negative, as
 * the statement writes it). The first broken rule is named with its field.
 */
export function checkIncomeEntry(
  e: { year: number; quarter: number | null; amounts: IncomeAmounts },
  today: string,
): IncomeCheck {
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isInteger(e.year) || e.year < INCOME_YEAR_MIN || e.year > thisYear) {
    return {
      ok: false,
      field: 'year',
      msg: msg('err.economy.year', { year: e.year, min: INCOME_YEAR_MIN, max: thisYear }),
    };
  }
  if (e.quarter !== null) {
    if (!Number.isInteger(e.quarter) || e.quarter < 1 || e.quarter > 4) {
      return { ok: false, field: 'quarter', msg: msg('err.economy.quarter', { quarter: e.quarter }) };
    }
    const starts = `${e.year}-${String((e.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
    if (compareIso(starts, today) > 0) {
      return {
        ok: false,
        field: 'quarter',
        msg: msg('err.economy.quarterFuture', { year: e.year, quarter: e.quarter }),
      };
    }
  }
  for (const s of INCOME_SOURCES) {
    const v = e.amounts[s];
    const label = INCOME_SOURCE_LABELS[s];
    if (!isWholeFen(v)) return { ok: false, field: s, msg: msg('err.economy.amountFen', { source: label }) };
    if (v < 0 && s !== 'investment')
      return { ok: false, field: s, msg: msg('err.economy.amountNegative', { source: label }) };
    if (Math.abs(v) > MAX_INCOME_AMOUNT) {
      return { ok: false, field: s, msg: msg('err.economy.amountTooLarge', { source: label, max: '100亿元' }) };
    }
  }
  return { ok: true };
}

/** 经营性收入 of amounts (经营收入 + 发包及上交收入 + 投资收益), in 元. */
export function operatingOf(a: IncomeAmounts): number {
  let sum = 0;
  for (const s of OPERATING_SOURCES) sum += fen(a[s]);
  return sum / 100;
}

/** All income of amounts (every kind), in 元. */
export function totalOf(a: IncomeAmounts): number {
  let sum = 0;
  for (const s of INCOME_SOURCES) sum += fen(a[s]);
  return sum / 100;
}

/** Whether two entries give the same amounts (to the fen): an import of the same figures adds nothing. */
export function sameAmounts(a: IncomeAmounts, b: IncomeAmounts): boolean {
  return INCOME_SOURCES.every((s) => fen(a[s]) === fen(b[s]));
}

function compareAt(a: IncomeEntry, b: IncomeEntry): number {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  const byTime = Number.isNaN(ta) || Number.isNaN(tb) ? (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) : ta - tb;
  return byTime || a.id - b.id;
}

/**
 * The entry in force for each original (its id → the entry whose amounts count), as the task ledger resolves its
 * figures (domain/tasks/progress.ts effectiveFigures): a correction replaces the entry it corrects, following chains
 * to the original; of several corrections the latest by `at`, then id, wins; a correction whose chain does not reach
 * an original of `entries` (dangling or circular) is ignored.
 */
export function effectiveIncomeEntries(entries: readonly IncomeEntry[]): Map<number, IncomeEntry> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const rootOf = (e: IncomeEntry): number | null => {
    const seen = new Set<number>();
    let cur: IncomeEntry | undefined = e;
    while (cur !== undefined) {
      if (cur.correctsId === null) return cur.id;
      if (seen.has(cur.id)) return null;
      seen.add(cur.id);
      cur = byId.get(cur.correctsId);
    }
    return null;
  };
  const out = new Map<number, IncomeEntry>();
  for (const e of entries) {
    const root = rootOf(e);
    if (root === null) continue;
    const cur = out.get(root);
    // The original stands until a correction comes; among corrections the latest wins.
    if (cur === undefined || (e.correctsId !== null && (cur.correctsId === null || compareAt(e, cur) > 0))) {
      out.set(root, e);
    }
  }
  return out;
}

/** The original an entry corrects, through its chain (itself when it is one); null when the chain is broken. */
export function originalOf(entries: readonly IncomeEntry[], id: number): number | null {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const seen = new Set<number>();
  let cur = byId.get(id);
  while (cur !== undefined) {
    if (cur.correctsId === null) return cur.id;
    if (seen.has(cur.id)) return null;
    seen.add(cur.id);
    cur = byId.get(cur.correctsId);
  }
  return null;
}

export type YearFigures = {
  amounts: IncomeAmounts;
  /** 经营性收入, 元. */
  operating: number;
  /** Every kind, 元. */
  total: number;
  /** The annual statement was entered: the year's figures are its own. */
  annual: boolean;
  /** Quarters entered (ascending): without the annual statement, the year so far is their sum. */
  quarters: number[];
};

const ZERO: IncomeAmounts = { business: 0, contracting: 0, investment: 0, subsidy: 0, other: 0 };

/**
 * A village's figures of one year from its entries of that year (platform rule): the annual statement in force when
 * there is one; otherwise the sum of the quarters in force (the year so far). Null when nothing was entered.
 */
export function yearFigures(entries: readonly IncomeEntry[]): YearFigures | null {
  const inForce = [...effectiveIncomeEntries(entries).values()];
  if (inForce.length === 0) return null;
  const annual = inForce.find((e) => e.quarter === null);
  const quarters = inForce
    .filter((e) => e.quarter !== null)
    .map((e) => e.quarter!)
    .sort((a, b) => a - b);
  let amounts: IncomeAmounts;
  if (annual) amounts = { ...annual.amounts };
  else {
    const f = { ...ZERO };
    for (const e of inForce) for (const s of INCOME_SOURCES) f[s] += fen(e.amounts[s]);
    amounts = Object.fromEntries(INCOME_SOURCES.map((s) => [s, f[s] / 100])) as IncomeAmounts;
  }
  return { amounts, operating: operatingOf(amounts), total: totalOf(amounts), annual: annual !== undefined, quarters };
}
