import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMessage } from '../messages.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import { checkDigitOf } from './id-number.ts';
import { checkMemberRecord, type MemberFacts } from './member-rules.ts';
import type { MemberStatus } from './vocab.ts';

const TODAY = '2026-11-23';
const RULES = ruleSetOn(TODAY);
// Region 339901: a valid province code with an unallocated prefecture, so no real person.
const idFor = (birth: string, seq = '001'): string => {
  const first17 = `339901${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkDigitOf(first17);
};

const fullMember: MemberFacts = {
  name: '张海生',
  gender: 'male',
  birthDate: '1990-05-20',
  idNumber: idFor('1990-05-20'),
  status: 'full',
  appliedOn: '2012-03-01',
  joinDate: '2013-06-30',
  fullDate: '2014-06-30',
};

/** The problems as field and Chinese text (every problem also carries its message by key: see the last test). */
const check = (patch: Partial<MemberFacts>) =>
  checkMemberRecord({ ...fullMember, ...patch }, TODAY, RULES).map(({ field, message }) => ({ field, message }));
const fieldsOf = (patch: Partial<MemberFacts>) => check(patch).map((p) => p.field);

test('accepts a complete, consistent record', () => {
  assert.deepEqual(check({}), []);
  assert.deepEqual(check({ status: 'applicant', joinDate: null, fullDate: null, idNumber: null }), []);
  assert.deepEqual(check({ status: 'probationary', fullDate: null, gender: null, birthDate: null }), []);
});

test('refuses an empty name, one longer than 50 characters or one with markup characters', () => {
  const cases: [string, boolean][] = [
    ['', false],
    ['   ', false],
    ['王', true],
    ['阿'.repeat(50), true],
    ['阿'.repeat(51), false],
    ['𠀀'.repeat(50), true],
    ['阿依古丽·买买提', true],
    ['<b>王</b>', false],
  ];
  for (const [name, ok] of cases) assert.equal(!fieldsOf({ name }).includes('name'), ok, name);
  assert.deepEqual(check({ name: '' }), [{ field: 'name', message: '请填写姓名' }]);
});

test('reports an invalid identity number with the message of the ID check', () => {
  assert.deepEqual(check({ idNumber: '33990119900520001' }), [{ field: 'idNumber', message: '应为18位（当前17位）' }]);
  const wrong = `${idFor('1990-05-20').slice(0, 17)}${idFor('1990-05-20').endsWith('0') ? '1' : '0'}`;
  assert.equal(check({ idNumber: wrong })[0]?.field, 'idNumber');
  assert.match(check({ idNumber: wrong })[0]?.message ?? '', /^校验位错误/);
  assert.deepEqual(check({ idNumber: '  ' }), []);
});

test('refuses a gender or birth date that disagrees with the identity number', () => {
  assert.deepEqual(check({ gender: 'female' }), [{ field: 'gender', message: '性别与身份证号不一致' }]);
  assert.deepEqual(check({ idNumber: idFor('1990-05-20', '002') }), [
    { field: 'gender', message: '性别与身份证号不一致' },
  ]);
  assert.deepEqual(check({ birthDate: '1990-05-21' }), [{ field: 'birthDate', message: '出生日期与身份证号不一致' }]);
});

test('refuses dates after today', () => {
  const cases: [keyof MemberFacts, Partial<MemberFacts>, boolean][] = [
    [
      'birthDate',
      { birthDate: '2026-11-22', idNumber: null, joinDate: null, fullDate: null, status: 'applicant', appliedOn: null },
      true,
    ],
    [
      'birthDate',
      { birthDate: '2026-11-23', idNumber: null, joinDate: null, fullDate: null, status: 'applicant', appliedOn: null },
      true,
    ],
    [
      'birthDate',
      { birthDate: '2026-11-24', idNumber: null, joinDate: null, fullDate: null, status: 'applicant', appliedOn: null },
      false,
    ],
    ['appliedOn', { appliedOn: TODAY, status: 'applicant', joinDate: null, fullDate: null }, true],
    ['appliedOn', { appliedOn: '2026-11-24', status: 'applicant', joinDate: null, fullDate: null }, false],
    ['joinDate', { joinDate: TODAY, fullDate: null, status: 'probationary' }, true],
    ['joinDate', { joinDate: '2026-11-24', fullDate: null, status: 'probationary' }, false],
    ['fullDate', { joinDate: '2025-11-23', fullDate: TODAY }, true],
    ['fullDate', { joinDate: '2025-11-23', fullDate: '2026-11-24' }, false],
  ];
  for (const [field, patch, ok] of cases) {
    const problems = check(patch).filter((p) => p.field === field);
    assert.equal(problems.length === 0, ok, `${field} ${JSON.stringify(patch)}`);
    if (!ok) assert.match(problems[0]?.message ?? '', /晚于今天$/);
  }
});

test('requires a join date of probationary and full members, and refuses one before admission', () => {
  const cases: [MemberStatus, string | null, string | null][] = [
    ['full', null, '预备党员和正式党员须填写入党日期'],
    ['probationary', null, '预备党员和正式党员须填写入党日期'],
    ['applicant', '2013-06-30', '入党申请人不应有入党日期'],
    ['activist', '2013-06-30', '入党积极分子不应有入党日期'],
    ['candidate', '2013-06-30', '发展对象不应有入党日期'],
    ['candidate', null, null],
    ['transferred_out', null, null],
    ['deceased', '2013-06-30', null],
  ];
  for (const [status, joinDate, message] of cases) {
    const problems = check({ status, joinDate, fullDate: null }).filter((p) => p.field === 'joinDate');
    assert.deepEqual(
      problems.map((p) => p.message),
      message ? [message] : [],
      `${status} ${joinDate}`,
    );
  }
});

test('refuses a member who joined before 18', () => {
  // Born 2000-06-15: 18 on 2018-06-15. Born 2000-02-29: 18 on 2018-03-01.
  const cases: [string, string, boolean][] = [
    ['2000-06-15', '2018-06-14', false],
    ['2000-06-15', '2018-06-15', true],
    ['2000-06-15', '2018-06-16', true],
    ['2000-02-29', '2018-02-28', false],
    ['2000-02-29', '2018-03-01', true],
  ];
  for (const [birthDate, joinDate, ok] of cases) {
    const problems = check({
      birthDate,
      idNumber: idFor(birthDate),
      joinDate,
      fullDate: null,
      status: 'probationary',
      appliedOn: null,
    });
    assert.deepEqual(
      problems,
      ok ? [] : [{ field: 'joinDate', message: '入党时未满18周岁' }],
      `${birthDate} joined ${joinDate}`,
    );
  }
});

test('uses the birth date read from the identity number when none is entered', () => {
  const problems = check({
    birthDate: null,
    idNumber: idFor('2000-06-15'),
    joinDate: '2018-06-14',
    fullDate: null,
    status: 'probationary',
    appliedOn: null,
  });
  assert.deepEqual(problems, [{ field: 'joinDate', message: '入党时未满18周岁' }]);
});

test('refuses a full-membership date earlier than one probation year after joining', () => {
  const cases: [string, string, string | null][] = [
    ['2013-06-30', '2014-06-29', '转正日期早于预备期满（入党日期后1年）'],
    ['2013-06-30', '2014-06-30', null],
    ['2013-06-30', '2014-07-01', null],
    ['2016-02-29', '2017-02-27', '转正日期早于预备期满（入党日期后1年）'],
    ['2016-02-29', '2017-02-28', null],
    ['2013-06-30', '2013-06-29', '转正日期早于入党日期'],
    ['2013-06-30', '2013-06-30', '转正日期早于预备期满（入党日期后1年）'],
  ];
  for (const [joinDate, fullDate, message] of cases) {
    const problems = check({ joinDate, fullDate }).filter((p) => p.field === 'fullDate');
    assert.deepEqual(
      problems.map((p) => p.message),
      message ? [message] : [],
      `${joinDate} → ${fullDate}`,
    );
  }
});

test('refuses a full-membership date on anyone not yet a full member', () => {
  for (const status of ['applicant', 'activist', 'candidate', 'probationary'] as const) {
    const problems = check({ status, joinDate: status === 'probationary' ? '2013-06-30' : null });
    assert.ok(
      problems.some((p) => p.field === 'fullDate' && p.message.endsWith('不应有转正日期')),
      status,
    );
  }
  assert.deepEqual(check({ status: 'transferred_out' }), []);
});

test('refuses an application date after the join date', () => {
  const cases: [string, boolean][] = [
    ['2013-06-29', true],
    ['2013-06-30', true],
    ['2013-07-01', false],
  ];
  for (const [appliedOn, ok] of cases) {
    assert.deepEqual(
      check({ appliedOn }),
      ok ? [] : [{ field: 'appliedOn', message: '申请入党日期晚于入党日期' }],
      appliedOn,
    );
  }
});

test('reports a malformed date once and skips the comparisons that need it', () => {
  assert.deepEqual(check({ joinDate: '2013-02-29' }), [{ field: 'joinDate', message: '入党日期不是有效日期' }]);
});

test('returns every problem at once', () => {
  const problems = check({
    name: '',
    gender: 'female',
    status: 'probationary',
    joinDate: '2005-01-01',
    appliedOn: '2006-01-01',
  });
  assert.deepEqual(problems.map((p) => p.field).sort(), ['appliedOn', 'fullDate', 'gender', 'joinDate', 'name']);
});

test('every problem names its message by key, complete in English (no Chinese left in it)', () => {
  const broken: MemberFacts = {
    ...fullMember,
    name: '<b>张</b>',
    gender: 'female',
    birthDate: '2027-02-30',
    idNumber: '33990119900520001X',
    status: 'applicant',
    appliedOn: '2030-01-01',
    joinDate: '2020-01-01',
    fullDate: '2019-01-01',
  };
  const problems = checkMemberRecord(broken, TODAY, RULES);
  assert.ok(problems.length >= 5, `${problems.length} problems`);
  for (const p of problems) {
    assert.equal(renderMessage(p.msg, 'zh'), p.message);
    const en = renderMessage(p.msg, 'en');
    assert.doesNotMatch(en, /[\u4e00-\u9fff]/u, `${p.field}: ${en}`);
  }
});
