import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMessage } from '../messages.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import { checkOrgSetup, type Finding, type OrgFacts, type OrgFindingCode } from './setup-rules.ts';
import type { PositionTitle } from './vocab.ts';

const TODAY = '2026-11-23';
const RULES = ruleSetOn(TODAY);
const positions = (...titles: PositionTitle[]) => titles.map((title) => ({ title }));

// A healthy branch: 12 full members, a committee of 3, a 3-year term started in 2025.
const branch: OrgFacts = {
  type: 'branch',
  field: 'organ',
  status: 'active',
  directFullMembers: 12,
  directProbationary: 1,
  subtreeMembersProper: 13,
  childTypes: ['group'],
  committee: positions('secretary', 'organization', 'propaganda'),
  termStartedOn: '2025-03-01',
  termYears: 3,
};

const check = (patch: Partial<OrgFacts>) => checkOrgSetup({ ...branch, ...patch }, TODAY, RULES);
const codesOf = (patch: Partial<OrgFacts>): OrgFindingCode[] => check(patch).map((f) => f.code);
/** A finding without its message key (checked on its own below). */
const withoutKey = (f: Finding | undefined) => {
  if (!f) return f;
  const { msg: _key, ...rest } = f;
  return rest;
};

test('a well set-up branch has no findings', () => {
  assert.deepEqual(check({}), []);
});

test('a dissolved organisation and a party group get no findings', () => {
  assert.deepEqual(check({ status: 'dissolved', directFullMembers: 1, committee: [], termStartedOn: null }), []);
  assert.deepEqual(check({ type: 'group', directFullMembers: 1, committee: [], termStartedOn: null }), []);
});

test('flags a branch with fewer than 3 full members (党章 第三十条)', () => {
  const cases: [number, boolean][] = [
    [0, true],
    [2, true],
    [3, false],
    [4, false],
  ];
  for (const [full, flagged] of cases) {
    const findings = check({ directFullMembers: full, committee: positions('secretary') });
    assert.equal(
      findings.some((f) => f.code === 'BRANCH_TOO_FEW_FULL_MEMBERS'),
      flagged,
      String(full),
    );
  }
  const [f] = check({ directFullMembers: 2, committee: positions('secretary') });
  assert.deepEqual(withoutKey(f), {
    code: 'BRANCH_TOO_FEW_FULL_MEMBERS',
    level: 'warning',
    message: '党支部正式党员2人，不足3人，应与邻近单位党员成立联合党支部（覆盖单位一般不超过5个）或并入其他党支部',
    rule: { source: '中国共产党章程', article: '第三十条', confidence: 'C' },
  });
  const joint = check({ type: 'joint_branch', directFullMembers: 2, committee: positions('secretary') });
  assert.equal(joint[0]?.message, '联合党支部正式党员2人，不足3人，应调整联合范围或并入其他党支部');
});

test('flags a branch of more than 50 members proper, counting probationary members', () => {
  const cases: [number, number, boolean][] = [
    [45, 5, false],
    [45, 6, true],
    [50, 0, false],
    [51, 0, true],
  ];
  for (const [full, probationary, flagged] of cases) {
    const codes = codesOf({ directFullMembers: full, directProbationary: probationary });
    assert.equal(codes.includes('BRANCH_TOO_LARGE'), flagged, `${full}+${probationary}`);
  }
  const big = check({ type: 'joint_branch', directFullMembers: 48, directProbationary: 4 });
  assert.equal(big[0]?.message, '联合党支部党员52人（含预备党员），一般不超过50人，可考虑分设党支部或设立党总支');
});

test('requires a branch committee from 7 full members (支部工作条例 第二十条)', () => {
  const cases: [number, PositionTitle[], boolean][] = [
    [6, ['secretary'], false],
    [7, ['secretary'], true],
    [7, ['secretary', 'deputy_secretary'], true],
    [7, ['secretary', 'organization', 'propaganda'], false],
    [8, ['secretary', 'deputy_secretary'], true],
  ];
  for (const [full, titles, flagged] of cases) {
    const codes = codesOf({ directFullMembers: full, committee: positions(...titles) });
    assert.equal(codes.includes('COMMITTEE_REQUIRED'), flagged, `${full} full, ${titles.join('+')}`);
  }
  const [f] = check({ directFullMembers: 7, committee: positions('secretary') });
  assert.equal(f?.message, '党支部正式党员7人，应设立支部委员会（支部委员会一般由3至5人组成）');
  assert.deepEqual(f?.rule, { source: '中国共产党支部工作条例（试行）', article: '第二十条', confidence: 'S' });
});

test('flags a branch committee of more than 7', () => {
  const seven = positions(
    'secretary',
    'deputy_secretary',
    'organization',
    'propaganda',
    'discipline',
    'youth',
    'member',
  );
  assert.ok(!codesOf({ committee: seven }).includes('COMMITTEE_TOO_LARGE'));
  const eight = [...seven, { title: 'member' as const }];
  assert.deepEqual(
    check({ committee: eight }).map((f) => [f.code, f.message]),
    [['COMMITTEE_TOO_LARGE', '支部委员会现有8人，一般不超过7人']],
  );
});

test('flags every organisation but a party group that has no secretary', () => {
  for (const type of ['committee', 'working_committee', 'general_branch', 'branch', 'joint_branch'] as const) {
    const codes = codesOf({
      type,
      subtreeMembersProper: 80,
      committee: positions('deputy_secretary', 'organization', 'propaganda'),
    });
    assert.ok(codes.includes('NO_SECRETARY'), type);
  }
  const [f] = check({ directFullMembers: 5, committee: [] });
  assert.deepEqual([f?.code, f?.level, f?.message], ['NO_SECRETARY', 'warning', '未配备书记']);
});

test('notes a general branch outside 50–100 members in its subtree', () => {
  const cases: [number, OrgFindingCode | null][] = [
    [49, 'GENERAL_BRANCH_TOO_SMALL'],
    [50, null],
    [100, null],
    [101, 'GENERAL_BRANCH_TOO_LARGE'],
  ];
  for (const [n, code] of cases) {
    const findings = check({
      type: 'general_branch',
      directFullMembers: 0,
      directProbationary: 0,
      subtreeMembersProper: n,
      childTypes: ['branch'],
    });
    assert.deepEqual(
      findings.map((f) => f.code),
      code ? [code] : [],
      String(n),
    );
    if (code) assert.equal(findings[0]?.level, 'info');
  }
  const small = check({ type: 'general_branch', subtreeMembersProper: 30, childTypes: ['branch'] });
  assert.equal(small[0]?.message, '党总支党员30人，不足50人，因工作需要设立党总支的须经上级党组织批准');
});

test('notes a party committee with fewer than 100 members that it needs approval', () => {
  const base = {
    type: 'committee' as const,
    termStartedOn: '2024-01-01',
    termYears: 5,
    childTypes: ['branch' as const],
  };
  assert.deepEqual(codesOf({ ...base, subtreeMembersProper: 100 }), []);
  const findings = check({ ...base, subtreeMembersProper: 99 });
  assert.deepEqual(
    findings.map((f) => [f.code, f.level, f.message]),
    [['BASE_COMMITTEE_TOO_SMALL', 'info', '党委党员99人，不足100人，设立基层党委需经上级党组织批准']],
  );
});

test('notes an organisation with no term registered, but not a working committee', () => {
  assert.deepEqual(codesOf({ termStartedOn: null }), ['TERM_MISSING']);
  assert.deepEqual(codesOf({ termYears: null }), ['TERM_MISSING']);
  assert.deepEqual(codesOf({ type: 'working_committee', termStartedOn: null, termYears: null }), []);
});

test('warns of a term outside 3–5 years (党章 第三十一条) and notes one that differs from the usual term', () => {
  const cases: [string, number, OrgFindingCode[]][] = [
    ['organ', 2, ['TERM_OUT_OF_RANGE']],
    ['organ', 3, []],
    ['organ', 4, ['TERM_NOT_STANDARD']],
    ['organ', 6, ['TERM_OUT_OF_RANGE']],
    ['rural', 3, ['TERM_NOT_STANDARD']],
    ['rural', 5, []],
    ['community', 5, []],
  ];
  for (const [field, termYears, codes] of cases) {
    assert.deepEqual(codesOf({ field, termYears, termStartedOn: '2025-06-01' }), codes, `${field} ${termYears}`);
  }
  const [out] = check({ termYears: 6, termStartedOn: '2025-06-01' });
  assert.deepEqual(
    [out?.level, out?.message, out?.rule.article],
    ['warning', '任期6年，不符合党章规定的每届3至5年', '第三十一条'],
  );
  const [odd] = check({ field: 'rural', termYears: 3, termStartedOn: '2025-06-01' });
  assert.deepEqual([odd?.level, odd?.message], ['info', '任期3年，与规定的一般任期5年不一致']);
});

test('warns six months before re-election is due, day before, of and after both edges', () => {
  // Today is 2026-11-23. Started 2024-05-23 → due 2027-05-23, reminders from today;
  // started 2023-11-23 → due today.
  const cases: [string, OrgFindingCode | null][] = [
    ['2024-05-22', 'TERM_DUE_SOON'],
    ['2024-05-23', 'TERM_DUE_SOON'],
    ['2024-05-24', null],
    ['2023-11-22', 'TERM_OVERDUE'],
    ['2023-11-23', 'TERM_DUE_SOON'],
    ['2023-11-24', 'TERM_DUE_SOON'],
  ];
  for (const [termStartedOn, code] of cases) {
    assert.deepEqual(codesOf({ termStartedOn }), code ? [code] : [], termStartedOn);
  }
  const [soon] = check({ termStartedOn: '2024-02-01' });
  assert.deepEqual(
    [soon?.level, soon?.message, soon?.rule.confidence],
    ['warning', '距换届不足6个月（应于2027-02-01换届）', 'S'],
  );
});

test('reports an overdue re-election, and one overdue by more than a year (选举条例 第三条)', () => {
  // Due on 2025-11-22, 2025-11-23 or 2025-11-24: today is exactly one year after the middle one.
  const cases: [string, OrgFindingCode][] = [
    ['2022-11-22', 'TERM_OVERDUE_BEYOND_SHIFT'],
    ['2022-11-23', 'TERM_OVERDUE'],
    ['2022-11-24', 'TERM_OVERDUE'],
    ['2023-11-22', 'TERM_OVERDUE'],
  ];
  for (const [termStartedOn, code] of cases) {
    assert.deepEqual(codesOf({ termStartedOn }), [code], termStartedOn);
  }
  const [overdue] = check({ termStartedOn: '2023-06-30' });
  assert.deepEqual(withoutKey(overdue), {
    code: 'TERM_OVERDUE',
    level: 'error',
    message: '已超过换届期限（应于2026-06-30换届），推迟换届须经上级批准，最长不超过1年',
    rule: { source: '中国共产党基层组织选举工作条例', article: '第三条', confidence: 'C' },
  });
  const [beyond] = check({ termStartedOn: '2020-01-01' });
  assert.equal(
    beyond?.message,
    '已超过换届期限（应于2023-01-01换届）且逾期超过1年，超出推迟换届的最长期限，应立即换届',
  );
});

test('every finding carries the source of its rule', () => {
  const findings = check({
    directFullMembers: 2,
    directProbationary: 60,
    committee: [],
    termStartedOn: '2019-01-01',
    termYears: 7,
  });
  assert.ok(findings.length >= 4);
  for (const f of findings) {
    assert.ok(f.rule.source.length > 0, f.code);
    assert.ok(f.rule.confidence === 'C' || f.rule.confidence === 'S', f.code);
  }
});

test('every finding names its message by key, the Chinese text its rendering, complete in English', () => {
  const findings = [
    ...check({ directFullMembers: 2, directProbationary: 60, committee: [], termStartedOn: '2020-01-01' }),
    ...check({ type: 'joint_branch', directFullMembers: 2, termYears: 6 }),
    ...check({ field: 'rural', termYears: 3, termStartedOn: '2024-02-01' }),
    ...checkOrgSetup({ ...branch, type: 'general_branch', subtreeMembersProper: 10 }, TODAY, RULES),
    ...checkOrgSetup({ ...branch, type: 'committee', subtreeMembersProper: 10, termStartedOn: null }, TODAY, RULES),
  ];
  assert.ok(new Set(findings.map((f) => f.code)).size >= 9, findings.map((f) => f.code).join());
  for (const f of findings) {
    assert.equal(renderMessage(f.msg, 'zh'), f.message, f.code);
    assert.doesNotMatch(renderMessage(f.msg, 'en'), /[\u4e00-\u9fff]/u, f.code);
  }
});
