import { z } from 'zod';

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
});
export type RuleEntryDto = z.infer<typeof ruleEntry>;

export const ruleListQuery = z.object({
  area: z.string().max(40).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为“年-月-日”，如 2026-03-01' })
    .optional(),
});
