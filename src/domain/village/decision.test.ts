import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOverrides } from '../rules/overrides.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  assemblyQuorumMet,
  checkStepFacts,
  countCases,
  exceedsShare,
  isOneShoulder,
  judgeMemberMeeting,
  judgeStep,
  noticeSufficient,
  reachesShare,
  representativeQuorumMet,
  requiredSteps,
  resolutionPassed,
  type StepFacts,
  summarizeCase,
} from './decision.ts';
import { VILLAGE_STEPS } from './vocab.ts';

const rules = ruleSetOn('2026-12-01');
const rulesOn = () => rules;

const step = (s: StepFacts['step'], heldOn: string, extra: Partial<StepFacts> = {}): StepFacts => ({
  step: s,
  heldOn,
  merged: false,
  oneShoulder: null,
  body: null,
  noticeOn: null,
  due: null,
  present: null,
  households: null,
  householdsPresent: null,
  yes: null,
  no: null,
  abstain: null,
  ...extra,
});
const review = (heldOn: string, due: number, present: number, yes: number) =>
  step('review', heldOn, { due, present, yes });
const reps = (heldOn: string, due: number, present: number, yes: number) =>
  step('resolution', heldOn, { body: 'representatives', due, present, yes });
/** A land-contract case (第二十四条) up to the members' meeting. */
const upToReview = [
  step('proposal', '2026-09-01'),
  step('deliberation', '2026-09-03'),
  review('2026-09-10', 30, 25, 20),
];
const codes = (j: { refusals: { code: string }[] }) => j.refusals.map((r) => r.code);
const flags = (j: { flags: { code: string }[] }) => j.flags.map((f) => f.code);

test('shares are compared in whole numbers: exactly 2/3 reaches, one below does not; exactly half is not more', () => {
  const twoThirds = { numerator: 2, denominator: 3 };
  const half = { numerator: 1, denominator: 2 };
  assert.equal(reachesShare(20, 30, twoThirds), true);
  assert.equal(reachesShare(19, 30, twoThirds), false);
  assert.equal(reachesShare(2, 3, twoThirds), true);
  assert.equal(exceedsShare(15, 30, half), false);
  assert.equal(exceedsShare(16, 30, half), true);
  assert.equal(exceedsShare(3, 5, half), true);
  assert.equal(exceedsShare(2, 5, half), false);
});

test('村民代表会议 (第二十六条, C): 2/3 of 30 present (20) is a quorum, 19 is refused with the article', () => {
  assert.equal(representativeQuorumMet({ due: 30, present: 20 }, rules), true);
  assert.equal(representativeQuorumMet({ due: 30, present: 19 }, rules), false);
  const ok = judgeStep({ kind: 'landContract', recorded: upToReview }, reps('2026-09-20', 30, 20, 16), rules);
  assert.deepEqual(codes(ok), []);
  assert.equal(ok.passed, true);
  const short = judgeStep({ kind: 'landContract', recorded: upToReview }, reps('2026-09-20', 30, 19, 16), rules);
  assert.deepEqual(codes(short), ['representativeQuorum']);
  assert.equal(short.refusals[0]!.rule.tag, 'C');
  assert.equal(short.refusals[0]!.rule.article, '第二十六条');
  assert.match(short.refusals[0]!.message, /2\/3 以上的组成人员参加方可召开：应到 30 人，实到 19 人/);
  assert.match(short.refusals[0]!.message, /村民委员会组织法.*第二十六条/);
});

test('more than half of those present decide (C): exactly half does not pass, one more does', () => {
  assert.equal(resolutionPassed({ present: 30, yes: 15 }, rules), false);
  assert.equal(resolutionPassed({ present: 30, yes: 16 }, rules), true);
  const tie = judgeStep({ kind: 'landContract', recorded: upToReview }, reps('2026-09-20', 30, 30, 15), rules);
  assert.deepEqual(codes(tie), []);
  assert.equal(tie.passed, false);
});

test('党员大会审议 (local rule, S): below 2/3 present is flagged, not refused; it passes with more than half of those due', () => {
  assert.deepEqual(judgeMemberMeeting({ due: 30, present: 20, yes: 16 }, rules), { quorumMet: true, passed: true });
  assert.deepEqual(judgeMemberMeeting({ due: 30, present: 19, yes: 16 }, rules), { quorumMet: false, passed: true });
  assert.deepEqual(judgeMemberMeeting({ due: 30, present: 20, yes: 15 }, rules), { quorumMet: true, passed: false });
  const recorded = upToReview.slice(0, 2);
  const exact = judgeStep({ kind: 'landContract', recorded }, review('2026-09-10', 30, 20, 16), rules);
  assert.deepEqual([codes(exact), flags(exact)], [[], []]);
  const below = judgeStep({ kind: 'landContract', recorded }, review('2026-09-10', 30, 19, 16), rules);
  assert.deepEqual([codes(below), flags(below)], [[], ['reviewQuorum']]);
  assert.equal(below.flags[0]!.rule.tag, 'S');
  assert.match(below.flags[0]!.message, /党员大会到会不足 2\/3：应到 30 人，实到 19 人/);
});

test('村民会议 (第二十二条, C): more than half of the villagers aged 18+, or representatives of 2/3 of households', () => {
  const base = { households: null, householdsPresent: null };
  assert.equal(assemblyQuorumMet({ ...base, due: 100, present: 50 }, rules), false);
  assert.equal(assemblyQuorumMet({ ...base, due: 100, present: 51 }, rules), true);
  assert.equal(assemblyQuorumMet({ due: null, present: 20, households: 30, householdsPresent: 20 }, rules), true);
  assert.equal(assemblyQuorumMet({ due: null, present: 19, households: 30, householdsPresent: 19 }, rules), false);
  // Either base met is enough.
  assert.equal(assemblyQuorumMet({ due: 100, present: 40, households: 30, householdsPresent: 20 }, rules), true);
});

test('the assembly is called with 10 days’ notice (第二十一条, C): 9 days is refused, 10 and 11 are enough', () => {
  assert.equal(noticeSufficient('2026-09-11', '2026-09-20', rules), false);
  assert.equal(noticeSufficient('2026-09-10', '2026-09-20', rules), true);
  assert.equal(noticeSufficient('2026-09-09', '2026-09-20', rules), true);
  const assembly = (noticeOn: string) =>
    step('resolution', '2026-09-20', { body: 'assembly', noticeOn, due: 100, present: 60, yes: 40 });
  const judge = (noticeOn: string) =>
    codes(judgeStep({ kind: 'homestead', recorded: upToReview }, assembly(noticeOn), rules));
  assert.deepEqual(judge('2026-09-11'), ['assemblyNotice']);
  assert.deepEqual(judge('2026-09-10'), []);
  assert.deepEqual(judge('2026-09-09'), []);
});

test('the order of the steps: a step before one recorded is refused; a mandatory step left out is flagged (S)', () => {
  const back = judgeStep({ kind: 'landContract', recorded: upToReview }, step('proposal', '2026-09-20'), rules);
  assert.deepEqual(codes(back), ['outOfOrder']);
  const again = judgeStep({ kind: 'landContract', recorded: upToReview }, review('2026-09-20', 30, 25, 20), rules);
  assert.deepEqual(codes(again), ['outOfOrder']);
  const early = judgeStep({ kind: 'landContract', recorded: upToReview }, reps('2026-09-09', 30, 25, 20), rules);
  assert.deepEqual(codes(early), ['dayBeforePrevious']);
  const skip = judgeStep(
    { kind: 'landContract', recorded: [step('proposal', '2026-09-01')] },
    review('2026-09-10', 30, 25, 20),
    rules,
  );
  assert.deepEqual([codes(skip), flags(skip)], [[], ['skipped']]);
  assert.match(skip.flags[0]!.message, /未经“两委会议商议”/);
});

test('a 第二十四条 matter cannot be disclosed without its resolution (C); another major matter may leave it out', () => {
  assert.deepEqual(requiredSteps('landContract', rules), [...VILLAGE_STEPS]);
  assert.deepEqual(
    requiredSteps('otherMajor', rules),
    VILLAGE_STEPS.filter((s) => s !== 'resolution'),
  );
  const land = judgeStep({ kind: 'landContract', recorded: upToReview }, step('disclosure', '2026-09-12'), rules);
  assert.deepEqual(codes(land), ['resolutionRequired']);
  assert.equal(land.refusals[0]!.rule.article, '第二十四条');
  const other = judgeStep({ kind: 'otherMajor', recorded: upToReview }, step('disclosure', '2026-09-12'), rules);
  assert.deepEqual([codes(other), flags(other)], [[], []]);
});

test('一肩挑: the deliberation merged with the proposal is flagged unless the secretary chairs the village committee', () => {
  assert.equal(isOneShoulder('director'), true);
  assert.equal(isOneShoulder('deputy_director'), false);
  assert.equal(isOneShoulder(null), false);
  const proposal = [step('proposal', '2026-09-01')];
  const merged = (oneShoulder: boolean) =>
    judgeStep(
      { kind: 'landContract', recorded: proposal },
      step('deliberation', '2026-09-01', { merged: true, oneShoulder }),
      rules,
    );
  assert.deepEqual(flags(merged(true)), []);
  assert.deepEqual(flags(merged(false)), ['mergedWithoutOneShoulder']);
});

test('a voted-down matter ends the case (rejected); the disclosed result closes it (done); nothing follows', () => {
  const down = [...upToReview, reps('2026-09-20', 30, 30, 15)];
  const summary = summarizeCase({ kind: 'landContract', steps: down }, '2026-12-01', rulesOn);
  assert.equal(summary.state, 'rejected');
  assert.equal(summary.next, null);
  assert.equal(summary.late, false);
  assert.deepEqual(
    codes(judgeStep({ kind: 'landContract', recorded: down }, step('disclosure', '2026-09-21'), rules)),
    ['caseRejected'],
  );
  const failedReview = summarizeCase(
    { kind: 'landContract', steps: [...upToReview.slice(0, 2), review('2026-09-10', 30, 25, 15)] },
    '2026-12-01',
    rulesOn,
  );
  assert.equal(failedReview.state, 'rejected');
  const all = [
    ...upToReview,
    reps('2026-09-20', 30, 25, 20),
    step('disclosure', '2026-09-22'),
    step('result', '2026-11-30'),
  ];
  const done = summarizeCase({ kind: 'landContract', steps: all }, '2026-12-01', rulesOn);
  assert.deepEqual(
    [done.state, done.next, done.decidedOn, done.late, done.flags.length],
    ['done', null, '2026-09-20', false, 0],
  );
  assert.deepEqual(codes(judgeStep({ kind: 'landContract', recorded: all }, step('result', '2026-12-01'), rules)), [
    'caseDone',
  ]);
});

test('决议公开 within 7 days of the resolution (S): the 7th day is on time, the 8th late; open past the period is late', () => {
  const decided = [...upToReview, reps('2026-09-20', 30, 25, 20)];
  const withDisclosure = (on: string) => [...decided, step('disclosure', on)];
  const summary = (steps: StepFacts[], today: string) => summarizeCase({ kind: 'landContract', steps }, today, rulesOn);
  assert.equal(summary(withDisclosure('2026-09-27'), '2026-12-01').late, false);
  const late = summary(withDisclosure('2026-09-28'), '2026-12-01');
  assert.equal(late.late, true);
  assert.deepEqual(flags(late), ['lateDisclosure']);
  assert.match(late.flags[0]!.message, /2026-09-20 作出决议，应于 2026-09-27 前公开（7 日内），公开日期：2026-09-28/);
  assert.equal(summary(decided, '2026-09-27').late, false);
  assert.equal(summary(decided, '2026-09-28').late, true);
  assert.equal(summary(decided, '2026-09-27').disclosureDueOn, '2026-09-27');
  // Another major matter without a resolution: decided at the members' meeting.
  const other = summarizeCase({ kind: 'otherMajor', steps: upToReview }, '2026-09-18', rulesOn);
  assert.deepEqual([other.decidedOn, other.late], ['2026-09-10', true]);
});

test('a locality’s disclosure period (地方规定) is read through the overrides; the law’s quorums are never adjusted', () => {
  const local = applyOverrides(
    rules,
    [
      {
        id: 1,
        orgId: 9,
        orgName: '某县委',
        depth: 2,
        ruleId: 'village.disclosureDays',
        value: 3,
        effectiveFrom: '2026-01-01',
        document: '某县四议两公开实施办法',
        reason: '及时公开',
      },
    ],
    '2026-09-20',
  );
  assert.equal(local.village.disclosureDays.value, 3);
  const steps = [...upToReview, reps('2026-09-20', 30, 25, 20), step('disclosure', '2026-09-24')];
  assert.equal(summarizeCase({ kind: 'landContract', steps }, '2026-12-01', () => local).late, true);
  assert.equal(rules.village.representativeQuorum.confidence, 'C');
  assert.equal(rules.village.assemblyNoticeDays.confidence, 'C');
  assert.equal(rules.village.memberMeetingQuorum.confidence, 'S');
  assert.equal(rules.village.disclosureDays.confidence, 'S');
});

test('a step as sent holds together: counts each meeting needs, no more present than due, votes within those present', () => {
  const fields = (s: StepFacts) => checkStepFacts(s, '2026-12-01').map((i) => i.field);
  assert.deepEqual(fields(step('proposal', '2026-12-02')), ['heldOn']);
  assert.deepEqual(fields(step('review', '2026-09-10')), ['due', 'present', 'yes']);
  assert.deepEqual(fields(step('resolution', '2026-09-20')), ['body', 'present', 'yes']);
  assert.deepEqual(fields(step('resolution', '2026-09-20', { body: 'assembly', present: 10, yes: 6 })), [
    'due',
    'noticeOn',
  ]);
  assert.deepEqual(fields(review('2026-09-10', 30, 31, 20)), ['present']);
  assert.deepEqual(fields(step('review', '2026-09-10', { due: 30, present: 20, yes: 15, no: 5, abstain: 1 })), ['yes']);
  assert.deepEqual(fields(review('2026-09-10', 0, 0, 0)), ['due']);
  assert.deepEqual(
    fields(
      step('resolution', '2026-09-20', { body: 'assembly', noticeOn: '2026-09-21', due: 100, present: 60, yes: 40 }),
    ),
    ['noticeOn'],
  );
});

test('counts of cases: open, done, rejected, flagged (any flag) and late', () => {
  const f = [{ code: 'x' }] as never;
  assert.deepEqual(
    countCases([
      { state: 'open', flags: [], late: false },
      { state: 'open', flags: f, late: true },
      { state: 'done', flags: f, late: false },
      { state: 'rejected', flags: [], late: false },
    ]),
    { total: 4, open: 2, done: 1, rejected: 1, flagged: 2, late: 1 },
  );
});
