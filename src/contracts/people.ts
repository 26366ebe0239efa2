import { z } from 'zod';
import { checkPersonName } from '../domain/people/person-name.ts';
import { AGE_BANDS, EDUCATIONS, GENDERS, MEMBER_STATUSES, VILLAGE_COMMITTEE_POSTS } from '../domain/people/vocab.ts';
import { isoDate, orgRef, pageQuery } from './common.ts';
import { messageRef } from './messages.ts';

export const memberStatus = z.enum(MEMBER_STATUSES);

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

export const memberListQuery = z.object({
  orgId: orgRef.query().optional(),
  /** Name (any part), or pinyin initials such as "zhs" for 张海生. */
  q: z.string().trim().max(40).optional(),
  /** Default: the five on-roll statuses (applicant … full); ended statuses must be asked for. */
  status: csv(memberStatus).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  education: csv(z.enum(EDUCATIONS)).optional(),
  field: z.string().optional(),
  gender: z.enum(GENDERS).optional(),
  floating: z.enum(['true', 'false']).optional(),
  retired: z.enum(['true', 'false']).optional(),
  /** false = only the organisation itself, not its subtree. */
  descendants: z.enum(['true', 'false']).default('true'),
  sort: z.enum(['name', 'birthDate', 'joinDate', 'org']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  ...pageQuery,
});
export type MemberListQuery = z.infer<typeof memberListQuery>;
/** status and education are lists here; the web's `toQuery` writes them as the comma lists this schema splits. */
export type MemberListParams = Partial<z.output<typeof memberListQuery>>;

export const memberRow = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(GENDERS).nullable(),
  ethnicity: z.string().nullable(),
  /**
   * The full birth date, for a caller with member:sensitive (and for the person themself); null for everyone else,
   * who get birthYearMonth and an age counted by month, so that no answer tells the day of a birthday.
   */
  birthDate: z.string().nullable(),
  /** 出生年月 'YYYY-MM', for every caller. */
  birthYearMonth: z.string().nullable(),
  age: z.number().int().nullable(),
  education: z.enum(EDUCATIONS).nullable(),
  /** Masked (339901********123*: birth digits and check character hidden) unless the caller may see it in full. */
  idNumber: z.string().nullable(),
  /** Masked (139****1111) unless the caller may see it in full. */
  phone: z.string().nullable(),
  status: memberStatus,
  orgId: z.number().int(),
  orgName: z.string(),
  joinDate: z.string().nullable(),
  fullDate: z.string().nullable(),
  isFloating: z.boolean(),
  isRetired: z.boolean(),
});
export type MemberRow = z.infer<typeof memberRow>;

export const memberDetail = memberRow.extend({
  appliedOn: z.string().nullable(),
  /** 村（居）委会职务 (not a Party post); null: none. 一肩挑 reads it with the committee positions. */
  villageCommitteePost: z.enum(VILLAGE_COMMITTEE_POSTS).nullable(),
  orgPathNames: z.array(z.string()),
  positions: z.array(
    z.object({
      orgId: z.number().int(),
      orgName: z.string(),
      title: z.string(),
      portfolio: z.string().nullable(),
      startedOn: z.string(),
      endedOn: z.string().nullable(),
    }),
  ),
  /** ID number, birth date and phone are reduced for this caller (see memberRow). */
  idNumberMasked: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemberDetail = z.infer<typeof memberDetail>;

/** A person's name: checkPersonName's rule (no markup or control characters, 1–50 characters); stored normalized. */
export const personName = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const r = checkPersonName(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, input: s });
  });

const memberFields = {
  orgId: orgRef(),
  name: personName,
  gender: z.enum(GENDERS).nullable(),
  ethnicity: z.string().trim().max(20).nullable(),
  birthDate: isoDate.nullable(),
  education: z.enum(EDUCATIONS).nullable(),
  idNumber: z.string().trim().toUpperCase().nullable(),
  phone: z.string().trim().max(20).nullable(),
  status: memberStatus,
  appliedOn: isoDate.nullable(),
  joinDate: isoDate.nullable(),
  fullDate: isoDate.nullable(),
  isFloating: z.boolean(),
  isRetired: z.boolean(),
  villageCommitteePost: z.enum(VILLAGE_COMMITTEE_POSTS).nullable(),
};
export const createMemberBody = z.object(memberFields).partial().required({ orgId: true, name: true, status: true });
export const updateMemberBody = z
  .object(memberFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type CreateMemberBody = z.infer<typeof createMemberBody>;
export type UpdateMemberBody = z.infer<typeof updateMemberBody>;

/** One problem in an uploaded roster: row is the spreadsheet row number (the header is row 1). */
export const importIssue = z.object({
  /** The sheet, when the import read several. */
  sheet: z.string().optional(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
  /** The message by key, for clients that render it in their own language. */
  msg: messageRef.optional(),
});
export type ImportIssue = z.infer<typeof importIssue>;

/** A row that is not a record (a note, a repeated header, a signature line …), listed and never imported. */
export const importSkippedRow = z.object({
  sheet: z.string(),
  row: z.number().int(),
  reason: z.string(),
  /** The reason by key, for clients that render it in their own language. */
  reasonMsg: messageRef.optional(),
});
export type ImportSkippedRow = z.infer<typeof importSkippedRow>;

export const MAPPING_MATCHED_BY = ['header', 'alias', 'contains', 'values', 'user', 'remembered', 'none'] as const;

/** One field a re-imported row changes, as the caller may see it (ID number, birth date and phone reduced per person-view). */
export const importFieldChange = z.object({
  /** The roster column (its header, e.g. 联系电话). */
  column: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type ImportFieldChange = z.infer<typeof importFieldChange>;

export const IMPORT_ROW_KINDS = ['new', 'changed', 'unchanged'] as const;
export type ImportRowKind = (typeof IMPORT_ROW_KINDS)[number];

/**
 * What one valid row does: registers a new person, or matches a person already registered in the caller's scope
 * (by 人员编号, else by ID number) and changes some of their fields, or none.
 */
export const importRowOutcome = z.object({
  row: z.number().int(),
  kind: z.enum(IMPORT_ROW_KINDS),
  name: z.string(),
  /** The matched person (changed, unchanged); null for a new one. */
  personId: z.number().int().nullable(),
  changes: z.array(importFieldChange),
});
export type ImportRowOutcome = z.infer<typeof importRowOutcome>;

export const importResult = z.object({
  committed: z.boolean(),
  total: z.number().int(),
  valid: z.number().int(),
  /** People registered by this import (0 unless committed). */
  created: z.number().int(),
  /** People whose record this import changed (0 unless committed). */
  updated: z.number().int(),
  /** The valid rows by what they do (counted in a dry run too). */
  counts: z.object({ new: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  /** The valid rows' outcomes: changed rows first, then new, then unchanged, each in file order, at most 1000. */
  rows: z.array(importRowOutcome),
  /** Outcomes left out of `rows` by its limit. */
  rowsOmitted: z.number().int(),
  errors: z.array(importIssue),
  /** The first rows as read, for the wizard's preview. */
  preview: z.array(z.record(z.string(), z.string())),
  /** The sheets read, and every sheet of the file (for the wizard's pick). */
  sheets: z.array(z.string()),
  sheetCandidates: z.array(
    z.object({ name: z.string(), hidden: z.boolean(), hasTable: z.boolean(), headerRow: z.number().int().nullable() }),
  ),
  /** The column mapping used: header as written → roster field (null: ignored), and how each was matched. */
  mapping: z.record(z.string(), z.string().nullable()),
  matchedBy: z.record(z.string(), z.enum(MAPPING_MATCHED_BY)),
  /** Rows that are not records, each with its reason. */
  skipped: z.array(importSkippedRow),
  /** Columns ignored, sheets imported together or left out: in Chinese, and by key. */
  warnings: z.array(z.string()),
  warningMsgs: z.array(messageRef),
  /**
   * A check (commit=false) from the web keeps the file as read for UPLOAD_TTL_MINUTES: the next check or the commit
   * sends this id instead of the file (multipart field `uploadId`). Absent once committed.
   */
  uploadId: z.string().optional(),
});
export type ImportResult = z.infer<typeof importResult>;

/**
 * What the import wizard sends beside the file (multipart fields before it, each JSON): the sheets to read and the
 * column mapping the user confirmed or changed (header as written → roster field, or null to ignore the column).
 */
export const importChoices = z.object({
  uploadId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional(),
  sheets: z.array(z.string().min(1).max(100)).max(50).optional(),
  mapping: z.record(z.string().min(1).max(200), z.string().max(40).nullable()).optional(),
});
export type ImportChoices = z.infer<typeof importChoices>;

export const importQuery = z.object({
  orgId: orgRef.query(),
  commit: z.enum(['true', 'false']).default('false'),
});
export type ImportParams = Partial<z.output<typeof importQuery>>;

/** The error workbook of an upload checked against an organisation (POST /api/members/import/errors). */
export const importErrorsQuery = z.object({ orgId: orgRef.query() });
