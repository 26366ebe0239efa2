import { addYearsIso, compareIso, isIsoDate } from '../dates.ts';
import type { RuleSet } from '../rules/ruleset.ts';
import { ageOn } from './age.ts';
import { checkIdNumber } from './id-number.ts';
import { checkPersonName } from './person-name.ts';
import { MEMBER_STATUS_LABELS, type MemberStatus } from './vocab.ts';

export type MemberFacts = {
  name: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  idNumber: string | null;
  status: MemberStatus;
  appliedOn: string | null;
  joinDate: string | null;
  fullDate: string | null;
};

export type MemberProblem = { field: keyof MemberFacts; message: string };

/** Stages before admission: no join date, no full-membership date. */
const PIPELINE: readonly MemberStatus[] = ['applicant', 'activist', 'candidate'];
/** Members proper: admitted, so a join date is required. */
const ADMITTED: readonly MemberStatus[] = ['probationary', 'full'];

/**
 * Consistency of one member record; every problem, each naming its field (empty = fine).
 * The name per checkPersonName (platform rule); age at admission ≥ 18 (党章 第一条); probation of one year before
 * full membership (党章 第七条); identity number per GB 11643-1999. Dates are 'YYYY-MM-DD'; `today` comes from the caller.
 */
export function checkMemberRecord(m: MemberFacts, today: string, rules: RuleSet): MemberProblem[] {
  const problems: MemberProblem[] = [];
  const add = (field: keyof MemberFacts, message: string): void => {
    problems.push({ field, message });
  };

  const name = checkPersonName(m.name);
  if (!name.ok) add('name', name.message);

  // A date that is not a calendar date is reported once and then left out of the comparisons.
  const date = (field: 'birthDate' | 'appliedOn' | 'joinDate' | 'fullDate', label: string): string | null => {
    const v = m[field];
    if (v === null) return null;
    if (!isIsoDate(v)) {
      add(field, `${label}不是有效日期`);
      return null;
    }
    if (compareIso(v, today) > 0) add(field, `${label}晚于今天`);
    return v;
  };
  const birthDate = date('birthDate', '出生日期');
  const appliedOn = date('appliedOn', '申请入党日期');
  const joinDate = date('joinDate', '入党日期');
  const fullDate = date('fullDate', '转正日期');

  let idBirthDate: string | null = null;
  if (m.idNumber !== null && m.idNumber.trim() !== '') {
    const id = checkIdNumber(m.idNumber, today);
    if (!id.ok) {
      add('idNumber', id.message);
    } else {
      idBirthDate = id.birthDate;
      if (m.gender !== null && m.gender !== id.gender) add('gender', '性别与身份证号不一致');
      if (birthDate !== null && birthDate !== id.birthDate) add('birthDate', '出生日期与身份证号不一致');
    }
  }

  const statusLabel = MEMBER_STATUS_LABELS[m.status].zh;
  if (ADMITTED.includes(m.status) && m.joinDate === null) add('joinDate', '预备党员和正式党员须填写入党日期');
  if (PIPELINE.includes(m.status) && m.joinDate !== null) add('joinDate', `${statusLabel}不应有入党日期`);
  if ((PIPELINE.includes(m.status) || m.status === 'probationary') && m.fullDate !== null) {
    add('fullDate', `${statusLabel}不应有转正日期`);
  }

  const born = birthDate ?? idBirthDate;
  const minAge = rules.people.minJoinAge.value;
  if (joinDate !== null && born !== null && ageOn(born, joinDate) < minAge) {
    add('joinDate', `入党时未满${minAge}周岁`);
  }

  if (joinDate !== null && fullDate !== null) {
    const years = rules.people.probationYears.value;
    if (compareIso(fullDate, joinDate) < 0) add('fullDate', '转正日期早于入党日期');
    else if (compareIso(fullDate, addYearsIso(joinDate, years)) < 0) {
      add('fullDate', `转正日期早于预备期满（入党日期后${years}年）`);
    }
  }

  if (appliedOn !== null && joinDate !== null && compareIso(appliedOn, joinDate) > 0) {
    add('appliedOn', '申请入党日期晚于入党日期');
  }

  return problems;
}
