import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zhOf } from '../messages.ts';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  type ComplianceInput,
  calendarOf,
  checkCompliance,
  checkMakeUp,
  judgeVote,
  type MeetingFacts,
  windowLabel,
  windowOf,
  yearPeriod,
} from './compliance.ts';
import { hasCommitteeIn, hasCommitteeOf, type PositionSpan, requiredKinds } from './vocab.ts';

const rules = ruleSetOn('2026-01-01');
let nextId = 1;
const meeting = (kind: MeetingFacts['kind'], heldOn: string, over: Partial<MeetingFacts> = {}): MeetingFacts => ({
  id: nextId++,
  kind,
  heldOn,
  hasMinutes: true,
  expected: null,
  present: null,
  votes: [],
  ...over,
});
const branch = (meetings: MeetingFacts[], today: string, over: Partial<ComplianceInput> = {}): ComplianceInput => ({
  orgType: 'branch',
  hasCommittee: true,
  ...yearPeriod(2026),
  today,
  meetings,
  ...over,
});
const windowsOf = (c: ReturnType<typeof checkCompliance>, kind: MeetingFacts['kind']) =>
  c.windows.filter((w) => w.kind === kind);

describe('calendar-aligned windows', () => {
  it('a month, a quarter, a half-year and the year hold the day, leap Februaries included', () => {
    assert.deepEqual(windowOf('2024-02-29', 1), { start: '2024-02-01', end: '2024-02-29' });
    assert.deepEqual(windowOf('2026-02-28', 1), { start: '2026-02-01', end: '2026-02-28' });
    assert.deepEqual(windowOf('2026-03-31', 3), { start: '2026-01-01', end: '2026-03-31' });
    assert.deepEqual(windowOf('2026-04-01', 3), { start: '2026-04-01', end: '2026-06-30' });
    assert.deepEqual(windowOf('2026-07-01', 6), { start: '2026-07-01', end: '2026-12-31' });
    assert.deepEqual(windowOf('2026-12-31', 12), { start: '2026-01-01', end: '2026-12-31' });
    assert.deepEqual(windowOf('2026-11-15', 5), { start: '2026-11-01', end: '2026-12-31' });
  });

  it('names windows in both languages', () => {
    assert.deepEqual(windowLabel('2026-03-01', '2026-03-31'), { zh: '2026年3月', en: 'Mar 2026' });
    assert.deepEqual(windowLabel('2026-04-01', '2026-06-30'), { zh: '2026年第2季度', en: 'Q2 2026' });
    assert.deepEqual(windowLabel('2026-01-01', '2026-12-31'), { zh: '2026年', en: '2026' });
    assert.deepEqual(windowLabel('2026-07-01', '2026-12-31'), { zh: '2026年下半年', en: 'H2 2026' });
  });
});

describe('which kinds an organisation must hold', () => {
  it('a branch holds the 三会一课 and the yearly meetings; the 支委会 only with a committee', () => {
    assert.deepEqual(requiredKinds('branch', true), [
      'general_meeting',
      'committee_meeting',
      'lecture',
      'theme_day',
      'life_meeting',
      'appraisal',
    ]);
    assert.ok(!requiredKinds('joint_branch', false).includes('committee_meeting'));
    assert.deepEqual(requiredKinds('group', false), ['group_meeting']);
    assert.deepEqual(requiredKinds('committee', true), ['leadership_life_meeting']);
    assert.deepEqual(requiredKinds('working_committee', true), ['leadership_life_meeting']);
  });

  it('a branch with 7 full members has a committee, with 6 only if its positions make one', () => {
    assert.equal(hasCommitteeOf('branch', 7, 0, rules.org), true);
    assert.equal(hasCommitteeOf('branch', 6, 0, rules.org), false);
    assert.equal(hasCommitteeOf('branch', 6, 3, rules.org), true);
    assert.equal(hasCommitteeOf('group', 9, 0, rules.org), false);
  });
});

describe('the committee judged as of each window, not today (支部条例 第十二、二十条)', () => {
  const april = { start: '2026-04-01', end: '2026-04-30' };
  const three = (endedOn: string | null, startedOn = '2025-01-01'): PositionSpan[] =>
    [1, 2, 3].map((personId) => ({ personId, startedOn, endedOn }));

  it('positions ending the day before a window start make no committee in it; the day of or after do', () => {
    assert.equal(hasCommitteeIn('branch', 4, three('2026-03-31'), april, rules.org), false);
    assert.equal(hasCommitteeIn('branch', 4, three('2026-04-01'), april, rules.org), true);
    assert.equal(hasCommitteeIn('branch', 4, three('2026-04-02'), april, rules.org), true);
  });

  it('positions starting on a window’s last day count; the day after do not', () => {
    assert.equal(hasCommitteeIn('branch', 4, three(null, '2026-04-30'), april, rules.org), true);
    assert.equal(hasCommitteeIn('branch', 4, three(null, '2026-05-01'), april, rules.org), false);
  });

  it('needs the size on one day: two who left and one who came later make no committee', () => {
    const turnover: PositionSpan[] = [
      { personId: 1, startedOn: '2025-01-01', endedOn: '2026-04-10' },
      { personId: 2, startedOn: '2025-01-01', endedOn: '2026-04-10' },
      { personId: 3, startedOn: '2026-04-11', endedOn: null },
    ];
    assert.equal(hasCommitteeIn('branch', 4, turnover, april, rules.org), false);
    // Two positions of one person are one member.
    const twice: PositionSpan[] = [...three(null).slice(0, 2), { personId: 1, startedOn: '2025-06-01', endedOn: null }];
    assert.equal(hasCommitteeIn('branch', 4, twice, april, rules.org), false);
  });

  it('seven full members owe a committee whatever the positions; a group never has one', () => {
    assert.equal(hasCommitteeIn('branch', 7, [], april, rules.org), true);
    assert.equal(hasCommitteeIn('group', 9, three(null), april, rules.org), false);
  });

  it('a branch that had a committee until June owes 支委会 until June, not after', () => {
    const c = checkCompliance(
      branch([], '2026-10-01', { hasCommittee: false, committee: { fullMembers: 4, positions: three('2026-06-10') } }),
    );
    const status = windowsOf(c, 'committee_meeting').map((w) => w.status);
    assert.deepEqual(status, [...Array(6).fill('missing'), ...Array(3).fill('none'), ...Array(3).fill('none')]);
    assert.equal(c.findings.filter((f) => f.kind === 'committee_meeting').length, 6);
    assert.ok(c.kinds.includes('committee_meeting'));
    const never = checkCompliance(
      branch([], '2026-10-01', { hasCommittee: true, committee: { fullMembers: 4, positions: three('2025-12-31') } }),
    );
    assert.ok(!never.kinds.includes('committee_meeting'));
    assert.equal(windowsOf(never, 'committee_meeting').length, 0);
  });
});

describe('missing meetings: windows that ended without the meetings the rule asks for', () => {
  it('no 支委会 in March is missing from April 1, pending on March 31 (the last day of the month)', () => {
    const onLastDay = checkCompliance(branch([], '2026-03-31'));
    const march = windowsOf(onLastDay, 'committee_meeting')[2]!;
    assert.equal(march.start, '2026-03-01');
    assert.equal(march.status, 'pending');
    assert.ok(!onLastDay.findings.some((f) => f.code === 'missing' && f.window?.start === '2026-03-01'));
    const dayAfter = checkCompliance(branch([], '2026-04-01'));
    const missing = dayAfter.findings.find(
      (f) => f.code === 'missing' && f.kind === 'committee_meeting' && f.window?.start === '2026-03-01',
    )!;
    assert.equal(windowsOf(dayAfter, 'committee_meeting')[2]!.status, 'missing');
    assert.equal(missing.ruleId, 'life.committeeMeeting');
    assert.equal(missing.source, '中国共产党支部工作条例（试行）');
    assert.equal(missing.article, '第十二条');
    assert.equal(missing.tag, 'C');
    assert.match(missing.summary, /支部委员会会议每月至少1次/);
    assert.equal(zhOf(missing.msg), '2026年3月应召开支部委员会会议至少 1 次，实际 0 次');
  });

  it('a quarter is missing the day after its last day; a 支委会 on that day counts', () => {
    const onTime = [meeting('general_meeting', '2026-03-31')];
    assert.equal(windowsOf(checkCompliance(branch(onTime, '2026-04-01')), 'general_meeting')[0]!.status, 'done');
    const none = checkCompliance(branch([], '2026-03-31'));
    assert.equal(windowsOf(none, 'general_meeting')[0]!.status, 'pending');
    assert.equal(windowsOf(checkCompliance(branch([], '2026-04-01')), 'general_meeting')[0]!.status, 'missing');
  });

  it('the year is pending on December 31 and missing on January 1', () => {
    const dec31 = checkCompliance(branch([], '2026-12-31'));
    assert.equal(windowsOf(dec31, 'life_meeting')[0]!.status, 'pending');
    const jan1 = checkCompliance(branch([], '2027-01-01'));
    assert.equal(windowsOf(jan1, 'life_meeting')[0]!.status, 'missing');
    assert.equal(windowsOf(jan1, 'appraisal')[0]!.status, 'missing');
  });

  it('a meeting on February 29 of a leap year counts for February and the first quarter', () => {
    const leap = [meeting('committee_meeting', '2024-02-29'), meeting('lecture', '2024-02-29')];
    const c = checkCompliance(branch(leap, '2024-03-01', yearPeriod(2024)));
    const feb = windowsOf(c, 'committee_meeting')[1]!;
    assert.deepEqual([feb.start, feb.end, feb.status], ['2024-02-01', '2024-02-29', 'done']);
    // A running window already met shows as done (it is not yet counted as due).
    assert.equal(windowsOf(c, 'lecture')[0]!.status, 'done');
    assert.equal(c.counts.due, 4);
    const q1 = checkCompliance(branch(leap, '2024-04-01', yearPeriod(2024)));
    assert.equal(windowsOf(q1, 'lecture')[0]!.status, 'done');
  });

  it('counts windows due and met; work not yet due counts against nobody', () => {
    const c = checkCompliance(branch([meeting('committee_meeting', '2026-01-10')], '2026-03-15'));
    // Ended: January and February (支委会, 主题党日); none of the quarterly or yearly ones.
    assert.deepEqual(c.counts, { due: 4, met: 1, late: 0, findings: 3, pending: 10 + 10 + 4 + 4 + 1 + 1 });
    const noCommittee = checkCompliance(branch([], '2026-03-15', { hasCommittee: false }));
    assert.ok(!noCommittee.windows.some((w) => w.kind === 'committee_meeting'));
  });

  it('windows that ended before the organisation was set up do not apply', () => {
    const c = checkCompliance(branch([], '2026-07-01', { activeFrom: '2026-05-20' }));
    const months = windowsOf(c, 'committee_meeting').map((w) => w.status);
    assert.deepEqual(months.slice(0, 6), ['none', 'none', 'none', 'none', 'missing', 'missing']);
  });

  it('a group holds its group meeting monthly; a committee its 民主生活会 yearly', () => {
    const g = checkCompliance({ ...branch([], '2026-02-01'), orgType: 'group' });
    assert.deepEqual(g.kinds, ['group_meeting']);
    assert.equal(g.counts.due, 1);
    const k = checkCompliance({ ...branch([], '2027-01-01'), orgType: 'committee' });
    assert.equal(k.findings[0]!.ruleId, 'life.leadershipLifeMeeting');
  });
});

describe('quorums, minutes and votes', () => {
  it('a 党员大会 with exactly half of the voting members present reaches the quorum; one fewer does not', () => {
    const half = checkCompliance(
      branch([meeting('general_meeting', '2026-02-10', { expected: 8, present: 4 })], '2026-04-01'),
    );
    assert.ok(!half.findings.some((f) => f.code === 'underAttended'));
    assert.equal(windowsOf(half, 'general_meeting')[0]!.status, 'done');
    const less = checkCompliance(
      branch([meeting('general_meeting', '2026-02-10', { expected: 8, present: 3 })], '2026-04-01'),
    );
    const f = less.findings.find((x) => x.code === 'underAttended')!;
    assert.equal(f.ruleId, 'life.generalMeetingQuorum');
    assert.equal(f.article, '第十一条');
    assert.equal(windowsOf(less, 'general_meeting')[0]!.status, 'flagged');
    assert.equal(zhOf(f.msg), '2026-02-10 支部党员大会到会 3 人，不足应到 8 人的 50%');
  });

  it('a 支委会 below its quorum is flagged under the committee rule', () => {
    const c = checkCompliance(
      branch([meeting('committee_meeting', '2026-02-10', { expected: 5, present: 2 })], '2026-03-01'),
    );
    assert.equal(c.findings.find((x) => x.code === 'underAttended')!.ruleId, 'life.committeeQuorum');
    const ok = checkCompliance(
      branch([meeting('committee_meeting', '2026-02-10', { expected: 5, present: 3 })], '2026-03-01'),
    );
    assert.ok(!ok.findings.some((x) => x.code === 'underAttended'));
  });

  it('a meeting without minutes is flagged under its own rule', () => {
    const c = checkCompliance(branch([meeting('lecture', '2026-02-10', { hasMinutes: false })], '2026-03-01'));
    const f = c.findings.find((x) => x.code === 'noMinutes')!;
    assert.equal(f.ruleId, 'life.lecture');
    assert.equal(f.meetingId !== null, true);
  });

  it('with an even number of voters, exactly half yes fails when strict and passes when not', () => {
    const strict = rules.life;
    const loose = { ...rules.life, passStrict: { ...rules.life.passStrict, value: false } };
    const v = { yes: 4, shouldAttend: 8, present: 8 };
    assert.equal(judgeVote(v, strict).passed, false);
    assert.equal(judgeVote(v, loose).passed, true);
    assert.equal(judgeVote({ ...v, yes: 5 }, strict).passed, true);
    assert.equal(judgeVote({ ...v, yes: 3 }, loose).passed, false);
  });

  it('absentees count as no: 5 yes of 6 present passes with 10 who should attend only when more than 5', () => {
    assert.equal(judgeVote({ yes: 5, shouldAttend: 10, present: 6 }, rules.life).passed, false);
    assert.equal(judgeVote({ yes: 6, shouldAttend: 10, present: 6 }, rules.life).passed, true);
  });

  it('a vote without a quorum is void: exactly half present is enough, one fewer is not', () => {
    assert.equal(judgeVote({ yes: 4, shouldAttend: 8, present: 4 }, rules.life).quorumMet, true);
    const v = judgeVote({ yes: 3, shouldAttend: 8, present: 3 }, rules.life);
    assert.deepEqual([v.quorumMet, v.passed], [false, false]);
  });

  it('failed votes are findings citing Art.11', () => {
    const votes = [
      { motion: '接收张三为预备党员', yes: 4, no: 4, abstain: 0, shouldAttend: 8, present: 8 },
      { motion: '评选先进', yes: 3, no: 0, abstain: 0, shouldAttend: 8, present: 3 },
    ];
    const c = checkCompliance(branch([meeting('general_meeting', '2026-02-10', { votes })], '2026-03-01'));
    const codes = c.findings.filter((f) => f.meetingId !== null).map((f) => [f.code, f.ruleId, f.article]);
    assert.deepEqual(codes, [
      ['voteNotPassed', 'life.passShare', '第十一条'],
      ['voteNoQuorum', 'life.generalMeetingQuorum', '第十一条'],
    ]);
    assert.match(
      zhOf(c.findings.find((f) => f.code === 'voteNotPassed')!.msg),
      /赞成 4 票，未超过应到会有表决权党员 8 人的 50%/,
    );
  });
});

describe('make-up meetings (补开): a window made up after its end is late, not missing and not met', () => {
  it('March’s 支委会 held on 5 April for March: March late by 5 days, April still pending, citing Art.12', () => {
    const m = meeting('committee_meeting', '2026-04-05', { makesUpFor: '2026-03-01' });
    const c = checkCompliance(branch([m], '2026-04-06'));
    const w = windowsOf(c, 'committee_meeting');
    assert.equal(w[2]!.status, 'late');
    assert.deepEqual([w[2]!.held, w[2]!.madeUpBy, w[2]!.meetingIds], [0, [m.id], []]);
    assert.equal(w[3]!.status, 'pending');
    assert.equal(w[3]!.held, 0);
    const late = c.findings.find((f) => f.code === 'late')!;
    assert.deepEqual([late.ruleId, late.article, late.meetingId], ['life.committeeMeeting', '第十二条', m.id]);
    assert.deepEqual(late.params, { start: '2026-03-01', end: '2026-03-31', heldOn: '2026-04-05', days: 5 });
    assert.equal(zhOf(late.msg), '2026年3月的支部委员会会议未按期召开，于 2026-04-05 补开，晚于期限 5 天');
    assert.equal(
      c.findings.filter((f) => f.kind === 'committee_meeting' && f.window?.start === '2026-03-01').length,
      1,
    );
  });

  it('counts a late window as due, not met; a window made up and also held on time is done', () => {
    const c = checkCompliance(
      branch([meeting('committee_meeting', '2026-04-05', { makesUpFor: '2026-03-01' })], '2026-04-06'),
    );
    const plain = checkCompliance(branch([], '2026-04-06'));
    assert.deepEqual([c.counts.due, c.counts.met, c.counts.late], [plain.counts.due, plain.counts.met, 1]);
    const both = checkCompliance(
      branch(
        [
          meeting('committee_meeting', '2026-03-05'),
          meeting('committee_meeting', '2026-04-05', { makesUpFor: '2026-03-01' }),
        ],
        '2026-04-06',
      ),
    );
    assert.equal(windowsOf(both, 'committee_meeting')[2]!.status, 'done');
    assert.equal(both.counts.late, 0);
  });

  it('December made up in January of the next year: the past year sees it late by 1 day across the year’s end', () => {
    const m = meeting('committee_meeting', '2027-01-01', { makesUpFor: '2026-12-01' });
    const c = checkCompliance(branch([m], '2027-01-02'));
    assert.equal(windowsOf(c, 'committee_meeting')[11]!.status, 'late');
    assert.equal(c.findings.find((f) => f.code === 'late')!.params.days, 1);
    // In the year it was held it counts for nothing.
    const next = checkCompliance(branch([m], '2027-02-02', yearPeriod(2027)));
    assert.equal(windowsOf(next, 'committee_meeting')[0]!.status, 'missing');
  });

  it('a quarter made up the day after it ended is late by one day', () => {
    const c = checkCompliance(branch([meeting('lecture', '2026-04-01', { makesUpFor: '2026-01-01' })], '2026-04-02'));
    assert.equal(windowsOf(c, 'lecture')[0]!.status, 'late');
    assert.equal(c.findings.find((f) => f.code === 'late')!.params.days, 1);
  });

  it('the calendar shows the late window’s months late', () => {
    const ms = [meeting('lecture', '2026-04-20', { makesUpFor: '2026-02-10' })];
    const cells = calendarOf(checkCompliance(branch(ms, '2026-05-01')), 2026, ms);
    const months = cells.filter((x) => x.kind === 'lecture').map((x) => x.status);
    assert.deepEqual(months.slice(0, 4), ['late', 'late', 'late', 'pending']);
  });

  it('refuses a make-up for a window not ended before the meeting: its last day is refused, the day after allowed', () => {
    const onEnd = checkMakeUp('committee_meeting', '2026-03-31', '2026-03-01', []);
    assert.equal(onEnd.ok, false);
    assert.equal(!onEnd.ok && onEnd.code, 'notEnded');
    assert.match(!onEnd.ok ? zhOf(onEnd.msg) : '', /只能补开此前已结束的期限/);
    const after = checkMakeUp('committee_meeting', '2026-04-01', '2026-03-15', []);
    assert.deepEqual(after, { ok: true, window: { start: '2026-03-01', end: '2026-03-31' } });
  });

  it('refuses a make-up for a window that holds a meeting or was already made up, or is before the organisation', () => {
    const held = checkMakeUp('committee_meeting', '2026-04-05', '2026-03-01', [{ heldOn: '2026-03-31' }]);
    assert.equal(!held.ok && held.code, 'notEmpty');
    assert.equal(!held.ok && zhOf(held.msg), '补开：2026年3月已于 2026-03-31 召开支部委员会会议，无需补开');
    const twice = checkMakeUp('committee_meeting', '2026-04-06', '2026-03-01', [
      { heldOn: '2026-04-05', makesUpFor: '2026-03-01' },
    ]);
    assert.equal(!twice.ok && twice.code, 'notEmpty');
    // A make-up of February held in March does not fill March.
    const other = checkMakeUp('committee_meeting', '2026-04-05', '2026-03-01', [
      { heldOn: '2026-03-10', makesUpFor: '2026-02-01' },
    ]);
    assert.equal(other.ok, true);
    const early = checkMakeUp('committee_meeting', '2026-04-05', '2026-03-01', [], '2026-04-01');
    assert.equal(!early.ok && early.code, 'beforeOrg');
    assert.equal(checkMakeUp('committee_meeting', '2026-04-05', '2026-03-01', [], '2026-03-31').ok, true);
  });
});

describe('民主生活会 情况报告: to the higher level within 15 days after ([S, local])', () => {
  const llm = (heldOn: string, reportSentOn: string | null) =>
    meeting('leadership_life_meeting', heldOn, { reportSentOn });
  const findingsOf = (m: MeetingFacts, today: string) =>
    checkCompliance({ orgType: 'committee', hasCommittee: false, ...yearPeriod(2026), today, meetings: [m] })
      .findings.filter((f) => f.meetingId === m.id)
      .map((f) => f.code);

  it('the rule is in the rule set: 15 days, tagged S, from the 2016 规定', () => {
    const r = rules.life.leadershipLifeReportDays;
    assert.deepEqual([r.value, r.confidence, r.source], [15, 'S', '县以上党和国家机关党员领导干部民主生活会若干规定']);
  });

  it('sent on day 15 is in time; on day 16 it is late by one day', () => {
    assert.deepEqual(findingsOf(llm('2026-12-01', '2026-12-16'), '2026-12-20'), []);
    const m = llm('2026-12-01', '2026-12-17');
    const c = checkCompliance({
      orgType: 'committee',
      hasCommittee: false,
      ...yearPeriod(2026),
      today: '2026-12-20',
      meetings: [m],
    });
    const f = c.findings.find((x) => x.code === 'reportLate')!;
    assert.deepEqual(
      [f.ruleId, f.tag, f.params.over, f.params.deadline],
      ['life.leadershipLifeReportDays', 'S', 1, '2026-12-16'],
    );
    assert.equal(
      zhOf(f.msg),
      '2026-12-01 召开的民主生活会，情况报告于 2026-12-17 报送上级，晚于召开后 15 日的期限（2026-12-16）1 天',
    );
  });

  it('not sent: nothing on day 15 (still due), missing from day 16', () => {
    assert.deepEqual(findingsOf(llm('2026-12-01', null), '2026-12-16'), []);
    assert.deepEqual(findingsOf(llm('2026-12-01', null), '2026-12-17'), ['reportMissing']);
  });

  it('across a month end: held on 20 January, due 4 February; sent on 5 February is late', () => {
    assert.deepEqual(findingsOf(llm('2026-01-20', '2026-02-04'), '2026-03-01'), []);
    assert.deepEqual(findingsOf(llm('2026-01-20', '2026-02-05'), '2026-03-01'), ['reportLate']);
    assert.deepEqual(findingsOf(llm('2026-01-20', null), '2026-02-04'), []);
    assert.deepEqual(findingsOf(llm('2026-01-20', null), '2026-02-05'), ['reportMissing']);
  });

  it('other kinds, and a meeting whose report is not known, are not judged', () => {
    assert.deepEqual(findingsOf(meeting('leadership_life_meeting', '2026-01-20'), '2026-12-31'), []);
    assert.deepEqual(findingsOf(meeting('lecture', '2026-01-20', { reportSentOn: null }), '2026-12-31'), []);
  });
});

describe('the calendar', () => {
  it('shows each month its window status and the meetings held in it', () => {
    const ms = [meeting('committee_meeting', '2026-03-05'), meeting('lecture', '2026-02-01')];
    const c = checkCompliance(branch(ms, '2026-04-02'));
    const cells = calendarOf(c, 2026, ms);
    const cell = (kind: MeetingFacts['kind'], month: number) =>
      cells.find((x) => x.kind === kind && x.month === month)!;
    assert.equal(cell('committee_meeting', 3).status, 'done');
    assert.deepEqual(cell('committee_meeting', 3).meetingIds, [ms[0]!.id]);
    assert.equal(cell('committee_meeting', 2).status, 'missing');
    assert.equal(cell('committee_meeting', 4).status, 'pending');
    assert.equal(cell('lecture', 3).status, 'done');
    assert.deepEqual(cell('lecture', 3).meetingIds, []);
    assert.equal(cells.length, c.kinds.length * 12);
  });
});
