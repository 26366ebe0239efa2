import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ASSIGNMENT_EVENT_LABELS,
  ASSIGNMENT_EVENTS,
  ASSIGNMENT_SIDES,
  ASSIGNMENT_STATE_LABELS,
  ASSIGNMENT_STATES,
  type AssignmentEvent,
  type AssignmentSide,
  type AssignmentState,
  allowedEvents,
  DISPLAY_STATE_LABELS,
  type DisplayState,
  displayState,
  expectedShare,
  isDue,
  isReasonRequired,
  reminderWindow,
  transition,
} from './assignment-state.ts';
import { TASK_RULES } from './task-rules.ts';

// The whole workflow, written out independently of the implementation: every allowed step.
const ALLOWED: [AssignmentState, AssignmentEvent, AssignmentSide, AssignmentState][] = [
  ['not_started', 'start', 'receiver', 'in_progress'],
  ['not_started', 'record', 'receiver', 'in_progress'],
  ['not_started', 'cancel', 'assigner', 'cancelled'],
  ['in_progress', 'record', 'receiver', 'in_progress'],
  ['in_progress', 'submit', 'receiver', 'submitted'],
  ['in_progress', 'cancel', 'assigner', 'cancelled'],
  ['submitted', 'record', 'receiver', 'submitted'],
  ['submitted', 'accept', 'assigner', 'done'],
  ['submitted', 'return', 'assigner', 'in_progress'],
  ['submitted', 'cancel', 'assigner', 'cancelled'],
  ['done', 'reopen', 'assigner', 'in_progress'],
];

const SIDE_OF: Record<AssignmentEvent, AssignmentSide> = {
  start: 'receiver',
  record: 'receiver',
  submit: 'receiver',
  accept: 'assigner',
  return: 'assigner',
  reopen: 'assigner',
  cancel: 'assigner',
};

const REASON = '材料不全，请补充';

test('transition: every (state, event, side) is either in the allowed table or refused with the right code', () => {
  let checked = 0;
  for (const state of ASSIGNMENT_STATES) {
    for (const event of ASSIGNMENT_EVENTS) {
      for (const side of ASSIGNMENT_SIDES) {
        const key = `${state} --${event}/${side}-->`;
        const r = transition(state, event, side, { reason: REASON });
        const allowed = ALLOWED.find(([s, e, sd]) => s === state && e === event && sd === side);
        if (allowed) {
          assert.deepEqual(r, { ok: true, to: allowed[3] }, key);
        } else {
          assert.equal(r.ok, false, key);
          if (r.ok) continue;
          // The side is checked first: each event belongs to one side, whatever the state.
          assert.equal(r.code, side === SIDE_OF[event] ? 'TRANSITION_NOT_ALLOWED' : 'WRONG_SIDE', key);
          assert.ok(r.message.length > 0 && r.rule.startsWith('平台规则'), key);
        }
        checked++;
      }
    }
  }
  assert.equal(checked, 5 * 7 * 2);
});

test('transition: return, reopen and cancel are refused without a reason, blank counts as none', () => {
  const cases: [AssignmentState, AssignmentEvent][] = [
    ['submitted', 'return'],
    ['done', 'reopen'],
    ['not_started', 'cancel'],
    ['in_progress', 'cancel'],
    ['submitted', 'cancel'],
  ];
  for (const [state, event] of cases) {
    for (const opts of [{}, { reason: '' }, { reason: '  \n ' }]) {
      const r = transition(state, event, 'assigner', opts);
      assert.ok(!r.ok && r.code === 'REASON_REQUIRED', `${state}/${event}/${JSON.stringify(opts)}`);
    }
    assert.equal(transition(state, event, 'assigner', { reason: REASON }).ok, true);
    assert.equal(isReasonRequired(event), true);
  }
  for (const event of ['start', 'record', 'submit', 'accept'] as const) assert.equal(isReasonRequired(event), false);
  assert.deepEqual(transition('submitted', 'accept', 'assigner'), { ok: true, to: 'done' });
});

test('transition: submitting a task that was never started asks to record progress first', () => {
  const r = transition('not_started', 'submit', 'receiver');
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.code === 'TRANSITION_NOT_ALLOWED');
  assert.ok(!r.ok && r.message.includes('请先记录工作进展'), !r.ok ? r.message : '');
});

test('transition: a ledger entry on a done or cancelled assignment is refused', () => {
  for (const state of ['done', 'cancelled'] as const) {
    const r = transition(state, 'record', 'receiver');
    assert.ok(!r.ok && r.code === 'TRANSITION_NOT_ALLOWED', state);
  }
});

test('transition: a receiver cannot accept its own report', () => {
  const r = transition('submitted', 'accept', 'receiver');
  assert.ok(!r.ok && r.code === 'WRONG_SIDE');
  assert.ok(!r.ok && r.message.includes('交办方'));
});

test('allowedEvents lists exactly the allowed table for each state and side', () => {
  for (const state of ASSIGNMENT_STATES) {
    for (const side of ASSIGNMENT_SIDES) {
      const expected = ASSIGNMENT_EVENTS.filter((e) =>
        ALLOWED.some(([s, ev, sd]) => s === state && ev === e && sd === side),
      );
      assert.deepEqual(allowedEvents(state, side), expected, `${state}/${side}`);
    }
  }
  assert.deepEqual(allowedEvents('cancelled', 'assigner'), []);
  assert.deepEqual(allowedEvents('cancelled', 'receiver'), []);
});

test('labels exist in Chinese and English for every state, event and display state', () => {
  for (const s of ASSIGNMENT_STATES) assert.ok(ASSIGNMENT_STATE_LABELS[s].zh && ASSIGNMENT_STATE_LABELS[s].en);
  for (const e of ASSIGNMENT_EVENTS) assert.ok(ASSIGNMENT_EVENT_LABELS[e].zh && ASSIGNMENT_EVENT_LABELS[e].en);
  assert.equal(DISPLAY_STATE_LABELS.overdue.zh, '逾期');
  assert.equal(DISPLAY_STATE_LABELS.lagging.zh, '滞后');
  assert.equal(DISPLAY_STATE_LABELS.submitted.zh, '待验收');
});

test('expectedShare: elapsed days over total days, clamped to 0..1; no time at all counts as all of it', () => {
  const cases: [string, string, string, number][] = [
    ['2026-01-01', '2026-01-11', '2026-01-01', 0],
    ['2026-01-01', '2026-01-11', '2026-01-06', 0.5],
    ['2026-01-01', '2026-01-11', '2026-01-11', 1],
    ['2026-01-01', '2026-01-11', '2026-02-01', 1],
    ['2026-01-01', '2026-01-11', '2025-12-25', 0],
    ['2026-01-01', '2026-01-01', '2026-01-01', 1],
    ['2026-01-10', '2026-01-01', '2026-01-05', 1],
  ];
  for (const [assignedOn, deadline, today, share] of cases) {
    assert.equal(expectedShare(assignedOn, deadline, today), share, `${assignedOn}→${deadline} on ${today}`);
  }
});

const RULES = { lagThreshold: TASK_RULES.lagThreshold, startGraceShare: TASK_RULES.startGraceShare };

test('displayState: overdue from the day after the deadline, not on the deadline day, never while awaiting acceptance', () => {
  const base = { assignedOn: '2026-01-01', deadline: '2026-06-30', progress: 1 };
  const cases: [AssignmentState, string, DisplayState][] = [
    ['in_progress', '2026-06-29', 'in_progress'],
    ['in_progress', '2026-06-30', 'in_progress'],
    ['in_progress', '2026-07-01', 'overdue'],
    ['not_started', '2026-07-01', 'overdue'],
    ['submitted', '2026-06-30', 'submitted'],
    ['submitted', '2026-07-01', 'submitted'], // waiting on the assigner, not the receiver's delay
    ['done', '2026-07-01', 'done'],
    ['cancelled', '2027-01-01', 'cancelled'],
  ];
  for (const [state, today, shown] of cases)
    assert.equal(displayState({ ...base, state }, today, RULES), shown, `${state} ${today}`);
});

test('displayState: no deadline, never overdue nor lagging', () => {
  for (const state of ASSIGNMENT_STATES) {
    assert.equal(
      displayState({ state, assignedOn: '2020-01-01', deadline: null, progress: 0 }, '2030-01-01', RULES),
      state,
    );
    assert.equal(
      displayState({ state, assignedOn: '2020-01-01', deadline: null, progress: null }, '2030-01-01', RULES),
      state,
    );
  }
});

test('displayState: lagging when progress trails the elapsed share by more than the threshold, not at it', () => {
  // 100 days; on day 50 the expected share is 0.5, so the line is at 0.3.
  const a = { state: 'in_progress' as const, assignedOn: '2026-01-01', deadline: '2026-04-11' };
  const cases: [string, number, DisplayState][] = [
    ['2026-02-20', 0.29, 'lagging'],
    ['2026-02-20', 0.3, 'in_progress'],
    ['2026-02-20', 0.31, 'in_progress'],
    // day 80: expected 0.8, line 0.6 (0.8 − 0.2 is 0.6000000000000001 in binary)
    ['2026-03-22', 0.6, 'in_progress'],
    ['2026-03-22', 0.59, 'lagging'],
    // the deadline day: expected 1, line 0.8
    ['2026-04-11', 0.8, 'in_progress'],
    ['2026-04-11', 0.79, 'lagging'],
  ];
  for (const [today, progress, shown] of cases) {
    assert.equal(displayState({ ...a, progress }, today, RULES), shown, `${today} progress ${progress}`);
  }
  assert.equal(displayState({ ...a, state: 'not_started', progress: 0 }, '2026-02-20', RULES), 'lagging');
  assert.equal(displayState({ ...a, state: 'submitted', progress: 0 }, '2026-02-20', RULES), 'submitted');
});

test('displayState: without a quantitative target, lagging when still not started after a third of the time', () => {
  // 30 days; a third is day 10.
  const a = { assignedOn: '2026-03-01', deadline: '2026-03-31', progress: null };
  const cases: [AssignmentState, string, DisplayState][] = [
    ['not_started', '2026-03-10', 'not_started'],
    ['not_started', '2026-03-11', 'not_started'],
    ['not_started', '2026-03-12', 'lagging'],
    ['not_started', '2026-03-31', 'lagging'],
    ['in_progress', '2026-03-31', 'in_progress'],
    ['submitted', '2026-03-31', 'submitted'],
  ];
  for (const [state, today, shown] of cases)
    assert.equal(displayState({ ...a, state }, today, RULES), shown, `${state} ${today}`);
});

test('TASK_RULES: lag threshold 0.2, start grace one third, reminders 7 and 1 days before', () => {
  assert.equal(TASK_RULES.lagThreshold, 0.2);
  assert.equal(TASK_RULES.startGraceShare, 1 / 3);
  assert.deepEqual(TASK_RULES.reminderDaysBeforeDeadline, [7, 1]);
});

test('reminderWindow: the 7-day window, then the 1-day window, none after the deadline', () => {
  const days = TASK_RULES.reminderDaysBeforeDeadline;
  const cases: [string, number | null][] = [
    ['2026-06-22', null],
    ['2026-06-23', 7],
    ['2026-06-28', 7],
    ['2026-06-29', 1],
    ['2026-06-30', 1],
    ['2026-07-01', null],
  ];
  for (const [today, window] of cases) assert.equal(reminderWindow('2026-06-30', today, days), window, today);
  assert.equal(reminderWindow('2026-06-30', '2026-06-25', []), null);
});

test('isDue: open work is due the day after its deadline, done work always, withdrawn and undated work never', () => {
  const cases: [AssignmentState, string | null, string, boolean][] = [
    ['in_progress', '2026-03-31', '2026-03-30', false],
    ['in_progress', '2026-03-31', '2026-03-31', false],
    ['in_progress', '2026-03-31', '2026-04-01', true],
    ['not_started', '2024-02-29', '2024-03-01', true],
    ['not_started', '2024-02-29', '2024-02-29', false],
    ['submitted', '2026-03-31', '2026-04-01', true],
    ['done', '2027-12-31', '2026-03-01', true],
    ['done', null, '2026-03-01', true],
    ['cancelled', '2026-03-31', '2026-04-01', false],
    ['in_progress', null, '2030-01-01', false],
  ];
  for (const [state, deadline, today, expected] of cases) {
    assert.equal(isDue({ state, deadline }, today), expected, `${state} ${deadline} on ${today}`);
  }
});
