import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import { checkGradeList, checkPoll, pollResult, reviewGradesOf } from './review.ts';

const rules = ruleSetOn('2026-12-01');
const grades = reviewGradesOf(null, rules);
const codes = (rs: { code: string }[]) => rs.map((r) => r.code);

test('the default grades are the rule set’s 好/较好/一般/差, tagged S; a round’s own list replaces them', () => {
  assert.deepEqual(
    grades.map((g) => g.zh),
    ['好', '较好', '一般', '差'],
  );
  assert.equal(rules.assess.reviewGrades.confidence, 'S');
  const own = [
    { code: 'a', zh: '优秀', en: 'Excellent', favourable: true },
    { code: 'b', zh: '称职', en: 'Competent', favourable: true },
  ];
  assert.deepEqual(reviewGradesOf(own, rules), own);
  assert.deepEqual(reviewGradesOf([], rules), grades);
});

test('a round’s grade list: 2 to 10, none empty or repeated', () => {
  assert.deepEqual(checkGradeList(grades), []);
  assert.deepEqual(codes(checkGradeList(grades.slice(0, 1))), ['reviewGradesInvalid']);
  assert.deepEqual(codes(checkGradeList([...grades, { ...grades[0]!, code: 'x' }])), ['reviewGradeDuplicate']);
  assert.deepEqual(codes(checkGradeList([grades[0]!, { ...grades[1]!, zh: '' }])), ['reviewGradeDuplicate']);
});

test('a poll: each count and the sum at most those who took part; took part at most those who should attend', () => {
  const ok = { shouldAttend: 30, tookPart: 28, tallies: { good: 20, fairlyGood: 6, average: 2, poor: 0 } };
  assert.deepEqual(checkPoll(ok, grades), []);
  // at the edge: one grade takes every ballot
  assert.deepEqual(checkPoll({ ...ok, tallies: { good: 28 } }, grades), []);
  const over = checkPoll({ ...ok, tallies: { good: 29 } }, grades);
  assert.deepEqual(codes(over), ['reviewPollOver']);
  assert.match(over[0]!.message, /“好”的票数 29 超过实参加测评人数 28/);
  const sum = checkPoll({ ...ok, tallies: { good: 20, poor: 9 } }, grades);
  assert.deepEqual(codes(sum), ['reviewPollSumOver']);
  assert.deepEqual(codes(checkPoll({ ...ok, tookPart: 31 }, grades)), ['reviewPollAttendance']);
  assert.deepEqual(codes(checkPoll({ ...ok, tallies: { good: -1 } }, grades)), ['reviewPollCount']);
  assert.deepEqual(codes(checkPoll({ ...ok, tallies: { good: 1.5 } }, grades)), ['reviewPollCount']);
  assert.deepEqual(codes(checkPoll({ ...ok, tallies: { 优秀: 1 } }, grades)), ['reviewGradeUnknown']);
  assert.deepEqual(codes(checkPoll({ ...ok, shouldAttend: -1 }, grades)), ['reviewPollCount']);
});

test('the poll’s result: favourable share (好+较好), blank ballots, turnout, the top grade', () => {
  const r = pollResult({ shouldAttend: 30, tookPart: 28, tallies: { good: 20, fairlyGood: 6, average: 1 } }, grades);
  assert.equal(r.counted, 27);
  assert.equal(r.blank, 1);
  assert.equal(r.turnout, 28 / 30);
  assert.equal(r.favourableShare, 26 / 27);
  assert.equal(r.top, 'good');
  assert.deepEqual(
    r.shares.map((s) => [s.code, s.count]),
    [
      ['good', 20],
      ['fairlyGood', 6],
      ['average', 1],
      ['poor', 0],
    ],
  );
});

test('the poll’s result at its edges: nobody counted, nobody to attend, a tie goes to the better grade', () => {
  const none = pollResult({ shouldAttend: 0, tookPart: 0, tallies: {} }, grades);
  assert.equal(none.counted, 0);
  assert.equal(none.turnout, null);
  assert.equal(none.favourableShare, null);
  assert.equal(none.top, null);
  assert.ok(none.shares.every((s) => s.share === null));
  const tie = pollResult({ shouldAttend: 10, tookPart: 10, tallies: { average: 5, good: 5 } }, grades);
  assert.equal(tie.top, 'good');
  assert.equal(tie.favourableShare, 0.5);
  const allPoor = pollResult({ shouldAttend: 10, tookPart: 10, tallies: { poor: 10 } }, grades);
  assert.equal(allPoor.favourableShare, 0);
  assert.equal(allPoor.top, 'poor');
});
