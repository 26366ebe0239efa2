import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canInRound, checkRoundDates, nextRoundState, ROUND_STATES, roundTransition } from './round-state.ts';

test('a round moves only to the next state: 草稿 → 自评 → 上级评分 → 公示 → 确定', () => {
  for (const [i, from] of ROUND_STATES.entries()) {
    for (const [j, to] of ROUND_STATES.entries()) {
      const r = roundTransition(from, to);
      assert.equal(r.ok, j === i + 1, `${from} → ${to}`);
    }
  }
  assert.equal(nextRoundState('final'), null);
});

test('refuses a step out of order naming the next one, in Chinese', () => {
  const r = roundTransition('self_assessment', 'publicity');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.refusal.code, 'roundOutOfOrder');
    assert.match(r.refusal.message, /自评/);
    assert.match(r.refusal.message, /上级评分/);
  }
});

test('a final round is locked', () => {
  const r = roundTransition('final', 'draft');
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.refusal.code, 'roundFinal');
});

test('what each state allows', () => {
  assert.ok(canInRound('self_assessment', 'selfAssess'));
  assert.ok(!canInRound('scoring', 'selfAssess'));
  assert.ok(canInRound('scoring', 'score'));
  assert.ok(!canInRound('publicity', 'score'));
  assert.ok(canInRound('publicity', 'object'));
  assert.ok(canInRound('final', 'revise'));
  assert.ok(!canInRound('publicity', 'revise'));
});

test('dates in order; the cut-off on or before the scoring due day (edges)', () => {
  const d = {
    selfDue: '2026-12-31',
    scoreDue: '2027-01-15',
    cutoff: '2026-12-31',
    publicityFrom: '2027-01-16',
    publicityTo: '2027-01-22',
  };
  assert.deepEqual(checkRoundDates(d), []);
  assert.deepEqual(checkRoundDates({ ...d, cutoff: '2027-01-15', publicityFrom: '2027-01-15' }), []);
  assert.equal(checkRoundDates({ ...d, cutoff: '2027-01-16' })[0]?.code, 'cutoffAfterScoring');
  assert.equal(checkRoundDates({ ...d, scoreDue: '2026-12-30' })[0]?.code, 'datesOrder');
  assert.equal(checkRoundDates({ ...d, publicityTo: '2027-01-15' })[0]?.code, 'datesOrder');
});
