import { addYearsIso, compareIso } from '../dates.ts';
import { type Msg, msg, zhOf } from '../messages.ts';
import { type RuleRef, type RuleSet, type RuleValue, refOf } from '../rules/ruleset.ts';
import { expectedTermYears, termDueOn, termStatus } from './term.ts';
import { ORG_TYPE_LABELS, type OrgType, type PositionTitle } from './vocab.ts';

export type OrgFacts = {
  type: OrgType;
  field: string | null;
  status: 'active' | 'dissolved';
  directFullMembers: number;
  directProbationary: number;
  /** 预备 + 正式 in the whole subtree. */
  subtreeMembersProper: number;
  /** Types of the active children. */
  childTypes: OrgType[];
  /** Current positions. */
  committee: { title: PositionTitle }[];
  termStartedOn: string | null;
  termYears: number | null;
};

export const ORG_FINDING_CODES = [
  'BRANCH_TOO_FEW_FULL_MEMBERS',
  'BRANCH_TOO_LARGE',
  'COMMITTEE_REQUIRED',
  'COMMITTEE_TOO_LARGE',
  'NO_SECRETARY',
  'GENERAL_BRANCH_TOO_SMALL',
  'GENERAL_BRANCH_TOO_LARGE',
  'BASE_COMMITTEE_TOO_SMALL',
  'TERM_MISSING',
  'TERM_OUT_OF_RANGE',
  'TERM_NOT_STANDARD',
  'TERM_DUE_SOON',
  'TERM_OVERDUE',
  'TERM_OVERDUE_BEYOND_SHIFT',
] as const;
export type OrgFindingCode = (typeof ORG_FINDING_CODES)[number];

export type Finding = {
  code: OrgFindingCode;
  level: 'error' | 'warning' | 'info';
  /** In Chinese; `msg` names it by key for the other language. */
  message: string;
  msg: Msg;
  rule: RuleRef;
};

const BRANCH_TYPES: readonly OrgType[] = ['branch', 'joint_branch'];

function finding(code: OrgFindingCode, level: Finding['level'], m: Msg, rule: RuleValue<unknown>): Finding {
  return { code, level, message: zhOf(m), msg: m, rule: refOf(rule) };
}

/**
 * Set-up findings for one organisation: size (党章 第三十条; 支部工作条例 第四、五条), branch committee and
 * secretary (支部工作条例 第二十条), general branch and base committee size, term length (党章 第三十一条;
 * 任期意见 2018) and re-election dates (选举条例 2020 第三条). A dissolved organisation has none.
 */
export function checkOrgSetup(f: OrgFacts, today: string, rules: RuleSet): Finding[] {
  if (f.status === 'dissolved' || f.type === 'group') return [];
  const findings: Finding[] = [];
  const add = (code: OrgFindingCode, level: Finding['level'], m: Msg, rule: RuleValue<unknown>): void => {
    findings.push(finding(code, level, m, rule));
  };
  const org = rules.org;
  const label = ORG_TYPE_LABELS[f.type];

  if (BRANCH_TYPES.includes(f.type)) {
    const minFull = org.minFullMembersForOrg.value;
    if (f.directFullMembers < minFull) {
      const advice =
        f.type === 'branch'
          ? msg('rule.org.adviceJoint', { units: org.jointBranchMaxUnits.value })
          : msg('rule.org.adviceRejoin');
      add(
        'BRANCH_TOO_FEW_FULL_MEMBERS',
        'warning',
        msg('rule.org.tooFewFull', { label, n: f.directFullMembers, min: minFull, advice }),
        org.minFullMembersForOrg,
      );
    }

    const members = f.directFullMembers + f.directProbationary;
    const maxMembers = org.branchMaxMembers.value;
    if (members > maxMembers) {
      add(
        'BRANCH_TOO_LARGE',
        'warning',
        msg('rule.org.branchTooLarge', { label, n: members, max: maxMembers }),
        org.branchMaxMembers,
      );
    }

    const size = f.committee.length;
    const { committeeSizeMin: sizeMin, committeeSizeUsualMax: usualMax, committeeSizeMax: sizeMax } = org;
    if (f.directFullMembers >= org.committeeRequiredFromFullMembers.value && size < sizeMin.value) {
      add(
        'COMMITTEE_REQUIRED',
        'warning',
        msg('rule.org.committeeRequired', {
          label,
          n: f.directFullMembers,
          min: sizeMin.value,
          max: usualMax.value,
        }),
        org.committeeRequiredFromFullMembers,
      );
    }
    if (size > sizeMax.value) {
      add(
        'COMMITTEE_TOO_LARGE',
        'warning',
        msg('rule.org.committeeTooLarge', { n: size, max: sizeMax.value }),
        sizeMax,
      );
    }
  }

  if (!f.committee.some((p) => p.title === 'secretary')) {
    add('NO_SECRETARY', 'warning', msg('rule.org.noSecretary'), org.secretaryRequired);
  }

  if (f.type === 'general_branch') {
    const { min, max } = org.generalBranchMembers.value;
    const n = f.subtreeMembersProper;
    if (n < min) {
      add('GENERAL_BRANCH_TOO_SMALL', 'info', msg('rule.org.generalTooSmall', { n, min }), org.generalBranchMembers);
    } else if (n > max) {
      add('GENERAL_BRANCH_TOO_LARGE', 'info', msg('rule.org.generalTooLarge', { n, max }), org.generalBranchMembers);
    }
  }

  if (f.type === 'committee') {
    const min = org.baseCommitteeMinMembers.value;
    if (f.subtreeMembersProper < min) {
      add(
        'BASE_COMMITTEE_TOO_SMALL',
        'info',
        msg('rule.org.committeeTooSmall', { n: f.subtreeMembersProper, min }),
        org.baseCommitteeMinMembers,
      );
    }
  }

  findings.push(...termFindings(f, today, rules));
  return findings;
}

function termFindings(f: OrgFacts, today: string, rules: RuleSet): Finding[] {
  const expected = expectedTermYears(f.type, f.field, rules);
  if (expected === null) return [];
  const org = rules.org;
  const findings: Finding[] = [];
  const add = (code: OrgFindingCode, level: Finding['level'], m: Msg, rule: RuleValue<unknown>): void => {
    findings.push(finding(code, level, m, rule));
  };

  if (f.termStartedOn === null || f.termYears === null) {
    add('TERM_MISSING', 'info', msg('rule.org.termMissing'), org.termYearsRange);
  }

  if (f.termYears !== null) {
    const { min, max } = org.termYearsRange.value;
    if (f.termYears < min || f.termYears > max) {
      add(
        'TERM_OUT_OF_RANGE',
        'warning',
        msg('rule.org.termOutOfRange', { years: f.termYears, min, max }),
        org.termYearsRange,
      );
    } else if (f.termYears !== expected.value) {
      add(
        'TERM_NOT_STANDARD',
        'info',
        msg('rule.org.termNotStandard', { years: f.termYears, expected: expected.value }),
        expected,
      );
    }
  }

  if (f.termStartedOn !== null && f.termYears !== null) {
    const due = termDueOn(f.termStartedOn, f.termYears);
    const status = termStatus(due, today, rules);
    const shift = org.reElectionMaxShiftYears.value;
    if (status === 'due_soon') {
      add(
        'TERM_DUE_SOON',
        'warning',
        msg('rule.org.termDueSoon', { months: org.reElectionReminderMonths.value, due }),
        org.reElectionReminderMonths,
      );
    } else if (status === 'overdue' && compareIso(today, addYearsIso(due, shift)) > 0) {
      add(
        'TERM_OVERDUE_BEYOND_SHIFT',
        'error',
        msg('rule.org.termOverdueBeyond', { due, shift }),
        org.reElectionMaxShiftYears,
      );
    } else if (status === 'overdue') {
      add('TERM_OVERDUE', 'error', msg('rule.org.termOverdue', { due, shift }), org.reElectionMaxShiftYears);
    }
  }
  return findings;
}
