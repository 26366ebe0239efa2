import { z } from 'zod';
import { DEMAND_KINDS } from '../domain/tasks/vocab.ts';
import { orgRef } from './common.ts';

/** The burden meter (基层减负): what the platform asks of organisations, the caps, and who asks. */

const count = z.number().int();
/** A count per kind of demand. */
export const demandCounts = z.object(
  Object.fromEntries(DEMAND_KINDS.map((k) => [k, count])) as Record<(typeof DEMAND_KINDS)[number], typeof count>,
);
export type DemandCounts = z.infer<typeof demandCounts>;

/** An organisation a new assignment or supervision would take over a cap. */
export const burdenOverrun = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(['assignment', 'supervision']),
  /** The count with the new demand. */
  count,
  max: count,
  per: z.enum(['month', 'year']),
  /** 'level': the cap of its level; 'issuer': the supervisions one issuer may make of it in a year. */
  rule: z.enum(['level', 'issuer']),
});
export type BurdenOverrun = z.infer<typeof burdenOverrun>;

/** What the issuer is warned of before going ahead: the organisations over a cap (the first ones) and how many. */
export const burdenWarning = z.object({
  overCount: count,
  overruns: z.array(burdenOverrun),
});
export type BurdenWarning = z.infer<typeof burdenWarning>;

/** Given when an assignment or a supervision goes over a cap (required then; kept with it). */
export const burdenReason = z.string().trim().min(1).max(500);

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为“年-月”，如 2026-03' });

export const burdenQuery = z.object({
  orgId: orgRef.query().optional(),
  /** First and last month, 'YYYY-MM'; default: January to this month. */
  from: month.optional(),
  to: month.optional(),
});

export const burdenReport = z.object({
  org: z.object({ id: z.number().int(), name: z.string(), level: z.enum(['grassroots', 'committee']) }),
  from: z.string(),
  to: z.string(),
  /** What was asked of this organisation, by kind and by issuer. */
  own: z.object({
    total: count,
    byKind: demandCounts,
    byIssuer: z.array(z.object({ orgId: count, name: z.string(), total: count, byKind: demandCounts })),
  }),
  /** Its caps (by its level) and how far it is into them now (this month, this year). */
  caps: z.array(
    z.object({
      kind: z.enum(['assignment', 'supervision']),
      max: count,
      per: z.enum(['month', 'year']),
      used: count,
      source: z.string(),
      confidence: z.enum(['C', 'S']),
    }),
  ),
  /** The issuers of what was asked of the subtree, ranked: most first. */
  issuers: z.array(
    z.object({
      rank: count,
      orgId: count,
      name: z.string(),
      total: count,
      orgsReached: count,
      byKind: demandCounts,
    }),
  ),
  /** The organisations of the subtree asked the most of. */
  heaviest: z.array(z.object({ orgId: count, name: z.string(), total: count })),
  /** Reasons given for going over a cap: by issuers in the subtree, or for this organisation; newest first. */
  overrides: z.array(
    z.object({
      id: count,
      kind: z.enum(['assignment', 'supervision']),
      issuerOrgId: count,
      issuerName: z.string(),
      taskId: count.nullable(),
      supervisionId: count.nullable(),
      reason: z.string(),
      overCount: count,
      actorName: z.string(),
      at: z.string(),
    }),
  ),
});
export type BurdenReport = z.infer<typeof burdenReport>;
