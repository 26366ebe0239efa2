import { z } from 'zod';
import { orgRef, pageQuery } from './common.ts';

export const auditRow = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** Null for rows without an organisation (system actions), which only the system administrator sees. */
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditRow = z.infer<typeof auditRow>;

export const auditListQuery = z.object({
  /**
   * The organisation whose subtree's records are listed (default: the caller's scope root). The system
   * administrator's list of the whole scope also holds the rows without an organisation.
   */
  orgId: orgRef.query().optional(),
  entity: z.string().optional(),
  entityId: z.string().optional(),
  ...pageQuery,
});
export type AuditListParams = Partial<z.output<typeof auditListQuery>>;

/**
 * The chain's head as an administrator keeps it outside the system (`luoshi audit anchor`, GET /api/audit/anchor):
 * a later verification with it fails when the chain no longer extends it (re-hashed through it, or truncated).
 */
export const auditAnchor = z.object({
  id: z.string().regex(/^[1-9]\d{0,18}$/, '锚点的 id 应为正整数'),
  hash: z.string().regex(/^[0-9a-f]{64}$/, '锚点的 hash 应为 64 位十六进制'),
  at: z.string(),
  /**
   * The head of each lane of the chain (the log's head is one of them). Anchors taken before lanes existed have
   * none: they vouch for their one row.
   */
  lanes: z
    .array(
      z.object({
        lane: z.number().int().min(0).max(32_767),
        id: z.string().regex(/^[1-9]\d{0,18}$/, '锚点的 id 应为正整数'),
        hash: z.string().regex(/^[0-9a-f]{64}$/, '锚点的 hash 应为 64 位十六进制'),
      }),
    )
    .max(1000)
    .optional(),
});
export type AuditAnchor = z.infer<typeof auditAnchor>;

export const auditVerifyBody = z.object({ anchor: auditAnchor.nullish() });
export type AuditVerifyBody = z.infer<typeof auditVerifyBody>;

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  /** Rows that held (all of them when ok). */
  rows: z.number().int(),
  /** Of those, the older rows hashed before the installation had its key: only anchors taken before protect them. */
  unkeyedRows: z.number().int(),
  brokenId: z.string().nullable(),
  reason: z.string().nullable(),
  /** The verified head, an anchor to keep (null when the log is empty or the check failed). */
  head: auditAnchor.nullable(),
  /** An anchor was given (and, when ok, the chain still holds it). */
  anchorChecked: z.boolean(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;
