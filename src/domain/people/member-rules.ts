import { addYearsIso, compareIso, isIsoDate } from '../dates.ts';
import { type MessageText, type Msg, msg, zhOf } from '../messages.ts';
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

export type MemberProblem = { field: keyof MemberFacts; message: string; msg: Msg };

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
  const add = (field: keyof MemberFacts, m: Msg): void => {
    problems.push({ field, message: zhOf(m), msg: m });
  };

  const name = checkPersonName(m.name);
  if (!name.ok) add('name', name.msg);

  // A date that is not a calendar date is reported once and then left out of the comparisons.
  const date = (field: 'birthDate' | 'appliedOn' | 'joinDate' | 'fullDate', label: MessageText): string | null => {
    const v = m[field];
    if (v === null) return null;
    if (!isIsoDate(v)) {
      add(field, msg('err.member.dateInvalid', { label }));
      return null;
    }
    if (compareIso(v, today) > 0) add(field, msg('err.member.dateFuture', { label }));
    return v;
  };
  const birthDate = date('birthDate', { zh: '出生日期', en: 'date of birth' });
  const appliedOn = date('appliedOn', { zh: '申请入党日期', en: 'date of application' });
  const joinDate = date('joinDate', { zh: '入党日期', en: 'date of joining' });
  const fullDate = date('fullDate', { zh: '转正日期', en: 'date of full membership' });

  let idBirthDate: string | null = null;
  if (m.idNumber !== null && m.idNumber.trim() !== '') {
    const id = checkIdNumber(m.idNumber, today);
    if (!id.ok) {
      add('idNumber', id.msg);
    } else {
      idBirthDate = id.birthDate;
      if (m.gender !== null && m.gender !== id.gender) add('gender', msg('err.member.genderMismatch'));
      if (birthDate !== null && birthDate !== id.birthDate) add('birthDate', msg('err.member.birthMismatch'));
    }
  }

  const statusLabel = MEMBER_STATUS_LABELS[m.status];
  if (ADMITTED.includes(m.status) && m.joinDate === null) add('joinDate', msg('err.member.joinDateRequired'));
  if (PIPELINE.includes(m.status) && m.joinDate !== null)
    add('joinDate', msg('err.member.noJoinDate', { status: statusLabel }));
  if ((PIPELINE.includes(m.status) || m.status === 'probationary') && m.fullDate !== null) {
    add('fullDate', msg('err.member.noFullDate', { status: statusLabel }));
  }

  const born = birthDate ?? idBirthDate;
  const minAge = rules.people.minJoinAge.value;
  if (joinDate !== null && born !== null && ageOn(born, joinDate) < minAge) {
    add('joinDate', msg('err.member.underAge', { age: minAge }));
  }

  if (joinDate !== null && fullDate !== null) {
    const years = rules.people.probationYears.value;
    if (compareIso(fullDate, joinDate) < 0) add('fullDate', msg('err.member.fullBeforeJoin'));
    else if (compareIso(fullDate, addYearsIso(joinDate, years)) < 0) {
      add('fullDate', msg('err.member.fullBeforeProbation', { years }));
    }
  }

  if (appliedOn !== null && joinDate !== null && compareIso(appliedOn, joinDate) > 0) {
    add('appliedOn', msg('err.member.appliedAfterJoin'));
  }

  return problems;
}
