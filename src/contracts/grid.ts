import { z } from 'zod';
import {
  GRID_ESCALATION_STEPS,
  GRID_KINDS,
  GRID_MATTER_EVENTS,
  GRID_MATTER_SOURCES,
  GRID_MATTER_STATES,
  GRID_SIDES,
} from '../domain/grid/grid-matter.ts';
import { gridRef, isoDate, orgRef, pageQuery, personRef } from './common.ts';
import { importIssue, MAPPING_MATCHED_BY } from './people.ts';

/** Grid matters (网格事项, issue 13): grids below a community or village, and the matters raised in them. */

const counts = z.object({
  /** Matters reported in the grid (and its 微网格). */
  total: z.number().int(),
  /** Not yet closed. */
  open: z.number().int(),
  /** Waiting to be handled past their deadline today. */
  overdue: z.number().int(),
});

export const gridDto = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  parentId: z.number().int().nullable(),
  kind: z.enum(GRID_KINDS),
  name: z.string(),
  workerPersonId: z.number().int().nullable(),
  workerName: z.string(),
  workerPhone: z.string().nullable(),
  households: z.number().int().nullable(),
  buildings: z.number().int().nullable(),
  coverage: z.string(),
  /** The grid's own matters (a 网格's figures do not include its 微网格's). */
  counts,
  /** The caller is the grid's 网格员 (their account's person). */
  mine: z.boolean(),
});
export type GridDto = z.infer<typeof gridDto>;

export const gridListQuery = z.object({ orgId: orgRef.query().optional() });

export const gridList = z.object({
  /** The organisations below (or at) the one asked for that may hold grids: communities and villages. */
  orgs: z.array(z.object({ id: z.number().int(), name: z.string(), unitLevel: z.string() })),
  grids: z.array(gridDto),
  /** The caller may draw and change grids here (task:assign). */
  canManage: z.boolean(),
});
export type GridList = z.infer<typeof gridList>;

const workerFields = {
  /** The 网格员 as a person on the roll of the grid's organisation or below (their account signs in as them). */
  workerPersonId: personRef().nullable().optional(),
  /** The 网格员's name (the person's when a person is given). */
  workerName: z.string().trim().min(1).max(50).optional(),
  workerPhone: z.string().trim().max(20).nullable().optional(),
  households: z.number().int().min(0).max(1_000_000).nullable().optional(),
  buildings: z.number().int().min(0).max(100_000).nullable().optional(),
  /** What the grid covers, as text (楼栋、小区、村民小组). */
  coverage: z.string().trim().max(500).optional(),
};

export const createGridBody = z.object({
  orgId: orgRef(),
  /** A 网格 of the same organisation: the new grid is a 微网格 below it. */
  parentId: gridRef().optional(),
  name: z.string().trim().min(1).max(100),
  ...workerFields,
});
export type CreateGridBody = z.input<typeof createGridBody>;

export const updateGridBody = z.object({ name: z.string().trim().min(1).max(100), ...workerFields }).partial();
export type UpdateGridBody = z.input<typeof updateGridBody>;

export const reportMatterBody = z.object({
  gridId: gridRef(),
  /** A category code of the rule set (RuleSet.grid.categories). */
  category: z.string().trim().min(1).max(40),
  text: z.string().trim().min(1).max(2000),
  location: z.string().trim().max(200).optional(),
  source: z.enum(GRID_MATTER_SOURCES).optional(),
  residentName: z.string().trim().max(50).optional(),
  residentPhone: z
    .string()
    .trim()
    .regex(/^(\+?\d{5,20})?$/, '联系电话应为 5 至 20 位数字')
    .optional(),
  /** The day it was reported (default today; a report typed in later). */
  reportedOn: isoDate.optional(),
});
export type ReportMatterBody = z.input<typeof reportMatterBody>;

export const matterEventBody = z.object({
  event: z.enum(GRID_MATTER_EVENTS),
  /** 交办: an organisation in the caller's scope (the grid's own, one below it, or one on its line above)… */
  assigneeOrgId: orgRef().optional(),
  /** …or a department named as text (城管执法中队, 物业公司): the grid's organisation then records its handling. */
  assigneeDept: z.string().trim().min(1).max(100).optional(),
  note: z.string().trim().max(2000).optional(),
  reason: z.string().trim().max(2000).optional(),
  /** 问效: a rating code of the rule set (RuleSet.grid.ratings). */
  rating: z.string().trim().max(40).optional(),
});
export type MatterEventBody = z.input<typeof matterEventBody>;

const matterFilters = {
  orgId: orgRef.query().optional(),
  gridId: gridRef.query().optional(),
  state: z.enum(GRID_MATTER_STATES).optional(),
  category: z.string().trim().max(40).optional(),
  /** Only those waiting to be handled past their deadline. */
  overdue: z.enum(['true', 'false']).default('false'),
  /** Only those assigned to the caller's own organisation (the handler's list). */
  mine: z.enum(['true', 'false']).default('false'),
  /** Reported on or after / before. */
  from: isoDate.optional(),
  to: isoDate.optional(),
};

export const matterListQuery = z.object({ ...matterFilters, ...pageQuery });
export type MatterListParams = Partial<z.output<typeof matterListQuery>>;

export const matterExportQuery = z.object(matterFilters);

export const matterSummary = z.object({
  id: z.number().int(),
  gridId: z.number().int(),
  gridName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  category: z.string(),
  text: z.string(),
  location: z.string(),
  source: z.enum(GRID_MATTER_SOURCES),
  residentName: z.string().nullable(),
  residentPhone: z.string().nullable(),
  reportedOn: z.string(),
  reporterName: z.string(),
  state: z.enum(GRID_MATTER_STATES),
  assigneeOrgId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  assigneeDept: z.string().nullable(),
  assignedOn: z.string().nullable(),
  /** The deadline first given (the on-time rate counts against it) and the one in force. */
  dueOn: z.string().nullable(),
  deadline: z.string().nullable(),
  handledOn: z.string().nullable(),
  fedBackOn: z.string().nullable(),
  resolvedOn: z.string().nullable(),
  rating: z.string().nullable(),
  reopenCount: z.number().int(),
  daysOverdue: z.number().int(),
  /** The rung of the escalation ladder reached today (null: not overdue). */
  escalation: z.enum(GRID_ESCALATION_STEPS).nullable(),
  /** Closed: resolved by its first deadline; null while open. */
  onTime: z.boolean().nullable(),
  photoCount: z.number().int(),
});
export type MatterSummary = z.infer<typeof matterSummary>;

export const matterDetail = matterSummary.extend({
  events: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      onDay: z.string(),
      actorName: z.string(),
      side: z.enum(GRID_SIDES),
      event: z.enum(['report', ...GRID_MATTER_EVENTS]),
      fromState: z.enum(GRID_MATTER_STATES).nullable(),
      toState: z.enum(GRID_MATTER_STATES),
      note: z.string().nullable(),
      reason: z.string().nullable(),
      rating: z.string().nullable(),
      assigneeName: z.string().nullable(),
      deadline: z.string().nullable(),
      files: z.array(
        z.object({ id: z.number().int(), filename: z.string(), mime: z.string(), sizeBytes: z.number().int() }),
      ),
    }),
  ),
  escalations: z.array(
    z.object({
      step: z.enum(GRID_ESCALATION_STEPS),
      onDay: z.string(),
      deadline: z.string(),
      daysOverdue: z.number().int(),
      toOrgName: z.string().nullable(),
    }),
  ),
  sides: z.object({ reporter: z.boolean(), manager: z.boolean(), handler: z.boolean() }),
  allowedEvents: z.array(z.enum(GRID_MATTER_EVENTS)),
});
export type MatterDetail = z.infer<typeof matterDetail>;

export const GRID_STATS_BY = ['grid', 'community', 'street'] as const;

export const gridStatsQuery = z.object({
  orgId: orgRef.query().optional(),
  by: z.enum(GRID_STATS_BY).default('grid'),
  /** Matters reported from / to (default: this year to today). */
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const gridStats = z.object({
  by: z.enum(GRID_STATS_BY),
  from: z.string(),
  to: z.string(),
  /** The day counted: matters due by then (or resolved) are the rate's denominator. */
  asOf: z.string(),
  rows: z.array(
    z.object({
      key: z.number().int(),
      name: z.string(),
      /** The community of a grid; the street of a community; the district of a street. */
      parentName: z.string().nullable(),
      reported: z.number().int(),
      due: z.number().int(),
      onTime: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
      reopened: z.number().int(),
      rate: z.number().nullable(),
      rank: z.number().int().nullable(),
    }),
  ),
});
export type GridStats = z.infer<typeof gridStats>;

export const gridImportQuery = z.object({
  orgId: orgRef.query(),
  /** 'true': import when every row is right; otherwise only check. */
  commit: z.enum(['true', 'false']).optional(),
});
export const gridImportErrorsQuery = gridImportQuery.omit({ commit: true });

export const gridImportResult = z.object({
  committed: z.boolean(),
  total: z.number().int(),
  valid: z.number().int(),
  created: z.number().int(),
  /** Matters already recorded (a list imported again): left as they are. */
  existing: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      sheet: z.string().optional(),
      gridId: z.number().int(),
      gridName: z.string(),
      orgName: z.string(),
      category: z.string(),
      text: z.string(),
      reportedOn: z.string(),
      outcome: z.enum(['new', 'existing']),
    }),
  ),
  errors: z.array(importIssue),
  skipped: z.array(z.object({ sheet: z.string(), row: z.number().int(), reason: z.string() })),
  mapping: z.record(z.string(), z.string().nullable()),
  matchedBy: z.record(z.string(), z.enum(MAPPING_MATCHED_BY)),
  remembered: z.boolean(),
});
export type GridImportResult = z.infer<typeof gridImportResult>;
