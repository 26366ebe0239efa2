import { z } from 'zod';
import { idSchema, isoDate, orgRef } from './common.ts';
import { importIssue, importSkippedRow } from './people.ts';

/** 书记抓基层党建工作述职评议 (issue 12): the shapes of /api/reviews (docs/assess.md). */

const year = z.coerce.number().int().min(2000).max(2100);
const count = z.number().int().min(0).max(1_000_000);

export const reviewGrade = z.object({
  code: z.string().trim().min(1).max(40),
  zh: z.string().trim().min(1).max(40),
  en: z.string().trim().max(60),
  favourable: z.boolean(),
});

export const reviewListQuery = z.object({ orgId: orgRef.query(), year: year.optional() });

export const createReviewBody = z.object({
  year,
  name: z.string().trim().min(1, '请填写述职评议名称').max(200),
  /** The organisations whose secretaries report: below the caller's organisation. */
  orgIds: z.array(orgRef()).min(1, '请至少选择一个组织').max(500),
  /** The poll's grades, best first; the rule set's default (assess.reviewGrades) when left out. */
  grades: z.array(reviewGrade).max(10).optional(),
});

export const reviewOrgParams = z.object({ id: idSchema, orgId: idSchema });

export const reviewReportBody = z.object({ report: z.string().trim().min(1, '请填写述职报告').max(20000) });
export const reviewCommentBody = z.object({ comment: z.string().trim().min(1, '请填写点评意见').max(5000) });
export const reviewPollBody = z.object({
  shouldAttend: count,
  tookPart: count,
  /** Ballots per grade code; the platform never collects a named vote. */
  tallies: z.record(z.string().max(40), count),
});
export const reviewGradeBody = z.object({
  grade: z.string().trim().min(1).max(40),
  note: z.string().max(2000).optional(),
});
export const reviewProblemBody = z.object({
  title: z.string().trim().min(1, '请填写问题').max(300),
  deadline: isoDate,
  description: z.string().max(5000).optional(),
});

const pollResult = z.object({
  counted: z.number(),
  blank: z.number(),
  turnout: z.number().nullable(),
  favourableShare: z.number().nullable(),
  shares: z.array(z.object({ code: z.string(), count: z.number(), share: z.number().nullable() })),
  top: z.string().nullable(),
});

/** The latest report file of an organisation (an upload of .docx or .pdf), or one of its history. */
export const reviewFileInfo = z.object({
  id: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  by: z.string(),
  at: z.string(),
});

export const reviewEntry = z.object({
  orgId: z.number(),
  orgName: z.string(),
  /** The secretary now in office, read from the organisation's positions (null when none). */
  secretary: z.string().nullable(),
  report: z.string(),
  reportBy: z.string().nullable(),
  reportAt: z.string().nullable(),
  comment: z.string(),
  commentBy: z.string().nullable(),
  commentAt: z.string().nullable(),
  poll: z
    .object({
      shouldAttend: z.number(),
      tookPart: z.number(),
      tallies: z.record(z.string(), z.number()),
      result: pollResult,
      by: z.string().nullable(),
      at: z.string().nullable(),
    })
    .nullable(),
  grade: z.string().nullable(),
  gradeNote: z.string(),
  gradedBy: z.string().nullable(),
  /** reported → commented → polled → graded: the furthest step reached (pending before the report). */
  state: z.enum(['pending', 'reported', 'commented', 'polled', 'graded']),
  problems: z.array(
    z.object({
      problemId: z.number(),
      title: z.string(),
      state: z.string(),
      deadline: z.string().nullable(),
      closedOn: z.string().nullable(),
    }),
  ),
  canReport: z.boolean(),
  /** The latest uploaded report file (besides the typed text), or null. */
  reportFile: reviewFileInfo.nullable(),
  /** How many changes the organisation's history holds (GET …/orgs/:orgId/history lists them). */
  historyCount: z.number(),
});

export const reviewSummary = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  name: z.string(),
  orgs: z.number(),
  graded: z.number(),
  actorName: z.string(),
  at: z.string(),
});
export const reviewList = z.object({ items: z.array(reviewSummary) });

export const reviewDetail = reviewSummary.extend({
  grades: z.array(reviewGrade),
  canManage: z.boolean(),
  entries: z.array(reviewEntry),
});

export type ReviewSummary = z.infer<typeof reviewSummary>;
export type ReviewDetail = z.infer<typeof reviewDetail>;
export type ReviewEntry = z.infer<typeof reviewEntry>;
export type ReviewList = z.infer<typeof reviewList>;

export const REVIEW_EVENT_KINDS = ['report', 'report_file', 'comment', 'poll', 'grade', 'problem'] as const;
export const REVIEW_IMPORT_LAYOUTS = ['tally', 'ballots'] as const;

/** One change to an organisation's review, as recorded (append-only): who, when, what. */
export const reviewEvent = z.object({
  id: z.number(),
  kind: z.enum(REVIEW_EVENT_KINDS),
  /** 'form': entered on the page or the API; 'import': a poll from a workbook; 'migrated': there before the history. */
  source: z.enum(['form', 'import', 'migrated']),
  by: z.string(),
  at: z.string(),
  report: z.string().optional(),
  comment: z.string().optional(),
  poll: z
    .object({ shouldAttend: z.number(), tookPart: z.number(), tallies: z.record(z.string(), z.number()) })
    .optional(),
  /** The workbook a poll was imported from. */
  importFile: z.object({ name: z.string(), sha256: z.string(), layout: z.enum(REVIEW_IMPORT_LAYOUTS) }).optional(),
  grade: z.string().optional(),
  note: z.string().optional(),
  file: z.object({ id: z.number(), filename: z.string(), size: z.number() }).optional(),
  problem: z.object({ problemId: z.number(), title: z.string(), deadline: z.string().nullable() }).optional(),
});

export const reviewHistory = z.object({
  roundId: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  events: z.array(reviewEvent),
});

export const reviewFileParams = z.object({ id: idSchema, orgId: idSchema, fileId: idSchema });

export const reviewImportQuery = z.object({
  /** 'true': write the counts when every row is right; otherwise only check. */
  commit: z.enum(['true', 'false']).optional(),
  /** Ballots: how many should have taken part (the same for every organisation of the sheet). */
  shouldAttend: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export const reviewImportErrorsQuery = reviewImportQuery.omit({ commit: true });

export const reviewImportResult = z.object({
  committed: z.boolean(),
  /** Which layout the file was read as (null: neither was found). */
  layout: z.enum(REVIEW_IMPORT_LAYOUTS).nullable(),
  sheets: z.array(z.string()),
  /** Rows (tally sheet) or ballots read. */
  total: z.number().int(),
  rows: z.array(
    z.object({
      orgId: z.number(),
      orgName: z.string(),
      sheet: z.string().optional(),
      /** The tally sheet's row (null for ballots). */
      row: z.number().int().nullable(),
      shouldAttend: z.number(),
      tookPart: z.number(),
      tallies: z.record(z.string(), z.number()),
      /** 'new': no poll before; 'changed': a new history event replaces it; 'unchanged': the same counts, nothing written. */
      outcome: z.enum(['new', 'changed', 'unchanged']),
    }),
  ),
  created: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(importIssue),
  warnings: z.array(z.string()),
  skipped: z.array(importSkippedRow),
});

export type ReviewEvent = z.infer<typeof reviewEvent>;
export type ReviewHistory = z.infer<typeof reviewHistory>;
export type ReviewFileInfo = z.infer<typeof reviewFileInfo>;
export type ReviewImportResult = z.infer<typeof reviewImportResult>;
