import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldOfHeader } from '../import/mapping.ts';
import { zhOf } from '../messages.ts';
import {
  composeProblemDescription,
  isGroupHeading,
  matchOrgByName,
  orgLookupKeys,
  PROBLEM_LIST_SPEC,
  problemCellText,
  readProblemDeadline,
  readProblemDescription,
  readProblemSource,
  splitMeasures,
  splitProblemText,
  splitResponsibleUnits,
} from './problem-list.ts';

const TODAY = '2026-11-23';

test('the headers real lists use name the list’s fields, and none of them names another', () => {
  const cases: [string, string | null][] = [
    ['问题', 'title'],
    ['存在问题', 'title'],
    ['问题描述', 'title'],
    ['问题表现', 'title'],
    ['巡察反馈问题', 'title'],
    ['问题编号', 'seq'],
    ['问题来源', 'source'],
    ['问题类别', 'category'],
    ['问题类型', 'category'],
    ['整改措施', 'measures'],
    ['具体整改措施', 'measures'],
    ['整改举措', 'measures'],
    ['整改任务', 'measures'],
    ['责任单位', 'org'],
    ['牵头单位', 'org'],
    ['责任部门', 'org'],
    ['责任人', 'person'],
    ['责任领导', 'person'],
    ['整改时限', 'deadline'],
    ['完成时限', 'deadline'],
    ['完成时间', 'deadline'],
    ['整改期限', 'deadline'],
    ['整改进展', 'progress'],
    ['销号情况', 'closure'],
    ['备注', 'note'],
    ['联系电话', null],
  ];
  for (const [header, field] of cases) {
    assert.equal(fieldOfHeader(PROBLEM_LIST_SPEC, header)?.field.field ?? null, field, header);
  }
});

test('问题来源: its labels, a word of one in a longer text, anything else refused naming the choices', () => {
  const cases: [string | null, string | null][] = [
    ['巡视反馈', 'inspection'],
    ['巡察反馈', 'patrol'],
    ['市委第二巡察组反馈', 'patrol'],
    ['督查发现', 'supervision'],
    ['专项督导检查', 'supervision'],
    ['自查', 'self_check'],
    ['群众反映', 'public'],
    ['信访举报', 'public'],
    ['检视', 'review'],
    ['专题民主生活会检视问题', 'review'],
    ['讲话点名', 'speech'],
    ['其他', 'manual'],
    [null, null],
  ];
  for (const [text, source] of cases) {
    const r = readProblemSource(text);
    assert.ok(r.ok, String(text));
    assert.equal(r.value, source, String(text));
  }
  const bad = readProblemSource('上级交办');
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(zhOf(bad.msg), /^“上级交办”不是可选的值，可填：巡视反馈、巡察反馈/);
});

test('整改时限 in every encoding lists write: dates, months, year ends, 立行立改, 长期坚持', () => {
  const cases: [string | number | Date, string | null][] = [
    [new Date(Date.UTC(2026, 11, 31)), '2026-12-31'],
    [46387, '2026-12-31'],
    [20261231, '2026-12-31'],
    [202612, '2026-12-31'],
    ['2026-12-31', '2026-12-31'],
    ['2026/12/31', '2026-12-31'],
    ['2026.12.31前', '2026-12-31'],
    ['2026年12月31日前完成', '2026-12-31'],
    ['2026年12月底前', '2026-12-31'],
    ['2027年2月底', '2027-02-28'],
    ['2027年6月', '2027-06-30'],
    ['2026年底前', '2026-12-31'],
    ['2027年年底前全部整改到位', '2027-12-31'],
    ['年底前', '2026-12-31'],
    ['2027年上半年', '2027-06-30'],
    ['2027年第一季度', '2027-03-31'],
    ['3月底前', '2027-03-31'],
    ['12月底前', '2026-12-31'],
    ['截至2027年1月15日', '2027-01-15'],
    ['立行立改', TODAY],
    ['立行立改，长期坚持', TODAY],
    ['立行立改，2026年12月底前全部完成', '2026-12-31'],
    ['2026年底前完成，并建立长效机制', '2026-12-31'],
    ['长期坚持', null],
    ['持续推进、长期坚持', null],
  ];
  for (const [value, expected] of cases) {
    const r = readProblemDeadline({ value }, TODAY);
    assert.ok(r.ok, `${String(value)}: ${r.ok ? '' : zhOf(r.msg)}`);
    const got = r.value.kind === 'date' ? r.value.date : r.value.kind === 'standing' ? null : 'unset';
    assert.equal(got, expected, String(value));
  }
  assert.deepEqual(readProblemDeadline(null, TODAY), { ok: true, value: { kind: 'unset' } });
  for (const bad of ['尽快', '2026年13月', '2026-02-30', '下周']) {
    const r = readProblemDeadline({ value: bad }, TODAY);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(zhOf(r.msg), new RegExp(`^“${bad}”不是可识别的整改时限`));
  }
});

test('整改措施: one a line, numbered on one line, 一是二是, semicolons; the numbers and stops go', () => {
  const cases: [string, string[]][] = [
    ['建立问题台账', ['建立问题台账']],
    ['1.建立问题台账；\n2.每月检查一次。\n3、完善制度', ['建立问题台账', '每月检查一次', '完善制度']],
    ['1. 建立台账 2. 每月检查', ['建立台账', '每月检查']],
    ['（1）建立台账；（2）每月检查', ['建立台账', '每月检查']],
    ['①建立台账②每月检查', ['建立台账', '每月检查']],
    ['一是建立台账，二是每月检查，三是完善制度。', ['建立台账', '每月检查', '完善制度']],
    ['建立台账；每月检查', ['建立台账', '每月检查']],
    ['补发补贴2.5万元，3月前到位', ['补发补贴2.5万元，3月前到位']],
    ['整改措施：一、建立台账。二、每月检查', ['建立台账', '每月检查']],
  ];
  for (const [text, expected] of cases) assert.deepEqual(splitMeasures(text), expected, text);
});

test('问题: a short text is the title; a long one keeps its text as the description and its first sentence as title', () => {
  assert.deepEqual(splitProblemText('  “三会一课”记录不规范 '), { title: '“三会一课”记录不规范', description: '' });
  assert.deepEqual(splitProblemText('党费收缴不规范\n部分党员未按月交纳'), {
    title: '党费收缴不规范',
    description: '党费收缴不规范\n部分党员未按月交纳',
  });
  const long = `${'支部委员会会议记录缺少议题和决定事项'.repeat(10)}。${'具体表现'.repeat(50)}`;
  const split = splitProblemText(long);
  assert.equal(split.title, `${'支部委员会会议记录缺少议题和决定事项'.repeat(10)}。`);
  assert.equal(split.description, long);
  const run = '无'.repeat(400);
  assert.equal(splitProblemText(run).title, `${'无'.repeat(299)}…`);
});

test('a description an import writes reads back: the text, the proposed measures, partners and note', () => {
  const parts = {
    text: '党费收缴不规范\n部分党员未按月交纳',
    measures: ['建立台账', '每月检查'],
    partners: '乙区委',
    note: '巡察组督办',
  };
  const description = composeProblemDescription(parts);
  assert.equal(
    description,
    '党费收缴不规范\n部分党员未按月交纳\n【整改措施】\n1. 建立台账\n2. 每月检查\n【配合单位】乙区委\n【备注】巡察组督办',
  );
  assert.deepEqual(readProblemDescription(description), parts);
  assert.deepEqual(readProblemDescription('手写的说明'), { text: '手写的说明', measures: [], partners: '', note: '' });
  assert.equal(
    problemCellText('党费收缴不规范', '党费收缴不规范\n部分党员未按月交纳'),
    '党费收缴不规范\n部分党员未按月交纳',
  );
  assert.equal(problemCellText('党费收缴不规范', ''), '党费收缴不规范');
  assert.equal(problemCellText('党费收缴不规范', '另有说明'), '党费收缴不规范\n另有说明');
  const again = splitProblemText(problemCellText('党费收缴不规范', '另有说明'));
  assert.equal(again.title, '党费收缴不规范');
});

test('a row holding only a group title is one; a problem is not', () => {
  for (const t of ['一、政治建设方面', '（二）作风建设方面问题（5个）', '第三部分 整改落实', '组织建设方面：']) {
    assert.equal(isGroupHeading(t), true, t);
  }
  for (const t of ['“三会一课”记录不规范', '党费收缴不规范，部分党员未按月交纳党费', '一是记录不全']) {
    assert.equal(isGroupHeading(t), false, t);
  }
});

test('责任单位: the lead unit and its partners; marks such as （牵头） go', () => {
  assert.deepEqual(splitResponsibleUnits('区委组织部（牵头）、区委宣传部（配合）'), {
    lead: '区委组织部',
    partners: ['区委宣传部'],
  });
  assert.deepEqual(splitResponsibleUnits('甲一村党支部'), { lead: '甲一村党支部', partners: [] });
  assert.deepEqual(splitResponsibleUnits('牵头单位：甲一镇党委\n配合单位：甲一村党支部'), {
    lead: '甲一镇党委',
    partners: ['甲一村党支部'],
  });
});

test('责任单位 resolved by code, exact name, unique suffix, unique part; several never guessed', () => {
  const orgs = [
    { id: 1, code: 'A', name: '中共甲区委员会', shortName: '甲区委' },
    { id: 2, code: 'A-ZZB', name: '中共甲区委组织部', shortName: null },
    { id: 3, code: 'A1a', name: '甲一村党支部', shortName: null },
    { id: 4, code: 'A2a', name: '甲二村党支部', shortName: null },
    { id: 5, code: 'A3a', name: '第一党支部', shortName: null },
    { id: 6, code: 'A4a', name: '第一党支部', shortName: null },
  ];
  const one = (text: string) => {
    const m = matchOrgByName(text, orgs);
    return m.kind === 'one' ? [m.org.id, m.by] : m.kind === 'many' ? m.orgs.map((o) => o.id) : m.kind;
  };
  assert.deepEqual(one('A1a'), [3, 'code']);
  assert.deepEqual(one('甲一村党支部'), [3, 'name']);
  assert.deepEqual(one(' 甲一村 党支部 '), [3, 'name']);
  assert.deepEqual(one('甲区委'), [1, 'name']);
  assert.deepEqual(one('中共甲区委组织部'), [2, 'name']);
  assert.deepEqual(one('组织部'), [2, 'suffix']);
  assert.deepEqual(one('甲二村'), [4, 'contains']);
  assert.deepEqual(one('第一党支部（A4a）'), [6, 'code']);
  assert.deepEqual(one('第一党支部'), [5, 6]);
  assert.deepEqual(one('党支部'), [3, 4, 5, 6]);
  assert.deepEqual(one('乙区委'), 'none');
  assert.deepEqual(orgLookupKeys('第一党支部（A4a）'), {
    codes: ['第一党支部（A4a）', '第一党支部(A4a)', 'A4a'],
    names: ['第一党支部(A4a)', '第一党支部'],
  });
});
