import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMessage } from '../messages.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  backfillNote,
  checkDevelopmentBackfill,
  checkDevelopmentStep,
  type DevelopmentStepInput,
  developmentDatesOf,
  developmentGates,
  nextDevelopmentSteps,
  type RecordedStep,
} from './development.ts';
import { DEVELOPMENT_STEPS, type DevelopmentStepKind } from './development-steps.ts';

/** The ways out of member development: re-vote and restart after a late approval, withdrawal, termination, 补录. */

const rules = ruleSetOn('2026-01-01');
const TODAY = '2030-12-31';
const base = { document: '会议记录', decider: '支部大会' };

const check = (
  steps: readonly RecordedStep[],
  kind: DevelopmentStepKind,
  on: string,
  extra: Partial<DevelopmentStepInput> = {},
) => checkDevelopmentStep(steps, { ...base, kind, on, ...extra }, { birthDate: '1995-05-05', today: TODAY, rules });

/** The sequence up to and including the branch vote (2026-01-10) and the higher committee's talk. */
function voted(): RecordedStep[] {
  const out: RecordedStep[] = [];
  for (const kind of DEVELOPMENT_STEPS) {
    if (kind === 'approval') break;
    out.push({ kind, on: kind === 'higher_talk' ? '2026-01-10' : '2026-01-10', passed: true });
  }
  return out;
}

const refused = (r: ReturnType<typeof check>, code: string) => {
  assert.equal(r.ok, false, `expected ${code}`);
  if (r.ok) return;
  assert.equal(r.code, code);
  assert.match(r.message, /[\u4e00-\u9fff]/);
  assert.ok(renderMessage(r.msg, 'en').length > 0);
};

test('re-vote: refused up to the 3 months (day of), accepted the day after and up to 6 months, refused after', () => {
  const steps = voted();
  assert.ok(nextDevelopmentSteps(steps, rules).includes('revote'));
  refused(check(steps, 'revote', '2026-04-09'), 'revoteTooSoon');
  refused(check(steps, 'revote', '2026-04-10'), 'revoteTooSoon');
  assert.equal(check(steps, 'revote', '2026-04-11').ok, true);
  assert.equal(check(steps, 'revote', '2026-07-10').ok, true);
  refused(check(steps, 'revote', '2026-07-11'), 'revoteTooLate');
});

test('re-vote resets the approval clock and the probation year', () => {
  const steps = [...voted(), { kind: 'revote', on: '2026-05-01' } as RecordedStep];
  const d = developmentDatesOf(steps, rules);
  assert.equal(d.voteOn, '2026-05-01');
  assert.equal(d.probationEnd, '2027-05-01');
  assert.equal(d.state, 'open');
  // 7 months after the first vote but within 3 of the re-vote: accepted, not flagged.
  const r = check(steps, 'approval', '2026-08-01');
  assert.equal(r.ok, true);
  if (r.ok) assert.deepEqual(r.flags, []);
  refused(check(steps, 'approval', '2026-11-02'), 'approvalTooLate');
  // The approval's gate counts from the re-vote.
  const gate = developmentGates(steps, '2026-06-01', rules).find((g) => g.rule.id === 'development.approvalMonths');
  assert.equal(gate?.dueOn, '2026-08-01');
});

test('restart: refused up to 6 months (day of), accepted the day after; the case ends as restarted', () => {
  const steps = voted();
  refused(check(steps, 'restart', '2026-07-09'), 'restartTooSoon');
  refused(check(steps, 'restart', '2026-07-10'), 'restartTooSoon');
  const r = check(steps, 'restart', '2026-07-11');
  assert.equal(r.ok, true);
  if (r.ok) assert.equal(r.status, null, 'the person stays a candidate');
  const after = [...steps, { kind: 'restart', on: '2026-07-11' } as RecordedStep];
  assert.equal(developmentDatesOf(after, rules).state, 'restarted');
  assert.deepEqual(nextDevelopmentSteps(after, rules), []);
  refused(check(after, 'approval', '2026-07-12'), 'closed');
});

test('revote and restart are offered only between the vote and the approval', () => {
  const beforeVote = voted().filter((s) => s.kind !== 'branch_vote' && s.kind !== 'higher_talk');
  assert.ok(!nextDevelopmentSteps(beforeVote, rules).includes('revote'));
  const approved = [...voted(), { kind: 'approval', on: '2026-02-01' } as RecordedStep];
  const next = nextDevelopmentSteps(approved, rules);
  assert.ok(!next.includes('revote') && !next.includes('restart'));
  assert.ok(!next.includes('withdraw') && !next.includes('terminate'), 'a probationary member is revoked instead');
});

test('withdraw: the applicant leaves the roll (withdrawn); the case ends; nothing after', () => {
  const steps: RecordedStep[] = [{ kind: 'apply', on: '2026-01-10' }];
  const r = check(steps, 'withdraw', '2026-02-01', { document: '撤回申请书', decider: '本人' });
  assert.equal(r.ok, true);
  if (r.ok) assert.equal(r.status, 'withdrawn');
  const after = [...steps, { kind: 'withdraw', on: '2026-02-01' } as RecordedStep];
  assert.equal(developmentDatesOf(after, rules).state, 'withdrawn');
  refused(check(after, 'talk', '2026-02-02'), 'closed');
  refused(check(after, 'terminate', '2026-02-02', { reason: 'x' }), 'closed');
});

test('terminate: needs a reason; the person goes back to applicant; the case ends', () => {
  const steps: RecordedStep[] = [
    { kind: 'apply', on: '2026-01-10' },
    { kind: 'talk', on: '2026-01-20' },
    { kind: 'activist_confirm', on: '2026-07-10' },
  ];
  refused(check(steps, 'terminate', '2026-08-01'), 'terminateReason');
  refused(check(steps, 'terminate', '2026-08-01', { reason: '  ' }), 'terminateReason');
  const r = check(steps, 'terminate', '2026-08-01', { reason: '考察期间表现不符合要求' });
  assert.equal(r.ok, true);
  if (r.ok) assert.equal(r.status, 'applicant');
  refused(check(steps, 'terminate', '2026-07-09', { reason: 'x' }), 'beforePrevious');
  const after = [...steps, { kind: 'terminate', on: '2026-08-01' } as RecordedStep];
  assert.equal(developmentDatesOf(after, rules).state, 'terminated');
  // The gates of the ended case as of its last day: nothing open or waiting any more.
  const gates = developmentGates(after, '2027-12-31', rules);
  assert.ok(gates.every((g) => g.status === 'met' || g.status === 'late' || g.status === 'exception'));
  assert.ok(gates.some((g) => g.rule.id === 'people.minJoinAge'));
  assert.ok(!gates.some((g) => g.rule.id === 'development.activistAssessMonths'), 'due 2027-01-10, after the end');
});

test('backfill: the status must be the stage’s, its dates given, in order, not in the future', () => {
  const ok = checkDevelopmentBackfill({ stage: 'activist', activistOn: '2026-03-01' }, 'activist', '2026-12-01');
  assert.equal(ok.ok, true);
  if (ok.ok) assert.equal(ok.step.on, '2026-03-01');
  const wrong = checkDevelopmentBackfill({ stage: 'activist', activistOn: '2026-03-01' }, 'applicant', '2026-12-01');
  assert.equal(wrong.ok, false);
  if (!wrong.ok) assert.equal(wrong.code, 'backfillStatus');
  const missing = checkDevelopmentBackfill({ stage: 'candidate', activistOn: '2025-03-01' }, 'candidate', '2026-12-01');
  assert.equal(!missing.ok && missing.code, 'backfillDates');
  const order = checkDevelopmentBackfill(
    { stage: 'candidate', activistOn: '2025-03-01', candidateOn: '2025-02-01' },
    'candidate',
    '2026-12-01',
  );
  assert.equal(!order.ok && order.code, 'backfillOrder');
  const future = checkDevelopmentBackfill({ stage: 'activist', activistOn: '2026-12-02' }, 'activist', '2026-12-01');
  assert.equal(!future.ok && future.code, 'future');
  assert.equal(backfillNote('candidate'), '建档时已处于发展对象阶段（补录）');
});

test('backfill as activist: the 1-year gate counts from the recorded date (day before refused, day of accepted)', () => {
  const b = checkDevelopmentBackfill(
    { stage: 'activist', appliedOn: '2025-01-05', activistOn: '2025-06-10' },
    'activist',
    '2026-01-01',
  );
  assert.ok(b.ok);
  if (!b.ok) return;
  const steps = [b.step];
  const d = developmentDatesOf(steps, rules);
  assert.equal(d.activistOn, '2025-06-10');
  assert.equal(d.appliedOn, '2025-01-05');
  assert.equal(d.stage, 'activist');
  assert.deepEqual(nextDevelopmentSteps(steps, rules).slice(0, 1), ['activist_filed']);
  let s = steps;
  for (const kind of ['activist_filed', 'mentors', 'activist_training'] as const) {
    const r = check(s, kind, '2025-07-01', { mentors: ['张三'] });
    assert.equal(r.ok, true, `${kind}`);
    s = [...s, { kind, on: '2025-07-01' }];
  }
  refused(check(s, 'candidate_confirm', '2026-06-09'), 'activistTooSoon');
  assert.equal(check(s, 'candidate_confirm', '2026-06-10').ok, true);
  // A step before the recorded date is refused.
  refused(check(steps, 'activist_filed', '2025-06-09'), 'beforePrevious');
});

test('backfill as probationary: probation runs from the recorded vote; approval defaults to the vote', () => {
  const b = checkDevelopmentBackfill(
    { stage: 'probation', activistOn: '2023-01-01', candidateOn: '2024-01-02', voteOn: '2025-03-01' },
    'probationary',
    '2026-01-01',
  );
  assert.ok(b.ok);
  if (!b.ok) return;
  const d = developmentDatesOf([b.step], rules);
  assert.equal(d.voteOn, '2025-03-01');
  assert.equal(d.approvedOn, '2025-03-01');
  assert.equal(d.probationEnd, '2026-03-01');
  assert.equal(d.stage, 'admission');
  const next = nextDevelopmentSteps([b.step], rules);
  assert.ok(next.includes('approval_filed') && next.includes('revoke') && !next.includes('withdraw'));
});

test('a 补录 step cannot be recorded as a step', () => {
  refused(check([{ kind: 'apply', on: '2026-01-10' }], 'backfill', '2026-02-01'), 'order');
});
