import { z } from 'zod';
import { DEPLOYMENT_STATUSES, SOURCE_KINDS } from '../domain/deploy/vocab.ts';
import {
  DEPLOYMENT_TEXT_TOO_LONG,
  MAX_DEPLOYMENT_TEXT_CHARS,
  MAX_OUTLINE_ITEMS,
  outlineTooLongMessage,
} from '../domain/files/limits.ts';
import { isoDate, orgRef } from './common.ts';

export const nodeKind = z.enum(['section', 'task', 'problem', 'principle']);

/** The quantitative target, deadline and lead organisation a task item will carry when confirmed. */
export const itemTaskSettings = z.object({
  progressMode: z.enum(['none', 'sum', 'share']),
  targetValue: z.number().min(0).nullable(),
  targetUnit: z.string().max(20).nullable(),
  shareThreshold: z.number().min(0).nullable(),
  deadline: isoDate.nullable(),
  leadOrgId: orgRef().nullable(),
});
export type ItemTaskSettings = z.infer<typeof itemTaskSettings>;

/** One node of a deployment's outline, flat (parentKey) so that the import screen can edit it freely. */
export const outlineItem = z.object({
  key: z.string().min(1).max(40),
  parentKey: z.string().max(40).nullable(),
  numbering: z.string().max(20),
  heading: z.string().max(500),
  text: z.string().max(20000),
  kind: nodeKind,
  spanStart: z.number().int().min(0).nullable(),
  spanEnd: z.number().int().min(0).nullable(),
  targets: z.array(z.object({ value: z.number(), unit: z.string(), text: z.string() })),
  deadlines: z.array(z.object({ text: z.string() })),
  bodies: z.array(z.string()),
  task: itemTaskSettings.nullable(),
});
export type OutlineItem = z.infer<typeof outlineItem>;

export const deploymentSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  meetingDate: z.string().nullable(),
  /** The date the document states of itself, as written (2020年4月15日, 2020年4月), if any. */
  statedDate: z.string().nullable(),
  status: z.enum(DEPLOYMENT_STATUSES),
  sourceKind: z.enum(SOURCE_KINDS),
  sourceName: z.string().nullable(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  taskCount: z.number().int(),
  problemCount: z.number().int(),
  /** Items of the outline by kind (for drafts, what confirming would create). */
  itemCounts: z.object({ task: z.number().int(), problem: z.number().int(), total: z.number().int() }),
});
export type DeploymentSummary = z.infer<typeof deploymentSummary>;

export const deploymentDetail = deploymentSummary.extend({
  sourceText: z.string(),
  sourceEncoding: z.string().nullable(),
  removed: z.array(z.object({ text: z.string(), reason: z.string() })),
  items: z.array(outlineItem),
});
export type DeploymentDetail = z.infer<typeof deploymentDetail>;

export const deploymentListQuery = z.object({
  orgId: orgRef.query().optional(),
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
});

export const createDeploymentBody = z.object({
  orgId: orgRef(),
  text: z.string().min(1, '请粘贴讲话或文件正文').max(MAX_DEPLOYMENT_TEXT_CHARS, DEPLOYMENT_TEXT_TOO_LONG),
  title: z.string().trim().max(200).optional(),
  meetingDate: isoDate.optional(),
});

export const importDeploymentQuery = z.object({
  orgId: orgRef.query(),
  meetingDate: isoDate.optional(),
});

export const updateDeploymentBody = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  meetingDate: isoDate.nullable().optional(),
  items: z
    .array(outlineItem)
    .max(MAX_OUTLINE_ITEMS, { error: (iss) => outlineTooLongMessage((iss.input as unknown[]).length, 'edit') })
    .optional(),
});

export const confirmResult = z.object({
  deploymentId: z.number().int(),
  tasksCreated: z.number().int(),
  problemsCreated: z.number().int(),
});

/** What deleting a draft removed (the audit log keeps the same). */
export const deleteDeploymentResult = z.object({
  deploymentId: z.number().int(),
  title: z.string(),
  items: z.number().int(),
});
export type DeleteDeploymentResult = z.infer<typeof deleteDeploymentResult>;
