import { type Msg, msg, zhOf } from '../messages.ts';
import { ORG_TYPE_LABELS, type OrgType, type UnitLevel } from '../org/vocab.ts';
import type { RuleSet } from '../rules/ruleset.ts';
import { citeOf, type GateRule } from './development.ts';
import { DEVELOPMENT_STEP_INFO, type DevelopmentStepKind } from './development-steps.ts';

/**
 * Approvers as roles on the organisation tree (../shared/domain-rules.md §2, "Approvers"): the 支委会 decides on
 * activists and candidates, the 支部大会 on admission, full membership, extension and revocation — both are the
 * case's own branch; the base committee granted the authority (有审批发展党员权限的基层党委) pre-reviews, talks and
 * approves; the organisation above receives the filings. Village and community committees and temporary
 * organisations cannot approve (细则 [C], sources [19][20]): the authority cannot be granted to them at all.
 */

/** The role a step's deciding organisation plays: `approving` (the committee with the authority), `above` (filing). */
export type ApproverRole = 'approving' | 'above';

export const APPROVER_ROLE_OF_STEP: Partial<Record<DevelopmentStepKind, ApproverRole>> = {
  activist_filed: 'above',
  candidate_filed: 'above',
  pre_review: 'approving',
  higher_talk: 'approving',
  approval: 'approving',
  approval_filed: 'above',
  full_approval: 'approving',
  extend: 'approving',
  revoke: 'approving',
};

/** What the rules read of an organisation that could decide. */
export type ApproverFacts = {
  id: number;
  name: string;
  /** ltree path of ids ("1.7.42"). */
  path: string;
  type: OrgType;
  active: boolean;
  approvalAuthority: boolean;
  temporary: boolean;
  unitLevel: UnitLevel | null;
};

export type ApproverRefusal = { ok: false; code: string; rule: GateRule; msg: Msg; message: string };
export type ApproverCheck = { ok: true } | ApproverRefusal;

function approversRule(rules: RuleSet): GateRule {
  const r = rules.development.approvers;
  return { id: 'development.approvers', source: r.source, article: r.article, tag: r.confidence };
}

function refuse(code: string, rules: RuleSet, params: Record<string, string | Msg>): ApproverRefusal {
  const rule = approversRule(rules);
  const m = msg(`err.development.${code}` as Parameters<typeof msg>[0], { ...params, cite: citeOf(rule) });
  return { ok: false, code, rule, msg: m, message: zhOf(m) };
}

/** Why an organisation may not hold the authority to approve (null: it may). */
function exclusion(org: ApproverFacts, rules: RuleSet): 'temporary' | UnitLevel | 'type' | null {
  const { types, excluded } = rules.development.approvers.value;
  if (org.temporary && excluded.includes('temporary')) return 'temporary';
  if (org.unitLevel && excluded.includes(org.unitLevel)) return org.unitLevel;
  if (!types.includes(org.type)) return 'type';
  return null;
}

const EXCLUSION_LABEL: Record<'temporary' | UnitLevel, Msg> = {
  temporary: msg('label.org.temporary'),
  village: msg('label.org.village'),
  community: msg('label.org.community'),
};

/**
 * Whether an organisation may be granted (or keep) the authority to approve member development: a base committee
 * or a working committee that is neither temporary nor a village or community organisation.
 */
export function checkAuthorityGrant(org: ApproverFacts, rules: RuleSet): ApproverCheck {
  const why = exclusion(org, rules);
  if (why === null) return { ok: true };
  if (why === 'type') {
    return refuse('approverGrantType', rules, { org: org.name, type: ORG_TYPE_LABELS[org.type].zh });
  }
  return refuse('approverGrantExcluded', rules, { org: org.name, what: EXCLUSION_LABEL[why] });
}

/** Whether `path` lies strictly below `ancestorPath` (ltree paths of ids). */
export function isStrictlyBelow(path: string, ancestorPath: string): boolean {
  return path.startsWith(`${ancestorPath}.`);
}

/**
 * Whether `org` may decide `kind` for a case of the branch at `casePath`: it must be an active organisation strictly
 * above the branch; for an approving step it must also hold the authority (and not be excluded by the rule).
 */
export function checkApprover(
  kind: DevelopmentStepKind,
  org: ApproverFacts,
  casePath: string,
  rules: RuleSet,
): ApproverCheck {
  const role = APPROVER_ROLE_OF_STEP[kind];
  if (!role) return { ok: true };
  const step = DEVELOPMENT_STEP_INFO[kind].zh;
  if (!isStrictlyBelow(casePath, org.path)) return refuse('approverNotAbove', rules, { org: org.name, step });
  if (!org.active) return refuse('approverDissolved', rules, { org: org.name, step });
  if (role === 'above') return { ok: true };
  const why = exclusion(org, rules);
  if (why !== null && why !== 'type') {
    return refuse('approverExcluded', rules, { org: org.name, step, what: EXCLUSION_LABEL[why] });
  }
  if (why === 'type' || !org.approvalAuthority) return refuse('approverNoAuthority', rules, { org: org.name, step });
  return { ok: true };
}

/**
 * The organisations that may decide `kind` for the case, nearest first (`ancestors` from the root down). The first
 * is the default when a step does not name its deciding organisation.
 */
export function eligibleApprovers(
  kind: DevelopmentStepKind,
  ancestors: readonly ApproverFacts[],
  casePath: string,
  rules: RuleSet,
): ApproverFacts[] {
  return [...ancestors].reverse().filter((o) => checkApprover(kind, o, casePath, rules).ok);
}
