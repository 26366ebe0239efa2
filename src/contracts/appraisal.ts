import { z } from 'zod';
import { APPRAISAL_GRADES } from '../domain/assess/appraisal.ts';
import { idSchema, isoDate, orgRef, personRef } from './common.ts';

/**
 * 民主评议党员 (member appraisal) and 软弱涣散基层党组织 (weak and lax organisations), issue 12, area assess. Shapes
 * documented in docs/assess.md. Poll and peer appraisal are tallies per grade: the platform never takes a named vote.
 */

const year = z.coerce.number().int().min(2000).max(2100);
const note = z.string().trim().max(2000);
export const appraisalGrade = z.enum(APPRAISAL_GRADES);
/** A plain id of a row the service checks itself (a meeting of the branch, a round of the organisation). */
const plainId = z.number().int().min(1).max(2_147_483_647);

const count = z.number().int().min(0).max(100_000);
export const gradeTallies = z.object({ excellent: count, qualified: count, basic: count, unqualified: count });
export type GradeTallies = z.infer<typeof gradeTallies>;

export const appraisalListQuery = z.object({ orgId: orgRef.query(), year: year.optional() });
export const openAppraisalBody = z.object({
  orgId: orgRef(),
  year,
  asOf: isoDate,
  /** The day the grades are due (on or after asOf); absent: the rule set's default (assess.appraisalDecideDays). */
  dueOn: isoDate.optional(),
});
export const appraisalMemberParams = z.object({ id: idSchema, personId: idSchema });

export const memberEntryBody = z.object({
  self: z.object({ done: z.boolean(), note: note.optional() }).optional(),
  peer: z.object({ tallies: gradeTallies, note: note.optional() }).optional(),
  poll: z.object({ tallies: gradeTallies, note: note.optional() }).optional(),
});

export const decisionBody = z.object({
  /** 支委会 or 党员大会. */
  body: z.enum(['committee', 'general']),
  decidedOn: isoDate,
  /** An appraisal meeting (民主评议党员) of the branch that year, recorded in the life area; optional. */
  meetingId: plainId.nullable().optional(),
  grades: z.array(z.object({ personId: personRef(), grade: appraisalGrade })).max(2000),
  note: note.optional(),
});

const who = z.string().trim().min(1, '请填写经办人（决定的组织或人员）').max(100);
const eventNote = z.string().trim().min(1, '请填写说明').max(2000);
export const handlingEventBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('decide'),
    measure: z.enum(['correct', 'persuade', 'remove']),
    deadline: isoDate.optional(),
    by: who,
    on: isoDate,
    note: eventNote,
  }),
  z.object({
    kind: z.literal('escalate'),
    measure: z.enum(['persuade', 'remove']),
    by: who,
    on: isoDate,
    note: eventNote,
  }),
  z.object({
    kind: z.literal('outcome'),
    outcome: z.enum(['corrected', 'left', 'removed']),
    by: who,
    on: isoDate,
    note: eventNote,
  }),
]);
export type HandlingEventBody = z.infer<typeof handlingEventBody>;

const stamp = { actorName: z.string(), at: z.string() };

export const appraisalSummary = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  asOf: z.string(),
  /** The day the grades are due; `overdue`: not decided and past it. */
  dueOn: z.string(),
  overdue: z.boolean(),
  memberCount: z.number(),
  decided: z.boolean(),
  excellent: z.number(),
  unqualified: z.number(),
  openHandlings: z.number(),
  createdAt: z.string(),
});
export type AppraisalSummary = z.infer<typeof appraisalSummary>;

export const handlingDto = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  state: z.enum(['open', 'correcting', 'persuading', 'removing', 'closed']),
  measure: z.enum(['correct', 'persuade', 'remove']).nullable(),
  deadline: z.string().nullable(),
  outcome: z.enum(['corrected', 'left', 'removed']).nullable(),
  /** The member's grade in the latest decision (a later decision may have changed it). */
  currentGrade: appraisalGrade.nullable(),
  events: z.array(z.object({ event: handlingEventBody, ...stamp })),
  openedAt: z.string(),
});

export const appraisalDetail = appraisalSummary.extend({
  canEdit: z.boolean(),
  /** 优秀 allowed at most (the rule set's share, [C]). */
  excellentMax: z.number(),
  share: z.string(),
  members: z.array(
    z.object({
      personId: z.number(),
      name: z.string(),
      status: z.enum(['full', 'probationary']),
      self: z.object({ done: z.boolean(), note: z.string(), ...stamp }).nullable(),
      peer: z.object({ tallies: gradeTallies, note: z.string(), ...stamp }).nullable(),
      poll: z.object({ tallies: gradeTallies, note: z.string(), ...stamp }).nullable(),
      grade: appraisalGrade.nullable(),
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.number(),
      body: z.enum(['committee', 'general']),
      decidedOn: z.string(),
      meeting: z.object({ id: z.number(), heldOn: z.string(), topic: z.string() }).nullable(),
      grades: z.array(z.object({ personId: z.number(), grade: appraisalGrade })),
      counts: z.object({ excellent: z.number(), qualified: z.number(), basic: z.number(), unqualified: z.number() }),
      note: z.string(),
      ...stamp,
    }),
  ),
  /** Every self/peer/poll row, newest first (corrections are new rows). */
  entries: z.array(
    z.object({
      id: z.string(),
      personId: z.number(),
      kind: z.enum(['self', 'peer', 'poll']),
      selfDone: z.boolean().nullable(),
      tallies: gradeTallies.nullable(),
      note: z.string(),
      ...stamp,
    }),
  ),
  handlings: z.array(handlingDto),
  reminders: z.array(
    z.object({
      kind: z.enum(['decisionPending', 'correctionDue', 'correctionOverdue']),
      personId: z.number(),
      name: z.string(),
      on: z.string().nullable(),
    }),
  ),
  /** The branch's 民主评议党员 meetings of the year (life area), to link a decision to. */
  meetings: z.array(z.object({ id: z.number(), heldOn: z.string(), topic: z.string() })),
});
export type AppraisalDetail = z.infer<typeof appraisalDetail>;

// --- 软弱涣散基层党组织

export const weakListQuery = z.object({ orgId: orgRef.query(), year: year.optional() });

const leader = z.object({
  name: z.string().trim().min(1, '请填写挂点领导姓名').max(50),
  post: z.string().trim().max(100),
  note: z.string().trim().max(1000).optional(),
});
export const weakLeaderBody = leader;

export const designateBody = z.object({
  orgId: orgRef(),
  year,
  designatedOn: isoDate,
  /** The rectification deadline (整顿期限). */
  dueOn: isoDate,
  /** Codes of the rule set's checklist (assess.weakReasons). */
  reasons: z.array(z.string().trim().min(1).max(40)).max(20),
  otherReason: z.string().trim().max(1000).optional(),
  /** A final round whose result for the organisation is below the threshold (assess.weakAssessmentBelow). */
  roundId: plainId.nullable().optional(),
  leader: leader.optional(),
  note: note.optional(),
});

export const weakMeasureBody = z.object({
  title: z.string().trim().min(1, '请填写整顿措施').max(300),
  deadline: isoDate,
  description: z.string().max(5000).optional(),
});

export const weakCheckBody = z.object({
  checkedOn: isoDate,
  checker: z.string().trim().min(1, '请填写验收人或验收组').max(100),
  passed: z.boolean(),
  note: note.optional(),
});

export const weakSummary = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  designatorOrgId: z.number(),
  designatorName: z.string(),
  designatedOn: z.string(),
  dueOn: z.string(),
  reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  otherReason: z.string(),
  round: z.object({ id: z.number(), name: z.string(), total: z.number().nullable() }).nullable(),
  leader: z.object({ name: z.string(), post: z.string() }).nullable(),
  state: z.enum(['designated', 'lifted']),
  liftedOn: z.string().nullable(),
  overdue: z.boolean(),
  measures: z.number(),
  openMeasures: z.number(),
});
export type WeakSummary = z.infer<typeof weakSummary>;

export const weakCounts = z.object({ designated: z.number(), lifted: z.number(), overdue: z.number() });

export const weakList = z.object({
  items: z.array(weakSummary),
  counts: weakCounts,
  /** The checklist of the rule set in force ([S]), for the designation form. */
  reasonOptions: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  threshold: z.number(),
});
export type WeakList = z.infer<typeof weakList>;

export const weakRoundsQuery = z.object({ orgId: orgRef.query() });

/** The final rounds that assessed an organisation, with its result there; `low`: a reason to designate it. */
export const weakRoundOptions = z.object({
  threshold: z.number(),
  items: z.array(
    z.object({
      roundId: z.number(),
      name: z.string(),
      year: z.number(),
      issuerName: z.string(),
      total: z.number().nullable(),
      level: z.number().nullable(),
      vetoed: z.boolean(),
      low: z.boolean(),
    }),
  ),
});
export type WeakRoundOptions = z.infer<typeof weakRoundOptions>;

export const weakCountsAnswer = weakCounts.extend({
  byChild: z.array(weakCounts.extend({ orgId: z.number(), orgName: z.string() })),
});
export type WeakCountsAnswer = z.infer<typeof weakCountsAnswer>;

export const weakDetail = weakSummary.extend({
  note: z.string(),
  actorName: z.string(),
  at: z.string(),
  canManage: z.boolean(),
  measureList: z.array(
    z.object({
      problemId: z.number(),
      title: z.string(),
      state: z.string(),
      deadline: z.string().nullable(),
      closedOn: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
  leaders: z.array(z.object({ name: z.string(), post: z.string(), note: z.string(), ...stamp })),
  checks: z.array(
    z.object({ checkedOn: z.string(), checker: z.string(), passed: z.boolean(), note: z.string(), ...stamp }),
  ),
});
export type WeakDetail = z.infer<typeof weakDetail>;
