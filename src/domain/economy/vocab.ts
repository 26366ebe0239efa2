/**
 * 村级集体经济 (issue 13) vocabulary: the kinds of income a village collective's statement lists, and the marks a
 * village gets in the subtree table. The kinds are the income accounts of the accounting system for village
 * collectives (《村集体经济组织会计制度》, 财会〔2004〕12号: 经营收入、发包及上交收入、投资收益、补助收入、其他收入);
 * 经营性收入 is the first three (what the collective earns by running, letting and investing its assets), as the
 * collective-economy statistics count it; 补助收入 (subsidies) and 其他收入 are income, not operating income. That the
 * 2023 revision (财会〔2023〕14号) keeps the same split is UNCONFIRMED: the split is stated here once, as vocabulary.
 */

export const INCOME_SOURCES = ['business', 'contracting', 'investment', 'subsidy', 'other'] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

export const INCOME_SOURCE_LABELS: Record<IncomeSource, { zh: string; en: string }> = {
  business: { zh: '经营收入', en: 'Business income' },
  contracting: { zh: '发包及上交收入', en: 'Contracting and remittance income' },
  investment: { zh: '投资收益', en: 'Investment income' },
  subsidy: { zh: '补助收入', en: 'Subsidies' },
  other: { zh: '其他收入', en: 'Other income' },
};

/** The kinds that make up 经营性收入 (operating income): what "stable income" and the amounts are counted on. */
export const OPERATING_SOURCES: readonly IncomeSource[] = ['business', 'contracting', 'investment'];

/** Amounts of one entry by kind, in 元 (yuan), to the fen. 投资收益 may be negative (a loss); the others may not. */
export type IncomeAmounts = Record<IncomeSource, number>;

/**
 * How a village stands in a year: nothing entered (未填报); no operating income (空壳村); some, below the 薄弱村
 * threshold (薄弱村); at or above it.
 */
export const VILLAGE_MARKS = ['missing', 'hollow', 'weak', 'none'] as const;
export type VillageMark = (typeof VILLAGE_MARKS)[number];

export const VILLAGE_MARK_LABELS: Record<VillageMark, { zh: string; en: string }> = {
  missing: { zh: '未填报', en: 'Not reported' },
  hollow: { zh: '空壳村', en: 'No operating income' },
  weak: { zh: '薄弱村', en: 'Weak' },
  none: { zh: '—', en: '—' },
};

/** 全年 (the annual statement) or one quarter. */
export const INCOME_PERIODS = ['year', 'q1', 'q2', 'q3', 'q4'] as const;
export type IncomePeriod = (typeof INCOME_PERIODS)[number];
export const INCOME_PERIOD_LABELS: Record<IncomePeriod, { zh: string; en: string }> = {
  year: { zh: '全年', en: 'Whole year' },
  q1: { zh: '第一季度', en: 'Q1' },
  q2: { zh: '第二季度', en: 'Q2' },
  q3: { zh: '第三季度', en: 'Q3' },
  q4: { zh: '第四季度', en: 'Q4' },
};
