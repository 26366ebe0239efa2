/**
 * Where a task's figures come from (platform rule, DESIGN.md principle 3 "one fact entered once"): typed into the
 * ledger by each receiver (no source), or read from records the platform already keeps, so that a target such as
 * "创建四星级党组织100个、五星级党组织15个" (seed 2, 评星晋级) follows the star levels without anyone typing a count.
 * A measured task's receiver's figure is the measure over its own subtree (the organisation and everything below
 * it); the task's progress then follows by the usual sum or share against its target. Kinds are added here as the
 * areas they read are built (issue 13's collective-economy income reads the same way).
 */
import type { ProgressMode } from './progress.ts';

/** The star levels (评星定级) of a year held by organisations of the receiver's subtree, counted in a level range. */
export type StarsSource = { kind: 'stars'; year: number; minLevel: number; maxLevel: number | null };

export type FigureSource = StarsSource;
export const FIGURE_SOURCE_KINDS = ['stars'] as const;
export type FigureSourceKind = (typeof FIGURE_SOURCE_KINDS)[number];

/** What is wrong with a task's figure source, or null when it is consistent with the task's target. */
export type FigureSourceProblem = 'sourceNeedsTarget' | 'sourceLevels' | 'sourceYear';

export const STAR_LEVEL_RANGE = { min: 1, max: 9 } as const;
export const SOURCE_YEAR_RANGE = { min: 2000, max: 2100 } as const;

/**
 * A measured figure needs a quantitative target (sum or share) to count against; its levels are whole numbers in
 * range with min ≤ max; its year is a calendar year the platform stores. The first broken rule is named.
 */
export function checkFigureSource(
  source: FigureSource | null | undefined,
  mode: ProgressMode | undefined,
): FigureSourceProblem | null {
  if (!source) return null;
  if ((mode ?? 'none') === 'none') return 'sourceNeedsTarget';
  if (!Number.isInteger(source.year) || source.year < SOURCE_YEAR_RANGE.min || source.year > SOURCE_YEAR_RANGE.max) {
    return 'sourceYear';
  }
  const { minLevel, maxLevel } = source;
  const inRange = (n: number) => Number.isInteger(n) && n >= STAR_LEVEL_RANGE.min && n <= STAR_LEVEL_RANGE.max;
  if (!inRange(minLevel) || (maxLevel !== null && (!inRange(maxLevel) || maxLevel < minLevel))) return 'sourceLevels';
  return null;
}

/** Whether a change of the records of `kind` in `year` can change this source's figures. */
export function sourceReads(source: FigureSource, kind: FigureSourceKind, year: number | null): boolean {
  return source.kind === kind && (year === null || source.year === year);
}

/** The count of a stars source among star levels: those at or above minLevel and (when set) at or below maxLevel. */
export function starLevelCounts(source: StarsSource, level: number): boolean {
  return level >= source.minLevel && (source.maxLevel === null || level <= source.maxLevel);
}

/** A plain description of the source, both languages (the task page and the export say where the figure comes from). */
export function describeFigureSource(source: FigureSource): { zh: string; en: string } {
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
