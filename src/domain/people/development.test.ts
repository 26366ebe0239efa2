import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMessage } from '../messages.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  checkDevelopmentStep,
  type DevelopmentStepInput,
  developmentAlerts,
  developmentDatesOf,
  developmentGates,
  nextDevelopmentSteps,
  type RecordedStep,
} from './development.ts';
import {
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEP_INFO,
  DEVELOPMENT_STEP_KINDS,
  DEVELOPMENT_STEPS,
  type DevelopmentStepKind,
} from './development-steps.ts';

const rules = ruleSetOn('2026-01-01');
const TODAY = '2030-12-31';
const BORN = '1995-05-05';

/** Everything any step may need, valid. */
const FULL = {
  document: '会议记录',
  decider: '支部委员会',
  mentors: ['张三'],
  sponsors: ['张三', '李四'],
  passed: true,
  trainingDays: 3,
  trainingHours: 24,
  leavingOn: null,
} as const;

const check = (
  steps: RecordedStep[],
  kind: DevelopmentStepKind,
  on: string,
  extra: Partial<DevelopmentStepInput> = {},
) => checkDevelopmentStep(steps, { ...FULL, kind, on, ...extra }, { birthDate: BORN, today: TODAY, rules });

/** A case with the sequence recorded up to (not including) `upTo`, on the days given or a default day each. */
function caseUpTo(upTo: DevelopmentStepKind, days: Partial<Record<DevelopmentStepKind, string>> = {}): RecordedStep[] {
  const defaults: Partial<Record<DevelopmentStepKind, string>> = {
    apply: '2024-01-10',
    talk: '2024-01-20',
    activist_confirm: '2024-07-10',
    candidate_confirm: '2025-07-10',
    public_notice: '2025-08-20',
    branch_vote: '2025-09-10',
    approval: '2025-10-10',
    full_vote: '2026-09-15',
  };
  const steps: RecordedStep[] = [];
  let on = '2024-01-10';
  for (const kind of DEVELOPMENT_STEPS) {
    if (kind === upTo) break;
    on = days[kind] ?? defaults[kind] ?? on;
    const s: RecordedStep = { kind, on, ...FULL };
    if (kind === 'public_notice') Object.assign(s, { noticeFrom: '2025-08-11', noticeTo: '2025-08-15' });
    steps.push(s);
  }
  return steps;
}

const refused = (r: ReturnType<typeof check>, code: string, ruleId?: string) => {
  assert.equal(r.ok, false, `expected a refusal ${code}`);
  if (r.ok) return;
  assert.equal(r.code, code);
  if (ruleId) {
    assert.equal(r.rule?.id, ruleId);
    assert.match(r.message, new RegExp(ruleId.replace('.', '\\.')), r.message);
    assert.match(r.message, /《.+》/, r.message);
  }
  assert.match(r.message, /[\u4e00-\u9fff]/);
  assert.ok(renderMessage(r.msg, 'en').length > 0);
};

test('the five stages hold the 25 steps in the order of domain-rules.md §2.1', () => {
  // The 25 steps of the list and 公示 (a local rule the brief adds to stage 3).
  assert.equal(DEVELOPMENT_STEPS.length, 26);
  const perStage = DEVELOPMENT_STAGES.map(
    (s) => DEVELOPMENT_STEPS.filter((k) => DEVELOPMENT_STEP_INFO[k].stage === s).length,
  );
  // 2 + 4 + 6 (公示, a local rule, added to the 5 of the list) + 7 + 7
  assert.deepEqual(perStage, [2, 4, 6, 7, 7]);
  for (const k of DEVELOPMENT_STEP_KINDS) assert.ok(DEVELOPMENT_STEP_INFO[k].zh.length > 0);
});

test('every step in turn: only the next one (or a repeatable one, or an outcome in probation) is allowed', () => {
  for (let i = 0; i < DEVELOPMENT_STEPS.length; i++) {
    const kind = DEVELOPMENT_STEPS[i]!;
    const steps = caseUpTo(kind);
    const next = nextDevelopmentSteps(steps, rules);
    assert.ok(next.includes(kind), `${kind} is next`);
    for (const other of DEVELOPMENT_STEP_KINDS) {
      if (next.includes(other)) continue;
      const r = check(steps, other, '2030-01-01');
      refused(r, 'order', 'development.steps');
    }
  }
  assert.deepEqual(nextDevelopmentSteps([], rules), ['apply']);
  assert.deepEqual(nextDevelopmentSteps(caseUpTo('candidate_confirm'), rules), [
    'activist_training',
    'candidate_confirm',
    'withdraw',
    'terminate',
  ]);
});

test('a full run changes the status at apply, activist, candidate, approval and full approval, then closes', () => {
  const statuses: Record<string, string> = {};
  const steps: RecordedStep[] = [];
  const all = caseUpTo('archive');
  for (const s of [...all, { kind: 'archive' as const, on: '2026-12-01' }]) {
    const r = check(
      steps,
      s.kind,
      s.on,
      s.kind === 'public_notice' ? { noticeFrom: '2025-08-11', noticeTo: '2025-08-15' } : {},
    );
    assert.ok(r.ok, `${s.kind}: ${r.ok ? '' : r.message}`);
    if (r.status) statuses[s.kind] = r.status;
    steps.push({ ...FULL, ...s });
  }
  assert.deepEqual(statuses, {
    apply: 'applicant',
    activist_confirm: 'activist',
    candidate_confirm: 'candidate',
    approval: 'probationary',
    full_approval: 'full',
  });
  const d = developmentDatesOf(steps, rules);
  assert.equal(d.state, 'done');
  assert.equal(d.probationEnd, '2026-09-10');
  assert.equal(d.fullOn, '2026-09-10');
  refused(check(steps, 'observation', '2027-01-01'), 'closed');
});

test('dates: not in the future, not before the previous step; document and decider required', () => {
  refused(
    checkDevelopmentStep(
      [],
      { ...FULL, kind: 'apply', on: '2026-03-02' },
      { birthDate: BORN, today: '2026-03-01', rules },
    ),
    'future',
  );
  refused(check(caseUpTo('talk'), 'talk', '2024-01-09'), 'beforePrevious');
  refused(check(caseUpTo('talk'), 'talk', '2024-01-11', { document: ' ' }), 'documentRequired');
  refused(check(caseUpTo('talk'), 'talk', '2024-01-11', { decider: '' }), 'deciderRequired');
});

test('minimum age 18 at the application: the day before the birthday refused, the day of and after accepted', () => {
  const apply = (birthDate: string | null, on: string) =>
    checkDevelopmentStep([], { ...FULL, kind: 'apply', on }, { birthDate, today: TODAY, rules });
  refused(apply('2008-03-15', '2026-03-14'), 'underAge', 'people.minJoinAge');
  assert.ok(apply('2008-03-15', '2026-03-15').ok);
  assert.ok(apply('2008-03-15', '2026-03-16').ok);
  // Born on 02-29: eighteen on 03-01 of a common year.
  refused(apply('2008-02-29', '2026-02-28'), 'underAge', 'people.minJoinAge');
  assert.ok(apply('2008-02-29', '2026-03-01').ok);
  refused(apply(null, '2026-03-01'), 'birthDateMissing', 'people.minJoinAge');
});

test('the talk within one month of the application: late is accepted and flagged with its rule', () => {
  const steps = caseUpTo('talk', { apply: '2026-01-31' });
  for (const [on, late] of [
    ['2026-02-27', false],
    ['2026-02-28', false],
    ['2026-03-01', true],
  ] as const) {
    const r = check(steps, 'talk', on);
    assert.ok(r.ok, on);
    if (r.ok) {
      assert.equal(r.flags.length, late ? 1 : 0, on);
      if (late) {
        assert.equal(r.flags[0]?.rule.id, 'development.talkWithinMonths');
        assert.match(r.flags[0]!.message, /2026-02-28/);
      }
    }
  }
});

test('activist after 6 months of the application (local rule, S): earlier is flagged, not refused', () => {
  const steps = caseUpTo('activist_confirm', { apply: '2024-01-10' });
  const early = check(steps, 'activist_confirm', '2024-07-09');
  assert.ok(early.ok && early.flags[0]?.rule.id === 'development.applicationToActivistMonths');
  assert.ok(early.ok && early.flags[0]?.rule.tag === 'S');
  const onTime = check(steps, 'activist_confirm', '2024-07-10');
  assert.ok(onTime.ok && onTime.flags.length === 0);
});

test('1–2 mentors; exactly 2 sponsors', () => {
  const m = caseUpTo('mentors');
  refused(check(m, 'mentors', '2024-08-01', { mentors: [] }), 'mentorsCount', 'development.mentors');
  refused(check(m, 'mentors', '2024-08-01', { mentors: ['甲', '乙', '丙'] }), 'mentorsCount', 'development.mentors');
  assert.ok(check(m, 'mentors', '2024-08-01', { mentors: ['甲', '乙'] }).ok);
  const s = caseUpTo('sponsors');
  refused(check(s, 'sponsors', '2025-08-01', { sponsors: ['甲'] }), 'sponsorsCount', 'development.sponsors');
  refused(
    check(s, 'sponsors', '2025-08-01', { sponsors: ['甲', '乙', '丙'] }),
    'sponsorsCount',
    'development.sponsors',
  );
  assert.ok(check(s, 'sponsors', '2025-08-01', { sponsors: ['甲', '乙'] }).ok);
});

test('one year as an activist: the day before the anniversary refused, the day of and after accepted', () => {
  for (const [activistOn, before, day, after] of [
    ['2025-03-01', '2026-02-28', '2026-03-01', '2026-03-02'],
    // An activist of 2024-02-29 completes the year on 2025-02-28 (the month's last day).
    ['2024-02-29', '2025-02-27', '2025-02-28', '2025-03-01'],
    // A year ending in a leap February: 2027-02-28 → 2028-02-28; 02-29 is after the anniversary.
    ['2027-02-28', '2028-02-27', '2028-02-28', '2028-02-29'],
  ] as const) {
    const steps = caseUpTo('candidate_confirm', {
      apply: '2023-01-01',
      talk: '2023-01-05',
      activist_confirm: activistOn,
    });
    refused(check(steps, 'candidate_confirm', before), 'activistTooSoon', 'development.activistMinYears');
    const r = check(steps, 'candidate_confirm', day);
    assert.ok(r.ok && r.status === 'candidate', `${activistOn} → ${day}`);
    assert.ok(check(steps, 'candidate_confirm', after).ok);
  }
  const r = check(caseUpTo('candidate_confirm', { activist_confirm: '2025-03-01' }), 'candidate_confirm', '2026-01-31');
  assert.ok(!r.ok && r.message.includes('最早 2026-03-01'), r.ok ? '' : r.message);
});

test('political review: a failed one is recorded but the case does not move on; no admission without it', () => {
  const steps = caseUpTo('political_review');
  const failed = check(steps, 'political_review', '2025-08-01', { passed: false });
  assert.ok(failed.ok && failed.flags[0]?.rule.id === 'development.politicalReview');
  const after = [...steps, { kind: 'political_review' as const, on: '2025-08-01', passed: false }];
  assert.deepEqual(nextDevelopmentSteps(after, rules), ['political_review', 'withdraw', 'terminate']);
  refused(check(after, 'training', '2025-08-02'), 'order');
  refused(check(steps, 'political_review', '2025-08-01', { passed: undefined }), 'reviewResult');
});

test('training: 3 days or 24 hours; shorter only with a recorded reason', () => {
  const steps = caseUpTo('training');
  refused(
    check(steps, 'training', '2025-08-05', { trainingDays: 2, trainingHours: 23 }),
    'trainingShort',
    'development.training',
  );
  assert.ok(check(steps, 'training', '2025-08-05', { trainingDays: 3, trainingHours: 0 }).ok);
  assert.ok(check(steps, 'training', '2025-08-05', { trainingDays: 0, trainingHours: 24 }).ok);
  const r = check(steps, 'training', '2025-08-05', {
    trainingDays: 2,
    trainingHours: 16,
    reason: '边远地区，集中培训改为分段',
  });
  assert.ok(r.ok && r.flags[0]?.code === 'trainingShort' && r.flags[0].message.includes('边远地区'));
  const shortRefusal = check(steps, 'training', '2025-08-05', { trainingDays: 2, trainingHours: 16 });
  assert.ok(!shortRefusal.ok && shortRefusal.exceptionAllowed && shortRefusal.message.includes('理由'));
});

test('公示 of 5 working days, counted with the official calendar across National Day 2026', () => {
  const steps = caseUpTo('public_notice', { candidate_confirm: '2026-09-01' });
  const notice = (noticeFrom: string, noticeTo: string, on = noticeTo) =>
    check(steps, 'public_notice', on, { noticeFrom, noticeTo });
  // 09-29, 09-30, (10-01 … 10-07 off), 10-08, 10-09, 10-10 (a make-up Saturday): five working days.
  refused(notice('2026-09-29', '2026-10-09'), 'noticeShort', 'development.publicNoticeWorkingDays');
  assert.ok(notice('2026-09-29', '2026-10-10').ok);
  assert.ok(notice('2026-09-29', '2026-10-11').ok);
  // From 09-30 the fifth working day is 10-12 (10-11 is a Sunday).
  const r = notice('2026-09-30', '2026-10-11');
  refused(r, 'noticeShort');
  assert.ok(!r.ok && r.message.includes('2026-10-12') && r.message.includes('4个工作日'), r.ok ? '' : r.message);
  assert.ok(notice('2026-09-30', '2026-10-12').ok);
  // An ordinary week: Monday to Friday.
  assert.ok(notice('2026-09-07', '2026-09-11').ok);
  refused(notice('2026-09-07', '2026-09-10'), 'noticeShort');
  refused(notice('2026-09-07', '2026-09-11', '2026-09-10'), 'noticeDates');
  refused(
    check(steps, 'public_notice', '2026-09-11', { noticeFrom: '2026-09-11', noticeTo: '2026-09-07' }),
    'noticeDates',
  );
});

test('leaving the unit within 3 months of the pre-review: refused, or accepted with a reason', () => {
  const steps = caseUpTo('pre_review');
  const pre = (leavingOn: string | null, reason?: string) =>
    check(steps, 'pre_review', '2025-09-01', { leavingOn, reason });
  refused(pre('2025-11-30'), 'leavingSoon', 'development.leavingWithinMonths');
  refused(pre('2025-12-01'), 'leavingSoon');
  assert.ok(pre('2025-12-02').ok);
  assert.ok(pre(null).ok);
  const r = pre('2025-11-30', '调往上级机关，组织关系随转');
  assert.ok(r.ok && r.flags[0]?.code === 'leavingSoon');
});

test('approval within 3 months of the branch vote (flagged after), refused after 6 (local rule)', () => {
  const steps = caseUpTo('approval', { branch_vote: '2025-09-10' });
  for (const [on, outcome] of [
    ['2025-12-09', 'ok'],
    ['2025-12-10', 'ok'],
    ['2025-12-11', 'flag'],
    ['2026-03-09', 'flag'],
    ['2026-03-10', 'flag'],
    ['2026-03-11', 'refused'],
  ] as const) {
    const r = check(steps, 'approval', on);
    if (outcome === 'refused') refused(r, 'approvalTooLate', 'development.approvalMonths');
    else {
      assert.ok(r.ok, on);
      if (r.ok) assert.equal(r.flags.length, outcome === 'flag' ? 1 : 0, on);
    }
  }
});

test('probation is one year from the branch vote: the full vote the day before refused, the day of accepted', () => {
  const steps = caseUpTo('full_vote', { branch_vote: '2024-02-29', approval: '2024-03-15' });
  refused(check(steps, 'full_vote', '2025-02-27'), 'probationNotOver', 'people.probationYears');
  assert.ok(check(steps, 'full_vote', '2025-02-28').ok);
  assert.ok(check(steps, 'full_vote', '2025-03-01').ok);
});

test('the full-membership decision within 3 months of the end of probation: later is flagged', () => {
  const steps = caseUpTo('full_vote', { branch_vote: '2025-09-10', approval: '2025-10-10' });
  for (const [on, late] of [
    ['2026-12-09', false],
    ['2026-12-10', false],
    ['2026-12-11', true],
  ] as const) {
    const r = check(steps, 'full_vote', on);
    assert.ok(r.ok, on);
    if (r.ok) {
      assert.equal(r.flags.length, late ? 1 : 0, on);
      if (late) assert.equal(r.flags[0]?.rule.id, 'development.fullMembershipMonths');
    }
  }
});

test('extension: once only, 6–12 months, at the end of probation; the extended end holds the full vote', () => {
  const steps = caseUpTo('full_application', { branch_vote: '2025-09-10', approval: '2025-10-10' });
  assert.ok(nextDevelopmentSteps(steps, rules).includes('extend'));
  refused(check(steps, 'extend', '2026-09-09', { months: 6 }), 'probationNotOver', 'people.probationYears');
  refused(check(steps, 'extend', '2026-09-10', { months: 5 }), 'extendMonths', 'development.extensionMonths');
  refused(check(steps, 'extend', '2026-09-10', { months: 13 }), 'extendMonths');
  assert.ok(check(steps, 'extend', '2026-09-10', { months: 6 }).ok);
  assert.ok(check(steps, 'extend', '2026-09-10', { months: 12 }).ok);
  const extended = [...steps, { kind: 'extend' as const, on: '2026-09-10', months: 6 }];
  assert.equal(developmentDatesOf(extended, rules).probationEnd, '2027-03-10');
  assert.ok(!nextDevelopmentSteps(extended, rules).includes('extend'));
  refused(check(extended, 'extend', '2027-03-10', { months: 6 }), 'order');
  const applied = [...extended, { kind: 'full_application' as const, on: '2027-02-01' }];
  refused(check(applied, 'full_vote', '2027-03-09'), 'probationNotOver', 'development.extensionMonths');
  assert.ok(check(applied, 'full_vote', '2027-03-10').ok);
});

test('revocation: from approval until full membership; the person leaves the roll', () => {
  assert.ok(!nextDevelopmentSteps(caseUpTo('approval'), rules).includes('revoke'));
  const r = check(caseUpTo('oath'), 'revoke', '2025-12-01');
  assert.ok(r.ok && r.status === 'removed');
  const steps = [...caseUpTo('oath'), { kind: 'revoke' as const, on: '2025-12-01' }];
  assert.equal(developmentDatesOf(steps, rules).state, 'revoked');
  assert.deepEqual(nextDevelopmentSteps(steps, rules), []);
});

test('gates of a case: statuses and days', () => {
  const steps = caseUpTo('candidate_confirm', { activist_confirm: '2024-07-10' });
  const gates = developmentGates(steps, '2025-03-01', rules);
  const byId = new Map(gates.map((g) => [g.rule.id, g]));
  assert.equal(byId.get('people.minJoinAge')?.status, 'met');
  assert.equal(byId.get('development.talkWithinMonths')?.status, 'met');
  assert.deepEqual(byId.get('development.activistMinYears'), {
    rule: byId.get('development.activistMinYears')!.rule,
    status: 'waiting',
    opensOn: '2025-07-10',
    dueOn: null,
  });
  // Last assessed 2024-07-10: the next one was due 2025-01-10.
  assert.equal(byId.get('development.activistAssessMonths')?.status, 'late');
  assert.equal(byId.get('development.activistAssessMonths')?.dueOn, '2025-01-10');
  assert.equal(
    developmentGates(steps, '2025-07-10', rules).find((g) => g.rule.id === 'development.activistMinYears')?.status,
    'met',
  );
  const late = developmentGates(caseUpTo('talk', { apply: '2026-01-10' }), '2026-02-11', rules);
  assert.equal(late.find((g) => g.rule.id === 'development.talkWithinMonths')?.status, 'late');
});

test('pipeline alerts: blocked until a day, due within the month, late after it', () => {
  const d = developmentDatesOf(caseUpTo('candidate_confirm', { activist_confirm: '2025-07-10' }), rules);
  const alerts = developmentAlerts(d, '2026-01-05', '2026-01-31', rules);
  assert.deepEqual(
    alerts.map((a) => [a.kind, a.code, a.on]),
    [
      ['blocked', 'activistYear', '2026-07-10'],
      ['due', 'assessment', '2026-01-10'],
    ],
  );
  const vote = developmentDatesOf(caseUpTo('approval', { branch_vote: '2025-09-10' }), rules);
  assert.deepEqual(
    developmentAlerts(vote, '2025-12-01', '2025-12-31', rules).map((a) => [a.kind, a.code, a.on]),
    [['due', 'approval', '2025-12-10']],
  );
  assert.deepEqual(
    developmentAlerts(vote, '2025-12-11', '2025-12-31', rules).map((a) => a.kind),
    ['late'],
  );
  assert.deepEqual(
    developmentAlerts(vote, '2026-03-11', '2026-03-31', rules).map((a) => [a.kind, a.code]),
    [['blocked', 'approvalExpired']],
  );
  const prob = developmentDatesOf(
    caseUpTo('full_application', { branch_vote: '2025-09-10', approval: '2025-10-10' }),
    rules,
  );
  assert.deepEqual(
    developmentAlerts(prob, '2026-09-01', '2026-09-30', rules).map((a) => [a.kind, a.code, a.on]),
    [['due', 'probationEnds', '2026-09-10']],
  );
});
