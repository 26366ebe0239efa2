import { z } from 'zod';
import { AUTO_MEASURES } from '../domain/assess/index-system.ts';
import { ROUND_STATES } from '../domain/assess/round-state.ts';
import { ORG_TYPES } from '../domain/org/vocab.ts';
import { isoDate, orgRef } from './common.ts';

/** Assessment (考核, issue 12): index systems, rounds, scoring, results, stars. Shapes documented in docs/assess.md. */

export const roundState = z.enum(ROUND_STATES);
export const systemState = z.enum(['draft', 'published']);
const year = z.coerce.number().int().min(2000).max(2100);
const text = (max: number) => z.string().trim().max(max);

const gradePoints = z.object({ grade: z.string().trim().min(1).max(20), points: z.number().min(0).max(1000) });
const method = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('auto'), measure: z.enum(AUTO_MEASURES) }),
  z.object({
    kind: z.literal('graded'),
    grades: z.array(gradePoints).max(10),
    evidenceFor: z.array(z.string().trim().max(20)).max(10),
  }),
  z.object({
    kind: z.literal('addDeduct'),
    start: z.enum(['max', 'zero']),
    perItemCap: z.number().min(0).max(1000),
    totalCap: z.number().min(0).max(1000),
  }),
  z.object({ kind: z.literal('veto'), condition: z.string().trim().min(1).max(100) }),
]);

/** The deepest indicator tree the API takes (the domain has no limit; six levels is more than any system uses). */
export const MAX_INDICATOR_DEPTH = 6;

const indicatorFields = {
  id: z.string().trim().max(100),
  name: z.string().trim().min(1).max(200),
  max: z.number().min(0).max(1000),
  bonus: z.boolean().optional(),
  method: method.optional(),
  /** The scoring department's name as shown (e.g. 组织部). */
  scorer: text(100).nullable().optional(),
  /**
   * The organisation whose accounts score it (the issuer or below it, not an assessed one); null: the issuer. Not a
   * marked ref: the service checks it lies within the issuer's subtree, with the same answer for "elsewhere" and
   * "nowhere".
   */
  scorerOrgId: z.number().int().min(1).max(2_147_483_647).nullable().optional(),
  evidence: text(1000).optional(),
};
type IndicatorSchema = z.ZodObject<typeof indicatorFields & { children?: z.ZodOptional<z.ZodArray<IndicatorSchema>> }>;
function indicatorLevel(depth: number): IndicatorSchema {
  const base = z.object(indicatorFields);
  return (
    depth <= 1
      ? base
      : base.extend({
          children: z
            .array(indicatorLevel(depth - 1))
            .max(100)
            .optional(),
        })
  ) as IndicatorSchema;
}
export const indicatorSchema = indicatorLevel(MAX_INDICATOR_DEPTH);

export const systemListQuery = z.object({ year: year.optional() });

export const createSystemBody = z.object({
  year,
  name: z.string().trim().min(1).max(200).optional(),
  /** A blank system, or one of the templates (A, B, default; all [S]). */
  template: z.enum(['A', 'B', 'default']).optional(),
});
export const copySystemBody = z.object({ year, name: z.string().trim().min(1).max(200).optional() });
export const putSystemBody = z.object({
  name: z.string().trim().min(1).max(200),
  total: z.number().positive().max(1000),
  indicators: z.array(indicatorSchema).max(100),
});

const systemSummaryFields = {
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  name: z.string(),
  total: z.number(),
  state: systemState,
  template: z.string().nullable(),
  copiedFrom: z.number().int().nullable(),
  source: z.string(),
  /** The caller's accounts may edit it (its own organisation's, draft). */
  canEdit: z.boolean(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
};
export const systemSummary = z.object(systemSummaryFields);
export const systemDetail = z.object({
  ...systemSummaryFields,
  indicators: z.array(z.unknown()),
  /** Each indicator with its path and depth, depth first: what a tree editor lists. */
  outline: z.array(
    z.object({
      id: z.string(),
      path: z.string(),
      depth: z.number().int(),
      max: z.number(),
      method: z.string().nullable(),
      scorerOrgId: z.number().int().nullable(),
    }),
  ),
});
export const templateList = z.array(z.object({ id: z.string(), name: z.string(), system: z.unknown() }));

/** The organisations of a round: picked, and/or by rule (every organisation of these types/fields under a node). */
const targetFields = {
  orgIds: orgRef.list(20000).optional(),
  rule: z
    .object({
      underOrgId: orgRef(),
      types: z.array(z.enum(ORG_TYPES)).min(1),
      fields: z.array(z.string()).optional(),
    })
    .optional(),
};
const pickSome = (b: { orgIds?: number[] | undefined; rule?: unknown }) =>
  (b.orgIds && b.orgIds.length > 0) || b.rule !== undefined;
export const roundPreviewBody = z.object(targetFields).refine(pickSome, '请选择考核对象，或给出按规则选择的条件');

const band = z.object({
  level: z.number().int().min(0).max(10),
  min: z.number().min(0).max(1000),
  requires: z.array(z.string().trim().min(1).max(50)).max(5).optional(),
});
export const gradingBody = z.object({
  /** Best first; default: the rule set's assess.starBands [S]. */
  bands: z.array(band).min(1).max(10).optional(),
  /** Default: the rule set's assess.starQuota [S]. */
  quotas: z
    .array(z.object({ level: z.number().int().min(0).max(10), maxShare: z.number().min(0).max(1) }))
    .max(10)
    .optional(),
  /** The tie-break after the total: this first-level indicator's points (higher first). */
  secondaryIndicatorId: z.string().trim().max(100).nullable().optional(),
});
export const createRoundBody = z
  .object({
    ...targetFields,
    name: z.string().trim().min(1).max(200),
    selfDue: isoDate,
    scoreDue: isoDate,
    /** Automatic indicators count the records up to this day. */
    cutoff: isoDate,
    publicityFrom: isoDate,
    publicityTo: isoDate,
    grading: gradingBody.optional(),
  })
  .refine(pickSome, '请选择考核对象，或给出按规则选择的条件');
export const roundListQuery = z.object({ year: year.optional() });
export const transitionBody = z.object({ to: roundState });

export const roundPreview = z.object({
  count: z.number().int(),
  orgs: z.array(z.object({ id: z.number().int(), name: z.string(), parentName: z.string().nullable() })),
  truncated: z.boolean(),
});

const roundSummaryFields = {
  id: z.number().int(),
  systemId: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  name: z.string(),
  state: roundState,
  selfDue: z.string(),
  scoreDue: z.string(),
  cutoff: z.string(),
  publicityFrom: z.string(),
  publicityTo: z.string(),
  orgCount: z.number().int(),
  /** The caller's organisation runs it. */
  isIssuer: z.boolean(),
  createdAt: z.string(),
  finalizedAt: z.string().nullable(),
};
export const roundSummary = z.object(roundSummaryFields);
/**
 * A round's latest scoring run (the round and results pages poll it while a whole round is scored): organisations
 * done of the total while the automatic indicators are read (`measures`), then `store`; `running` while it moves.
 */
export const roundProgress = z.object({
  running: z.boolean(),
  purpose: z.enum(['results', 'publicity', 'final']).nullable(),
  phase: z.enum(['measures', 'store', 'done', 'failed']).nullable(),
  done: z.number(),
  total: z.number(),
  startedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type RoundProgress = z.infer<typeof roundProgress>;
export const roundDetail = z.object({
  ...roundSummaryFields,
  system: z.unknown(),
  grading: z.unknown(),
  tieBreak: z.string(),
  /** The steps the caller may take now (to: the next state, for the issuer). */
  next: roundState.nullable(),
  orgs: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      selfEntered: z.number().int(),
      scored: z.number().int(),
      leaves: z.number().int(),
      manualLevel: z.number().int().nullable(),
      conditions: z.array(z.string()),
    }),
  ),
  objections: z.array(z.unknown()),
  revisions: z.array(z.unknown()),
});

/** One leaf indicator's entry, the same shape for 自评 and 评分; which fields count depends on the method. */
export const entryInput = z.object({
  indicatorId: z.string().trim().min(1).max(100),
  /** graded: one of the indicator's grades. */
  grade: z.string().trim().max(20).optional(),
  /** addDeduct: the items, each with its reason and evidence. */
  items: z
    .array(
      z.object({
        points: z.number().min(-1000).max(1000),
        reason: text(500),
        evidence: text(1000),
      }),
    )
    .max(50)
    .optional(),
  /** auto whose source area is not on the platform yet (by hand, with evidence); self-assessment: any leaf. */
  points: z.number().min(0).max(1000).optional(),
  /** veto: found (with its reason) or not (null); only the scorer enters it. */
  veto: z
    .object({ reason: text(1000) })
    .nullable()
    .optional(),
  evidence: text(2000).optional(),
});
export const entriesBody = z.object({ entries: z.array(entryInput).min(1).max(500) });

export const levelBody = z.object({
  /** The issuer's grade (null: by score); refused over a quota. */
  level: z.number().int().min(0).max(10).nullable().optional(),
  /** Conditions on record for bands that need them (e.g. 创新项目). */
  conditions: z.array(z.string().trim().min(1).max(50)).max(10).optional(),
});
export const objectionBody = z.object({ text: z.string().trim().min(1).max(2000) });
export const answerBody = z.object({ answer: z.string().trim().min(1).max(2000) });
export const revisionBody = z.object({
  entry: entryInput,
  reason: z.string().trim().min(1).max(2000),
});
export const starQuery = z.object({ orgId: orgRef.query().optional(), year: year.optional() });
export const roundOrgParams = z.object({ id: z.coerce.number().int().min(1), orgId: z.coerce.number().int().min(1) });
/** A round's results as a file: the ranking (.xlsx) or the result notice (.docx or PDF, 关于…考核结果的通报). */
export const roundExportQuery = z.object({ format: z.enum(['xlsx', 'docx', 'pdf']).default('xlsx') });
/** One organisation's star level per year (its page). */
export const starHistoryQuery = z.object({ orgId: orgRef.query() });

export type PutSystemBody = z.infer<typeof putSystemBody>;
export type CreateRoundBody = z.infer<typeof createRoundBody>;
export type EntryInput = z.infer<typeof entryInput>;
