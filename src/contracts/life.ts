import { z } from 'zod';
import { ABSENCE_REASONS, MEETING_KINDS } from '../domain/life/vocab.ts';
import { MEMBER_STATUSES } from '../domain/people/vocab.ts';
import { isoDate, orgRef, personRef, taskRef } from './common.ts';
import { messageRef } from './messages.ts';
import { importIssue, MAPPING_MATCHED_BY } from './people.ts';
import { talkCoverage } from './talks.ts';

/** Organisational life (组织生活): meetings, their compliance and the subtree's rates. /api/meetings…, /api/life… */

export const meetingKind = z.enum(MEETING_KINDS);
export const absenceReason = z.enum(ABSENCE_REASONS);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为“时:分”，如 09:30' });
const year = z.coerce.number().int().min(1900).max(2100);

/** One member of the roster at the meeting: present, or absent with the reason (公差, 病假, 事假, 流动在外, 其他). */
export const attendanceItem = z.object({
  personId: personRef(),
  present: z.boolean(),
  reason: absenceReason.optional(),
  note: z.string().trim().max(200).optional(),
});

/** A vote as counted: only full members vote; absentees count as no (支部条例 第十一条). */
export const voteItem = z.object({
  motion: z.string().trim().min(1).max(500),
  yes: z.number().int().min(0).max(100000),
  no: z.number().int().min(0).max(100000),
  abstain: z.number().int().min(0).max(100000),
  /** Voting members who should attend (应到会). */
  shouldAttend: z.number().int().min(1).max(100000),
  /** Voting members present. */
  present: z.number().int().min(0).max(100000),
});

const meetingFields = {
  kind: meetingKind,
  heldOn: isoDate,
  startTime: clockTime.nullable().optional(),
  endTime: clockTime.nullable().optional(),
  place: z.string().trim().max(200).optional(),
  host: z.string().trim().max(50).optional(),
  topic: z.string().trim().min(1).max(200),
  minutes: z.string().trim().max(20000).optional(),
  decisions: z.string().trim().max(5000).optional(),
  /** The roster at the meeting; a member left out is neither present nor absent (e.g. joined since). */
  attendance: z.array(attendanceItem).max(1000).optional(),
  votes: z.array(voteItem).max(50).optional(),
};

export const createMeetingBody = z.object({
  orgId: orgRef(),
  ...meetingFields,
  /** A task assigned to the organisation that asked for this meeting: holding it is a ledger entry on it. */
  taskId: taskRef().optional(),
  /**
   * 补开: a day of the past window of this kind the meeting makes up for (stored as the window's first day); the
   * window must have ended before the meeting and hold no meeting (422 err.life.makeUp.* otherwise).
   */
  makesUpFor: isoDate.optional(),
});
export type CreateMeetingBody = z.input<typeof createMeetingBody>;

/** A correction: the fields given replace the recorded ones (attendance and votes as a whole). */
export const patchMeetingBody = z.object({
  kind: meetingKind.optional(),
  heldOn: isoDate.optional(),
  startTime: clockTime.nullable().optional(),
  endTime: clockTime.nullable().optional(),
  place: z.string().trim().max(200).optional(),
  host: z.string().trim().max(50).optional(),
  topic: z.string().trim().min(1).max(200).optional(),
  minutes: z.string().trim().max(20000).optional(),
  decisions: z.string().trim().max(5000).optional(),
  attendance: z.array(attendanceItem).max(1000).optional(),
  votes: z.array(voteItem).max(50).optional(),
  /** 补开: as when recording; null: not a make-up. */
  makesUpFor: isoDate.nullable().optional(),
});
export type PatchMeetingBody = z.input<typeof patchMeetingBody>;

/**
 * 民主生活会 情况报告: the day it reached the higher level (null: not sent, clears it) and a note naming the document
 * or file. Recorded after the meeting, not before it nor after today.
 */
export const meetingReportBody = z.object({
  sentOn: isoDate.nullable(),
  note: z.string().trim().max(500).optional(),
});
export type MeetingReportBody = z.input<typeof meetingReportBody>;

export const meetingListQuery = z.object({ orgId: orgRef.query(), year: year.optional() });
export const orgYearQuery = z.object({ orgId: orgRef.query(), year: year.optional() });
export const formDefaultsQuery = z.object({ orgId: orgRef.query() });

/** 年度学习安排: one planned meeting — a kind in a month of the year, with its topic ('' not yet chosen). */
export const lifePlanItem = z.object({
  kind: meetingKind,
  /** 1–12 (checked with a clear message: err.lifePlan.month). */
  month: z.number().int(),
  topic: z.string().trim().max(200).default(''),
  note: z.string().trim().max(500).default(''),
});

/** Saves an organisation's whole plan of a year: the items given replace the stored ones. */
export const putLifePlanBody = z.object({
  orgId: orgRef(),
  year: z.number().int().min(1900).max(2100),
  items: z.array(lifePlanItem).max(200),
});
export type PutLifePlanBody = z.input<typeof putLifePlanBody>;

export const lifePlan = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  orgType: z.string(),
  hasCommittee: z.boolean(),
  year: z.number().int(),
  /** True: nothing saved for the year, these are the default the rules give (src/domain/life/plan.ts). */
  generated: z.boolean(),
  /** The kinds the organisation must hold: the only kinds a plan may hold. */
  kinds: z.array(meetingKind),
  /** By month, then kind; `held`: a meeting of the kind was recorded in the month (`meetingIds`). */
  items: z.array(
    z.object({
      kind: meetingKind,
      month: z.number().int(),
      topic: z.string(),
      note: z.string(),
      held: z.boolean(),
      meetingIds: z.array(z.number().int()),
    }),
  ),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type LifePlan = z.infer<typeof lifePlan>;

/** A finding of the compliance check: the rule it applies, where it comes from, and why. */
export const lifeFinding = z.object({
  ruleId: z.string(),
  summary: z.string(),
  source: z.string(),
  article: z.string().nullable(),
  tag: z.enum(['C', 'S']),
  /** The kind of meeting, or 'talk' for 谈心谈话. */
  kind: z.union([meetingKind, z.literal('talk')]),
  window: z.object({ start: z.string(), end: z.string() }).nullable(),
  meetingId: z.number().int().nullable(),
  code: z.enum([
    'missing',
    'late',
    'underAttended',
    'noMinutes',
    'voteNoQuorum',
    'voteNotPassed',
    'reportLate',
    'reportMissing',
    'talksMissing',
  ]),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Its Chinese text, and the message by key for other languages. */
  message: z.string(),
  msg: messageRef,
});
export type LifeFinding = z.infer<typeof lifeFinding>;

export const voteOutcome = z.object({
  quorumMet: z.boolean(),
  passed: z.boolean(),
  quorumNeeded: z.number(),
  passNeeded: z.number(),
  strict: z.boolean(),
});

export const meetingSummary = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  kind: meetingKind,
  heldOn: z.string(),
  startTime: z.string().nullable(),
  topic: z.string(),
  present: z.number().int(),
  absent: z.number().int(),
  taskId: z.number().int().nullable(),
  /** 补开: the first day of the window it makes up for. */
  makesUpFor: z.string().nullable(),
});
export type MeetingSummary = z.infer<typeof meetingSummary>;

export const meetingList = z.object({ items: z.array(meetingSummary) });

export const meetingDetail = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: meetingKind,
  heldOn: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  place: z.string(),
  host: z.string(),
  topic: z.string(),
  minutes: z.string(),
  decisions: z.string(),
  taskId: z.number().int().nullable(),
  taskTitle: z.string().nullable(),
  assignmentId: z.number().int().nullable(),
  ledgerEntryId: z.number().int().nullable(),
  expectedCount: z.number().int().nullable(),
  presentCount: z.number().int().nullable(),
  /** 民主生活会: its 情况报告 to the higher level, due `days` after the meeting (`deadline`); null for other kinds. */
  report: z
    .object({ sentOn: z.string().nullable(), note: z.string(), deadline: z.string(), days: z.number().int() })
    .nullable(),
  /** 补开: the window it makes up for. */
  makesUp: z
    .object({ start: z.string(), end: z.string(), label: z.object({ zh: z.string(), en: z.string() }) })
    .nullable(),
  attendance: z.array(
    z.object({
      personId: z.number().int(),
      name: z.string(),
      present: z.boolean(),
      reason: absenceReason.nullable(),
      note: z.string(),
      voting: z.boolean(),
      committee: z.boolean(),
    }),
  ),
  votes: z.array(voteItem.extend({ outcome: voteOutcome })),
  /** The meeting's own findings (quorum, minutes, votes). */
  findings: z.array(lifeFinding),
  /** Evidence files (optional, never required): download at /api/meetings/:id/files/:fileId. */
  files: z.array(z.object({ id: z.number().int(), filename: z.string(), mime: z.string(), sizeBytes: z.number() })),
  actorName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeetingDetail = z.infer<typeof meetingDetail>;

export const rosterEntry = z.object({
  personId: z.number().int(),
  name: z.string(),
  status: z.enum(MEMBER_STATUSES),
  /** Full members vote; 预备党员 do not. */
  voting: z.boolean(),
  committee: z.boolean(),
});

export const meetingFormDefaults = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  orgType: z.string(),
  hasCommittee: z.boolean(),
  today: z.string(),
  roster: z.array(rosterEntry),
  /** Open work assigned to the organisation: topics to pick from, and tasks a meeting may be linked to. */
  suggestions: z.array(z.object({ taskId: z.number().int(), title: z.string(), deadline: z.string().nullable() })),
  /** The kinds whose current window still lacks meetings, most urgent (earliest window end) first. */
  dueKinds: z.array(
    z.object({
      kind: meetingKind,
      start: z.string(),
      end: z.string(),
      required: z.number().int(),
      held: z.number().int(),
    }),
  ),
  kinds: z.array(meetingKind),
  /** Past windows (this year and last) that ended without their meetings: what a meeting may make up (补开). */
  missingWindows: z.array(
    z.object({
      kind: meetingKind,
      start: z.string(),
      end: z.string(),
      label: z.object({ zh: z.string(), en: z.string() }),
    }),
  ),
});
export type MeetingFormDefaults = z.infer<typeof meetingFormDefaults>;

export const windowStatus = z.enum(['done', 'missing', 'late', 'pending', 'flagged', 'none']);
export const complianceCounts = z.object({
  due: z.number().int(),
  met: z.number().int(),
  /** Windows due that were made up after their end (补开): in due, not in met. */
  late: z.number().int(),
  findings: z.number().int(),
  pending: z.number().int(),
});

export const lifeCompliance = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  orgType: z.string(),
  hasCommittee: z.boolean(),
  year: z.number().int(),
  today: z.string(),
  kinds: z.array(meetingKind),
  cells: z.array(
    z.object({
      kind: meetingKind,
      month: z.number().int(),
      status: windowStatus,
      meetingIds: z.array(z.number().int()),
    }),
  ),
  windows: z.array(
    z.object({
      kind: meetingKind,
      ruleId: z.string(),
      start: z.string(),
      end: z.string(),
      label: z.object({ zh: z.string(), en: z.string() }),
      required: z.number().int(),
      held: z.number().int(),
      status: windowStatus,
      meetingIds: z.array(z.number().int()),
      madeUpBy: z.array(z.number().int()),
    }),
  ),
  findings: z.array(lifeFinding),
  counts: complianceCounts,
  /** 谈心谈话 of the year: pairings done of those owed, per committee member (names only to readers of the roster). */
  talks: talkCoverage,
  meetings: z.array(meetingSummary),
});
export type LifeCompliance = z.infer<typeof lifeCompliance>;

const rateRow = complianceCounts.extend({
  /** met / due; null with nothing due yet. */
  rate: z.number().nullable(),
  /** Organisations in the subtree with kept figures for the year. */
  orgs: z.number().int(),
  /** 谈心谈话 pairings owed and done over the subtree; talkRate null with none owed. */
  talkDue: z.number().int(),
  talkDone: z.number().int(),
  talkRate: z.number().nullable(),
});

export const lifeRates = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  subtree: rateRow,
  /** The children, best rate first; rank 1 is the best; equal rates share a rank (`tied`); nothing due: no rank. */
  children: z.array(
    rateRow.extend({
      orgId: z.number().int(),
      orgName: z.string(),
      code: z.string(),
      rank: z.number().int().nullable(),
      tied: z.boolean(),
    }),
  ),
  /** Whether any two ranked children share a rank. */
  ties: z.boolean(),
});
export type LifeRates = z.infer<typeof lifeRates>;

/** Importing a meeting ledger (会议台账, .xlsx/.xls, multipart field `file`): all rows or none. */
export const meetingImportQuery = z.object({
  orgId: orgRef.query(),
  /** 'true': import when every row is right; otherwise only check. */
  commit: z.enum(['true', 'false']).optional(),
});

/** The error workbook of a meeting ledger checked against an organisation (POST /api/meetings/import/errors). */
export const meetingImportErrorsQuery = meetingImportQuery.omit({ commit: true });

export const meetingImportResult = z.object({
  committed: z.boolean(),
  /** Records found in the file. */
  total: z.number().int(),
  valid: z.number().int(),
  created: z.number().int(),
  /** Rows already on the calendar (same organisation, day, kind and topic: imported again), left as they are. */
  existing: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      sheet: z.string().optional(),
      kind: meetingKind,
      heldOn: z.string(),
      topic: z.string(),
      orgId: z.number().int(),
      orgName: z.string(),
      /** 'new': imported (or to be); 'existing': already recorded, left as it is. */
      outcome: z.enum(['new', 'existing']),
      /** The meeting: the one already recorded, or the new one once committed. */
      meetingId: z.number().int().nullable(),
    }),
  ),
  /** Per row and column, in Chinese, with the message by key. */
  errors: z.array(importIssue),
  /** Rows that are not records (notes, blank lines, repeated headers), by row. */
  skipped: z.array(z.object({ sheet: z.string(), row: z.number().int(), reason: z.string() })),
  /** The column mapping used: header as written → field (null: ignored), and how each was matched. */
  mapping: z.record(z.string(), z.string().nullable()).optional(),
  matchedBy: z.record(z.string(), z.enum(MAPPING_MATCHED_BY)).optional(),
  /** The mapping the user confirmed for a ledger of this header shape before was applied. */
  remembered: z.boolean().optional(),
});
export type MeetingImportResult = z.infer<typeof meetingImportResult>;
