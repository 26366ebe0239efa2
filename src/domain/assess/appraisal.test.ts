import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  type AppraisalGrade,
  appraisalDueOn,
  appraisalReminder,
  checkAppraisal,
  excellentAllowed,
  type HandlingRecord,
  handlingReminder,
  handlingStep,
  openHandling,
} from './appraisal.ts';

const RULES = ruleSetOn('2026-12-01');
const members = (n: number) => Array.from({ length: n }, (_, i) => `党员${i + 1}`);
const grades = (n: number, excellent: number) =>
  members(n).map((member, i) => ({ member, grade: (i < excellent ? 'excellent' : 'qualified') as AppraisalGrade }));

test('the share is in the rule set: 1/3, [C], 关于建立民主评议党员制度的意见', () => {
  const r = RULES.assess.excellentMaxShare;
  assert.deepEqual(r.value, { numerator: 1, denominator: 3 });
  assert.equal(r.confidence, 'C');
  assert.equal(r.source, '关于建立民主评议党员制度的意见');
});

test('优秀 ≤ 1/3: 3 of 9 allowed, 4 of 9 refused, 1 of 2 refused, 1 of 3 allowed, 0 of 1 allowed', () => {
  assert.deepEqual(checkAppraisal(grades(9, 3), members(9), RULES), []);
  const four = checkAppraisal(grades(9, 4), members(9), RULES);
  assert.deepEqual(
    four.map((r) => [r.code, r.params]),
    [['excellentOverShare', { count: 4, members: 9, max: 3, share: '1/3' }]],
  );
  assert.equal(four[0]!.message, '评为优秀的党员 4 名，超过参评党员 9 名的1/3（至多 3 名）');
  assert.equal(checkAppraisal(grades(2, 1), members(2), RULES)[0]!.code, 'excellentOverShare');
  assert.deepEqual(checkAppraisal(grades(3, 1), members(3), RULES), []);
  assert.deepEqual(checkAppraisal(grades(1, 0), members(1), RULES), []);
  assert.equal(excellentAllowed(10, { numerator: 1, denominator: 3 }), 3);
});

test('each member appraised is graded once, and nobody else', () => {
  const g = [
    ...grades(3, 0),
    { member: '党员1', grade: 'basic' as const },
    { member: '外人', grade: 'excellent' as const },
  ];
  assert.deepEqual(
    checkAppraisal(g, [...members(3), '党员4'], RULES).map((r) => [r.code, r.params.member]),
    [
      ['memberTwice', '党员1'],
      ['memberUnknown', '外人'],
      ['memberMissing', '党员4'],
    ],
  );
});

test('不合格 opens a handling record: 限期改正 with a deadline, escalation, outcomes; never executed', () => {
  const by = { by: '第一支部', on: '2027-01-10', note: '支委会决定' };
  let r: HandlingRecord = openHandling('党员5', 2026);
  assert.equal(r.state, 'open');
  const noDeadline = handlingStep(r, { kind: 'decide', measure: 'correct', ...by });
  assert.ok(!noDeadline.ok);
  assert.equal(noDeadline.refusal.message, '“确定处置方式”须填写改正期限');
  const decided = handlingStep(r, { kind: 'decide', measure: 'correct', deadline: '2027-07-10', ...by });
  assert.ok(decided.ok);
  r = decided.record;
  assert.deepEqual([r.state, r.deadline], ['correcting', '2027-07-10']);
  assert.equal(handlingStep(r, { kind: 'outcome', outcome: 'removed', ...by }).ok, false);
  const escalated = handlingStep(r, { kind: 'escalate', measure: 'persuade', ...by, note: '逾期未改正' });
  assert.ok(escalated.ok);
  r = escalated.record;
  assert.equal(r.state, 'persuading');
  const refused = handlingStep(r, { kind: 'escalate', measure: 'remove', ...by, note: '劝而不退' });
  assert.ok(refused.ok);
  r = refused.record;
  const closed = handlingStep(r, { kind: 'outcome', outcome: 'removed', ...by, note: '上级党委批准除名' });
  assert.ok(closed.ok);
  assert.deepEqual(
    [closed.record.state, closed.record.outcome, closed.record.history.length],
    ['closed', 'removed', 4],
  );
  const after = handlingStep(closed.record, { kind: 'decide', measure: 'remove', ...by });
  assert.ok(!after.ok);
  assert.equal(after.refusal.code, 'handlingNotAllowed');
  const noNote = handlingStep(openHandling('x', 2026), {
    kind: 'decide',
    measure: 'remove',
    by: 'x',
    on: 'x',
    note: ' ',
  });
  assert.ok(!noNote.ok);
});

test('reminders: a decision pending, a correction due soon, and overdue', () => {
  const open = openHandling('党员5', 2026);
  assert.equal(handlingReminder(open, '2027-01-01', '2027-01-08')?.kind, 'decisionPending');
  const d = handlingStep(open, {
    kind: 'decide',
    measure: 'correct',
    deadline: '2027-07-10',
    by: '支部',
    on: '2027-01-10',
    note: '决定',
  });
  assert.ok(d.ok);
  assert.equal(handlingReminder(d.record, '2027-06-01', '2027-06-08'), null);
  assert.equal(handlingReminder(d.record, '2027-07-05', '2027-07-12')?.kind, 'correctionDue');
  assert.equal(handlingReminder(d.record, '2027-07-10', '2027-07-17')?.kind, 'correctionDue');
  assert.equal(handlingReminder(d.record, '2027-07-11', '2027-07-18')?.kind, 'correctionOverdue');
});

test('the decision is due on the day the branch set, else 30 days after the roster day (assess.appraisalDecideDays [S])', () => {
  const r = RULES.assess.appraisalDecideDays;
  assert.equal(r.value, 30);
  assert.equal(r.confidence, 'S');
  assert.equal(appraisalDueOn('2026-12-31', null, r.value), '2027-01-30');
  assert.equal(appraisalDueOn('2026-12-01', null, r.value), '2026-12-31');
  assert.equal(appraisalDueOn('2026-12-01', '2026-12-20', r.value), '2026-12-20');
});

test('an undecided appraisal is reminded from the day after its due day; a decided one never', () => {
  const due = { decided: false, dueOn: '2027-01-30' };
  assert.equal(appraisalReminder(due, '2027-01-29'), null);
  assert.equal(appraisalReminder(due, '2027-01-30'), null);
  assert.deepEqual(appraisalReminder(due, '2027-01-31'), { kind: 'decisionOverdue', on: '2027-01-30' });
  assert.equal(appraisalReminder({ ...due, decided: true }, '2027-01-31'), null);
});
