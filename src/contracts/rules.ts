import { z } from 'zod';
import { isoDate, orgRef } from './common.ts';

/** One rule of the platform's rule set as listed (luoshi rules list --json, GET /api/rules): a stable shape. */
export const ruleEntry = z.object({
  id: z.string(),
  area: z.string(),
  summary: z.string(),
  params: z.unknown(),
  source: z.string(),
  article: z.string().nullable(),
  tag: z.enum(['C', 'S']),
  effectiveFrom: z.string(),
  ruleSet: z.string(),
  /** Set when a locality adjusted this [S] rule for the organisation asked about (地方规定). */
  local: z
    .object({
      overrideId: z.number().int(),
      orgId: z.number().int(),
      orgName: z.string(),
      document: z.string(),
      reason: z.string(),
    })
    .optional(),
});

/** A local rule (地方规定) as listed: the history of the rules set on an organisation's line. */
export const ruleOverrideRow = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  ruleId: z.string(),
  /** The rule's summary with this value (or the platform's default, for a return to it). */
  summary: z.string(),
  value: z.unknown(),
  effectiveFrom: z.string(),
  document: z.string(),
  reason: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
  /** In force today for the organisation asked about. */
  inForce: z.boolean(),
});
export type RuleOverrideRow = z.infer<typeof ruleOverrideRow>;

export const ruleOverrideQuery = z.object({ orgId: orgRef.query().optional() });

export const createRuleOverrideBody = z.object({
  orgId: orgRef(),
  ruleId: z.string().trim().min(1).max(100),
  /** The value in the default's shape; null returns to the platform's default from effectiveFrom. */
  value: z.unknown(),
  effectiveFrom: isoDate,
  document: z.string().trim().min(1, '请填写依据的文件').max(200),
  reason: z.string().trim().min(1, '请填写调整的理由').max(1000),
});
export type CreateRuleOverrideBody = z.input<typeof createRuleOverrideBody>;
export type RuleEntryDto = z.infer<typeof ruleEntry>;

export const ruleListQuery = z.object({
  area: z.string().max(40).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为“年-月-日”，如 2026-03-01' })
    .optional(),
  /** Whose rules: the platform's with the local rules of this organisation's line (default: the caller's own). */
  orgId: orgRef.query().optional(),
});
