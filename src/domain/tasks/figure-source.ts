/**
 * Where a task's figures come from (platform rule, DESIGN.md principle 3 "one fact entered once"): typed into the
 * ledger by each receiver (no source), or read from records the platform already keeps, so that a target such as
 * "创建四星级党组织100个、五星级党组织15个" (seed 2, 评星晋级) follows the star levels without anyone typing a count.
 * A measured task's receiver's figure is the measure over its own subtree (the organisation and everything below
 * it); the task's progress then follows by the usual sum or share against its target. Kinds are added here as the
 * areas they read are built: the star levels (issue 12) and the collective-economy income of villages (issue 13).
 */
import type { ProgressMode } from './progress.ts';

/** The star levels (评星定级) of a year held by organisations of the receiver's subtree, counted in a level range. */
export type StarsSource = { kind: 'stars'; year: number; minLevel: number; maxLevel: number | null };

/**
 * 村级集体经济收入 (issue 13), in 万元: a village receiver's figure is its own 经营性收入 of the year, a higher receiver's
 * the total of the villages of its subtree. "80%的行政村集体经济收入达到5万元" is a share task assigned to the villages
 * with the threshold 5 (万元) and the target 80 (%).
 */
export type VillageIncomeSource = { kind: 'villageIncome'; year: number };

/**
 * The villages of the receiver's subtree whose 经营性收入 of the year is above 0 and at least `minAmount` 万元 (0: any
 * operating income, i.e. 有稳定收入 without a floor). "有稳定收入的村达到N个" is a sum task with the target N.
 */
export type VillagesReachingSource = { kind: 'villagesReaching'; year: number; minAmount: number };

/**
 * 一肩挑 (issue 13): the villages of the receiver's subtree whose secretary today also directs the village committee
 * (area cadre). A state of today, not of a year: "一肩挑比例达到N%" is a share task on the villages with threshold 1.
 */
export type OneShoulderSource = { kind: 'oneShoulder' };

export type FigureSource = StarsSource | VillageIncomeSource | VillagesReachingSource | OneShoulderSource;
export const FIGURE_SOURCE_KINDS = ['stars', 'villageIncome', 'villagesReaching', 'oneShoulder'] as const;
export type FigureSourceKind = (typeof FIGURE_SOURCE_KINDS)[number];

/** What is wrong with a task's figure source, or null when it is consistent with the task's target. */
export type FigureSourceProblem = 'sourceNeedsTarget' | 'sourceLevels' | 'sourceYear' | 'sourceAmount';

export const STAR_LEVEL_RANGE = { min: 1, max: 9 } as const;
export const SOURCE_YEAR_RANGE = { min: 2000, max: 2100 } as const;
/** A villagesReaching amount, in 万元: up to 10亿元, to the yuan (four decimals). */
export const SOURCE_AMOUNT_RANGE = { min: 0, max: 100_000 } as const;

/**
 * A measured figure needs a quantitative target (sum or share) to count against; its levels are whole numbers in
 * range with min ≤ max; its year is a calendar year the platform stores; an amount lies in range, to the yuan. The
 * first broken rule is named.
 */
export function checkFigureSource(
  source: FigureSource | null | undefined,
  mode: ProgressMode | undefined,
): FigureSourceProblem | null {
  if (!source) return null;
  if ((mode ?? 'none') === 'none') return 'sourceNeedsTarget';
  if (source.kind === 'oneShoulder') return null;
  if (!Number.isInteger(source.year) || source.year < SOURCE_YEAR_RANGE.min || source.year > SOURCE_YEAR_RANGE.max) {
    return 'sourceYear';
  }
  if (source.kind === 'villageIncome') return null;
  if (source.kind === 'villagesReaching') {
    const a = source.minAmount;
    const toYuan = Math.round(a * 10_000);
    const whole = Number.isFinite(a) && Math.abs(a * 10_000 - toYuan) <= 1e-6;
    return whole && a >= SOURCE_AMOUNT_RANGE.min && a <= SOURCE_AMOUNT_RANGE.max ? null : 'sourceAmount';
  }
  const { minLevel, maxLevel } = source;
  const inRange = (n: number) => Number.isInteger(n) && n >= STAR_LEVEL_RANGE.min && n <= STAR_LEVEL_RANGE.max;
  if (!inRange(minLevel) || (maxLevel !== null && (!inRange(maxLevel) || maxLevel < minLevel))) return 'sourceLevels';
  return null;
}

/** Whether a change of the records of `kind` in `year` can change this source's figures. */
export function sourceReads(source: FigureSource, kind: FigureSourceKind, year: number | null): boolean {
  if (source.kind === 'oneShoulder') return kind === 'oneShoulder';
  return source.kind === kind && (year === null || source.year === year);
}

/** The count of a stars source among star levels: those at or above minLevel and (when set) at or below maxLevel. */
export function starLevelCounts(source: StarsSource, level: number): boolean {
  return level >= source.minLevel && (source.maxLevel === null || level <= source.maxLevel);
}

/** Whether a village with this 经营性收入 (元) is counted by a villagesReaching source: above 0, at least minAmount 万元. */
export function villageReaches(source: VillagesReachingSource, operatingYuan: number): boolean {
  return operatingYuan > 0 && operatingYuan >= Math.round(source.minAmount * 10_000);
}

/** An amount in 元 as the 万元 a villageIncome figure is given in. */
export function wanOfYuan(yuan: number): number {
  return yuan / 10_000;
}

/** A plain description of the source, both languages (the task page and the export say where the figure comes from). */
export function describeFigureSource(source: FigureSource): { zh: string; en: string } {
  if (source.kind === 'oneShoulder') {
    return {
      zh: '一肩挑自动统计：村党组织书记兼任村委会主任的村数（村为本村，是计1；上级为所辖各村合计）',
      en: 'Counted from the committees: villages whose secretary also directs the village committee (一肩挑)',
    };
  }
  if (source.kind === 'villageIncome') {
    return {
      zh: `村级集体经济收入自动统计：${source.year}年经营性收入（万元；村为本村收入，上级为所辖各村合计）`,
      en: `Counted from the villages' collective income: operating income in ${source.year}, in 万元 (a village its own, above it the total of its villages)`,
    };
  }
  if (source.kind === 'villagesReaching') {
    return source.minAmount > 0
      ? {
          zh: `村级集体经济收入自动统计：${source.year}年经营性收入${source.minAmount}万元以上的行政村数`,
          en: `Counted from the villages' collective income: villages with operating income of ${source.minAmount} 万元 or more in ${source.year}`,
        }
      : {
          zh: `村级集体经济收入自动统计：${source.year}年有经营性收入的行政村数`,
          en: `Counted from the villages' collective income: villages with operating income in ${source.year}`,
        };
  }
  const range =
    source.maxLevel === null
      ? { zh: `${source.minLevel}星级及以上`, en: `${source.minLevel} stars or more` }
      : source.maxLevel === source.minLevel
        ? { zh: `${source.minLevel}星级`, en: `${source.minLevel} stars` }
        : {
            zh: `${source.minLevel}至${source.maxLevel}星级`,
            en: `${source.minLevel} to ${source.maxLevel} stars`,
          };
  return {
    zh: `评星定级结果自动统计：${source.year}年${range.zh}党组织数`,
    en: `Counted from the star ratings: organisations with ${range.en} in ${source.year}`,
  };
}
