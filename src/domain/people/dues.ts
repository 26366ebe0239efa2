import type { DuesBracket, RuleSet } from '../rules/ruleset.ts';

/**
 * Dues (党费, ../shared/domain-rules.md §4; 中组部《关于中国共产党党费收缴、使用和管理的规定》 2008): the monthly amount
 * from a member's category and, for members in work or retired, the month's pay after tax by bracket; the months a
 * member is in arrears; and the rule on prolonged non-payment, flagged for the branch to act on — the platform never
 * changes membership by itself. Pure: amounts in yuan, rounded to the fen (分).
 */

export const DUES_CATEGORIES = ['salaried', 'retired', 'farmer', 'minimal', 'reduced'] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

export const DUES_CATEGORY_LABELS: Record<DuesCategory, { zh: string; en: string }> = {
  salaried: { zh: '在职（按工资收入）', en: 'In work (by pay)' },
  retired: { zh: '离退休', en: 'Retired' },
  farmer: { zh: '农民', en: 'Farmer' },
  minimal: { zh: '学生、下岗失业、低保', en: 'Student, unemployed, on relief' },
  reduced: { zh: '经批准少交或免交', en: 'Reduced or waived (approved)' },
};

export type DuesInput =
  | { category: 'salaried' | 'retired'; monthlyIncome: number }
  | { category: 'farmer'; amount: number }
  | { category: 'minimal' }
  /** Hardship: the branch studied it and the next level approved; the amount may be 0. */
  | { category: 'reduced'; amount: number; reason: string };

export type DuesResult =
  | {
      ok: true;
      amount: number;
      /** The rate applied (null for a fixed amount). */
      rate: number | null;
      /** The rule applied, as listed in the catalogue (null: an amount the branch and the next level approved). */
      ruleId: string | null;
    }
  | {
      ok: false;
      code: 'negativeIncome' | 'farmerRange' | 'reasonRequired' | 'negativeAmount';
      params: Record<string, number>;
    };

/** Rounds to the fen, half up (amounts are positive). */
export function toFen(yuan: number): number {
  return Math.round((yuan + Number.EPSILON) * 100) / 100;
}

/** The bracket a monthly income falls in: the first whose upper end (inclusive) is at or above it. */
export function bracketOf(brackets: readonly DuesBracket[], income: number): DuesBracket {
  const b = brackets.find((x) => x.upTo === null || income <= x.upTo);
  if (!b) throw new Error('dues brackets must end with an open bracket');
  return b;
}

/** The monthly dues of a member, by the rule set in force. */
export function monthlyDues(input: DuesInput, rules: RuleSet['dues']): DuesResult {
  switch (input.category) {
    case 'salaried':
    case 'retired': {
      if (!(input.monthlyIncome >= 0)) return { ok: false, code: 'negativeIncome', params: {} };
      const brackets = input.category === 'salaried' ? rules.salaried.value : rules.retired.value;
      const b = bracketOf(brackets, input.monthlyIncome);
      return {
        ok: true,
        amount: toFen(input.monthlyIncome * b.rate),
        rate: b.rate,
        ruleId: `dues.${input.category}`,
      };
    }
    case 'farmer': {
      const { min, max } = rules.farmer.value;
      if (input.amount < min || input.amount > max) return { ok: false, code: 'farmerRange', params: { min, max } };
      return { ok: true, amount: toFen(input.amount), rate: null, ruleId: 'dues.farmer' };
    }
    case 'minimal':
      return { ok: true, amount: rules.minimal.value, rate: null, ruleId: 'dues.minimal' };
    case 'reduced':
      if (!input.reason.trim()) return { ok: false, code: 'reasonRequired', params: {} };
      if (!(input.amount >= 0)) return { ok: false, code: 'negativeAmount', params: {} };
      return { ok: true, amount: toFen(input.amount), rate: null, ruleId: null };
  }
}

/** 'YYYY-MM' months from `from` to `to`, both included (empty when from > to). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The month before a 'YYYY-MM' month. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export type DuesStanding = {
  /** Months owed: from the first month dues were due up to last month (a quarterly payer: the last quarter ended), not paid. */
  unpaid: string[];
  /** The last month whose dues are owed by now (null: none yet). */
  owedThrough: string | null;
  /** The longest run of consecutive unpaid months ending last month. */
  runToDate: number;
  /** The run reached the lapse rule (党章 Art.9: 6 months): for the branch to look into, never acted on by the platform. */
  lapse: boolean;
};

/**
 * Where a member stands: `dueFrom` is the first month dues are owed (a probationary member pays from the month of
 * the branch vote); `thisMonth` is not yet owed (dues for a month may be paid during it), nor, for a quarterly payer,
 * are the months of a quarter that has not ended (`arrangements`, dueByMonths). Months paid are those with a payment,
 * whatever the amount (a reduced amount of 0 approved is paid).
 */
export function duesStanding(
  dueFrom: string,
  thisMonth: string,
  paid: ReadonlySet<string>,
  rules: RuleSet['dues'],
  arrangements: readonly DuesArrangement[] = [],
): DuesStanding {
  const before = monthsBetween(dueFrom, previousMonth(thisMonth));
  const dueBy = dueByMonths(before, arrangements);
  const owed = before.filter((_, i) => dueBy[i]! < thisMonth);
  const unpaid = owed.filter((m) => !paid.has(m));
  let run = 0;
  for (let i = owed.length - 1; i >= 0 && !paid.has(owed[i]!); i--) run += 1;
  return {
    unpaid,
    owedThrough: owed[owed.length - 1] ?? null,
    runToDate: run,
    lapse: run >= rules.lapseMonths.value,
  };
}

/** Whether a month may still be paid back (at most `backPayMonths` months before this one), or paid ahead. */
export function canPayMonth(month: string, thisMonth: string, rules: RuleSet['dues']): boolean {
  const back = monthsBetween(month, previousMonth(thisMonth)).length;
  return back <= rules.backPayMonths.value;
}

// --- How a member pays (交纳方式) and extra payments

/** 按月交纳; with the branch's consent (支部同意), 按季度 or 委托他人代缴 (../shared/domain-rules.md §4, [S]). */
export const DUES_ARRANGEMENTS = ['monthly', 'quarterly', 'proxy'] as const;
export type DuesArrangementKind = (typeof DUES_ARRANGEMENTS)[number];

export const DUES_ARRANGEMENT_LABELS: Record<DuesArrangementKind, { zh: string; en: string }> = {
  monthly: { zh: '按月交纳', en: 'Monthly' },
  quarterly: { zh: '按季度交纳', en: 'Quarterly' },
  proxy: { zh: '委托代缴', en: 'Paid by proxy' },
};

/** An arrangement in force from a month ('YYYY-MM') until the next one starts. */
export type DuesArrangement = { fromMonth: string; kind: DuesArrangementKind };

/** The last month of a month's calendar quarter: 2026-02 → 2026-03, 2026-12 → 2026-12. */
export function quarterEndOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${y}-${String(Math.ceil(m / 3) * 3).padStart(2, '0')}`;
}

/** The arrangement in force in a month (monthly before the first one). */
export function arrangementIn(month: string, arrangements: readonly DuesArrangement[]): DuesArrangementKind {
  let kind: DuesArrangementKind = 'monthly';
  for (const a of arrangements) if (a.fromMonth <= month) kind = a.kind;
  return kind;
}

/**
 * The month by whose end each month's dues are to be paid: the month itself (monthly, by proxy), or the end of its
 * quarter for a quarterly payer. A later month's deadline bounds an earlier one's (a member back on monthly payment
 * from February owes January with February), so deadlines never decrease and the months owed run from the start.
 */
export function dueByMonths(months: readonly string[], arrangements: readonly DuesArrangement[]): string[] {
  const sorted = [...arrangements].sort((a, b) => (a.fromMonth < b.fromMonth ? -1 : a.fromMonth > b.fromMonth ? 1 : 0));
  const own = months.map((m) => (arrangementIn(m, sorted) === 'quarterly' ? quarterEndOf(m) : m));
  for (let i = own.length - 2; i >= 0; i--) if (own[i + 1]! < own[i]!) own[i] = own[i + 1]!;
  return own;
}

/**
 * Where a member stands on a day (`today`, 'YYYY-MM-DD'), with how they pay: a quarterly payer owes a quarter's
 * months only once the quarter has ended (on 31 March January–March are not yet in arrears; on 1 April they are), so
 * arrears and the lapse flag count only months whose deadline has passed.
 */
export function duesStandingOn(
  dueFrom: string,
  today: string,
  paid: ReadonlySet<string>,
  rules: RuleSet['dues'],
  arrangements: readonly DuesArrangement[] = [],
): DuesStanding {
  return duesStanding(dueFrom, today.slice(0, 7), paid, rules, arrangements);
}

/** 一次性自愿多交党费 of at least the rule's amount (1000 yuan) goes whole to the centre (上缴中央). */
export function goesToCentre(amount: number, rules: RuleSet['dues']): boolean {
  return toFen(amount) >= rules.extraToCentre.value;
}
