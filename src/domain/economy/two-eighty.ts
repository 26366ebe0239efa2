import { type RuleRef, type RuleSet, refOf } from '../rules/ruleset.ts';
import type { VillageMark } from './vocab.ts';

/**
 * "两个80%" (seed 002, a city's Party-building speech: "80%以上的行政村有稳定集体经济收入，有集体经济收入的行政村80%以上要
 * 达到5万元以上") over the villages of a subtree, and the 空壳村 / 薄弱村 marks. Every number is a rule value
 * (RuleSet.economy, all [S]: local targets a locality adjusts by its own rules, docs/rules.md): the floor of stable
 * income, the amount, the two target shares and the 薄弱村 threshold. All amounts are 经营性收入 in 元. "以上" includes
 * the number itself (民法典 第一千二百五十九条), so the floor, the amount and the shares count when reached exactly.
 * Pure.
 */

export type EconomyRules = RuleSet['economy'];

/**
 * 有稳定集体经济收入: operating income above 0 and at least the locality's floor (0 by default: any operating income).
 * A village that entered nothing for the year has none.
 */
export function hasStableIncome(operating: number | null, rules: EconomyRules): boolean {
  return operating !== null && operating > 0 && operating >= rules.stableIncomeFloor.value;
}

/** With stable income, and at or above the amount (5万元 by default): what the second share counts. */
export function reachesAmount(operating: number | null, rules: EconomyRules): boolean {
  return hasStableIncome(operating, rules) && operating! >= rules.reachingAmount.value;
}

/** 未填报 (nothing entered), 空壳村 (no operating income), 薄弱村 (below the threshold), or none of them. */
export function villageMark(operating: number | null, rules: EconomyRules): VillageMark {
  if (operating === null) return 'missing';
  if (operating <= 0) return 'hollow';
  if (operating < rules.weakBelow.value) return 'weak';
  return 'none';
}

export type ShareResult = {
  /** Villages counted (with stable income; reaching the amount). */
  count: number;
  /** Out of (all villages; those with stable income). */
  of: number;
  /** count ÷ of, null when there is none to count. */
  share: number | null;
  /** The target, in percent. */
  target: number;
  /** count ≥ target% of `of` (compared in whole numbers: 800 of 1,000 meets 80%, 799 does not); false when of = 0. */
  met: boolean;
};

export type TwoEighty = {
  stable: ShareResult;
  reaching: ShareResult;
  /** Both shares met. */
  met: boolean;
  /** The rules applied, with their sources. */
  rules: { stableIncomeFloor: number; reachingAmount: number; weakBelow: number; refs: RuleRef[] };
};

function share(count: number, of: number, target: number): ShareResult {
  return { count, of, share: of > 0 ? count / of : null, target, met: of > 0 && count * 100 >= of * target };
}

/**
 * The two shares from the counts of a subtree's villages (platform rule over the local targets): villages with stable
 * income among all the villages, against stableSharePercent; villages reaching the amount among those with stable
 * income, against reachingSharePercent. The counts come from hasStableIncome / reachesAmount (the subtree's SQL
 * applies the same predicates to every village at once).
 */
export function twoEighty(
  counts: { villages: number; stable: number; reaching: number },
  rules: EconomyRules,
): TwoEighty {
  const stable = share(counts.stable, counts.villages, rules.stableSharePercent.value);
  const reaching = share(counts.reaching, counts.stable, rules.reachingSharePercent.value);
  return {
    stable,
    reaching,
    met: stable.met && reaching.met,
    rules: {
      stableIncomeFloor: rules.stableIncomeFloor.value,
      reachingAmount: rules.reachingAmount.value,
      weakBelow: rules.weakBelow.value,
      refs: [
        rules.stableIncomeFloor,
        rules.reachingAmount,
        rules.stableSharePercent,
        rules.reachingSharePercent,
        rules.weakBelow,
      ].map(refOf),
    },
  };
}

/** The counts of twoEighty from the villages' operating incomes (null: nothing entered), one by one. */
export function countVillages(
  operating: readonly (number | null)[],
  rules: EconomyRules,
): { villages: number; stable: number; reaching: number } {
  let stable = 0;
  let reaching = 0;
  for (const x of operating) {
    if (hasStableIncome(x, rules)) stable++;
    if (reachesAmount(x, rules)) reaching++;
  }
  return { villages: operating.length, stable, reaching };
}
