import { z } from 'zod';

/** The figures a province publishes for one organisation (its whole subtree), as the hub serves them. */
export const hubFigures = z.object({
  members: z.number().int(),
  tasks: z.number().int(),
  assigned: z.number().int(),
  notStarted: z.number().int(),
  inProgress: z.number().int(),
  submitted: z.number().int(),
  done: z.number().int(),
  doneOnTime: z.number().int(),
  overdue: z.number().int(),
  lagging: z.number().int(),
  /** The national statistics' people figures (domain-rules §11): members who are women, of an ethnic minority, with a
   * junior college education or above, aged 30 or under and 61 or over; applicants, activists and candidates; members
   * recruited this year. */
  women: z.number().int(),
  minorities: z.number().int(),
  college: z.number().int(),
  ageLe30: z.number().int(),
  ageGe61: z.number().int(),
  applicants: z.number().int(),
  activists: z.number().int(),
  candidates: z.number().int(),
  recruited: z.number().int(),
  /** Active branches; the 三会一课 due and met in `lifeYear` (the compliance rate is met ÷ due). */
  branches: z.number().int(),
  lifeYear: z.number().int().nullable(),
  lifeDue: z.number().int(),
  lifeMet: z.number().int(),
  /** Organisations holding a star level of `starYear` (the latest year assessed), and how many at each level. */
  starYear: z.number().int().nullable(),
  starred: z.number().int(),
  star1: z.number().int(),
  star2: z.number().int(),
  star3: z.number().int(),
  star4: z.number().int(),
  star5: z.number().int(),
});
export type HubFigures = z.output<typeof hubFigures>;

const regionCode = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/);
const orgCode = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

/** Each province: its root, its totals (the sum of its top organisations) and how fresh its figures are. */
export const hubRegions = z.object({
  regions: z.array(
    z.object({
      region: z.string(),
      name: z.string(),
      rootCode: z.string(),
      depth: z.number().int(),
      orgCount: z.number().int(),
      publishedAt: z.string(),
      /** Seconds since the province last published (the hub's clock); a province that is down grows old here. */
      ageSeconds: z.number(),
      figures: hubFigures,
    }),
  ),
});
export type HubRegions = z.output<typeof hubRegions>;

export const hubRegionParams = z.object({ region: regionCode });
export const hubOrgsQuery = z.object({ parent: orgCode.optional() });

/** One province's published organisations at its top level, or the children of one of them. */
export const hubOrgs = z.object({
  region: z.string(),
  parent: z.string().nullable(),
  orgs: z.array(
    z.object({
      code: z.string(),
      parentCode: z.string().nullable(),
      name: z.string(),
      type: z.string(),
      level: z.number().int(),
      /** Whether the province publishes its children too (below the published depth it does not). */
      hasChildren: z.boolean(),
      figures: hubFigures,
    }),
  ),
});
export type HubOrgs = z.output<typeof hubOrgs>;
