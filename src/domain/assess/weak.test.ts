import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import { checkAcceptance, checkWeakReasons, countWeak, isAssessmentLow, isWeakOverdue, liftedOn } from './weak.ts';

const rules = ruleSetOn('2026-12-01');

test('a designation needs a reason: a checklist item, other text or a low assessment; unknown codes are named', () => {
  assert.deepEqual(checkWeakReasons(['leadership'], '', false, rules), []);
  assert.deepEqual(checkWeakReasons([], '班子长期瘫痪', false, rules), []);
  assert.deepEqual(checkWeakReasons([], '', true, rules), []);
  assert.deepEqual(
    checkWeakReasons([], ' ', false, rules).map((r) => r.code),
    ['weakNoReason'],
  );
  const bad = checkWeakReasons(['leadership', 'nope'], '', false, rules);
  assert.deepEqual(
    bad.map((r) => r.code),
    ['weakReasonUnknown'],
  );
  assert.match(bad[0]!.message, /nope/);
});

test('the checklist is a platform list tagged S, never confirmed', () => {
  assert.equal(rules.assess.weakReasons.confidence, 'S');
  assert.ok(rules.assess.weakReasons.value.length >= 5);
  assert.equal(rules.assess.weakAssessmentBelow.confidence, 'S');
});

test('an assessment total below the threshold (60) or a veto is low; 60 itself is not', () => {
  assert.equal(isAssessmentLow(59.99, false, rules), true);
  assert.equal(isAssessmentLow(60, false, rules), false);
  assert.equal(isAssessmentLow(95, true, rules), true);
  assert.equal(isAssessmentLow(null, false, rules), false);
});

test('a passed acceptance check needs every measure closed; none after a lift; none before the designation', () => {
  const d = { liftedOn: null, designatedOn: '2026-03-01' };
  assert.deepEqual(checkAcceptance(d, { passed: true, checkedOn: '2026-11-01' }, []), []);
  assert.deepEqual(checkAcceptance(d, { passed: false, checkedOn: '2026-11-01' }, ['配齐班子']), []);
  const open = checkAcceptance(d, { passed: true, checkedOn: '2026-11-01' }, ['配齐班子', '规范组织生活']);
  assert.deepEqual(
    open.map((r) => r.code),
    ['weakMeasuresOpen'],
  );
  assert.match(open[0]!.message, /2/);
  assert.match(open[0]!.message, /配齐班子/);
  assert.deepEqual(
    checkAcceptance({ ...d, liftedOn: '2026-10-01' }, { passed: true, checkedOn: '2026-11-01' }, []).map((r) => r.code),
    ['weakLifted'],
  );
  assert.deepEqual(checkAcceptance(d, { passed: false, checkedOn: '2026-03-01' }, []), []);
  assert.deepEqual(
    checkAcceptance(d, { passed: false, checkedOn: '2026-02-28' }, []).map((r) => r.code),
    ['weakCheckBefore'],
  );
});

test('lifted on the first passed check; overdue the day after its deadline, not on it, never once lifted', () => {
  assert.equal(liftedOn([]), null);
  assert.equal(
    liftedOn([
      { passed: false, checkedOn: '2026-09-01' },
      { passed: true, checkedOn: '2026-10-01' },
    ]),
    '2026-10-01',
  );
  assert.equal(isWeakOverdue({ liftedOn: null, dueOn: '2026-12-01' }, '2026-12-01'), false);
  assert.equal(isWeakOverdue({ liftedOn: null, dueOn: '2026-12-01' }, '2026-12-02'), true);
  assert.equal(isWeakOverdue({ liftedOn: '2026-11-30', dueOn: '2026-12-01' }, '2026-12-02'), false);
  assert.deepEqual(
    countWeak(
      [
        { liftedOn: null, dueOn: '2026-12-01' },
        { liftedOn: '2026-06-01', dueOn: '2026-06-30' },
        { liftedOn: null, dueOn: '2027-06-30' },
      ],
      '2026-12-07',
    ),
    { designated: 3, lifted: 1, overdue: 1 },
  );
});
