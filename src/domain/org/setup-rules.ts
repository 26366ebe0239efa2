import { addYearsIso, compareIso } from '../dates.ts';
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
  message: string;
  rule: RuleRef;
};

const BRANCH_TYPES: readonly OrgType[] = ['branch', 'joint_branch'];

function finding(code: OrgFindingCode, level: Finding['level'], message: string, rule: RuleValue<unknown>): Finding {
  return { code, level, message, rule: refOf(rule) };
}

/**
 * Set-up findings for one organisation: size (党章 第三十条; 支部工作条例 第四、五条), branch committee and
 * secretary (支部工作条例 第二十条), general branch and base committee size, term length (党章 第三十一条;
 * 任期意见 2018) and re-election dates (选举条例 2020 第三条). A dissolved organisation has none.
 */
export function checkOrgSetup(f: OrgFacts, today: string, rules: RuleSet): Finding[] {
  if (f.status === 'dissolved' || f.type === 'group') return [];
  const findings: Finding[] = [];
  const add = (code: OrgFindingCode, level: Finding['level'], message: string, rule: RuleValue<unknown>): void => {
    findings.push(finding(code, level, message, rule));
  };
  const org = rules.org;
  const label = ORG_TYPE_LABELS[f.type].zh;

  if (BRANCH_TYPES.includes(f.type)) {
    const minFull = org.minFullMembersForOrg.value;
    if (f.directFullMembers < minFull) {
      const advice =
        f.type === 'branch'
          ? `应与邻近单位党员成立联合党支部（覆盖单位一般不超过${org.jointBranchMaxUnits.value}个）或并入其他党支部`
          : '应调整联合范围或并入其他党支部';
      add(
        'BRANCH_TOO_FEW_FULL_MEMBERS',
        'warning',
        `${label}正式党员${f.directFullMembers}人，不足${minFull}人，${advice}`,
        org.minFullMembersForOrg,
      );
    }

    const members = f.directFullMembers + f.directProbationary;
    const maxMembers = org.branchMaxMembers.value;
    if (members > maxMembers) {
      add(
        'BRANCH_TOO_LARGE',
        'warning',
        `${label}党员${members}人（含预备党员），一般不超过${maxMembers}人，可考虑分设党支部或设立党总支`,
        org.branchMaxMembers,
      );
    }

    const size = f.committee.length;
    const { committeeSizeMin: sizeMin, committeeSizeUsualMax: usualMax, committeeSizeMax: sizeMax } = org;
    if (f.directFullMembers >= org.committeeRequiredFromFullMembers.value && size < sizeMin.value) {
      add(
        'COMMITTEE_REQUIRED',
        'warning',
        `${label}正式党员${f.directFullMembers}人，应设立支部委员会（支部委员会一般由${sizeMin.value}至${usualMax.value}人组成）`,
        org.committeeRequiredFromFullMembers,
      );
    }
    if (size > sizeMax.value) {
      add('COMMITTEE_TOO_LARGE', 'warning', `支部委员会现有${size}人，一般不超过${sizeMax.value}人`, sizeMax);
    }
  }

  if (!f.committee.some((p) => p.title === 'secretary')) {
    add('NO_SECRETARY', 'warning', '未配备书记', org.secretaryRequired);
  }

  if (f.type === 'general_branch') {
    const { min, max } = org.generalBranchMembers.value;
    const n = f.subtreeMembersProper;
    if (n < min) {
      add(
        'GENERAL_BRANCH_TOO_SMALL',
        'info',
        `党总支党员${n}人，不足${min}人，因工作需要设立党总支的须经上级党组织批准`,
        org.generalBranchMembers,
      );
    } else if (n > max) {
      add(
        'GENERAL_BRANCH_TOO_LARGE',
        'info',
        `党总支党员${n}人，超过${max}人，可考虑设立基层党委`,
        org.generalBranchMembers,
      );
    }
  }

  if (f.type === 'committee') {
    const min = org.baseCommitteeMinMembers.value;
    if (f.subtreeMembersProper < min) {
      add(
        'BASE_COMMITTEE_TOO_SMALL',
        'info',
        `党委党员${f.subtreeMembersProper}人，不足${min}人，设立基层党委需经上级党组织批准`,
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
  const add = (code: OrgFindingCode, level: Finding['level'], message: string, rule: RuleValue<unknown>): void => {
    findings.push(finding(code, level, message, rule));
  };

  if (f.termStartedOn === null || f.termYears === null) {
    add('TERM_MISSING', 'info', '未登记任期信息（本届任期开始日期和任期年限）', org.termYearsRange);
  }

  if (f.termYears !== null) {
    const { min, max } = org.termYearsRange.value;
    if (f.termYears < min || f.termYears > max) {
      add(
        'TERM_OUT_OF_RANGE',
        'warning',
        `任期${f.termYears}年，不符合党章规定的每届${min}至${max}年`,
        org.termYearsRange,
      );
    } else if (f.termYears !== expected.value) {
      add('TERM_NOT_STANDARD', 'info', `任期${f.termYears}年，与规定的一般任期${expected.value}年不一致`, expected);
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
        `距换届不足${org.reElectionReminderMonths.value}个月（应于${due}换届）`,
        org.reElectionReminderMonths,
      );
    } else if (status === 'overdue' && compareIso(today, addYearsIso(due, shift)) > 0) {
      add(
        'TERM_OVERDUE_BEYOND_SHIFT',
        'error',
        `已超过换届期限（应于${due}换届）且逾期超过${shift}年，超出推迟换届的最长期限，应立即换届`,
        org.reElectionMaxShiftYears,
      );
    } else if (status === 'overdue') {
      add(
        'TERM_OVERDUE',
        'error',
        `已超过换届期限（应于${due}换届），推迟换届须经上级批准，最长不超过${shift}年`,
        org.reElectionMaxShiftYears,
      );
    }
  }
  return findings;
}
