import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  daysOverdue,
  defaultProblemDeadline,
  escalationReminder,
  escalationStep,
  isProblemOverdue,
  isRecheckDue,
  needsOfProblemEvent,
  PROBLEM_EVENTS,
  PROBLEM_SIDES,
  PROBLEM_STATES,
  type ProblemEvent,
  type ProblemEventInput,
  type ProblemSide,
  type ProblemState,
  problemEventsFor,
  problemTransition,
  recheckDueOn,
  sideOfProblemEvent,
} from './problem-state.ts';

/** Every allowed transition, by hand: [state, event, side, to]. */
const ALLOWED: [ProblemState, ProblemEvent, ProblemSide, ProblemState][] = [
  ['open', 'claim', 'responsible', 'claimed'],
  ['claimed', 'plan', 'responsible', 'rectifying'],
  ['rectifying', 'plan', 'responsible', 'rectifying'],
  ['rectifying', 'progress', 'responsible', 'rectifying'],
  ['rectifying', 'submit', 'responsible', 'submitted'],
  ['submitted', 'pass', 'issuer', 'closed'],
  ['submitted', 'return', 'issuer', 'rectifying'],
  ['closed', 'recheck', 'issuer', 'closed'],
  ['closed', 'reopen', 'issuer', 'rectifying'],
];

/** Everything an event may need, complete. */
const FULL: ProblemEventInput = {
  reason: '佐证材料不足',
  person: '张某某',
  measures: [{ text: '建立问题台账', deadline: '2027-01-31' }],
  note: '已完成整改，附会议记录',
};

test('every state × event × side: the allowed transitions and only them', () => {
  let refused = 0;
  for (const state of PROBLEM_STATES) {
    for (const event of PROBLEM_EVENTS) {
      for (const side of PROBLEM_SIDES) {
        const r = problemTransition(state, event, side, FULL);
        const row = ALLOWED.find(([s, e, d]) => s === state && e === event && d === side);
        if (row) {
          assert.deepEqual(r, { ok: true, to: row[3] }, `${state} ${event} ${side}`);
        } else {
          assert.equal(r.ok, false, `${state} ${event} ${side}`);
          if (!r.ok) {
            assert.equal(r.code, side === sideOfProblemEvent(event) ? 'TRANSITION_NOT_ALLOWED' : 'WRONG_SIDE');
            assert.ok(r.message.length > 0 && /[\u4e00-\u9fff]/.test(r.message), r.message);
            assert.ok(r.rule.length > 0);
          }
          refused++;
        }
      }
    }
  }
  assert.equal(refused, PROBLEM_STATES.length * PROBLEM_EVENTS.length * PROBLEM_SIDES.length - ALLOWED.length);
});

test('a refused transition names the state and the step in Chinese', () => {
  const r = problemTransition('open', 'submit', 'responsible', FULL);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.message, '问题待认领，不能“申请销号”');
  const side = problemTransition('submitted', 'pass', 'responsible', FULL);
  if (!side.ok) assert.equal(side.message, '“核查通过（销号）”只能由交办方操作');
  else assert.fail('the responsible side cannot close its own problem');
});

test('what each step must carry', () => {
  const refusal = (s: ProblemState, e: ProblemEvent, d: ProblemSide, input: ProblemEventInput) => {
    const r = problemTransition(s, e, d, input);
    return r.ok ? 'ok' : `${r.code}: ${r.message}`;
  };
  assert.equal(refusal('open', 'claim', 'responsible', {}), 'PERSON_REQUIRED: 认领须填写责任人');
  assert.equal(refusal('open', 'claim', 'responsible', { person: '  ' }), 'PERSON_REQUIRED: 认领须填写责任人');
  assert.equal(refusal('open', 'claim', 'responsible', { person: '李某' }), 'ok');
  assert.match(refusal('claimed', 'plan', 'responsible', { measures: [] }), /^MEASURES_REQUIRED: 请至少填写一条/);
  assert.equal(
    refusal('claimed', 'plan', 'responsible', {
      measures: [
        { text: '建台账', deadline: '2027-01-01' },
        { text: '立制度', deadline: null },
      ],
    }),
    'MEASURES_REQUIRED: 第 2 条整改措施缺少内容或完成时限',
  );
  assert.equal(
    refusal('claimed', 'plan', 'responsible', { measures: [{ text: ' ', deadline: '2027-01-01' }] }),
    'MEASURES_REQUIRED: 第 1 条整改措施缺少内容或完成时限',
  );
  assert.equal(refusal('rectifying', 'submit', 'responsible', {}), 'NOTE_REQUIRED: 申请销号须说明整改情况并举证');
  assert.equal(
    refusal('rectifying', 'progress', 'responsible', { note: '' }),
    'NOTE_REQUIRED: “报告进展”须填写情况说明',
  );
  assert.equal(refusal('submitted', 'return', 'issuer', {}), 'REASON_REQUIRED: “退回整改”须填写理由');
  assert.equal(refusal('closed', 'reopen', 'issuer', { reason: ' ' }), 'REASON_REQUIRED: “重新整改”须填写理由');
  assert.equal(refusal('closed', 'recheck', 'issuer', {}), 'NOTE_REQUIRED: “回头看”须填写情况说明');
  assert.equal(refusal('submitted', 'pass', 'issuer', {}), 'ok');
  // The state is checked before the input: a wrong step is named as such, not as a missing field.
  assert.match(refusal('open', 'return', 'issuer', {}), /^TRANSITION_NOT_ALLOWED/);
});

test('the buttons of each side in each state', () => {
  assert.deepEqual(problemEventsFor('open', 'responsible'), ['claim']);
  assert.deepEqual(problemEventsFor('open', 'issuer'), []);
  assert.deepEqual(problemEventsFor('rectifying', 'responsible'), ['plan', 'progress', 'submit']);
  assert.deepEqual(problemEventsFor('submitted', 'issuer'), ['pass', 'return']);
  assert.deepEqual(problemEventsFor('submitted', 'responsible'), []);
  assert.deepEqual(problemEventsFor('closed', 'issuer'), ['recheck', 'reopen']);
});

test('the form of each step: what it must carry, as the transition checks it', () => {
  assert.deepEqual(Object.fromEntries(PROBLEM_EVENTS.map((e) => [e, needsOfProblemEvent(e)])), {
    claim: 'person',
    plan: 'measures',
    progress: 'note',
    submit: 'note',
    pass: null,
    return: 'reason',
    recheck: 'note',
    reopen: 'reason',
  });
});

test('overdue: the day after the deadline, never the day itself, never once closed', () => {
  assert.equal(isProblemOverdue('rectifying', '2026-12-31', '2026-12-30'), false);
  assert.equal(isProblemOverdue('rectifying', '2026-12-31', '2026-12-31'), false);
  assert.equal(isProblemOverdue('rectifying', '2026-12-31', '2027-01-01'), true);
  assert.equal(isProblemOverdue('submitted', '2026-12-31', '2027-01-01'), true);
  assert.equal(isProblemOverdue('closed', '2026-12-31', '2027-01-01'), false);
  assert.equal(isProblemOverdue('open', null, '2099-01-01'), false);
  assert.equal(daysOverdue('open', '2026-12-31', '2027-01-01'), 1);
  assert.equal(daysOverdue('open', '2024-02-28', '2024-03-01'), 2); // leap year: 29 February counts
  assert.equal(daysOverdue('closed', '2024-02-28', '2024-03-01'), 0);
});

test('escalation ladder: each step from the day its threshold is reached', () => {
  const ladder = ruleSetOn('2026-12-06').rectify.ladder.value;
  assert.deepEqual(ladder, { remind: 1, talk: 15, visit: 30, accountability: 60 });
  assert.equal(escalationStep(0, ladder), null);
  assert.equal(escalationStep(-3, ladder), null);
  assert.equal(escalationStep(1, ladder), 'remind');
  assert.equal(escalationStep(14, ladder), 'remind');
  assert.equal(escalationStep(15, ladder), 'talk');
  assert.equal(escalationStep(29, ladder), 'talk');
  assert.equal(escalationStep(30, ladder), 'visit');
  assert.equal(escalationStep(59, ladder), 'visit');
  assert.equal(escalationStep(60, ladder), 'accountability');
  assert.equal(escalationStep(400, ladder), 'accountability');
  // A ladder configured with a step skipped (talk at once with the reminder) still climbs in order.
  assert.equal(escalationStep(5, { remind: 5, talk: 5, visit: 10, accountability: 20 }), 'talk');
});

test('deadlines from the rule set: two months after a 巡视 feedback, 回头看 three months after closure', () => {
  const rules = ruleSetOn('2026-12-06').rectify;
  assert.equal(rules.inspectionRectifyMonths.value, 2);
  assert.equal(rules.inspectionRectifyMonths.article, '第二十七条');
  assert.equal(defaultProblemDeadline('2026-10-15', rules.inspectionRectifyMonths.value), '2026-12-15');
  // The end of a longer month lands on the end of the shorter one; a leap year's 29 February holds.
  assert.equal(defaultProblemDeadline('2026-12-31', 2), '2027-02-28');
  assert.equal(defaultProblemDeadline('2027-12-31', 2), '2028-02-29');
  assert.equal(defaultProblemDeadline('2026-10-15', null), null);
  assert.equal(recheckDueOn('2026-11-30', rules.recheckMonths.value), '2027-02-28');
  assert.equal(recheckDueOn('2026-12-06', 3), '2027-03-06');
});

test('the reminder of the ladder on the day before, of and after each rung; to whom it goes', () => {
  const ladder = ruleSetOn('2026-12-06').rectify.ladder.value;
  const deadline = '2026-12-01';
  const on = (today: string, state: ProblemState = 'rectifying') => escalationReminder(state, deadline, today, ladder);
  const rung = (today: string) => {
    const r = on(today);
    return r && [r.step, r.to, r.daysOverdue, r.from];
  };
  // The deadline day itself is not overdue; the day after is the first of 提醒.
  assert.equal(rung('2026-11-30'), null);
  assert.equal(rung('2026-12-01'), null);
  assert.deepEqual(rung('2026-12-02'), ['remind', 'responsible', 1, 1]);
  assert.deepEqual(rung('2026-12-03'), ['remind', 'responsible', 2, 1]);
  // 约谈 from day 15, 实地督办 from day 30, 问责 from day 60: to the issuing side.
  assert.deepEqual(rung('2026-12-15'), ['remind', 'responsible', 14, 1]);
  assert.deepEqual(rung('2026-12-16'), ['talk', 'issuer', 15, 15]);
  assert.deepEqual(rung('2026-12-17'), ['talk', 'issuer', 16, 15]);
  assert.deepEqual(rung('2026-12-30'), ['talk', 'issuer', 29, 15]);
  assert.deepEqual(rung('2026-12-31'), ['visit', 'issuer', 30, 30]);
  assert.deepEqual(rung('2027-01-01'), ['visit', 'issuer', 31, 30]);
  assert.deepEqual(rung('2027-01-29'), ['visit', 'issuer', 59, 30]);
  assert.deepEqual(rung('2027-01-30'), ['accountability', 'issuer', 60, 60]);
  assert.deepEqual(rung('2027-01-31'), ['accountability', 'issuer', 61, 60]);
  // Closed, or without a deadline: nothing, however late.
  assert.equal(on('2027-03-01', 'closed'), null);
  assert.equal(escalationReminder('open', null, '2027-03-01', ladder), null);
  // Every state but closed climbs the ladder, 待核查 included (the issuer is late to verify, the problem still open).
  for (const state of PROBLEM_STATES.filter((x) => x !== 'closed')) {
    assert.equal(on('2026-12-16', state)?.step, 'talk', state);
  }
});

test('回头看 is due on its day and after, for closed problems only', () => {
  assert.equal(isRecheckDue('closed', '2027-03-01', '2027-02-28'), false);
  assert.equal(isRecheckDue('closed', '2027-03-01', '2027-03-01'), true);
  assert.equal(isRecheckDue('closed', '2027-03-01', '2027-03-02'), true);
  assert.equal(isRecheckDue('closed', null, '2027-03-02'), false);
  assert.equal(isRecheckDue('rectifying', '2027-03-01', '2027-03-02'), false);
});
