import { type BurdenCaps, type BurdenLevel, type CappedDemand, RULESETS, type RuleSet } from '../rules/ruleset.ts';

/**
 * The task rules as plain numbers for the pure functions (displayState, reminderWindow): the rule set's
 * platform defaults (RuleSet.tasks), with an installation's overrides applied (LUOSHI_LAG_THRESHOLD,
 * LUOSHI_REMINDER_DAYS, parsed once by the server's configuration and carried in the request context).
 */
export type TaskRules = {
  lagThreshold: number;
  startGraceShare: number;
  reminderDaysBeforeDeadline: readonly number[];
  /** 基层减负 caps (RuleSet.burden), with the installation's overrides (LUOSHI_BURDEN_CAPS). */
  burdenCaps: BurdenCaps;
  supervisionsPerIssuerPerYear: number;
};

/** Caps an installation sets: any level and kind, the rest from the rule set. */
export type BurdenCapOverrides = Partial<Record<BurdenLevel, Partial<BurdenCaps[BurdenLevel]>>>;

export type TaskRuleOverrides = {
  lagThreshold?: number | undefined;
  reminderDaysBeforeDeadline?: number[] | undefined;
  burdenCaps?: BurdenCapOverrides | undefined;
};

function capsOf(base: BurdenCaps, o: BurdenCapOverrides | undefined): BurdenCaps {
  const level = (l: BurdenLevel) => {
    const kinds: Record<CappedDemand, BurdenCaps[BurdenLevel][CappedDemand]> = { ...base[l] };
    for (const [k, v] of Object.entries(o?.[l] ?? {})) if (v) kinds[k as CappedDemand] = v;
    return kinds;
  };
  return { grassroots: level('grassroots'), committee: level('committee') };
}

export function taskRulesOf(set: RuleSet, overrides: TaskRuleOverrides = {}): TaskRules {
  return {
    lagThreshold: overrides.lagThreshold ?? set.tasks.lagThreshold.value,
    startGraceShare: set.tasks.startGraceShare.value,
    reminderDaysBeforeDeadline: overrides.reminderDaysBeforeDeadline ?? set.tasks.reminderDaysBeforeDeadline.value,
    burdenCaps: capsOf(set.burden.caps.value, overrides.burdenCaps),
    supervisionsPerIssuerPerYear: set.burden.supervisionsPerIssuerPerYear.value,
  };
}

/** The platform defaults of the newest rule set, without overrides. */
export const TASK_RULES: TaskRules = taskRulesOf(RULESETS[RULESETS.length - 1]!);
