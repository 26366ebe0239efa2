import type { ProgressMode } from '../tasks/progress.ts';
import { resolveDeadline } from './deadline.ts';

/** The quantitative target, deadline and lead organisation a task item of an outline carries. */
type TaskSettings = {
  progressMode: ProgressMode;
  targetValue: number | null;
  targetUnit: string | null;
  shareThreshold: number | null;
  deadline: string | null;
  leadOrgId: number | null;
};

/** What the parser read from an item's wording: its targets and deadline phrases, as written. */
export type ItemFacts = {
  targets: readonly { value: number; unit: string; text: string }[];
  deadlines: readonly { text: string }[];
};

/**
 * Platform rule: the settings proposed for a task item (the person confirming may change them): its first
 * count target and its first deadline phrase that resolves (deadline.ts) from `base`. A percentage of at most
 * 100% together with a count target reads as the share of receivers reaching that count
 * ("80%以上的行政村…达到5万元以上"); a percentage alone is not summed.
 */
export function defaultTaskSettings(item: ItemFacts, base: string): TaskSettings {
  const share = item.targets.find((t) => t.unit === '%');
  const target = item.targets.find((t) => t.unit !== '%');
  let deadline: string | null = null;
  for (const d of item.deadlines) {
    const r = resolveDeadline(d.text, base);
    if (r) {
      deadline = r.date;
      break;
    }
  }
  if (share && target && share.value <= 100) {
    return {
      progressMode: 'share',
      targetValue: share.value,
      targetUnit: target.unit,
      shareThreshold: target.value,
      deadline,
      leadOrgId: null,
    };
  }
  return {
    progressMode: target ? 'sum' : 'none',
    targetValue: target ? target.value : null,
    targetUnit: target ? target.unit : null,
    shareThreshold: null,
    deadline,
    leadOrgId: null,
  };
}
