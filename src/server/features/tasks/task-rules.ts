import { TASK_RULES } from '../../../domain/tasks/assignment-state.ts';

/**
 * The task rules in force in this process: the platform defaults (TASK_RULES), overridden once at start from
 * the configuration (LUOSHI_LAG_THRESHOLD, LUOSHI_REMINDER_DAYS). Services read them through taskRules().
 */
export type TaskRules = { lagThreshold: number; startGraceShare: number; reminderDaysBeforeDeadline: readonly number[] };

let current: TaskRules = TASK_RULES;

export function configureTaskRules(overrides: Partial<TaskRules>): void {
  current = { ...TASK_RULES, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

export function taskRules(): TaskRules {
  return current;
}
