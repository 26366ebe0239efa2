import type { OrgType } from '../org/vocab.ts';
import type { BurdenCap, BurdenCaps, BurdenLevel, CappedDemand } from '../rules/ruleset.ts';

/**
 * The burden meter (基层减负, ../shared/domain-rules.md §8): what the platform asks of an organisation is counted
 * (org_demand → burden_count), and an assignment or a supervision that would take an organisation over a cap of its
 * level warns the issuer, who must then give a reason. Caps come from the rule set (RuleSet.burden) with the
 * installation's overrides; the meter never refuses work and never ranks by logins, time online or photos.
 */

export type { BurdenCap, BurdenCaps, BurdenLevel, CappedDemand };

const GRASSROOTS: readonly OrgType[] = ['branch', 'joint_branch', 'general_branch', 'group'];

/** 基层 (党支部, 联合党支部, 党总支, 党小组) or 党委 (党委, 党工委). */
export function burdenLevelOf(type: OrgType): BurdenLevel {
  return GRASSROOTS.includes(type) ? 'grassroots' : 'committee';
}

/** The first day of the month of an ISO day ('2026-12-05' → '2026-12-01'). */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The months a cap counts over, as the first days of the first and last month: this month, or this year. */
export function capWindow(today: string, per: BurdenCap['per']): { fromMonth: string; toMonth: string } {
  return per === 'month'
    ? { fromMonth: monthOf(today), toMonth: monthOf(today) }
    : { fromMonth: `${today.slice(0, 4)}-01-01`, toMonth: `${today.slice(0, 4)}-12-01` };
}

/**
 * One organisation's counts of the kind before the new demand (all issuers), and the 定期 supervisions this issuer
 * made of it this year (0 for anything else: the one-a-year rule applies to comprehensive supervisions only).
 */
export type BurdenUse = {
  orgId: number;
  type: OrgType;
  thisMonth: number;
  thisYear: number;
  fromIssuerThisYear: number;
};

export type Overrun = {
  orgId: number;
  kind: CappedDemand;
  /** The count with the new demand. */
  count: number;
  max: number;
  per: BurdenCap['per'];
  /** 'level': the cap of the organisation's level; 'issuer': one 定期 supervision a year per issuer. */
  rule: 'level' | 'issuer';
};

/**
 * The organisations a new demand of `kind` would take over a cap. At the cap is allowed; one more is over. A
 * supervision is also over when this issuer already supervised the organisation as often as the rule allows this
 * year (reported once per organisation: the level cap first).
 */
export function burdenOverruns(
  kind: CappedDemand,
  uses: readonly BurdenUse[],
  caps: BurdenCaps,
  supervisionsPerIssuerPerYear: number,
): Overrun[] {
  const out: Overrun[] = [];
  for (const u of uses) {
    const cap = caps[burdenLevelOf(u.type)][kind];
    const before = cap.per === 'month' ? u.thisMonth : u.thisYear;
    if (before + 1 > cap.max) {
      out.push({ orgId: u.orgId, kind, count: before + 1, max: cap.max, per: cap.per, rule: 'level' });
    } else if (kind === 'supervision' && u.fromIssuerThisYear + 1 > supervisionsPerIssuerPerYear) {
      out.push({
        orgId: u.orgId,
        kind,
        count: u.fromIssuerThisYear + 1,
        max: supervisionsPerIssuerPerYear,
        per: 'year',
        rule: 'issuer',
      });
    }
  }
  return out;
}

/** An issuer's figures over a period, to rank issuers by what they ask of the organisations below them. */
export type IssuerBurden = { orgId: number; name: string; total: number; orgsReached: number };

/**
 * Issuers ranked by the burden they impose: most demands first; ties by more organisations reached, then by name
 * (stable, stated). Only what was asked counts — never logins, time online or photo counts.
 */
export function rankIssuers<T extends IssuerBurden>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) => b.total - a.total || b.orgsReached - a.orgsReached || a.name.localeCompare(b.name, 'zh-CN'),
  );
  let rank = 0;
  return sorted.map((r, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.total !== r.total || prev.orgsReached !== r.orgsReached) rank = i + 1;
    return { ...r, rank };
  });
}
