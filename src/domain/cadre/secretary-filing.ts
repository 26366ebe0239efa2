/**
 * 村党组织书记备案管理 (issue 13; seed: "全面实行村党组织书记备案管理") and the 一肩挑 ratio ("大幅提高村党组织书记、
 * 村委会主任'一肩挑'比例"). A village's secretary is filed with the county's organisation department: the village
 * (or the town for it) records the filing with the 联审 checks, an organisation above approves or returns it. The
 * filing stands for that person until the term it names ends. Every number is a rule value ([S]: the regulations
 * name the filing but no deadline; ../shared/domain-rules.md has none, so the defaults are local practice).
 */
import { addDaysIso, compareIso } from '../dates.ts';
import type { RuleSet } from '../rules/ruleset.ts';
import { isOneShoulder } from '../village/decision.ts';

export const FILING_DECISIONS = ['approved', 'returned'] as const;
export type FilingDecision = (typeof FILING_DECISIONS)[number];

/**
 * Where a village's filing stands today:
 * - noSecretary: no one holds the post (nothing to file);
 * - filed: approved for this secretary, the term not ended;
 * - pending: submitted, not decided yet; returned: sent back (to be filed again);
 * - due: no filing yet, still within the days allowed after taking office; missing: past them;
 * - expired: the approved filing's term has ended; stale: the filing is for someone who no longer holds the post.
 */
export const FILING_STATUSES = [
  'noSecretary',
  'filed',
  'pending',
  'returned',
  'due',
  'missing',
  'expired',
  'stale',
] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

/** Statuses that call for action (the alerts): counted and listed for the town and the county. */
export const FILING_ALERTS: readonly FilingStatus[] = ['returned', 'missing', 'expired', 'stale'];

export type FilingFacts = {
  /** The secretary holding the post today, with the day they took it. */
  secretary: { personId: number; startedOn: string } | null;
  /** The latest filing of the village, with its latest decision (null: undecided). */
  filing: { personId: number; termEnd: string; decision: FilingDecision | null } | null;
};

/** The last day a filing is on time: the day of taking office plus the days allowed (cadre.secretaryFilingDueDays). */
export function filingDueOn(startedOn: string, rules: RuleSet): string {
  return addDaysIso(startedOn, rules.cadre.secretaryFilingDueDays.value);
}

/** The status of a village's filing on `today` (the day after the due day is missing; the day after the term, expired). */
export function filingStatus(f: FilingFacts, today: string, rules: RuleSet): FilingStatus {
  if (f.secretary === null) return 'noSecretary';
  const mine = f.filing !== null && f.filing.personId === f.secretary.personId;
  if (!mine) {
    if (f.filing !== null && f.filing.decision === 'approved') return 'stale';
    return compareIso(today, filingDueOn(f.secretary.startedOn, rules)) > 0 ? 'missing' : 'due';
  }
  const filing = f.filing!;
  if (filing.decision === null) return 'pending';
  if (filing.decision === 'returned') return 'returned';
  return compareIso(today, filing.termEnd) > 0 ? 'expired' : 'filed';
}

/** The checks a filing must carry (cadre.secretaryFilingChecks), by the text of each; the missing ones, in order. */
export function missingChecks(ticked: readonly string[], rules: RuleSet): string[] {
  const have = new Set(ticked.map((t) => t.trim()));
  return rules.cadre.secretaryFilingChecks.value.filter((c) => !have.has(c));
}

export type OneShoulderCounts = { villages: number; withSecretary: number; oneShoulder: number };

/**
 * The 一肩挑 ratio of a set of villages: those whose secretary also directs the village committee, over the villages
 * with a secretary (a village without one is neither; null when none has a secretary).
 */
export function oneShoulderRatio(c: OneShoulderCounts): number | null {
  return c.withSecretary > 0 ? c.oneShoulder / c.withSecretary : null;
}

/** Counts villages by their secretary's village-committee post (null: no secretary). */
export function countOneShoulder(rows: readonly { hasSecretary: boolean; post: string | null }[]): OneShoulderCounts {
  let withSecretary = 0;
  let oneShoulder = 0;
  for (const r of rows) {
    if (!r.hasSecretary) continue;
    withSecretary++;
    if (isOneShoulder(r.post)) oneShoulder++;
  }
  return { villages: rows.length, withSecretary, oneShoulder };
}
