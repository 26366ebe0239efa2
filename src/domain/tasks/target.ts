import type { ProgressMode } from './progress.ts';

/** What is wrong with a task's quantitative target, or null when it is consistent. */
export type TargetProblem = 'targetNotAllowed' | 'targetMissing' | 'thresholdMissing' | 'shareOver100';

/** The target fields of a task; an absent mode counts as 'none', an absent value as no value. */
export type TargetSettings = {
  progressMode?: ProgressMode | undefined;
  targetValue?: number | null | undefined;
  shareThreshold?: number | null | undefined;
};

/**
 * Platform rule (see PROGRESS_MODES): a task without a quantitative mode carries no target; sum and share
 * need one; share also needs the threshold each receiver must reach, and its target is a share of at most
 * 100%. The first broken rule is named, in that order.
 */
export function checkTaskTarget(t: TargetSettings): TargetProblem | null {
  const mode = t.progressMode ?? 'none';
  if (mode === 'none' && t.targetValue != null) return 'targetNotAllowed';
  if (mode !== 'none' && t.targetValue == null) return 'targetMissing';
  if (mode === 'share' && t.shareThreshold == null) return 'thresholdMissing';
  if (mode === 'share' && (t.targetValue ?? 0) > 100) return 'shareOver100';
  return null;
}
