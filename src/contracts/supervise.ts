import { z } from 'zod';
import { ORG_TYPES } from '../domain/org/vocab.ts';
import { FINDING_SEVERITIES, SUPERVISION_KINDS } from '../domain/supervise/sampling.ts';
import { burdenReason } from './burden.ts';
import { deploymentRef, idSchema, isoDate, orgRef, pageQuery, taskRef } from './common.ts';

export const supervisionKind = z.enum(SUPERVISION_KINDS);

/** A random sample: `share` of the organisations of these types (and fields) under a node, at least `min`. */
export const sampleSpec = z.object({
  underOrgId: orgRef(),
  types: z.array(z.enum(ORG_TYPES)).min(1),
  fields: z.array(z.string().max(40)).max(20).optional(),
  share: z.number().min(0).max(1),
  min: z.number().int().min(0).max(10000).default(1),
  /** Given to draw again a recorded sample; otherwise the server draws a seed and records it. */
  seed: z.number().int().min(0).max(4294967295).optional(),
});

export const createSupervisionBody = z
  .object({
    /** The issuing organisation (default: the caller's own). */
    orgId: orgRef().optional(),
    kind: supervisionKind,
    title: z.string().trim().min(1).max(200),
    subject: z.string().max(5000).optional(),
    /** 联合督查: the other issuing organisations, as named in the notice. */
    coIssuers: z.string().trim().max(500).optional(),
    periodStart: isoDate,
    periodEnd: isoDate,
    taskIds: taskRef.list(200).optional(),
    /** The deployments the supervision checks (confirmed ones in the caller's scope). */
    deploymentIds: deploymentRef.list(20).optional(),
    /** Picked targets … */
    orgIds: orgRef.list(2000).optional(),
    /** … and/or a random sample drawn by rule. */
    sample: sampleSpec.optional(),
    /** Required when the supervision takes an organisation over a burden cap (基层减负); kept with it. */
    burdenReason: burdenReason.optional(),
  })
  .refine((b) => b.periodEnd >= b.periodStart, { message: '督查结束日期不能早于开始日期', path: ['periodEnd'] })
  .refine((b) => (b.orgIds?.length ?? 0) > 0 || b.sample, '请选择督查对象，或给出随机抽取的规则');
export type CreateSupervisionBody = z.input<typeof createSupervisionBody>;

export const supervisionListQuery = z.object({
  orgId: orgRef.query().optional(),
  ...pageQuery,
});

export const supervisionSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: supervisionKind,
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  targetCount: z.number().int(),
  findingCount: z.number().int(),
  createdAt: z.string(),
});
export type SupervisionSummary = z.infer<typeof supervisionSummary>;

export const findingDto = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  text: z.string(),
  severity: z.enum(FINDING_SEVERITIES),
  evidence: z.string(),
  problemId: z.number().int().nullable(),
  actorName: z.string(),
  createdAt: z.string(),
  /** Its leaders' instructions not yet closed (落实中, 已回复) that the caller may see. */
  instructionCount: z.number().int(),
});

export const supervisionDetail = supervisionSummary.extend({
  subject: z.string(),
  coIssuers: z.string(),
  tasks: z.array(z.object({ id: z.number().int(), title: z.string() })),
  deployments: z.array(z.object({ id: z.number().int(), title: z.string() })),
  /** The targets the caller may see (the issuing side sees all; a target's subtree only its own). */
  targets: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), drawn: z.boolean() })),
  /** The recorded draw: the rule, the seed and how many candidates there were (null when none was drawn). */
  draw: z
    .object({
      underOrgId: z.number().int(),
      underOrgName: z.string(),
      types: z.array(z.string()),
      fields: z.array(z.string()),
      share: z.number(),
      min: z.number().int(),
      seed: z.number().int(),
      candidateCount: z.number().int(),
    })
    .nullable(),
  findings: z.array(findingDto),
  canManage: z.boolean(),
});
export type SupervisionDetail = z.infer<typeof supervisionDetail>;

export const createFindingBody = z.object({
  orgId: orgRef(),
  text: z.string().trim().min(1).max(5000),
  severity: z.enum(FINDING_SEVERITIES).optional(),
  evidence: z.string().trim().max(5000).optional(),
});
export type CreateFindingBody = z.input<typeof createFindingBody>;

export const findingProblemBody = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  deadline: isoDate.nullable().optional(),
});

export const findingParams = z.object({ id: idSchema, findingId: idSchema });

export const rankingWeights = z.object({
  completion: z.number().min(0).max(100),
  punctuality: z.number().min(0).max(100),
  problemsOnTime: z.number().min(0).max(100),
  findings: z.number().min(0).max(100),
});

export const createNoticeBody = z
  .object({
    /** The issuing organisation, whose children are ranked (default: the caller's own). */
    orgId: orgRef().optional(),
    periodStart: isoDate,
    periodEnd: isoDate,
    title: z.string().trim().min(1).max(200).optional(),
    docNumber: z.string().trim().max(50).optional(),
    /** Default: completion 0.5, not overdue 0.2, problems on time 0.2, findings 0.1. */
    weights: rankingWeights
      .refine((w) => w.completion + w.punctuality + w.problemsOnTime + w.findings > 0, '至少一项指标的权重大于 0')
      .optional(),
  })
  .refine((b) => b.periodEnd >= b.periodStart, { message: '通报期末不能早于期初', path: ['periodEnd'] });
export type CreateNoticeBody = z.input<typeof createNoticeBody>;

const rankedOrg = z.object({
  orgId: z.number().int(),
  name: z.string(),
  code: z.string(),
  due: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  problemsDue: z.number().int(),
  problemsClosedOnTime: z.number().int(),
  findings: z.number().int(),
  rates: z.record(z.string(), z.number().nullable()),
  score: z.number(),
  rank: z.number().int(),
});

export const noticeSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  docNumber: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(['draft', 'published']),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});

/** The wording of a draft notice's document that the issuer may edit (the figures and the ranking are not). */
export const noticeWording = z.object({
  /** 主送机关. */
  recipients: z.string(),
  /** The opening paragraph. */
  lead: z.string(),
  /** The closing paragraph (下步要求). */
  closing: z.string(),
});

export const noticeDetail = noticeSummary.extend({
  weights: rankingWeights,
  wording: noticeWording,
  ranking: z.object({
    ranked: z.array(rankedOrg),
    unranked: z.array(rankedOrg.omit({ rates: true, score: true, rank: true })),
    best: z.array(z.number().int()),
    worst: z.array(z.number().int()),
    overdueItems: z.array(
      z.object({
        title: z.string(),
        orgName: z.string(),
        deadline: z.string().nullable(),
        doneOn: z.string().nullable(),
      }),
    ),
  }),
  canManage: z.boolean(),
});
export type NoticeDetail = z.infer<typeof noticeDetail>;

/** Edits a draft notice's wording (published notices are frozen); the ranking and its figures are not editable. */
export const updateNoticeBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    docNumber: z.string().trim().max(50),
    recipients: z.string().trim().min(1).max(200),
    lead: z.string().trim().min(1).max(2000),
    closing: z.string().trim().min(1).max(2000),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type UpdateNoticeBody = z.input<typeof updateNoticeBody>;

export const noticeListQuery = z.object({ orgId: orgRef.query().optional(), ...pageQuery });
export const noticeFileQuery = z.object({ format: z.enum(['docx', 'pdf']).default('docx') });
