import { z } from 'zod';
import {
  DEVELOPMENT_BACKFILL_STAGES,
  DEVELOPMENT_CASE_STATES,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEP_KINDS,
  GATE_STATUSES,
} from '../domain/people/development-steps.ts';
import { MEMBER_STATUSES } from '../domain/people/vocab.ts';
import { isoDate, orgAboveRef, orgRef, pageQuery, personRef } from './common.ts';
import { messageRef } from './messages.ts';

/** Member development (发展党员): GET/POST /api/development/cases…, GET /api/development/pipeline. */

export const developmentStage = z.enum(DEVELOPMENT_STAGES);
export const developmentStepKind = z.enum(DEVELOPMENT_STEP_KINDS);
export const developmentCaseState = z.enum(DEVELOPMENT_CASE_STATES);

const text = (max: number) => z.string().trim().min(1).max(max);
const name = z.string().trim().min(1).max(50);

/** What a step records: its date, its document, who decided, and what its kind carries. */
export const developmentStepBody = z.object({
  kind: developmentStepKind,
  on: isoDate,
  document: text(2000),
  decider: text(200),
  /**
   * The organisation above that decided (预审, 谈话, 审批, 转正审批, 延长/取消, 备案): one of the branch's line above;
   * by default the nearest one that may (for approvals, the nearest base committee holding the authority).
   */
  deciderOrgId: orgAboveRef().optional(),
  /** Why an exception is taken, where a gate allows one. */
  reason: z.string().trim().max(2000).optional(),
  mentors: z.array(name).max(5).optional(),
  sponsors: z.array(name).max(5).optional(),
  passed: z.boolean().optional(),
  trainingDays: z.number().int().min(0).max(365).optional(),
  trainingHours: z.number().int().min(0).max(2000).optional(),
  noticeFrom: isoDate.optional(),
  noticeTo: isoDate.optional(),
  leavingOn: isoDate.nullable().optional(),
  months: z.number().int().min(0).max(24).optional(),
});
export type DevelopmentStepBody = z.input<typeof developmentStepBody>;

/** Opening a case: the application (递交入党申请书) of a person registered as 入党申请人. */
export const openDevelopmentCaseBody = z.object({
  personId: personRef(),
  on: isoDate,
  document: text(2000).default('入党申请书'),
  decider: text(200).default('党支部'),
});
export type OpenDevelopmentCaseBody = z.input<typeof openDevelopmentCaseBody>;

/**
 * Opening a case partway (补录) for someone already an activist, candidate or probationary member (their status set by
 * the roster import or by hand): the stage and the dates known. activistOn always; candidateOn from the candidate stage;
 * voteOn (the branch vote) in probation, approvedOn if known (else the vote's day). The gates from then on apply.
 */
export const backfillDevelopmentCaseBody = z.object({
  personId: personRef(),
  stage: z.enum(DEVELOPMENT_BACKFILL_STAGES),
  appliedOn: isoDate.optional(),
  activistOn: isoDate,
  candidateOn: isoDate.optional(),
  voteOn: isoDate.optional(),
  approvedOn: isoDate.optional(),
  /** What the dates rest on (档案, 花名册), added to the note 建档时已处于…阶段（补录）. */
  document: z.string().trim().max(1000).optional(),
  decider: text(200).default('党支部'),
});
export type BackfillDevelopmentCaseBody = z.input<typeof backfillDevelopmentCaseBody>;

export const developmentCaseListQuery = z.object({
  /** The root of the subtree listed (default: the caller's organisation). */
  orgId: orgRef.query().optional(),
  stage: developmentStage.optional(),
  state: developmentCaseState.optional(),
  personId: personRef.query().optional(),
  ...pageQuery,
});

export const developmentPipelineQuery = z.object({ orgId: orgRef.query().optional() });

const gateRule = z.object({
  id: z.string(),
  source: z.string(),
  article: z.string().nullable(),
  tag: z.enum(['C', 'S']),
  /** The catalogue's one-line summary (Chinese). */
  summary: z.string(),
});

export const developmentCaseSummary = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  personStatus: z.enum(MEMBER_STATUSES),
  orgId: z.number().int(),
  orgName: z.string(),
  stage: developmentStage,
  state: developmentCaseState,
  appliedOn: z.string(),
  activistOn: z.string().nullable(),
  candidateOn: z.string().nullable(),
  voteOn: z.string().nullable(),
  approvedOn: z.string().nullable(),
  probationEnd: z.string().nullable(),
  fullOn: z.string().nullable(),
  lastOn: z.string(),
  /** The steps that may be recorded next. */
  next: z.array(developmentStepKind),
});
export type DevelopmentCaseSummary = z.infer<typeof developmentCaseSummary>;

const flagOut = z.object({
  code: z.string(),
  rule: gateRule.omit({ summary: true }),
  message: z.string(),
  msg: messageRef,
});

export const developmentAlert = z.object({
  kind: z.enum(['blocked', 'due', 'late']),
  code: z.string(),
  on: z.string(),
  rule: gateRule,
});

export const developmentCaseDetail = developmentCaseSummary.extend({
  steps: z.array(
    z.object({
      id: z.number().int(),
      seq: z.number().int(),
      kind: developmentStepKind,
      on: z.string(),
      document: z.string(),
      decider: z.string(),
      deciderOrg: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      reason: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
      flags: z.array(flagOut),
      statusAfter: z.enum(MEMBER_STATUSES).nullable(),
      actorName: z.string(),
      at: z.string(),
    }),
  ),
  gates: z.array(
    z.object({
      rule: gateRule,
      status: z.enum(GATE_STATUSES),
      opensOn: z.string().nullable(),
      dueOn: z.string().nullable(),
    }),
  ),
  alerts: z.array(developmentAlert),
  extensionMonths: z.number().int().nullable(),
  /**
   * The organisations above the branch that may decide a step, nearest first: `approving` for 预审, 谈话, 审批,
   * 转正审批, 延长/取消 (holding the authority), `above` for the filings (备案).
   */
  approvers: z.object({
    approving: z.array(z.object({ id: z.number().int(), name: z.string() })),
    above: z.array(z.object({ id: z.number().int(), name: z.string() })),
  }),
  /** The caller may record steps (member:write). */
  canWrite: z.boolean(),
});
export type DevelopmentCaseDetail = z.infer<typeof developmentCaseDetail>;

export const developmentPipeline = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** The last day of the current month: "due" means by then. */
  monthEnd: z.string(),
  counts: z.record(developmentStage, z.number().int()),
  /** Open cases, each with its alerts (blocked, due this month, late); at most 500, the oldest steps first. */
  cases: z.array(developmentCaseSummary.extend({ alerts: z.array(developmentAlert) })),
  truncated: z.boolean(),
});
export type DevelopmentPipeline = z.infer<typeof developmentPipeline>;
