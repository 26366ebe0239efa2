import { addMonthsIso, compareIso } from '../dates.ts';
import type { RuleSet } from '../rules/ruleset.ts';

/**
 * Floating members (流动党员, ../shared/domain-rules.md §5; 党员教育管理工作条例 Art.24–25): a member away from their
 * branch stays its member; the branch keeps in touch. Pure flags for the branch to act on — the platform never
 * suspends or transfers anyone by itself:
 * - lost contact: no contact for at least `lostContactMonths` (6) months since the last one (or since leaving);
 *   the rule then suspends 党籍 (停止党籍), a decision for the organisation;
 * - away long: away at least `awayMonths` (6) months: if at a fixed place, the membership should be transferred.
 */

export const CONTACT_CHANNELS = ['phone', 'wechat', 'visit', 'letter', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, { zh: string; en: string }> = {
  phone: { zh: '电话', en: 'Phone' },
  wechat: { zh: '微信', en: 'WeChat' },
  visit: { zh: '见面', en: 'In person' },
  letter: { zh: '书信', en: 'Letter' },
  other: { zh: '其他', en: 'Other' },
};

export type FloatingFlags = {
  /** The day contact is lost if nobody reaches them before it (last contact + the rule's months). */
  lostContactOn: string;
  lostContact: boolean;
  /** The day the member has been away long enough that a transfer is due, if they are at a fixed place. */
  transferDueOn: string;
  awayLong: boolean;
};

/** Flags of an open floating record on a day. `lastContactOn` null: never contacted since leaving. */
export function floatingFlags(
  r: { leftOn: string; lastContactOn: string | null },
  today: string,
  rules: RuleSet['transfer'],
): FloatingFlags {
  const since = r.lastContactOn && compareIso(r.lastContactOn, r.leftOn) > 0 ? r.lastContactOn : r.leftOn;
  const lostContactOn = addMonthsIso(since, rules.lostContactMonths.value);
  const transferDueOn = addMonthsIso(r.leftOn, rules.awayMonths.value);
  return {
    lostContactOn,
    lostContact: compareIso(today, lostContactOn) >= 0,
    transferDueOn,
    awayLong: compareIso(today, transferDueOn) >= 0,
  };
}
