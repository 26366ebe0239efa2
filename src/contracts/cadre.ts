import { z } from 'zod';
import { FILING_DECISIONS, FILING_STATUSES } from '../domain/cadre/secretary-filing.ts';
import { isoDate, orgRef, personRef } from './common.ts';

/** 村党组织书记备案 and the 一肩挑 ratio (issue 13, area cadre): /api/cadre/… Shapes in docs/cadre.md. */

export const secretaryListQuery = z.object({
  orgId: orgRef.query(),
  /** Only villages whose filing calls for action (returned, missing, expired, stale). */
  alerts: z.enum(['true', 'false']).optional(),
});
export type SecretaryListQuery = { orgId: number; alerts?: 'true' | 'false' | undefined };

export const filingView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  appointedOn: z.string(),
  termEnd: z.string(),
  checks: z.array(z.string()),
  note: z.string(),
  filedBy: z.string(),
  filedAt: z.string(),
  decision: z.enum(FILING_DECISIONS).nullable(),
  decidedOn: z.string().nullable(),
  deciderOrgName: z.string().nullable(),
  reason: z.string().nullable(),
});
export type FilingView = z.infer<typeof filingView>;

export const secretaryRow = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  parentName: z.string().nullable(),
  secretaryId: z.number().int().nullable(),
  secretaryName: z.string().nullable(),
  startedOn: z.string().nullable(),
  /** The secretary's village-committee post (director, deputy_director, member) or null. */
  villageCommitteePost: z.string().nullable(),
  oneShoulder: z.boolean(),
  status: z.enum(FILING_STATUSES),
  /** The last day of filing on time (with a secretary and no filing of theirs), else null. */
  dueOn: z.string().nullable(),
  filing: filingView.nullable(),
});
export type SecretaryRow = z.infer<typeof secretaryRow>;

const counts = z.object({
  villages: z.number().int(),
  withSecretary: z.number().int(),
  oneShoulder: z.number().int(),
  /** oneShoulder / withSecretary, null when no village has a secretary. */
  ratio: z.number().nullable(),
});

export const secretaryList = z.object({
  items: z.array(secretaryRow),
  totals: counts.extend({
    byStatus: z.record(z.enum(FILING_STATUSES), z.number().int()),
    alerts: z.number().int(),
  }),
  /** The ratio per child organisation (its villages). */
  byChild: z.array(counts.extend({ orgId: z.number().int(), orgName: z.string() })),
  /** The kept monthly counts of the organisation's villages, oldest first (the trend). */
  trend: z.array(counts.extend({ month: z.string() })),
  /** The checks a filing carries (rule cadre.secretaryFilingChecks). */
  checks: z.array(z.string()),
});
export type SecretaryList = z.infer<typeof secretaryList>;

export const fileSecretaryBody = z.object({
  orgId: orgRef(),
  personId: personRef(),
  appointedOn: isoDate,
  /** The last day of the term; default: the organisation's term (org area) from the day of appointment. */
  termEnd: isoDate.optional(),
  checks: z.array(z.string().trim().min(1).max(50)).max(30),
  note: z.string().trim().max(2000).default(''),
});
export type FileSecretaryBody = z.input<typeof fileSecretaryBody>;

export const decideFilingBody = z.object({
  decision: z.enum(FILING_DECISIONS),
  reason: z.string().trim().max(2000).default(''),
});
export type DecideFilingBody = z.input<typeof decideFilingBody>;
