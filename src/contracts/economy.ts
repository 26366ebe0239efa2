import { z } from 'zod';
import { INCOME_SOURCES, VILLAGE_MARKS } from '../domain/economy/vocab.ts';
import { orgRef, pageQuery } from './common.ts';
import { importIssue, MAPPING_MATCHED_BY } from './people.ts';

/**
 * 村级集体经济 (collective economy, issue 13): villages' income by year (or quarter) and kind, in 元 (yuan, to the fen);
 * the subtree's "两个80%" and its 空壳村 / 薄弱村. Every amount in these schemas is in 元.
 */

const amount = z.number().finite().default(0);
/** Income by kind, in 元; a kind left out is 0. 投资收益 may be negative (a loss); the service checks the rest. */
export const incomeAmounts = z.object({
  business: amount,
  contracting: amount,
  investment: amount,
  subsidy: amount,
  other: amount,
});
export type IncomeAmountsDto = z.infer<typeof incomeAmounts>;
const amountsOut = z.object(
  Object.fromEntries(INCOME_SOURCES.map((s) => [s, z.number()])) as Record<
    (typeof INCOME_SOURCES)[number],
    z.ZodNumber
  >,
);

export const createIncomeBody = z.object({
  /** The village (an organisation of level 村). */
  orgId: orgRef(),
  year: z.number().int(),
  /** null or left out: the annual statement (全年); 1–4: a quarter. */
  quarter: z.number().int().nullable().default(null),
  amounts: incomeAmounts,
  note: z.string().trim().max(500).default(''),
});
export type CreateIncomeBody = z.input<typeof createIncomeBody>;

/** A correction of an entry: the amounts as they should be, and why. */
export const correctIncomeBody = z.object({
  amounts: incomeAmounts,
  note: z.string().trim().min(1, '更正须写明原因').max(500),
});
export type CorrectIncomeBody = z.input<typeof correctIncomeBody>;

export const incomeFile = z.object({
  id: z.number().int(),
  filename: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
});

export const incomeEntryDto = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  year: z.number().int(),
  quarter: z.number().int().nullable(),
  amounts: amountsOut,
  /** 经营性收入 (经营收入 + 发包及上交收入 + 投资收益). */
  operating: z.number(),
  total: z.number(),
  note: z.string(),
  correctsId: z.number().int().nullable(),
  via: z.enum(['form', 'import']),
  actorName: z.string(),
  createdAt: z.string(),
  /** The entry counts now (the original not corrected, or the latest correction). */
  inForce: z.boolean(),
  files: z.array(incomeFile),
});
export type IncomeEntryDto = z.infer<typeof incomeEntryDto>;

export const yearFiguresDto = z.object({
  amounts: amountsOut,
  operating: z.number(),
  total: z.number(),
  /** The annual statement was entered (else the year so far is the sum of `quarters`). */
  annual: z.boolean(),
  quarters: z.array(z.number().int()),
});

export const villageIncomeQuery = z.object({
  orgId: orgRef.query().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** One village's entries (every year, or one), its figures of the year and its mark. */
export const villageIncomeDetail = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** The organisation is a village (only villages report collective income). */
  isVillage: z.boolean(),
  year: z.number().int(),
  figures: yearFiguresDto.nullable(),
  mark: z.enum(VILLAGE_MARKS),
  entries: z.array(incomeEntryDto),
  /** The caller may report and correct here. */
  canReport: z.boolean(),
});
export type VillageIncomeDetail = z.infer<typeof villageIncomeDetail>;

export const shareResult = z.object({
  count: z.number().int(),
  of: z.number().int(),
  share: z.number().nullable(),
  /** Percent. */
  target: z.number(),
  met: z.boolean(),
});

const counts = {
  villages: z.number().int(),
  reported: z.number().int(),
  stable: z.number().int(),
  reaching: z.number().int(),
  hollow: z.number().int(),
  weak: z.number().int(),
  missing: z.number().int(),
  /** 经营性收入 of the villages, 元. */
  operating: z.number(),
  total: z.number(),
};

export const economySummary = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  ...counts,
  twoEighty: z.object({
    stable: shareResult,
    reaching: shareResult,
    met: z.boolean(),
    rules: z.object({
      stableIncomeFloor: z.number(),
      reachingAmount: z.number(),
      weakBelow: z.number(),
      refs: z.array(z.object({ source: z.string(), article: z.string().nullable(), confidence: z.enum(['C', 'S']) })),
      /** A locality's own rule changes one of the defaults here. */
      local: z.boolean(),
    }),
  }),
  /** The same counts for each child organisation's subtree (the organisation itself, when a village, as its own row). */
  byChild: z.array(z.object({ orgId: z.number().int(), name: z.string(), ...counts })),
});
export type EconomySummary = z.infer<typeof economySummary>;

export const economySummaryQuery = villageIncomeQuery;

export const villageListQuery = z.object({
  ...villageIncomeQuery.shape,
  mark: z.enum(VILLAGE_MARKS).optional(),
  ...pageQuery,
});
/** The list's query as the web sends it. */
export type VillageListParams = {
  orgId?: number;
  year?: number;
  mark?: (typeof VILLAGE_MARKS)[number];
  page?: number;
  pageSize?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string | undefined;
};

export const villageRow = z.object({
  orgId: z.number().int(),
  name: z.string(),
  code: z.string(),
  /** The organisation above the village (its town). */
  parentName: z.string().nullable(),
  figures: yearFiguresDto.nullable(),
  mark: z.enum(VILLAGE_MARKS),
  stable: z.boolean(),
  reaching: z.boolean(),
});
export type VillageRow = z.infer<typeof villageRow>;

export const economyExportQuery = villageIncomeQuery.extend({ mark: z.enum(VILLAGE_MARKS).optional() });

export const economyImportQuery = z.object({
  orgId: orgRef.query(),
  /** 'true': import when every row is right; otherwise only check. */
  commit: z.enum(['true', 'false']).default('false'),
});
export const economyImportErrorsQuery = economyImportQuery.omit({ commit: true });

export const economyImportResult = z.object({
  committed: z.boolean(),
  total: z.number().int(),
  valid: z.number().int(),
  /** New entries (no entry yet for the village, year and period). */
  created: z.number().int(),
  /** Corrections: the village's entry in force gives other amounts; the row corrects it. */
  corrected: z.number().int(),
  /** Rows whose amounts are those in force already: nothing is added. */
  existing: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      sheet: z.string().optional(),
      orgId: z.number().int(),
      orgName: z.string(),
      year: z.number().int(),
      quarter: z.number().int().nullable(),
      operating: z.number(),
      total: z.number(),
      outcome: z.enum(['new', 'corrects', 'existing']),
    }),
  ),
  errors: z.array(importIssue),
  skipped: z.array(z.object({ sheet: z.string(), row: z.number().int(), reason: z.string() })),
  mapping: z.record(z.string(), z.string().nullable()),
  matchedBy: z.record(z.string(), z.enum(MAPPING_MATCHED_BY)),
  remembered: z.boolean(),
  /** The amount columns read in 万元 (their header says so); the others in 元. */
  wanColumns: z.array(z.string()),
});
export type EconomyImportResult = z.infer<typeof economyImportResult>;
