import { z } from 'zod';
import { pageQuery } from './common.ts';

export const auditRow = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  orgId: z.number().int().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

export const auditListQuery = z.object({
  /** The organisation whose subtree's records are listed (default: the caller's scope root). */
  orgId: z.coerce.number().int().positive().optional(),
  entity: z.string().optional(),
  entityId: z.string().optional(),
  ...pageQuery,
});

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  brokenId: z.string().nullable(),
  reason: z.string().nullable(),
});
