import { addDaysIso, addMonthsIso, compareIso, diffDaysIso } from '../dates.ts';
import { type Msg, msg } from '../messages.ts';
import type { OrgType } from '../org/vocab.ts';
import { catalogEntryOf } from '../rules/catalog.ts';
import type { RulesOn } from '../rules/overrides.ts';
import { type RuleSet, ruleSetOn } from '../rules/ruleset.ts';
import {
  hasCommitteeIn,
  KIND_RULE,
  MEETING_KIND_LABELS,
  type MeetingKind,
  type PositionSpan,
  requiredKinds,
} from './vocab.ts';

/**
 * Compliance of an organisation's meetings with the rules of organisational life (../shared/domain-rules.md §1):
 * which required meetings are missing in each calendar-aligned window (monthly, quarterly, yearly), which were
 * under-attended, held without minutes, or took a vote that failed its rule. Pure: the meetings, the organisation's
 * facts, the period and today arrive as arguments; every number comes from the rule set in force on the day it
 * applies to (a window's start, a meeting's day). A window that has not ended is pending, never missing: work not
 * yet due counts against nobody.
 */

/** A vote as counted at a meeting: only full members vote (预备党员 have no vote). */
export type VoteCount = {
  motion: string;
  yes: number;
  no: number;
  abstain: number;
  /** Voting members who should attend (应到会). */
  shouldAttend: number;
  /** Voting members present. */
  present: number;
};

export type VoteOutcome = {
  quorumMet: boolean;
  passed: boolean;
  /** The least number present for the quorum, and the yes votes the motion needed (strictly more when `strict`). */
  quorumNeeded: number;
  passNeeded: number;
  strict: boolean;
};

const EPS = 1e-9;

/**
 * 支部条例 第十一条: a vote needs at least `generalMeetingQuorum` of the voting members present, and passes with yes
 * votes more than `passShare` of the voting members who should attend (absentees count as no); `passStrict` false
 * reads "半数以上" as "at least half".
 */
export function judgeVote(
  v: Pick<VoteCount, 'yes' | 'shouldAttend' | 'present'>,
  rules: Pick<RuleSet['life'], 'generalMeetingQuorum' | 'passShare' | 'passStrict'>,
): VoteOutcome {
  const quorumNeeded = rules.generalMeetingQuorum.value * v.shouldAttend;
  const passNeeded = rules.passShare.value * v.shouldAttend;
  const strict = rules.passStrict.value;
  const quorumMet = v.present + EPS >= quorumNeeded;
  const passes = strict ? v.yes > passNeeded + EPS : v.yes + EPS >= passNeeded;
  return { quorumMet, passed: quorumMet && passes, quorumNeeded, passNeeded, strict };
}

/** Whether `present` of `expected` reaches `share` (at least; 支部条例 第十一、十二条 "半数以上到会"). */
export function reachesShare(present: number, expected: number, share: number): boolean {
  return present + EPS >= share * expected;
}

/** A meeting as the check sees it. */
export type MeetingFacts = {
  id: number;
  kind: MeetingKind;
  heldOn: string;
  hasMinutes: boolean;
  /** The quorum's base as of the meeting and who of it came (null: the kind has none, or it is unknown). */
  expected: number | null;
  present: number | null;
  votes: readonly VoteCount[];
  /**
   * A make-up (补开): the first day of the past window of its kind it makes up for. It counts for that window (which
   * is then late), never for the window it was held in.
   */
  makesUpFor?: string | null;
  /**
   * 民主生活会: the day its 情况报告 reached the higher level (null: not yet). Left out, the report is not judged.
   */
  reportSentOn?: string | null;
};

export type ComplianceInput = {
  orgType: OrgType;
  hasCommittee: boolean;
  /**
   * The facts to judge the committee by, window by window (`hasCommitteeIn`): given, a 支委会 is owed only in the
   * windows in which the branch had a committee, and `hasCommittee` is not read.
   */
  committee?: { fullMembers: number; positions: readonly PositionSpan[] };
  /** The organisation's life: windows that end before it was set up, or start after it was dissolved, do not apply. */
  activeFrom?: string | null;
  activeTo?: string | null;
  /** The period (first and last day); windows that overlap it are judged whole. */
  from: string;
  to: string;
  today: string;
  meetings: readonly MeetingFacts[];
  /** The rules the organisation follows, by day (the platform's with its locality's 地方规定; default the platform's). */
  rules?: RulesOn;
};

/** late: ended without its meetings, then made up (补开) after its end: held late, not compliant. */
export type WindowStatus = 'done' | 'missing' | 'late' | 'pending' | 'flagged' | 'none';

export type ComplianceWindow = {
  kind: MeetingKind;
  ruleId: string;
  start: string;
  end: string;
  label: { zh: string; en: string };
  required: number;
  held: number;
  status: WindowStatus;
  meetingIds: number[];
  /** The make-up meetings held later for this window. */
  madeUpBy: number[];
};

export type FindingCode =
  | 'missing'
  | 'late'
  | 'reportLate'
  | 'reportMissing'
  | 'underAttended'
  | 'noMinutes'
  | 'voteNoQuorum'
  | 'voteNotPassed';

export type ComplianceFinding = {
  ruleId: string;
  summary: string;
  source: string;
  article: string | null;
  tag: 'C' | 'S';
  kind: MeetingKind;
  window: { start: string; end: string } | null;
  meetingId: number | null;
  code: FindingCode;
  params: Record<string, string | number>;
  msg: Msg;
};

export type ComplianceCounts = {
  /** Windows that have ended (inside the organisation's life). */
  due: number;
  /** Of them, those with the meetings the rule asks for. */
  met: number;
  /** Of them, those made up after their end (补开): due, and not met. */
  late: number;
  findings: number;
  /** Windows still running. */
  pending: number;
};

export type Compliance = {
  kinds: MeetingKind[];
  windows: ComplianceWindow[];
  findings: ComplianceFinding[];
  counts: ComplianceCounts;
};

/** The whole of a calendar year as a period. */
export function yearPeriod(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const monthEnd = (day: string) => {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return `${y}-${pad(m)}-${pad(lastDayOfMonth(y, m))}`;
};
const minIso = (a: string, b: string) => (compareIso(a, b) <= 0 ? a : b);
const maxIso = (a: string, b: string) => (compareIso(a, b) >= 0 ? a : b);

/**
 * The calendar-aligned window of `months` months that holds `day`: windows start in January and run in steps of
 * `months` (a month, a quarter, a half-year, the year); a step that does not divide 12 ends with the year.
 */
export function windowOf(day: string, months: number): { start: string; end: string } {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const step = Math.max(1, Math.min(12, Math.floor(months)));
  const first = m - ((m - 1) % step);
  const start = `${y}-${pad(first)}-01`;
  const end = minIso(monthEnd(addMonthsIso(start, step - 1)), `${y}-12-31`);
  return { start, end };
}

/** How a window is named: 2026年3月, 2026年第1季度, 2026年上半年, 2026年, else its first and last day. */
export function windowLabel(start: string, end: string): { zh: string; en: string } {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  const em = Number(end.slice(5, 7));
  const whole = start.endsWith('-01') && end === monthEnd(end) && end.slice(0, 4) === start.slice(0, 4);
  const span = em - m + 1;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  if (whole && span === 1) return { zh: `${y}年${m}月`, en: `${MONTHS[m - 1]} ${y}` };
  if (whole && span === 3 && (m - 1) % 3 === 0) {
    const q = (m - 1) / 3 + 1;
    return { zh: `${y}年第${q}季度`, en: `Q${q} ${y}` };
  }
  if (whole && span === 6 && (m === 1 || m === 7)) {
    return m === 1 ? { zh: `${y}年上半年`, en: `H1 ${y}` } : { zh: `${y}年下半年`, en: `H2 ${y}` };
  }
  if (whole && span === 12) return { zh: `${y}年`, en: `${y}` };
  return { zh: `${start}至${end}`, en: `${start} to ${end}` };
}

/** The catalogue entries of a rule set, by id (one build per rule set in a check: a version, or a locality's). */
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The meeting kinds with a quorum, and the rule that sets it. */
const QUORUM_RULE: Partial<
  Record<MeetingKind, 'generalMeetingQuorum' | 'committeeQuorum' | 'leadershipLifeAttendance'>
> = {
  general_meeting: 'generalMeetingQuorum',
  committee_meeting: 'committeeQuorum',
  leadership_life_meeting: 'leadershipLifeAttendance',
};

/**
 * The meeting's own findings: under-attended, without minutes, votes that failed their rule, and for a 民主生活会
 * its report to the higher level sent late or, once the deadline has passed, not at all.
 */
function meetingFindings(
  m: MeetingFacts,
  today: string,
  cite: (
    day: string,
    id: string,
  ) => Omit<ComplianceFinding, 'kind' | 'window' | 'meetingId' | 'code' | 'params' | 'msg'>,
  rulesOn: RulesOn,
): ComplianceFinding[] {
  const rules = rulesOn(m.heldOn).life;
  const kindLabel = MEETING_KIND_LABELS[m.kind];
  const out: ComplianceFinding[] = [];
  const add = (ruleId: string, code: FindingCode, params: Record<string, string | number>, message: Msg) =>
    out.push({
      ...cite(m.heldOn, ruleId),
      kind: m.kind,
      window: null,
      meetingId: m.id,
      code,
      params,
      msg: message,
    });
  const quorumRule = QUORUM_RULE[m.kind];
  if (quorumRule && m.expected !== null && m.present !== null && m.expected > 0) {
    const share = rules[quorumRule].value;
    if (!reachesShare(m.present, m.expected, share)) {
      add(
        `life.${quorumRule}`,
        'underAttended',
        { date: m.heldOn, present: m.present, expected: m.expected, share },
        msg('rule.life.underAttended', {
          date: m.heldOn,
          kind: kindLabel,
          present: m.present,
          expected: m.expected,
          share: pct(share),
        }),
      );
    }
  }
  if (!m.hasMinutes) {
    add(
      `life.${KIND_RULE[m.kind]}`,
      'noMinutes',
      { date: m.heldOn },
      msg('rule.life.noMinutes', { date: m.heldOn, kind: kindLabel }),
    );
  }
  if (m.kind === 'leadership_life_meeting' && m.reportSentOn !== undefined) {
    const days = rules.leadershipLifeReportDays.value;
    const deadline = addDaysIso(m.heldOn, days);
    const base = { date: m.heldOn, kind: kindLabel, days, deadline };
    if (m.reportSentOn && compareIso(m.reportSentOn, deadline) > 0) {
      const over = diffDaysIso(m.reportSentOn, deadline);
      add(
        'life.leadershipLifeReportDays',
        'reportLate',
        { date: m.heldOn, deadline, sentOn: m.reportSentOn, over },
        msg('rule.life.reportLate', { ...base, sentOn: m.reportSentOn, over }),
      );
    } else if (!m.reportSentOn && compareIso(today, deadline) > 0) {
      add(
        'life.leadershipLifeReportDays',
        'reportMissing',
        { date: m.heldOn, deadline },
        msg('rule.life.reportMissing', base),
      );
    }
  }
  for (const v of m.votes) {
    const o = judgeVote(v, rules);
    const params = { date: m.heldOn, motion: v.motion, yes: v.yes, present: v.present, shouldAttend: v.shouldAttend };
    if (!o.quorumMet) {
      add(
        'life.generalMeetingQuorum',
        'voteNoQuorum',
        params,
        msg('rule.life.voteNoQuorum', {
          date: m.heldOn,
          kind: kindLabel,
          motion: v.motion,
          present: v.present,
          should: v.shouldAttend,
          share: pct(rules.generalMeetingQuorum.value),
        }),
      );
    } else if (!o.passed) {
      add(
        'life.passShare',
        'voteNotPassed',
        params,
        msg(o.strict ? 'rule.life.voteNotPassed' : 'rule.life.voteNotPassedAtLeast', {
          date: m.heldOn,
          kind: kindLabel,
          motion: v.motion,
          yes: v.yes,
          should: v.shouldAttend,
          share: pct(rules.passShare.value),
        }),
      );
    }
  }
  return out;
}

/**
 * The compliance of one organisation over a period (../shared/domain-rules.md §1; the frequencies and quorums of
 * 支部工作条例 第十一至十三、十七条 and the local rules the rule set names): each required kind's windows with their
 * status, and every finding with its rule, source and article.
 */
export function checkCompliance(input: ComplianceInput): Compliance {
  const rulesOn = input.rules ?? ruleSetOn;
  const cite = (day: string, id: string) => {
    const e = catalogEntryOf(rulesOn(day), id);
    return {
      ruleId: id,
      summary: e?.summary ?? id,
      source: e?.source ?? '',
      article: e?.article ?? null,
      tag: e?.tag ?? ('S' as const),
    };
  };
  const byWindow = input.committee;
  const kinds = requiredKinds(input.orgType, byWindow ? true : input.hasCommittee);
  const windows: ComplianceWindow[] = [];
  const findings: ComplianceFinding[] = [];
  const counts: ComplianceCounts = { due: 0, met: 0, late: 0, findings: 0, pending: 0 };

  const inPeriod = input.meetings.filter(
    (m) => compareIso(m.heldOn, input.from) >= 0 && compareIso(m.heldOn, input.to) <= 0,
  );
  const flaggedMeetings = new Set<number>();
  for (const m of inPeriod) {
    const own = meetingFindings(m, input.today, cite, rulesOn);
    if (own.length > 0) flaggedMeetings.add(m.id);
    findings.push(...own);
  }

  const missing: ComplianceFinding[] = [];
  for (const kind of kinds) {
    const ruleKey = KIND_RULE[kind];
    const ruleId = `life.${ruleKey}`;
    const ofKind = input.meetings.filter((m) => m.kind === kind);
    let cursor = windowOf(input.from, rulesOn(input.from).life[ruleKey].value.months).start;
    while (compareIso(cursor, input.to) <= 0) {
      const freq = rulesOn(cursor).life[ruleKey].value;
      const aligned = windowOf(cursor, freq.months);
      const start = maxIso(aligned.start, cursor);
      const end = aligned.end;
      cursor = addDaysIso(end, 1);
      const inWindow = (d: string | null | undefined) => !!d && compareIso(d, start) >= 0 && compareIso(d, end) <= 0;
      const held = ofKind.filter((m) => !m.makesUpFor && inWindow(m.heldOn));
      const madeUp = ofKind.filter((m) => inWindow(m.makesUpFor));
      const outside =
        (input.activeFrom && compareIso(end, input.activeFrom) < 0) ||
        (input.activeTo && compareIso(start, input.activeTo) > 0) ||
        (byWindow &&
          kind === 'committee_meeting' &&
          !hasCommitteeIn(input.orgType, byWindow.fullMembers, byWindow.positions, { start, end }, rulesOn(start).org));
      const ended = compareIso(end, input.today) < 0;
      const met = held.length >= freq.count;
      const late = !met && ended && held.length + madeUp.length >= freq.count;
      let status: WindowStatus;
      if (outside) status = 'none';
      else if (met) status = held.some((m) => flaggedMeetings.has(m.id)) ? 'flagged' : 'done';
      else if (late) status = 'late';
      else status = ended ? 'missing' : 'pending';
      const label = windowLabel(start, end);
      windows.push({
        kind,
        ruleId,
        start,
        end,
        label,
        required: freq.count,
        held: held.length,
        status,
        meetingIds: held.map((m) => m.id),
        madeUpBy: madeUp.map((m) => m.id),
      });
      if (outside) continue;
      if (ended) {
        counts.due++;
        if (met) counts.met++;
        if (late) counts.late++;
      } else {
        counts.pending++;
      }
      if (status === 'late') {
        const last = madeUp
          .map((m) => m.heldOn)
          .sort(compareIso)
          .at(-1)!;
        const days = diffDaysIso(last, end);
        missing.push({
          ...cite(start, ruleId),
          kind,
          window: { start, end },
          meetingId: madeUp.find((m) => m.heldOn === last)!.id,
          code: 'late',
          params: { start, end, heldOn: last, days },
          msg: msg('rule.life.late', { window: label, kind: MEETING_KIND_LABELS[kind], date: last, days }),
        });
      }
      if (status === 'missing') {
        missing.push({
          ...cite(start, ruleId),
          kind,
          window: { start, end },
          meetingId: null,
          code: 'missing',
          params: { start, end, required: freq.count, held: held.length },
          msg: msg('rule.life.missing', {
            window: label,
            kind: MEETING_KIND_LABELS[kind],
            count: freq.count,
            held: held.length,
          }),
        });
      }
    }
  }
  const all = [...missing, ...findings];
  counts.findings = all.length;
  // Judged window by window, a 支委会 owed in none of the period's windows is not one of the kinds it must hold.
  if (byWindow && !windows.some((w) => w.kind === 'committee_meeting' && w.status !== 'none')) {
    return {
      kinds: kinds.filter((k) => k !== 'committee_meeting'),
      windows: windows.filter((w) => w.kind !== 'committee_meeting'),
      findings: all,
      counts,
    };
  }
  return { kinds, windows, findings: all, counts };
}

/** The window of a kind's frequency that holds a day, by the rule set in force on it. */
export function kindWindowOf(
  kind: MeetingKind,
  day: string,
  rulesOn: RulesOn = ruleSetOn,
): { start: string; end: string } {
  return windowOf(day, rulesOn(day).life[KIND_RULE[kind]].value.months);
}

export type MakeUpCheck =
  | { ok: true; window: { start: string; end: string } }
  | { ok: false; code: 'notEnded' | 'notEmpty' | 'beforeOrg'; msg: Msg; ruleId: string };

/**
 * Whether a meeting held on `heldOn` may make up (补开) the window of its kind that holds `makesUpFor`: the window
 * must have ended before the meeting, lie inside the organisation's life, and be otherwise empty (no meeting held in
 * it, no other make-up for it). `others`: the organisation's meetings of the kind (the meeting itself excluded).
 */
export function checkMakeUp(
  kind: MeetingKind,
  heldOn: string,
  makesUpFor: string,
  others: readonly Pick<MeetingFacts, 'heldOn' | 'makesUpFor'>[],
  activeFrom?: string | null,
  rulesOn: RulesOn = ruleSetOn,
): MakeUpCheck {
  const window = kindWindowOf(kind, makesUpFor, rulesOn);
  const ruleId = `life.${KIND_RULE[kind]}`;
  const params = { window: windowLabel(window.start, window.end), kind: MEETING_KIND_LABELS[kind] };
  if (compareIso(window.end, heldOn) >= 0) {
    return {
      ok: false,
      code: 'notEnded',
      ruleId,
      msg: msg('err.life.makeUp.notEnded', { ...params, end: window.end, date: heldOn }),
    };
  }
  if (activeFrom && compareIso(window.end, activeFrom) < 0) {
    return { ok: false, code: 'beforeOrg', ruleId, msg: msg('err.life.makeUp.beforeOrg', { ...params, activeFrom }) };
  }
  const inWindow = (d: string | null | undefined) =>
    !!d && compareIso(d, window.start) >= 0 && compareIso(d, window.end) <= 0;
  const taken = others.find((m) => (!m.makesUpFor && inWindow(m.heldOn)) || inWindow(m.makesUpFor));
  if (taken) {
    return {
      ok: false,
      code: 'notEmpty',
      ruleId,
      msg: msg(taken.makesUpFor ? 'err.life.makeUp.alreadyMadeUp' : 'err.life.makeUp.notEmpty', {
        ...params,
        date: taken.heldOn,
      }),
    };
  }
  return { ok: true, window };
}

/** One cell of the calendar: a kind in a month, with the status of the window that holds the month. */
export type CalendarCell = { kind: MeetingKind; month: number; status: WindowStatus; meetingIds: number[] };

/**
 * The calendar of a year (kinds × 12 months): each month shows its window's status (a quarter's three months
 * share the quarter's) and the meetings held in that month.
 */
export function calendarOf(c: Compliance, year: number, meetings: readonly MeetingFacts[]): CalendarCell[] {
  const cells: CalendarCell[] = [];
  for (const kind of c.kinds) {
    for (let month = 1; month <= 12; month++) {
      const day = `${year}-${pad(month)}-01`;
      const w = c.windows.find(
        (x) => x.kind === kind && compareIso(x.start, monthEnd(day)) <= 0 && compareIso(x.end, day) >= 0,
      );
      const ids = meetings.filter((m) => m.kind === kind && m.heldOn.slice(0, 7) === day.slice(0, 7)).map((m) => m.id);
      cells.push({ kind, month, status: w?.status ?? 'none', meetingIds: ids });
    }
  }
  return cells;
}
