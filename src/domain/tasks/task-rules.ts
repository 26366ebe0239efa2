import { RULESETS, type RuleSet } from '../rules/ruleset.ts';

/**
 * The task rules as plain numbers for the pure functions (displayState, reminderWindow): the rule set's
 * platform defaults (RuleSet.tasks), with an installation's overrides applied (LUOSHI_LAG_THRESHOLD,
 * LUOSHI_REMINDER_DAYS, parsed once by the server's configuration and carried in the request context).
 */
export type TaskRules = {
  lagThreshold: number;
  startGraceShare: number;
  reminderDaysBeforeDeadline: readonly number[];
};

export type TaskRuleOverrides = {
  lagThreshold?: number | undefined;
  reminderDaysBeforeDeadline?: number[] | undefined;
};

export function taskRulesOf(set: RuleSet, overrides: TaskRuleOverrides = {}): TaskRules {
  return {
    lagThreshold: overrides.lagThreshold ?? set.tasks.lagThreshold.value,
    startGraceShare: set.tasks.startGraceShare.value,
    reminderDaysBeforeDeadline: overrides.reminderDaysBeforeDeadline ?? set.tasks.reminderDaysBeforeDeadline.value,
  };
}

/** The platform defaults of the newest rule set, without overrides. */
export const TASK_RULES: TaskRules = taskRulesOf(RULESETS[RULESETS.length - 1]!);
