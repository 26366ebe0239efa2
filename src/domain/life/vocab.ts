import { compareIso } from '../dates.ts';
import type { OrgType } from '../org/vocab.ts';
import type { Frequency, RuleSet, RuleValue } from '../rules/ruleset.ts';

/** Organisational life (组织生活): the kinds of meeting and the reasons for absence, with zh-CN and English labels. */
export const MEETING_KINDS = [
  'general_meeting',
  'committee_meeting',
  'group_meeting',
  'lecture',
  'theme_day',
  'life_meeting',
  'appraisal',
  'leadership_life_meeting',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_LABELS: Record<MeetingKind, { zh: string; en: string }> = {
  general_meeting: { zh: '支部党员大会', en: 'Branch general meeting' },
  committee_meeting: { zh: '支部委员会会议', en: 'Branch committee meeting' },
  group_meeting: { zh: '党小组会', en: 'Party group meeting' },
  lecture: { zh: '党课', en: 'Party lecture' },
  theme_day: { zh: '主题党日', en: 'Theme day' },
  life_meeting: { zh: '组织生活会', en: 'Organisational life meeting' },
  appraisal: { zh: '民主评议党员', en: 'Member appraisal' },
  leadership_life_meeting: { zh: '民主生活会', en: 'Leadership life meeting' },
};

type LifeRules = RuleSet['life'];
/** The keys of RuleSet.life that hold a frequency. */
export type FrequencyRule = {
  [K in keyof LifeRules]: LifeRules[K] extends RuleValue<Frequency> ? K : never;
}[keyof LifeRules];

/** The frequency rule of each kind in the rule set (RuleSet.life) and its id in the catalogue. */
export const KIND_RULE: Record<MeetingKind, FrequencyRule> = {
  general_meeting: 'generalMeeting',
  committee_meeting: 'committeeMeeting',
  group_meeting: 'groupMeeting',
  lecture: 'lecture',
  theme_day: 'themeDay',
  life_meeting: 'lifeMeeting',
  appraisal: 'appraisal',
  leadership_life_meeting: 'leadershipLifeMeeting',
};

export const ABSENCE_REASONS = ['business', 'sick', 'personal', 'floating', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

export const ABSENCE_REASON_LABELS: Record<AbsenceReason, { zh: string; en: string }> = {
  business: { zh: '公差', en: 'On official business' },
  sick: { zh: '病假', en: 'Sick leave' },
  personal: { zh: '事假', en: 'Personal leave' },
  floating: { zh: '流动在外', en: 'Away (floating member)' },
  other: { zh: '其他', en: 'Other' },
};

/** The branch types (党支部, 联合党支部, 党总支): they hold the 三会一课, have committees, owe talks. */
export const BRANCH_TYPES: readonly OrgType[] = ['branch', 'joint_branch', 'general_branch'];

/**
 * The kinds an organisation must hold (三会一课 and the yearly meetings): a branch (党支部, 联合党支部, 党总支) its
 * 党员大会, 支委会 (only with a committee: 支部条例 第十二条), 党课, 主题党日, 组织生活会 and 民主评议党员; a 党小组 its
 * 党小组会 (第十三条); a 党委 or 党工委 its leadership's 民主生活会.
 */
export function requiredKinds(type: OrgType, hasCommittee: boolean): MeetingKind[] {
  if (BRANCH_TYPES.includes(type)) {
    return [
      'general_meeting',
      ...(hasCommittee ? (['committee_meeting'] as const) : []),
      'lecture',
      'theme_day',
      'life_meeting',
      'appraisal',
    ];
  }
  if (type === 'group') return ['group_meeting'];
  return ['leadership_life_meeting'];
}

/**
 * Whether a branch has a 支部委员会: one with at least `committeeRequiredFromFullMembers` full members must have
 * one (支部条例 第二十条); a smaller one has one when its positions make a committee (at least committeeSizeMin).
 */
export function hasCommitteeOf(
  type: OrgType,
  fullMembers: number,
  committeeMembers: number,
  rules: Pick<RuleSet['org'], 'committeeRequiredFromFullMembers' | 'committeeSizeMin'>,
): boolean {
  if (!BRANCH_TYPES.includes(type)) return false;
  return (
    fullMembers >= rules.committeeRequiredFromFullMembers.value || committeeMembers >= rules.committeeSizeMin.value
  );
}

/** A committee position as the check reads it: who held it, from and to (`endedOn` the last day held; null: open). */
export type PositionSpan = { personId: number; startedOn: string; endedOn: string | null };

/** Whether a position is held on a day (its first and last day included). */
export function holdsOn(p: PositionSpan, day: string): boolean {
  return compareIso(p.startedOn, day) <= 0 && (p.endedOn === null || compareIso(p.endedOn, day) >= 0);
}

/**
 * Whether a branch had a 支部委员会 in a window (支部条例 第二十条, as `hasCommitteeOf`), judged by the positions of
 * that window rather than today's: on some day of it at least `committeeSizeMin` people held a position. A branch
 * with `committeeRequiredFromFullMembers` full members must have one whatever its positions say.
 */
export function hasCommitteeIn(
  type: OrgType,
  fullMembers: number,
  positions: readonly PositionSpan[],
  window: { start: string; end: string },
  rules: Pick<RuleSet['org'], 'committeeRequiredFromFullMembers' | 'committeeSizeMin'>,
): boolean {
  if (!BRANCH_TYPES.includes(type)) return false;
  if (fullMembers >= rules.committeeRequiredFromFullMembers.value) return true;
  // Who holds a position only grows on a day someone starts: the window's first day and each start inside it suffice.
  const days = [
    window.start,
    ...positions
      .map((p) => p.startedOn)
      .filter((d) => compareIso(d, window.start) > 0 && compareIso(d, window.end) <= 0),
  ];
  return days.some(
    (day) =>
      new Set(positions.filter((p) => holdsOn(p, day)).map((p) => p.personId)).size >= rules.committeeSizeMin.value,
  );
}
