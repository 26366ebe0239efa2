import { addDaysIso, compareIso } from '../dates.ts';
import { type MessageKey, type MessageParams, type Msg, msg, zhOf } from '../messages.ts';
import type { RuleSet, RuleValue, Share } from '../rules/ruleset.ts';
import {
  OTHER_MATTER,
  type ResolutionBody,
  VILLAGE_STEP_LABELS,
  VILLAGE_STEPS,
  type VillageCaseState,
  type VillageFlag,
  type VillageStep,
} from './vocab.ts';

/**
 * 四议两公开 (../shared/domain-rules.md §6): a village decision case goes through six steps in order, each dated, the
 * two meetings that vote with their attendance and votes. What the law sets ([C], 村民委员会组织法: the assembly's and
 * the representatives' quorum, the vote, the notice, the resolution of a 第二十四条 matter) is refused when broken;
 * what local practice sets ([S]: the order of the steps, the members' meeting quorum, merging under 一肩挑, the
 * disclosure period) is recorded and flagged. Pure: the case's steps, today and the rules arrive as arguments.
 */

/** A rule as a finding names it: its id in the rule set, its source and article, and its tag. */
export type RuleCite = { id: string; source: string; article: string | null; tag: 'C' | 'S' };

/** A refusal or a flag: its code, the step it concerns, the message (in Chinese too) and the rule it rests on. */
export type VillageFinding = {
  code: string;
  step: VillageStep;
  msg: Msg;
  message: string;
  rule: RuleCite;
};

/** A flag of a recorded case: the finding with its flag kind. */
export type VillageFlagFinding = VillageFinding & { flag: VillageFlag };

/** A field of a step as sent that is wrong in itself (400, named). */
export type StepIssue = { field: string; msg: Msg; message: string };

/** A step as recorded (or about to be). Counts a step does not use are null. */
export type StepFacts = {
  step: VillageStep;
  heldOn: string;
  /** The 两委 deliberation held together with the proposal (一肩挑). */
  merged: boolean;
  /** At a merge: whether the village's secretary then chaired the village committee too. */
  oneShoulder: boolean | null;
  /** Step 4: the villagers' assembly or the representatives' meeting. */
  body: ResolutionBody | null;
  /** Step 4 by the assembly: the day the villagers were notified. */
  noticeOn: string | null;
  /** 应到: the members (审议), the villagers aged 18+ (村民会议), the representatives (村民代表会议). */
  due: number | null;
  /** 实到. */
  present: number | null;
  /** 村民会议 by households: the village's households, and those whose representative came. */
  households: number | null;
  householdsPresent: number | null;
  yes: number | null;
  no: number | null;
  abstain: number | null;
};

export type VillageCaseFacts = { kind: string; steps: readonly StepFacts[] };

const cite = (id: string, r: RuleValue<unknown>): RuleCite => ({
  id,
  source: r.source,
  article: r.article,
  tag: r.confidence,
});

/** The rule as a message names it: 《source》article [tag]. */
export function citeText(c: RuleCite): string {
  return `${c.source}${c.article ?? ''}〔${c.tag}〕`;
}

const shareText = (s: Share) => `${s.numerator}/${s.denominator}`;

function finding(step: VillageStep, code: string, id: string, r: RuleValue<unknown>, params: MessageParams) {
  const rule = cite(id, r);
  const m = msg(`err.village.${code}` as MessageKey, { ...params, cite: citeText(rule) });
  return { code, step, msg: m, message: zhOf(m), rule };
}

function flagOf(
  flag: VillageFlag,
  step: VillageStep,
  id: string,
  r: RuleValue<unknown>,
  params: MessageParams,
): VillageFlagFinding {
  const rule = cite(id, r);
  const m = msg(`rule.village.${flag}` as MessageKey, { ...params, cite: citeText(rule) });
  return { code: flag, flag, step, msg: m, message: zhOf(m), rule };
}

/** part/whole ≥ share, in whole numbers (at least two thirds: 20 of 30 is enough, 19 is not). */
export function reachesShare(part: number, whole: number, share: Share): boolean {
  return part * share.denominator >= whole * share.numerator;
}

/** part/whole > share, in whole numbers (more than half: 16 of 30, never 15). */
export function exceedsShare(part: number, whole: number, share: Share): boolean {
  return part * share.denominator > whole * share.numerator;
}

/** A 第二十四条 matter (村民委员会组织法): the assembly, or the representatives it authorises, must resolve it. */
export function isAssemblyMatter(kind: string, rules: RuleSet): boolean {
  return rules.village.assemblyMatters.value.some((m) => m.code === kind);
}

/** A kind a case may have: a 第二十四条 matter, or another major village matter. */
export function isMatterKind(kind: string, rules: RuleSet): boolean {
  return kind === OTHER_MATTER || isAssemblyMatter(kind, rules);
}

/** The steps a kind makes mandatory, in order (四议两公开 [S]; step 4 for 第二十四条 matters [C]). */
export function requiredSteps(kind: string, rules: RuleSet): VillageStep[] {
  const assembly = isAssemblyMatter(kind, rules);
  return rules.village.steps.value.filter((s) => s.requiredFor === 'all' || assembly).map((s) => s.step);
}

const stepIndex = (s: VillageStep) => VILLAGE_STEPS.indexOf(s);

/**
 * 党员大会审议 (local rule [S]): at least memberMeetingQuorum of the members who should attend present; it passes with
 * yes votes more than memberMeetingPass of them.
 */
export function judgeMemberMeeting(
  v: { due: number; present: number; yes: number },
  rules: RuleSet,
): { quorumMet: boolean; passed: boolean } {
  return {
    quorumMet: reachesShare(v.present, v.due, rules.village.memberMeetingQuorum.value),
    passed: exceedsShare(v.yes, v.due, rules.village.memberMeetingPass.value),
  };
}

/**
 * 村民委员会组织法 第二十二条: a villagers' assembly needs more than half of the villagers aged 18+, or the
 * representatives of at least two thirds of the households. Either base may be given; one that is met suffices.
 */
export function assemblyQuorumMet(
  v: { due: number | null; present: number; households: number | null; householdsPresent: number | null },
  rules: RuleSet,
): boolean {
  const q = rules.village.assemblyQuorum.value;
  const byAdults = v.due !== null && exceedsShare(v.present, v.due, q.adults);
  const byHouseholds =
    v.households !== null &&
    v.householdsPresent !== null &&
    reachesShare(v.householdsPresent, v.households, q.households);
  return byAdults || byHouseholds;
}

/** 第二十六条: a representatives' meeting is held with at least two thirds of its members present. */
export function representativeQuorumMet(v: { due: number; present: number }, rules: RuleSet): boolean {
  return reachesShare(v.present, v.due, rules.village.representativeQuorum.value);
}

/** 第二十二条、第二十六条: a resolution passes with yes votes of more than half of those present. */
export function resolutionPassed(v: { present: number; yes: number }, rules: RuleSet): boolean {
  return exceedsShare(v.yes, v.present, rules.village.resolutionPass.value);
}

/** 第二十一条: a villagers' assembly is called with at least assemblyNoticeDays' notice (notified on day N−10 or before). */
export function noticeSufficient(noticeOn: string, heldOn: string, rules: RuleSet): boolean {
  return compareIso(addDaysIso(noticeOn, rules.village.assemblyNoticeDays.value), heldOn) <= 0;
}

const issue = (field: string, key: string, params: MessageParams = {}): StepIssue => {
  const m = msg(`err.village.${key}` as MessageKey, params);
  return { field, msg: m, message: zhOf(m) };
};

/**
 * Whether a step as sent holds together by itself (400 naming each field): the day not in the future, the counts
 * each meeting needs, no more present than due nor more votes than present, the notice not after the meeting.
 */
export function checkStepFacts(s: StepFacts, today: string): StepIssue[] {
  const out: StepIssue[] = [];
  if (compareIso(s.heldOn, today) > 0) out.push(issue('heldOn', 'future', { on: s.heldOn, today }));
  const need = (field: keyof StepFacts & string, v: unknown) => {
    if (v === null || v === undefined) out.push(issue(field, 'countRequired', { step: VILLAGE_STEP_LABELS[s.step] }));
  };
  if (s.step === 'review') {
    need('due', s.due);
    need('present', s.present);
    need('yes', s.yes);
  }
  if (s.step === 'resolution') {
    if (!s.body) out.push(issue('body', 'bodyRequired'));
    need('present', s.present);
    need('yes', s.yes);
    if (s.body === 'representatives') need('due', s.due);
    if (s.body === 'assembly') {
      if (s.due === null && (s.households === null || s.householdsPresent === null)) {
        out.push(issue('due', 'assemblyBaseRequired'));
      }
      if (s.noticeOn === null) out.push(issue('noticeOn', 'noticeRequired'));
    }
  }
  if (s.due !== null && s.due < 1) out.push(issue('due', 'dueZero'));
  if (s.due !== null && s.present !== null && s.present > s.due) {
    out.push(issue('present', 'presentOverDue', { present: s.present, due: s.due }));
  }
  if (s.households !== null && s.householdsPresent !== null && s.householdsPresent > s.households) {
    out.push(issue('householdsPresent', 'householdsOver', { present: s.householdsPresent, total: s.households }));
  }
  const votes = (s.yes ?? 0) + (s.no ?? 0) + (s.abstain ?? 0);
  if (s.present !== null && votes > s.present) {
    out.push(issue('yes', 'votesOverPresent', { votes, present: s.present }));
  }
  if (s.noticeOn !== null && compareIso(s.noticeOn, s.heldOn) > 0) {
    out.push(issue('noticeOn', 'noticeAfter', { notice: s.noticeOn, on: s.heldOn }));
  }
  return out;
}

/** The state of a case from its steps: rejected once a vote failed, done once the result is disclosed. */
export function caseStateOf(steps: readonly StepFacts[], rules: (day: string) => RuleSet): VillageCaseState {
  for (const s of steps) if (stepPassed(s, rules(s.heldOn)) === false) return 'rejected';
  return steps.some((s) => s.step === 'result') ? 'done' : 'open';
}

/** Whether a voting step passed (null for a step without a vote). */
export function stepPassed(s: StepFacts, rules: RuleSet): boolean | null {
  if (s.step === 'review' && s.due !== null && s.present !== null && s.yes !== null) {
    return judgeMemberMeeting({ due: s.due, present: s.present, yes: s.yes }, rules).passed;
  }
  if (s.step === 'resolution' && s.present !== null && s.yes !== null) {
    return resolutionPassed({ present: s.present, yes: s.yes }, rules);
  }
  return null;
}

export type StepJudgement = {
  /** The law broken: the step is refused (422), nothing is written. */
  refusals: VillageFinding[];
  /** Local practice not followed: the step is recorded and the case flagged. */
  flags: VillageFlagFinding[];
  /** A voting step's outcome (null for the others). */
  passed: boolean | null;
};

/**
 * Judges the next step of a case against the steps recorded before it (`recorded`, in order) and the rules on its day.
 * Refused: a step after a later one already recorded, or on a case that is over; a day before the previous step's
 * (the order of the meetings); the disclosure of a 第二十四条 matter without its resolution; the assembly's or the
 * representatives' quorum, the assembly's notice. Flagged: a mandatory step left out, the members' meeting quorum,
 * a merge without 一肩挑.
 */
export function judgeStep(
  c: { kind: string; recorded: readonly StepFacts[] },
  next: StepFacts,
  rules: RuleSet,
  rulesOn: (day: string) => RuleSet = () => rules,
): StepJudgement {
  const refusals: VillageFinding[] = [];
  const flags: VillageFlagFinding[] = [];
  const v = rules.village;
  const last = c.recorded.at(-1);
  const state = caseStateOf(c.recorded, rulesOn);
  if (state !== 'open') {
    refusals.push(finding(next.step, state === 'done' ? 'caseDone' : 'caseRejected', 'village.steps', v.steps, {}));
    return { refusals, flags, passed: null };
  }
  if (last && stepIndex(last.step) >= stepIndex(next.step)) {
    refusals.push(
      finding(next.step, 'outOfOrder', 'village.steps', v.steps, {
        step: VILLAGE_STEP_LABELS[next.step],
        last: VILLAGE_STEP_LABELS[last.step],
      }),
    );
    return { refusals, flags, passed: null };
  }
  if (last && compareIso(next.heldOn, last.heldOn) < 0) {
    refusals.push(
      finding(next.step, 'dayBeforePrevious', 'village.steps', v.steps, {
        step: VILLAGE_STEP_LABELS[next.step],
        on: next.heldOn,
        last: VILLAGE_STEP_LABELS[last.step],
        lastOn: last.heldOn,
      }),
    );
  }
  // Mandatory steps between the last recorded and this one: the resolution of a 第二十四条 matter is the law's.
  const required = requiredSteps(c.kind, rules);
  const from = last ? stepIndex(last.step) + 1 : 0;
  for (const s of VILLAGE_STEPS.slice(from, stepIndex(next.step))) {
    if (!required.includes(s)) continue;
    if (s === 'resolution') {
      refusals.push(
        finding(next.step, 'resolutionRequired', 'village.assemblyMatters', v.assemblyMatters, {
          step: VILLAGE_STEP_LABELS[next.step],
        }),
      );
    } else {
      flags.push(flagOf('skipped', next.step, 'village.steps', v.steps, { skipped: VILLAGE_STEP_LABELS[s] }));
    }
  }
  if (next.step === 'deliberation' && next.merged) {
    if (!v.mergeWhenOneShoulder.value || next.oneShoulder !== true) {
      flags.push(
        flagOf('mergedWithoutOneShoulder', next.step, 'village.mergeWhenOneShoulder', v.mergeWhenOneShoulder, {}),
      );
    }
  }
  if (next.step === 'review' && next.due !== null && next.present !== null && next.yes !== null) {
    if (!judgeMemberMeeting({ due: next.due, present: next.present, yes: next.yes }, rules).quorumMet) {
      flags.push(
        flagOf('reviewQuorum', next.step, 'village.memberMeetingQuorum', v.memberMeetingQuorum, {
          share: shareText(v.memberMeetingQuorum.value),
          due: next.due,
          present: next.present,
        }),
      );
    }
  }
  if (next.step === 'resolution' && next.present !== null) {
    if (next.body === 'representatives' && next.due !== null) {
      if (!representativeQuorumMet({ due: next.due, present: next.present }, rules)) {
        refusals.push(
          finding(next.step, 'representativeQuorum', 'village.representativeQuorum', v.representativeQuorum, {
            share: shareText(v.representativeQuorum.value),
            due: next.due,
            present: next.present,
          }),
        );
      }
    }
    if (next.body === 'assembly') {
      if (!assemblyQuorumMet({ ...next, present: next.present }, rules)) {
        const q = v.assemblyQuorum.value;
        refusals.push(
          finding(next.step, 'assemblyQuorum', 'village.assemblyQuorum', v.assemblyQuorum, {
            adults: shareText(q.adults),
            households: shareText(q.households),
            due: next.due ?? '—',
            present: next.present,
            householdsTotal: next.households ?? '—',
            householdsPresent: next.householdsPresent ?? '—',
          }),
        );
      }
      if (next.noticeOn !== null && !noticeSufficient(next.noticeOn, next.heldOn, rules)) {
        refusals.push(
          finding(next.step, 'assemblyNotice', 'village.assemblyNoticeDays', v.assemblyNoticeDays, {
            days: v.assemblyNoticeDays.value,
            notice: next.noticeOn,
            on: next.heldOn,
          }),
        );
      }
    }
  }
  return { refusals, flags, passed: stepPassed(next, rules) };
}

/**
 * The day the matter was decided: the resolution's, or for a kind that need not go to the villagers (其他村级重大事项)
 * without one, the members' meeting's — when the vote passed. Null before, and for a matter not passed.
 */
export function decidedOnOf(c: VillageCaseFacts, rulesOn: (day: string) => RuleSet): string | null {
  const resolution = c.steps.find((s) => s.step === 'resolution');
  if (resolution) return stepPassed(resolution, rulesOn(resolution.heldOn)) ? resolution.heldOn : null;
  const review = c.steps.find((s) => s.step === 'review');
  if (!review || requiredSteps(c.kind, rulesOn(review.heldOn)).includes('resolution')) return null;
  return stepPassed(review, rulesOn(review.heldOn)) ? review.heldOn : null;
}

/**
 * 决议公开 within disclosureDays of the decision ([S], configurable): disclosed later, or not disclosed and the period
 * over (today past its last day), is late. The period is the decision day's rules'.
 */
export function disclosureLateness(
  c: VillageCaseFacts,
  today: string,
  rulesOn: (day: string) => RuleSet,
): { dueOn: string | null; late: boolean; disclosedOn: string | null } {
  const decided = decidedOnOf(c, rulesOn);
  const disclosedOn = c.steps.find((s) => s.step === 'disclosure')?.heldOn ?? null;
  if (!decided) return { dueOn: null, late: false, disclosedOn };
  const dueOn = addDaysIso(decided, rulesOn(decided).village.disclosureDays.value);
  const late = compareIso(disclosedOn ?? today, dueOn) > 0;
  return { dueOn, late, disclosedOn };
}

export type VillageCaseSummary = {
  state: VillageCaseState;
  /** The step that comes next (null once the case is over). */
  next: VillageStep | null;
  decidedOn: string | null;
  /** The last day for 决议公开 (null before the decision). */
  disclosureDueOn: string | null;
  disclosedOn: string | null;
  late: boolean;
  /** Every flag of the case: each recorded step's, as judged on its day, and the lateness of the disclosure. */
  flags: VillageFlagFinding[];
};

/** A recorded case as the lists and the town see it. */
export function summarizeCase(
  c: VillageCaseFacts,
  today: string,
  rulesOn: (day: string) => RuleSet,
): VillageCaseSummary {
  const flags: VillageFlagFinding[] = [];
  c.steps.forEach((s, i) => {
    flags.push(...judgeStep({ kind: c.kind, recorded: c.steps.slice(0, i) }, s, rulesOn(s.heldOn), rulesOn).flags);
  });
  const state = caseStateOf(c.steps, rulesOn);
  const lateness = disclosureLateness(c, today, rulesOn);
  const decidedOn = decidedOnOf(c, rulesOn);
  if (lateness.late && decidedOn) {
    const r = rulesOn(decidedOn).village.disclosureDays;
    flags.push(
      flagOf('lateDisclosure', 'disclosure', 'village.disclosureDays', r, {
        days: r.value,
        decided: decidedOn,
        due: lateness.dueOn ?? '',
        disclosed: lateness.disclosedOn ?? '—',
      }),
    );
  }
  const last = c.steps.at(-1);
  const next = state === 'open' ? (VILLAGE_STEPS[last ? stepIndex(last.step) + 1 : 0] ?? null) : null;
  return {
    state,
    next,
    decidedOn,
    disclosureDueOn: lateness.dueOn,
    disclosedOn: lateness.disclosedOn,
    late: lateness.late,
    flags,
  };
}

export type VillageCounts = {
  total: number;
  open: number;
  done: number;
  rejected: number;
  /** Cases with any flag (lateness included). */
  flagged: number;
  late: number;
};

/** The counts of a set of cases (a village's, a town's): for supervision and assessment. */
export function countCases(summaries: readonly Pick<VillageCaseSummary, 'state' | 'flags' | 'late'>[]): VillageCounts {
  const c: VillageCounts = { total: 0, open: 0, done: 0, rejected: 0, flagged: 0, late: 0 };
  for (const s of summaries) {
    c.total++;
    c[s.state]++;
    if (s.flags.length > 0) c.flagged++;
    if (s.late) c.late++;
  }
  return c;
}

/** 一肩挑: the village Party secretary also chairs the village committee (the post recorded on the person). */
export function isOneShoulder(secretaryPost: string | null): boolean {
  return secretaryPost === 'director';
}
