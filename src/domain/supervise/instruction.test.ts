import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  INSTRUCTION_FOLLOWUPS,
  INSTRUCTION_SIDES,
  INSTRUCTION_STATES,
  type InstructionFollowup,
  type InstructionSide,
  type InstructionState,
  instructionDaysOverdue,
  instructionFollowupNeedsText,
  instructionFollowupsFor,
  instructionSides,
  instructionTransition,
  isInstructionOverdue,
  sideOfInstructionFollowup,
} from './instruction.ts';

/** Every allowed step, by hand: [state, step, side, to]. */
const ALLOWED: [InstructionState, InstructionFollowup, InstructionSide, InstructionState][] = [
  ['open', 'progress', 'follower', 'open'],
  ['open', 'reply', 'follower', 'replied'],
  ['replied', 'close', 'giver', 'closed'],
  ['replied', 'reopen', 'giver', 'open'],
];

test('every allowed follow-up step moves to its state, by its side, with a text', () => {
  for (const [state, kind, side, to] of ALLOWED) {
    assert.deepEqual(instructionTransition(state, kind, side, '已落实'), { ok: true, to }, `${state} ${kind}`);
  }
});

test('every other state × step is refused in Chinese naming the state and the step, by the right side', () => {
  let refused = 0;
  for (const state of INSTRUCTION_STATES) {
    for (const kind of INSTRUCTION_FOLLOWUPS) {
      if (ALLOWED.some(([s, k]) => s === state && k === kind)) continue;
      const r = instructionTransition(state, kind, sideOfInstructionFollowup(kind), '文字');
      assert.equal(r.ok, false, `${state} ${kind}`);
      if (!r.ok) {
        assert.equal(r.code, 'TRANSITION_NOT_ALLOWED');
        assert.match(r.message, /^批示(落实中|已回复|已办结)，不能“.+”$/);
        assert.ok(r.rule.length > 0);
      }
      refused++;
    }
  }
  assert.equal(refused, INSTRUCTION_STATES.length * INSTRUCTION_FOLLOWUPS.length - ALLOWED.length);
});

test('a step by the wrong side is refused before its state is looked at', () => {
  for (const state of INSTRUCTION_STATES) {
    for (const kind of INSTRUCTION_FOLLOWUPS) {
      const wrong = INSTRUCTION_SIDES.find((s) => s !== sideOfInstructionFollowup(kind))!;
      const r = instructionTransition(state, kind, wrong, '文字');
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.code, 'WRONG_SIDE');
        assert.match(r.message, /^“.+”只能由(批示单位|落实单位)操作$/);
      }
    }
  }
});

test('progress, reply and a return need a text; closing does not', () => {
  for (const [state, kind, side] of ALLOWED) {
    const r = instructionTransition(state, kind, side, '  ');
    if (instructionFollowupNeedsText(kind)) {
      assert.equal(r.ok, false, kind);
      if (!r.ok) {
        assert.equal(r.code, 'TEXT_REQUIRED');
        assert.match(r.message, /^“(报告落实情况|回复|退回)”须填写内容$/);
      }
    } else assert.deepEqual(r, { ok: true, to: 'closed' });
  }
  assert.deepEqual(
    INSTRUCTION_FOLLOWUPS.filter((k) => !instructionFollowupNeedsText(k)),
    ['close'],
  );
});

test('the buttons of each side in each state are exactly the allowed steps', () => {
  for (const state of INSTRUCTION_STATES) {
    for (const side of INSTRUCTION_SIDES) {
      const expected = ALLOWED.filter(([s, , d]) => s === state && d === side).map(([, k]) => k);
      assert.deepEqual(instructionFollowupsFor(state, side), expected, `${state} ${side}`);
    }
  }
});

test('sides: the giver assigns and holds the giving organisation; the follower is below it, or the same organisation', () => {
  const base = { canAssign: true, canReport: true, holdsGiver: false, holdsFollower: false, sameOrg: false };
  // The giving organisation's account holds both organisations but answers only as the giver.
  assert.deepEqual(instructionSides({ ...base, holdsGiver: true, holdsFollower: true }), {
    giver: true,
    follower: false,
  });
  // The organisation that must follow up (or one between it and the giver).
  assert.deepEqual(instructionSides({ ...base, holdsFollower: true }), { giver: false, follower: true });
  // An instruction to one's own organisation: both sides.
  assert.deepEqual(instructionSides({ ...base, holdsGiver: true, holdsFollower: true, sameOrg: true }), {
    giver: true,
    follower: true,
  });
  // Without the permissions, neither.
  assert.deepEqual(
    instructionSides({ canAssign: false, canReport: false, holdsGiver: true, holdsFollower: true, sameOrg: true }),
    { giver: false, follower: false },
  );
  // Outside both organisations, neither.
  assert.deepEqual(instructionSides(base), { giver: false, follower: false });
});

test('overdue: open past the reply day; the day before and the day itself are not, the day after is', () => {
  const cases: [string, boolean, number][] = [
    ['2026-12-09', false, 0],
    ['2026-12-10', false, 0],
    ['2026-12-11', true, 1],
    ['2027-01-10', true, 31],
  ];
  for (const [today, overdue, days] of cases) {
    assert.equal(isInstructionOverdue('open', '2026-12-10', today), overdue, today);
    assert.equal(instructionDaysOverdue('open', '2026-12-10', today), days, today);
  }
  // Replied or closed: never overdue; no reply day: never overdue.
  assert.equal(isInstructionOverdue('replied', '2026-12-10', '2026-12-20'), false);
  assert.equal(isInstructionOverdue('closed', '2026-12-10', '2026-12-20'), false);
  assert.equal(isInstructionOverdue('open', null, '2026-12-20'), false);
  assert.equal(instructionDaysOverdue('replied', '2026-12-10', '2026-12-20'), 0);
});
