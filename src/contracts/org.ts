import { z } from 'zod';
import { ORG_TYPES, POSITION_TITLES, UNIT_LEVELS } from '../domain/org/vocab.ts';
import { isoDate, orgRef, personRef, ruleFinding } from './common.ts';

export const orgType = z.enum(ORG_TYPES);
export const orgCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, '组织编码只能包含字母、数字、下划线和连字符（1–40位）');
export const orgName = z.string().trim().min(1, '名称不能为空').max(100, '名称不能超过100个字');

export const orgSummary = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  /** ltree path of ids from the root ("1.7.42"): lets a client open the tree down to the organisation. */
  path: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: orgType,
  field: z.string().nullable(),
  status: z.enum(['active', 'dissolved']),
  depth: z.number().int(),
  childCount: z.number().int(),
});
export type OrgSummary = z.infer<typeof orgSummary>;

export const position = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  title: z.enum(POSITION_TITLES),
  portfolio: z.string().nullable(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
});
export type Position = z.infer<typeof position>;

export const orgStats = z.object({
  /** On the roll of this organisation itself (all active statuses). */
  directMembers: z.number().int(),
  directFullMembers: z.number().int(),
  directProbationary: z.number().int(),
  /** Across the whole subtree. */
  subtreeMembers: z.number().int(),
  subtreeFull: z.number().int(),
  subtreeProbationary: z.number().int(),
  subtreeCandidates: z.number().int(),
  subtreeActivists: z.number().int(),
  subtreeApplicants: z.number().int(),
  subtreeOrgs: z.number().int(),
});

export const orgDetail = orgSummary.extend({
  ancestors: z.array(z.object({ id: z.number().int(), name: z.string() })),
  establishedOn: z.string().nullable(),
  termStartedOn: z.string().nullable(),
  termYears: z.number().int().nullable(),
  termDueOn: z.string().nullable(),
  dissolvedOn: z.string().nullable(),
  dissolveReason: z.string().nullable(),
  /** 有审批发展党员权限 (granted or withdrawn by the level above). */
  approvalAuthority: z.boolean(),
  /** 临时党组织. */
  temporary: z.boolean(),
  /** 村级 / 社区级党组织 (null: neither). */
  unitLevel: z.enum(UNIT_LEVELS).nullable(),
  stats: orgStats,
  committee: z.array(position),
  findings: z.array(ruleFinding),
});
export type OrgDetail = z.infer<typeof orgDetail>;

export const createOrgBody = z.object({
  parentId: orgRef(),
  code: orgCode.optional(),
  name: orgName,
  shortName: z.string().trim().max(40).optional(),
  type: orgType,
  field: z.string().optional(),
  establishedOn: isoDate.optional(),
  termStartedOn: isoDate.optional(),
  termYears: z.number().int().min(1).max(10).optional(),
  approvalAuthority: z.boolean().optional(),
  temporary: z.boolean().optional(),
  unitLevel: z.enum(UNIT_LEVELS).nullable().optional(),
});
export type CreateOrgBody = z.input<typeof createOrgBody>;

export const updateOrgBody = z
  .object({
    code: orgCode,
    name: orgName,
    shortName: z.string().trim().max(40).nullable(),
    type: orgType,
    field: z.string().nullable(),
    establishedOn: isoDate.nullable(),
    termStartedOn: isoDate.nullable(),
    termYears: z.number().int().min(1).max(10).nullable(),
    approvalAuthority: z.boolean(),
    temporary: z.boolean(),
    unitLevel: z.enum(UNIT_LEVELS).nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type UpdateOrgBody = z.input<typeof updateOrgBody>;

export const moveOrgBody = z.object({ newParentId: orgRef() });
export type MoveOrgBody = z.input<typeof moveOrgBody>;
/** `moved` counts the organisation and every one below it. */
export const moveOrgResult = z.object({ org: orgSummary, moved: z.number().int() });
export type MoveOrgResult = z.infer<typeof moveOrgResult>;
export const dissolveOrgBody = z.object({
  dissolvedOn: isoDate,
  reason: z.string().trim().min(1, '请填写撤销原因').max(500),
});
export type DissolveOrgBody = z.input<typeof dissolveOrgBody>;
export const dissolveOrgResult = z.object({ org: orgSummary, disabledAccounts: z.number().int() });
export type DissolveOrgResult = z.infer<typeof dissolveOrgResult>;

export const orgChildrenQuery = z.object({ includeDissolved: z.enum(['true', 'false']).default('false') });
export type OrgChildrenParams = Partial<z.output<typeof orgChildrenQuery>>;

export const orgSearchQuery = z.object({
  q: z.string().trim().min(1, '请输入搜索内容').max(50),
  within: orgRef.query().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type OrgSearchParams = Partial<z.output<typeof orgSearchQuery>>;
export const orgSearchHit = orgSummary.extend({ pathNames: z.array(z.string()) });
export type OrgSearchHit = z.infer<typeof orgSearchHit>;

export const orgField = z.object({ code: z.string(), name: z.string(), builtin: z.boolean() });
export type OrgField = z.infer<typeof orgField>;
export const createOrgFieldBody = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/, '领域编码应为小写字母开头的字母、数字或下划线'),
  name: z.string().trim().min(1).max(20),
});

export const createPositionBody = z.object({
  personId: personRef(),
  title: z.enum(POSITION_TITLES),
  portfolio: z.string().trim().max(200).optional(),
  startedOn: isoDate,
});
export type CreatePositionBody = z.input<typeof createPositionBody>;
export const updatePositionBody = z
  .object({
    portfolio: z.string().trim().max(200).nullable(),
    endedOn: isoDate.nullable(),
  })
  .partial();
export type UpdatePositionBody = z.input<typeof updatePositionBody>;
