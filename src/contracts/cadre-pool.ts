import { z } from 'zod';
import { CADRE_LEVELS } from '../domain/cadre/levels.ts';
import { POOL_RECORD_KINDS, POOL_STATUSES } from '../domain/cadre/pool.ts';
import { AGE_GROUPS, STRUCTURE_FINDINGS } from '../domain/cadre/structure.ts';
import { POSITION_TITLES } from '../domain/org/vocab.ts';
import { EDUCATIONS, GENDERS } from '../domain/people/vocab.ts';
import { isoDate, orgRef, personRef } from './common.ts';

/**
 * Cadres (issue 13, area cadre): the cadre record (committee positions and non-Party posts), the young-cadre pool
 * (年轻干部信息库) and the structure of leadership teams: /api/cadre/{cadres,posts,pool,structure}. Shapes in
 * docs/cadre.md.
 */

// --- the cadre record

export const cadreListQuery = z.object({
  orgId: orgRef.query(),
  /** subtree (default): every organisation below; team: the organisation's own team only. */
  scope: z.enum(['subtree', 'team']).default('subtree'),
  /** Only young cadres (by the team's level). */
  young: z.enum(['true', 'false']).optional(),
});

export const cadreRow = z.object({
  personId: z.number().int(),
  name: z.string(),
  gender: z.enum(GENDERS).nullable(),
  /** The full birth date for a caller with member:sensitive; null for everyone else (who get birthYearMonth). */
  birthDate: z.string().nullable(),
  birthYearMonth: z.string().nullable(),
  /** 周岁 today; counted by month (from the first of the birth month) for a caller without member:sensitive. */
  age: z.number().int().nullable(),
  ageGroup: z.enum(AGE_GROUPS).nullable(),
  young: z.boolean(),
  education: z.enum(EDUCATIONS).nullable(),
  ethnicity: z.string().nullable(),
  /** The committee positions held today (org area). */
  positions: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      title: z.enum(POSITION_TITLES),
      startedOn: z.string(),
      /** Positions held before in the same organisation. */
      termsBefore: z.number().int(),
    }),
  ),
  /** The latest non-Party post and rank, or null. */
  post: z.object({ post: z.string(), rank: z.string(), since: z.string() }).nullable(),
  /** Whether the person is in the young-cadre pool today. */
  inPool: z.boolean(),
});
export type CadreRow = z.infer<typeof cadreRow>;

export const cadreList = z.object({
  on: z.string(),
  items: z.array(cadreRow),
  /** The ranks a post may carry (rule cadre.postRanks). */
  ranks: z.array(z.string()),
});
export type CadreList = z.infer<typeof cadreList>;

export const setPostBody = z.object({
  post: z.string().trim().min(1).max(100),
  rank: z.string().trim().min(1).max(50),
  since: isoDate,
});
export type SetPostBody = z.input<typeof setPostBody>;

// --- the young-cadre pool

export const poolListQuery = z.object({
  orgId: orgRef.query(),
  category: z.string().trim().max(50).optional(),
  status: z.enum([...POOL_STATUSES, 'all']).default('active'),
});
export type PoolListQuery = { orgId: number; category?: string; status?: 'active' | 'exited' | 'all' };

export const poolRecord = z.object({
  id: z.number().int(),
  kind: z.enum([...POOL_RECORD_KINDS, 'exit']),
  place: z.string(),
  fromOn: z.string(),
  toOn: z.string().nullable(),
  note: z.string(),
  by: z.string(),
});

export const poolEntry = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  gender: z.enum(GENDERS).nullable(),
  age: z.number().int().nullable(),
  education: z.enum(EDUCATIONS).nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  category: z.string(),
  /** The category's Chinese name (the code itself when the locality no longer defines it). */
  categoryName: z.string(),
  reasons: z.string(),
  nominatedOn: z.string(),
  nominatorOrgName: z.string(),
  nominatedBy: z.string(),
  status: z.enum(POOL_STATUSES),
  exitedOn: z.string().nullable(),
  exitReason: z.string().nullable(),
  records: z.array(poolRecord),
});
export type PoolEntry = z.infer<typeof poolEntry>;

export const poolList = z.object({
  items: z.array(poolEntry),
  counts: z.object({ active: z.number().int(), exited: z.number().int() }),
  byCategory: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string(), active: z.number().int() })),
});
export type PoolList = z.infer<typeof poolList>;

export const nominateBody = z.object({
  personId: personRef(),
  category: z.string().trim().min(1).max(50),
  reasons: z.string().trim().min(1).max(2000),
  /** Default today. */
  nominatedOn: isoDate.optional(),
});
export type NominateBody = z.input<typeof nominateBody>;

export const poolRecordBody = z.object({
  kind: z.enum(POOL_RECORD_KINDS),
  place: z.string().trim().min(1).max(200),
  fromOn: isoDate,
  toOn: isoDate.nullable().default(null),
  note: z.string().trim().max(2000).default(''),
});
export type PoolRecordBody = z.input<typeof poolRecordBody>;

export const poolExitBody = z.object({
  reason: z.string().trim().min(1).max(2000),
  /** Default today. */
  exitedOn: isoDate.optional(),
});
export type PoolExitBody = z.input<typeof poolExitBody>;

// --- the structure of leadership teams

export const structureQuery = z.object({
  orgId: orgRef.query(),
  /** The day ages are counted on (default today). */
  on: isoDate.optional(),
  /** Only teams outside the structure rules. */
  outside: z.enum(['true', 'false']).optional(),
  /** Only teams of this level. */
  level: z.enum(CADRE_LEVELS).optional(),
});

const plan = z.object({
  remindOn: z.string(),
  requestBy: z.string(),
  dueOn: z.string(),
  earliestOn: z.string(),
  latestOn: z.string(),
});

export const teamRow = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  parentName: z.string().nullable(),
  level: z.enum(CADRE_LEVELS),
  size: z.number().int(),
  byGroup: z.record(z.enum(AGE_GROUPS), z.number().int()),
  unknownAge: z.number().int(),
  meanAge: z.number().nullable(),
  young: z.number().int(),
  youngMaxAge: z.number().int(),
  youngShare: z.number().nullable(),
  women: z.number().int(),
  womenShare: z.number().nullable(),
  byEducation: z.record(z.string(), z.number().int()),
  byEthnicity: z.record(z.string(), z.number().int()),
  returning: z.number().int(),
  findings: z.array(z.enum(STRUCTURE_FINDINGS)),
  /** The term's due day (org area) and the 换届 plan, null without a recorded term. */
  plan: plan.nullable(),
});
export type TeamRow = z.infer<typeof teamRow>;

export const structureReport = z.object({
  on: z.string(),
  items: z.array(teamRow),
  totals: z.object({
    teams: z.number().int(),
    outside: z.number().int(),
    cadres: z.number().int(),
    young: z.number().int(),
    women: z.number().int(),
    meanAge: z.number().nullable(),
    byGroup: z.record(z.enum(AGE_GROUPS), z.number().int()),
  }),
  /** Cadres whose team's term ends within a year from the day (the soonest first). */
  ending: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      personId: z.number().int(),
      name: z.string(),
      title: z.enum(POSITION_TITLES),
      dueOn: z.string(),
    }),
  ),
  rules: z.object({
    ageGradient: z.object({ youngMax: z.number(), middleMax: z.number() }),
    teamStructure: z.object({ minWomen: z.number(), minYoung: z.number(), maxMeanAge: z.number() }),
  }),
});
export type StructureReport = z.infer<typeof structureReport>;
