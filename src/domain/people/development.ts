import { addMonthsIso, addYearsIso, compareIso } from '../dates.ts';
import { type Msg, msg, zhOf } from '../messages.ts';
import type { RuleSet, RuleValue } from '../rules/ruleset.ts';
import { workingDaysBetween, workingDaysEnd } from '../working-days.ts';
import { ageOn } from './age.ts';
import {
  DEVELOPMENT_CASE_STATE_LABELS,
  DEVELOPMENT_STAGE_LABELS,
  DEVELOPMENT_STEP_INFO,
  DEVELOPMENT_STEPS,
  type DevelopmentBackfillStage,
  type DevelopmentCaseState,
  type DevelopmentStage,
  type DevelopmentStep,
  type DevelopmentStepKind,
  type GateStatus,
} from './development-steps.ts';
import { MEMBER_STATUS_LABELS, type MemberStatus } from './vocab.ts';

/**
 * Member development (发展党员, ../shared/domain-rules.md §2): a case per person through the 25 steps in order, each
 * dated with its document and who decided, and the gates between them as pure functions. A step that breaks a gate
 * is refused; where the rules allow an exception (training shorter than the minimum in rare cases, someone leaving
 * the unit soon), it is accepted with a recorded reason; a late step the rules only set a deadline for (the talk, the
 * approval within 3 months, the full-membership decision) is accepted and flagged. Every refusal and flag names its
 * rule id (src/domain/rules/catalog.ts), source, article and tag. The reported 2026 revision of the 细则 (§2.3) is
 * UNCONFIRMED and not encoded: the 公示 counted here is the local rule (RuleSet.development.publicNoticeWorkingDays,
 * tagged S).
 */

/** What a step carries besides its date, document and decider (each kind reads its own fields). */
export type DevelopmentStepData = {
  /** mentors: the 培养联系人 (full members). */
  mentors?: readonly string[] | undefined;
  /** sponsors: the 入党介绍人 (full members). */
  sponsors?: readonly string[] | undefined;
  /** political_review: whether it was passed. */
  passed?: boolean | undefined;
  /** training: its length. */
  trainingDays?: number | undefined;
  trainingHours?: number | undefined;
  /** public_notice: its first and last day. */
  noticeFrom?: string | undefined;
  noticeTo?: string | undefined;
  /** pre_review: the day the person leaves the unit, if known (null: not leaving). */
  leavingOn?: string | null | undefined;
  /** extend: by how many months. */
  months?: number | undefined;
  /** backfill: the stage the person was at when the case was opened, and the dates known then. */
  stage?: DevelopmentBackfillStage | undefined;
  appliedOn?: string | undefined;
  activistOn?: string | undefined;
  candidateOn?: string | undefined;
  voteOn?: string | undefined;
  approvedOn?: string | undefined;
};

export type DevelopmentStepInput = DevelopmentStepData & {
  kind: DevelopmentStepKind;
  on: string;
  /** The document the step rests on (申请书, 谈话记录, 支委会会议记录, 志愿书 …). */
  document: string;
  /** Who decided (支部委员会, 上级党委, 支部大会) or who acted (谈话人). */
  decider: string;
  /** Why an exception is taken (needed where a gate allows one). */
  reason?: string | undefined;
};

/** A step as recorded (what the gates of later steps read). */
export type RecordedStep = DevelopmentStepData & { kind: DevelopmentStepKind; on: string };

/** A rule as a refusal or flag names it: its catalogue id and citation. */
export type GateRule = { id: string; source: string; article: string | null; tag: 'C' | 'S' };

/** A step accepted but flagged (late against a deadline, or an exception with its reason). */
export type DevelopmentFlag = { code: string; rule: GateRule; msg: Msg; message: string };

export type DevelopmentRefusal = {
  ok: false;
  code: string;
  rule: GateRule | null;
  params: Record<string, string | number>;
  msg: Msg;
  message: string;
  /** The gate allows an exception: the step is accepted when a reason is given. */
  exceptionAllowed: boolean;
};

export type DevelopmentStepResult =
  | {
      ok: true;
      flags: DevelopmentFlag[];
      /** The person's status after the step (null: unchanged). */
      status: MemberStatus | null;
    }
  | DevelopmentRefusal;

const ruleOf = (id: string, r: RuleValue<unknown>): GateRule => ({
  id,
  source: r.source,
  article: r.article,
  tag: r.confidence,
});

/** Rules the rule set does not carry as a number: the order of the steps and the political review. */
const DEVELOPMENT_RULES = '中国共产党发展党员工作细则';
export const POLITICAL_REVIEW_RULE: GateRule = {
  id: 'development.politicalReview',
  source: DEVELOPMENT_RULES,
  article: null,
  tag: 'C',
};
export const STEP_ORDER_RULE: GateRule = {
  id: 'development.steps',
  source: DEVELOPMENT_RULES,
  article: null,
  tag: 'S',
};

/** The citation appended to every gate's message: rule id, source, article, tag. */
export function citeOf(rule: GateRule): Msg {
  return msg('err.development.cite', {
    rule: rule.id,
    source: rule.source,
    article: rule.article ?? '',
    tag: rule.tag,
  });
}

function refusal(
  code: string,
  rule: GateRule | null,
  params: Record<string, string | number>,
  exceptionAllowed = false,
): DevelopmentRefusal {
  const key = `err.development.${code}` as Parameters<typeof msg>[0];
  const base = msg(key, rule ? { ...params, cite: citeOf(rule) } : params);
  const m = exceptionAllowed ? msg('err.development.needsReason', { why: base }) : base;
  return { ok: false, code, rule, params, msg: m, message: zhOf(m), exceptionAllowed };
}

function flag(code: string, rule: GateRule, params: Record<string, string | number>): DevelopmentFlag {
  const m = msg(`err.development.${code}` as Parameters<typeof msg>[0], { ...params, cite: citeOf(rule) });
  return { code, rule, msg: m, message: zhOf(m) };
}

function exceptionFlag(r: DevelopmentRefusal, reason: string): DevelopmentFlag {
  const why = r.rule
    ? msg(`err.development.${r.code}` as Parameters<typeof msg>[0], { ...r.params, cite: citeOf(r.rule) })
    : r.msg;
  const m = msg('err.development.exception', { why, reason });
  return { code: r.code, rule: r.rule ?? STEP_ORDER_RULE, msg: m, message: zhOf(m) };
}

/** The key dates of a case, derived from its steps (kept on the case row for the lists and the pipeline). */
export type DevelopmentDates = {
  state: DevelopmentCaseState;
  stage: DevelopmentStage;
  appliedOn: string | null;
  talkOn: string | null;
  activistOn: string | null;
  /** The last 培养教育考察 (or the day of becoming an activist): the next one is due 6 months later. */
  lastAssessedOn: string | null;
  candidateOn: string | null;
  preReviewOn: string | null;
  voteOn: string | null;
  approvedOn: string | null;
  extensionMonths: number | null;
  /** One year from the branch vote (党章 第七条), plus an extension. */
  probationEnd: string | null;
  fullVoteOn: string | null;
  fullOn: string | null;
  lastOn: string | null;
  /** The steps of the sequence done so far (a failed political review does not count). */
  done: number;
};

function isDone(s: RecordedStep): boolean {
  return s.kind !== 'political_review' || s.passed === true;
}

/** The step of the sequence up to which a case opened partway counts as done (the stage's own confirmation). */
const BACKFILL_UPTO: Record<DevelopmentBackfillStage, DevelopmentStep> = {
  activist: 'activist_confirm',
  candidate: 'candidate_confirm',
  probation: 'approval',
};

/**
 * The steps with a first 补录 step replaced by the steps of the sequence it stands for, each on the latest date known
 * by then (the application on the activist day if not known, the approval on the branch vote if not known).
 */
export function expandBackfill(steps: readonly RecordedStep[]): readonly RecordedStep[] {
  const b = steps[0];
  if (b?.kind !== 'backfill') return steps;
  const upto = DEVELOPMENT_STEPS.indexOf(BACKFILL_UPTO[b.stage ?? 'activist']);
  const known: Partial<Record<DevelopmentStep, string | undefined>> = {
    apply: b.appliedOn,
    activist_confirm: b.activistOn,
    candidate_confirm: b.candidateOn,
    branch_vote: b.voteOn,
    approval: b.approvedOn,
  };
  let on = b.appliedOn ?? b.activistOn ?? b.on;
  const out: RecordedStep[] = [];
  for (const kind of DEVELOPMENT_STEPS.slice(0, upto + 1)) {
    on = known[kind] ?? on;
    out.push({ kind, on, passed: true });
  }
  return [...out, ...steps.slice(1)];
}

/** The state a step ends a case in. */
const END_STATE: Partial<Record<DevelopmentStepKind, DevelopmentCaseState>> = {
  revoke: 'revoked',
  restart: 'restarted',
  withdraw: 'withdrawn',
  terminate: 'terminated',
};

export function developmentDatesOf(recorded: readonly RecordedStep[], rules: RuleSet): DevelopmentDates {
  const steps = expandBackfill(recorded);
  const first = (k: DevelopmentStepKind) => steps.find((s) => s.kind === k && isDone(s))?.on ?? null;
  const last = (k: DevelopmentStepKind) => steps.findLast((s) => s.kind === k)?.on ?? null;
  const doneKinds = new Set(steps.filter(isDone).map((s) => s.kind));
  const done = DEVELOPMENT_STEPS.findIndex((k) => !doneKinds.has(k));
  const doneCount = done === -1 ? DEVELOPMENT_STEPS.length : done;
  const extension = steps.find((s) => s.kind === 'extend');
  // A re-vote (重新讨论) after a late approval restarts the approval's clock and the probation's year.
  const voteOn = steps.findLast((s) => s.kind === 'revote')?.on ?? first('branch_vote');
  const extensionMonths = extension?.months ?? null;
  const probationEnd =
    voteOn === null ? null : addMonthsIso(addYearsIso(voteOn, rules.people.probationYears.value), extensionMonths ?? 0);
  const ended = steps.map((s) => END_STATE[s.kind]).find((x) => x !== undefined);
  const lastStep = steps.at(-1);
  const lastSequence = DEVELOPMENT_STEPS[doneCount - 1];
  return {
    state: ended ?? (doneCount === DEVELOPMENT_STEPS.length ? 'done' : 'open'),
    stage: lastSequence ? DEVELOPMENT_STEP_INFO[lastSequence].stage : 'application',
    appliedOn: first('apply'),
    talkOn: first('talk'),
    activistOn: first('activist_confirm'),
    lastAssessedOn: first('candidate_confirm') ? null : (last('activist_training') ?? first('activist_confirm')),
    candidateOn: first('candidate_confirm'),
    preReviewOn: first('pre_review'),
    voteOn,
    approvedOn: first('approval'),
    extensionMonths,
    probationEnd,
    fullVoteOn: first('full_vote'),
    fullOn: first('full_approval') ? probationEnd : null,
    lastOn: lastStep?.on ?? null,
    done: doneCount,
  };
}

/** The steps that may be recorded next: the next of the sequence, a repeatable step again, the outcomes in probation. */
export function nextDevelopmentSteps(steps: readonly RecordedStep[], rules: RuleSet): DevelopmentStepKind[] {
  const d = developmentDatesOf(steps, rules);
  if (d.state !== 'open') return [];
  const out: DevelopmentStepKind[] = [];
  const next = DEVELOPMENT_STEPS[d.done];
  const prev = DEVELOPMENT_STEPS[d.done - 1];
  if (prev && DEVELOPMENT_STEP_INFO[prev].repeatable) out.push(prev);
  if (next) out.push(next);
  // At the end of probation the branch may extend it (once) instead of admitting; until full membership is approved,
  // the probationary membership may be revoked.
  if (d.approvedOn !== null && !d.fullOn) {
    if (d.extensionMonths === null && d.done >= DEVELOPMENT_STEPS.indexOf('observation') + 1 && d.fullVoteOn === null)
      out.push('extend');
    out.push('revoke');
  }
  // Voted but not approved: the branch votes again after 3 months, the case restarts after 6 (the gates tell which).
  if (d.voteOn !== null && d.approvedOn === null) out.push('revote', 'restart');
  // Before the approval the applicant may withdraw, or the branch stop the development.
  if (d.appliedOn !== null && d.approvedOn === null) out.push('withdraw', 'terminate');
  return out;
}

/** The person's status after a step (the roster follows the case). */
const STATUS_AFTER: Partial<Record<DevelopmentStepKind, MemberStatus>> = {
  apply: 'applicant',
  activist_confirm: 'activist',
  candidate_confirm: 'candidate',
  approval: 'probationary',
  full_approval: 'full',
  revoke: 'removed',
  // 本人撤回申请: off the roll (the vocabulary's "withdrew"); 终止培养: the application stays on file, as an applicant.
  withdraw: 'withdrawn',
  terminate: 'applicant',
};

const blank = (s: string | undefined | null) => (s ?? '').trim() === '';

/**
 * Whether a step may be recorded now, and what it changes. Checks, in order: the case is open; the step is one of
 * those allowed next (the mandatory order); its date is not in the future nor before the previous step; what the
 * step must carry; then the gate of the step. `birthDate` is the person's (for the age gate).
 */
export function checkDevelopmentStep(
  steps: readonly RecordedStep[],
  input: DevelopmentStepInput,
  ctx: { birthDate: string | null; today: string; rules: RuleSet },
): DevelopmentStepResult {
  const { rules, today } = ctx;
  const d = developmentDatesOf(steps, rules);
  const label = DEVELOPMENT_STEP_INFO[input.kind];
  if (d.state !== 'open') {
    return refusal('closed', null, { state: DEVELOPMENT_CASE_STATE_LABELS[d.state].zh });
  }
  const allowed = nextDevelopmentSteps(steps, rules);
  if (!allowed.includes(input.kind)) {
    return refusal('order', STEP_ORDER_RULE, {
      step: label.zh,
      next: allowed.map((k) => DEVELOPMENT_STEP_INFO[k].zh).join('、'),
    });
  }
  if (compareIso(input.on, today) > 0) return refusal('future', null, { on: input.on });
  const prev = expandBackfill(steps).at(-1);
  if (prev && compareIso(input.on, prev.on) < 0) {
    return refusal('beforePrevious', null, {
      on: input.on,
      prev: DEVELOPMENT_STEP_INFO[prev.kind].zh,
      prevOn: prev.on,
    });
  }
  if (blank(input.document)) return refusal('documentRequired', null, { step: label.zh });
  if (blank(input.decider)) return refusal('deciderRequired', null, { step: label.zh });

  const r = gateOf(d, input, ctx);
  const status = STATUS_AFTER[input.kind] ?? null;
  if (r === null) return { ok: true, flags: [], status };
  if ('flag' in r) return { ok: true, flags: [r.flag], status };
  if (r.exceptionAllowed && !blank(input.reason)) {
    return { ok: true, flags: [exceptionFlag(r, (input.reason ?? '').trim())], status };
  }
  return r;
}

type GateOutcome = null | { flag: DevelopmentFlag } | DevelopmentRefusal;

function gateOf(
  d: DevelopmentDates,
  input: DevelopmentStepInput,
  ctx: { birthDate: string | null; rules: RuleSet },
): GateOutcome {
  const dev = ctx.rules.development;
  const on = input.on;
  switch (input.kind) {
    case 'apply':
      return ageGate(ctx.birthDate, on, ctx.rules);
    case 'talk': {
      const rule = dev.talkWithinMonths;
      const due = addMonthsIso(d.appliedOn!, rule.value);
      if (compareIso(on, due) > 0) {
        return {
          flag: flag('talkLate', ruleOf('development.talkWithinMonths', rule), {
            on,
            due,
            months: rule.value,
          }),
        };
      }
      return null;
    }
    case 'activist_confirm': {
      const rule = dev.applicationToActivistMonths;
      const earliest = addMonthsIso(d.appliedOn!, rule.value);
      if (compareIso(on, earliest) < 0) {
        return {
          flag: flag('activistEarly', ruleOf('development.applicationToActivistMonths', rule), {
            appliedOn: d.appliedOn!,
            earliest,
            months: rule.value,
          }),
        };
      }
      return null;
    }
    case 'mentors': {
      const rule = dev.mentors;
      const count = (input.mentors ?? []).filter((s) => !blank(s)).length;
      if (count < rule.value.min || count > rule.value.max) {
        return refusal('mentorsCount', ruleOf('development.mentors', rule), {
          min: rule.value.min,
          max: rule.value.max,
          count,
        });
      }
      return null;
    }
    case 'candidate_confirm':
      return activistYearGate(d.activistOn!, on, ctx.rules);
    case 'sponsors': {
      const rule = dev.sponsors;
      const given = (input.sponsors ?? []).filter((s) => !blank(s)).length;
      if (given !== rule.value) {
        return refusal('sponsorsCount', ruleOf('development.sponsors', rule), { count: rule.value, given });
      }
      return null;
    }
    case 'political_review':
      // A failed review is recorded, but the case does not move on (developmentDatesOf counts only a passed one).
      if (input.passed === undefined) return refusal('reviewResult', null, {});
      return input.passed ? null : { flag: flag('reviewFailed', POLITICAL_REVIEW_RULE, {}) };
    case 'training':
      return trainingGate(input.trainingDays ?? 0, input.trainingHours ?? 0, ctx.rules);
    case 'public_notice':
      return publicNoticeGate(input.noticeFrom, input.noticeTo, on, d.lastOn, ctx.rules);
    case 'committee_review':
      return d.done > DEVELOPMENT_STEPS.indexOf('political_review')
        ? null
        : refusal('reviewNotPassed', POLITICAL_REVIEW_RULE, {});
    case 'pre_review':
      return leavingGate(input.leavingOn ?? null, on, ctx.rules);
    case 'approval':
      return approvalGate(d.voteOn!, on, ctx.rules);
    case 'revote':
      return revoteGate(d.voteOn!, on, ctx.rules);
    case 'restart':
      return restartGate(d.voteOn!, on, ctx.rules);
    case 'terminate':
      return blank(input.reason) ? refusal('terminateReason', null, {}) : null;
    case 'full_vote': {
      const early = probationGate(d, on, ctx.rules);
      if (early) return early;
      const rule = dev.fullMembershipMonths;
      const due = addMonthsIso(d.probationEnd!, rule.value);
      if (compareIso(on, due) > 0) {
        return {
          flag: flag('fullVoteLate', ruleOf('development.fullMembershipMonths', rule), {
            on,
            end: d.probationEnd!,
            due,
            months: rule.value,
          }),
        };
      }
      return null;
    }
    case 'extend': {
      const rule = ruleOf('development.extensionMonths', dev.extensionMonths);
      if (d.extensionMonths !== null) return refusal('extendOnce', rule, {});
      const months = input.months ?? 0;
      const { min, max } = dev.extensionMonths.value;
      if (!Number.isInteger(months) || months < min || months > max) {
        return refusal('extendMonths', rule, { min, max, months });
      }
      return probationGate(d, on, ctx.rules);
    }
    default:
      return null;
  }
}

/** 党章 第一条: 年满十八岁 on the day of the application (周岁; someone born on 02-29 is a year older on 03-01). */
export function ageGate(birthDate: string | null, on: string, rules: RuleSet): DevelopmentRefusal | null {
  const rule = ruleOf('people.minJoinAge', rules.people.minJoinAge);
  if (birthDate === null) return refusal('birthDateMissing', rule, {});
  const age = rules.people.minJoinAge.value;
  if (ageOn(birthDate, on) < age) {
    return refusal('underAge', rule, { age, on, birthDate });
  }
  return null;
}

/**
 * 细则 (2014): at least one year as an activist before becoming a candidate. The day of the anniversary is accepted,
 * the day before refused; an activist of 02-29 completes the year on 02-28 of a common year (the month's last day,
 * as 民法典 第二百零二条 counts a period without its corresponding day).
 */
export function activistYearGate(activistOn: string, on: string, rules: RuleSet): DevelopmentRefusal | null {
  const r = rules.development.activistMinYears;
  const earliest = addYearsIso(activistOn, r.value);
  if (compareIso(on, earliest) < 0) {
    return refusal('activistTooSoon', ruleOf('development.activistMinYears', r), {
      since: activistOn,
      years: r.value,
      earliest,
      on,
    });
  }
  return null;
}

/** 细则 第十七条: intensive training of at least 3 days or 24 class hours; shorter only in rare cases, with a reason. */
export function trainingGate(days: number, hours: number, rules: RuleSet): DevelopmentRefusal | null {
  const r = rules.development.training;
  if (days >= r.value.days || hours >= r.value.hours) return null;
  return refusal(
    'trainingShort',
    ruleOf('development.training', r),
    { days: r.value.days, hours: r.value.hours, givenDays: days, givenHours: hours },
    true,
  );
}

/**
 * 公示 of a candidate: at least 5 working days of the official calendar (local rules, [S]; the 2026 revision that would
 * make it national is UNCONFIRMED). The notice runs from `from` to `to` (both included), after the previous step and
 * no later than the day the step is recorded.
 */
export function publicNoticeGate(
  from: string | undefined,
  to: string | undefined,
  on: string,
  previousOn: string | null,
  rules: RuleSet,
): DevelopmentRefusal | null {
  if (
    from === undefined ||
    to === undefined ||
    compareIso(to, from) < 0 ||
    compareIso(to, on) > 0 ||
    (previousOn !== null && compareIso(from, previousOn) < 0)
  ) {
    return refusal('noticeDates', null, {});
  }
  const r = rules.development.publicNoticeWorkingDays;
  const count = workingDaysBetween(from, to);
  if (count < r.value) {
    return refusal('noticeShort', ruleOf('development.publicNoticeWorkingDays', r), {
      days: r.value,
      from,
      to,
      count,
      earliest: workingDaysEnd(from, r.value),
    });
  }
  return null;
}

/** 细则 第十九条: someone leaving the unit within 3 months of the pre-review is normally not admitted (a reason otherwise). */
export function leavingGate(leavingOn: string | null, on: string, rules: RuleSet): DevelopmentRefusal | null {
  if (leavingOn === null) return null;
  const r = rules.development.leavingWithinMonths;
  if (compareIso(leavingOn, addMonthsIso(on, r.value)) <= 0) {
    return refusal('leavingSoon', ruleOf('development.leavingWithinMonths', r), { leavingOn, months: r.value }, true);
  }
  return null;
}

/**
 * The higher committee approves within 3 months of the branch vote, 6 at most in special cases (flagged); later the
 * local rule asks to go through the procedure again, so the approval is refused ([S]).
 */
export function approvalGate(voteOn: string, on: string, rules: RuleSet): GateOutcome {
  const r = rules.development.approvalMonths;
  const rule = ruleOf('development.approvalMonths', r);
  const due = addMonthsIso(voteOn, r.value.normal);
  const deadline = addMonthsIso(voteOn, r.value.max);
  if (compareIso(on, deadline) > 0) return refusal('approvalTooLate', rule, { voteOn, max: r.value.max, deadline });
  if (compareIso(on, due) > 0) return { flag: flag('approvalLate', rule, { on, due, months: r.value.normal }) };
  return null;
}

/**
 * 重新讨论 (local rule, [S]): once the 3 months for the approval have passed (the day after the limit), the branch votes
 * again, up to the 6 months' end (its day included); later the case restarts. The re-vote restarts the clock.
 */
export function revoteGate(voteOn: string, on: string, rules: RuleSet): DevelopmentRefusal | null {
  const r = rules.development.approvalMonths;
  const rule = ruleOf('development.approvalMonths', r);
  const due = addMonthsIso(voteOn, r.value.normal);
  const deadline = addMonthsIso(voteOn, r.value.max);
  if (compareIso(on, due) <= 0) return refusal('revoteTooSoon', rule, { voteOn, due, months: r.value.normal });
  if (compareIso(on, deadline) > 0) return refusal('revoteTooLate', rule, { voteOn, deadline, max: r.value.max });
  return null;
}

/** 重新启动 (local rule, [S]): unapproved past 6 months from the (last) branch vote, the case ends and a new one opens. */
export function restartGate(voteOn: string, on: string, rules: RuleSet): DevelopmentRefusal | null {
  const r = rules.development.approvalMonths;
  const deadline = addMonthsIso(voteOn, r.value.max);
  if (compareIso(on, deadline) <= 0) {
    return refusal('restartTooSoon', ruleOf('development.approvalMonths', r), {
      voteOn,
      deadline,
      max: r.value.max,
    });
  }
  return null;
}

/** What a case opened partway (补录) knows: the stage the person is at and the dates of its steps so far. */
export type DevelopmentBackfillInput = {
  stage: DevelopmentBackfillStage;
  appliedOn?: string | undefined;
  activistOn: string;
  candidateOn?: string | undefined;
  voteOn?: string | undefined;
  approvedOn?: string | undefined;
};

/** The status a person opened partway at a stage must have (set by the roster import or by hand). */
export const BACKFILL_STATUS: Record<DevelopmentBackfillStage, MemberStatus> = {
  activist: 'activist',
  candidate: 'candidate',
  probation: 'probationary',
};

/** The note a 补录 step records: 建档时已处于…阶段（补录）. */
export function backfillNote(stage: DevelopmentBackfillStage): string {
  return `建档时已处于${DEVELOPMENT_STAGE_LABELS[stage].zh}阶段（补录）`;
}

/**
 * Whether a case may be opened partway: the person's status is the stage's, the stage's dates are given (activist:
 * since when; candidate: also since when a candidate; probation: also the branch vote), in order and not in the future.
 * The gates between these past dates are not checked (they predate the case); those after them apply. Returns the
 * 补录 step, dated on the latest date given.
 */
export function checkDevelopmentBackfill(
  input: DevelopmentBackfillInput,
  status: MemberStatus,
  today: string,
): { ok: true; step: RecordedStep } | DevelopmentRefusal {
  const want = BACKFILL_STATUS[input.stage];
  if (status !== want) {
    return refusal('backfillStatus', null, {
      status: MEMBER_STATUS_LABELS[status].zh,
      want: MEMBER_STATUS_LABELS[want].zh,
    });
  }
  const level = { activist: 0, candidate: 1, probation: 2 }[input.stage];
  // Each date with whether the stage needs it, in the order they must come.
  const dates: [string | undefined, boolean][] = [
    [input.appliedOn, false],
    [input.activistOn, true],
  ];
  if (level >= 1) dates.push([input.candidateOn, true]);
  if (level >= 2) dates.push([input.voteOn, true], [input.approvedOn, false]);
  const given: string[] = [];
  for (const [on, required] of dates) {
    if (on === undefined) {
      if (required) return refusal('backfillDates', null, { stage: DEVELOPMENT_STAGE_LABELS[input.stage].zh });
      continue;
    }
    if (compareIso(on, today) > 0) return refusal('future', null, { on });
    const before = given.at(-1);
    if (before !== undefined && compareIso(on, before) < 0) return refusal('backfillOrder', null, { on, before });
    given.push(on);
  }
  const needed = level;
  const data = {
    stage: input.stage,
    appliedOn: input.appliedOn,
    activistOn: input.activistOn,
    ...(needed >= 1 ? { candidateOn: input.candidateOn } : {}),
    ...(needed >= 2 ? { voteOn: input.voteOn, approvedOn: input.approvedOn } : {}),
  };
  return { ok: true, step: { kind: 'backfill', on: given.at(-1)!, ...data } };
}

/** 党章 第七条: probation is one year from the branch vote (plus an extension); nothing is decided before its end. */
function probationGate(d: DevelopmentDates, on: string, rules: RuleSet): DevelopmentRefusal | null {
  if (compareIso(on, d.probationEnd!) >= 0) return null;
  const rule =
    d.extensionMonths === null
      ? ruleOf('people.probationYears', rules.people.probationYears)
      : ruleOf('development.extensionMonths', rules.development.extensionMonths);
  return refusal('probationNotOver', rule, { voteOn: d.voteOn!, end: d.probationEnd! });
}

/** A gate as the case page shows it: its rule, how it stands, and the day it opens or falls due. */
export type GateView = {
  rule: GateRule;
  status: GateStatus;
  /** The day from which the gate is met (a step may be taken). */
  opensOn: string | null;
  /** The day by which something is due. */
  dueOn: string | null;
};

/** Every gate of the case with its status on `today` (exceptions and late steps from the recorded flags). */
export function developmentGates(
  steps: readonly (RecordedStep & { flags?: readonly { code: string }[] })[],
  asOf: string,
  rules: RuleSet,
): GateView[] {
  const d = developmentDatesOf(steps, rules);
  const ended = d.state !== 'open' && d.state !== 'done';
  // A case ended early is shown as it stood on its last day, without what it no longer waits for.
  const today = ended && d.lastOn ? d.lastOn : asOf;
  const dev = rules.development;
  const flagged = (code: string) => steps.some((s) => s.flags?.some((f) => f.code === code));
  const has = (k: DevelopmentStep) => d.done > DEVELOPMENT_STEPS.indexOf(k);
  const out: GateView[] = [];
  const add = (rule: GateRule, status: GateStatus, opensOn: string | null = null, dueOn: string | null = null) =>
    out.push({ rule, status, opensOn, dueOn });
  const deadline = (done: boolean, late: boolean, due: string): GateStatus =>
    done ? (late ? 'late' : 'met') : compareIso(today, due) > 0 ? 'late' : 'due';

  add(ruleOf('people.minJoinAge', rules.people.minJoinAge), d.appliedOn ? 'met' : 'open');
  if (d.appliedOn) {
    const due = addMonthsIso(d.appliedOn, dev.talkWithinMonths.value);
    add(
      ruleOf('development.talkWithinMonths', dev.talkWithinMonths),
      deadline(has('talk'), flagged('talkLate'), due),
      null,
      due,
    );
    const opens = addMonthsIso(d.appliedOn, dev.applicationToActivistMonths.value);
    add(
      ruleOf('development.applicationToActivistMonths', dev.applicationToActivistMonths),
      has('activist_confirm')
        ? flagged('activistEarly')
          ? 'late'
          : 'met'
        : compareIso(today, opens) < 0
          ? 'waiting'
          : 'open',
      opens,
    );
  }
  if (d.activistOn) {
    add(ruleOf('development.mentors', dev.mentors), has('mentors') ? 'met' : 'open');
    if (d.lastAssessedOn) {
      const due = addMonthsIso(d.lastAssessedOn, dev.activistAssessMonths.value);
      add(
        ruleOf('development.activistAssessMonths', dev.activistAssessMonths),
        compareIso(today, due) > 0 ? 'late' : 'due',
        null,
        due,
      );
    }
    const opens = addYearsIso(d.activistOn, dev.activistMinYears.value);
    add(
      ruleOf('development.activistMinYears', dev.activistMinYears),
      has('candidate_confirm') || compareIso(today, opens) >= 0 ? 'met' : 'waiting',
      opens,
    );
  }
  if (d.candidateOn) {
    add(ruleOf('development.sponsors', dev.sponsors), has('sponsors') ? 'met' : 'open');
    add(POLITICAL_REVIEW_RULE, has('political_review') ? 'met' : 'open');
    add(
      ruleOf('development.training', dev.training),
      has('training') ? (flagged('trainingShort') ? 'exception' : 'met') : 'open',
    );
    add(
      ruleOf('development.publicNoticeWorkingDays', dev.publicNoticeWorkingDays),
      has('public_notice') ? 'met' : 'open',
    );
  }
  if (has('committee_review')) {
    add(
      ruleOf('development.leavingWithinMonths', dev.leavingWithinMonths),
      has('pre_review') ? (flagged('leavingSoon') ? 'exception' : 'met') : 'open',
    );
  }
  if (d.voteOn) {
    const due = addMonthsIso(d.voteOn, dev.approvalMonths.value.normal);
    add(
      ruleOf('development.approvalMonths', dev.approvalMonths),
      deadline(has('approval'), flagged('approvalLate'), due),
      null,
      due,
    );
  }
  if (d.approvedOn && d.probationEnd) {
    add(
      ruleOf('people.probationYears', rules.people.probationYears),
      compareIso(today, d.probationEnd) >= 0 ? 'met' : 'waiting',
      d.probationEnd,
    );
    if (d.extensionMonths !== null) add(ruleOf('development.extensionMonths', dev.extensionMonths), 'met');
    const due = addMonthsIso(d.probationEnd, dev.fullMembershipMonths.value);
    add(
      ruleOf('development.fullMembershipMonths', dev.fullMembershipMonths),
      d.fullVoteOn
        ? flagged('fullVoteLate')
          ? 'late'
          : 'met'
        : compareIso(today, d.probationEnd) < 0
          ? 'waiting'
          : deadline(false, false, due),
      d.probationEnd,
      due,
    );
  }
  return ended ? out.filter((g) => g.status === 'met' || g.status === 'late' || g.status === 'exception') : out;
}

/** What the pipeline shows of a case: why it is blocked, and what falls due (by a day) within the month. */
export type DevelopmentAlert = { kind: 'blocked' | 'due' | 'late'; code: string; on: string; rule: GateRule };

/**
 * The alerts of an open case on `today`, from its key dates: blocked (the next step waits for a day: the activist's
 * year, the end of probation; or the approval is past its 6 months) and what is due or late by a day (the talk, the
 * 6-monthly assessment, the approval within 3 months, the full-membership decision). `monthEnd` bounds "due".
 */
export function developmentAlerts(
  d: Pick<
    DevelopmentDates,
    | 'state'
    | 'appliedOn'
    | 'talkOn'
    | 'activistOn'
    | 'lastAssessedOn'
    | 'candidateOn'
    | 'voteOn'
    | 'approvedOn'
    | 'probationEnd'
    | 'fullVoteOn'
  >,
  today: string,
  monthEnd: string,
  rules: RuleSet,
): DevelopmentAlert[] {
  if (d.state !== 'open') return [];
  const dev = rules.development;
  const out: DevelopmentAlert[] = [];
  const deadline = (code: string, on: string, rule: GateRule) => {
    if (compareIso(on, today) < 0) out.push({ kind: 'late', code, on, rule });
    else if (compareIso(on, monthEnd) <= 0) out.push({ kind: 'due', code, on, rule });
  };
  if (d.appliedOn && !d.talkOn) {
    deadline(
      'talk',
      addMonthsIso(d.appliedOn, dev.talkWithinMonths.value),
      ruleOf('development.talkWithinMonths', dev.talkWithinMonths),
    );
  }
  if (d.activistOn && !d.candidateOn) {
    const opens = addYearsIso(d.activistOn, dev.activistMinYears.value);
    if (compareIso(today, opens) < 0) {
      out.push({
        kind: 'blocked',
        code: 'activistYear',
        on: opens,
        rule: ruleOf('development.activistMinYears', dev.activistMinYears),
      });
    }
    if (d.lastAssessedOn) {
      deadline(
        'assessment',
        addMonthsIso(d.lastAssessedOn, dev.activistAssessMonths.value),
        ruleOf('development.activistAssessMonths', dev.activistAssessMonths),
      );
    }
  }
  if (d.voteOn && !d.approvedOn) {
    const rule = ruleOf('development.approvalMonths', dev.approvalMonths);
    const max = addMonthsIso(d.voteOn, dev.approvalMonths.value.max);
    if (compareIso(today, max) > 0) out.push({ kind: 'blocked', code: 'approvalExpired', on: max, rule });
    else deadline('approval', addMonthsIso(d.voteOn, dev.approvalMonths.value.normal), rule);
  }
  if (d.approvedOn && d.probationEnd && !d.fullVoteOn) {
    if (compareIso(today, d.probationEnd) < 0) {
      const rule = ruleOf('people.probationYears', rules.people.probationYears);
      if (compareIso(d.probationEnd, monthEnd) <= 0)
        out.push({ kind: 'due', code: 'probationEnds', on: d.probationEnd, rule });
      else out.push({ kind: 'blocked', code: 'probation', on: d.probationEnd, rule });
    } else {
      deadline(
        'fullVote',
        addMonthsIso(d.probationEnd, dev.fullMembershipMonths.value),
        ruleOf('development.fullMembershipMonths', dev.fullMembershipMonths),
      );
    }
  }
  return out;
}
