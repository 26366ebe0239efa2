import type { z } from 'zod';
import type {
  createMeetingBody,
  MeetingDetail,
  MeetingFormDefaults,
  meetingReportBody,
  patchMeetingBody,
} from '../../../contracts/life.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { addDaysIso } from '../../../domain/dates.ts';
import {
  checkCompliance,
  checkMakeUp,
  judgeVote,
  kindWindowOf,
  windowLabel,
  yearPeriod,
} from '../../../domain/life/compliance.ts';
import { hasCommitteeOf, MEETING_KIND_LABELS, type MeetingKind, requiredKinds } from '../../../domain/life/vocab.ts';
import type { OrgType } from '../../../domain/org/vocab.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../files/file-store.ts';
import {
  checkUploads,
  type UploadedFile,
  withStoredEvidence,
  writeLedgerEntryIn,
} from '../assignments/ledger.service.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForOrgPath } from '../rules/rules.service.ts';
import { findingDto, recheckOrgYear } from './compliance.service.ts';
import {
  findAssignmentOf,
  findLifeOrg,
  findMeeting,
  insertMeeting,
  insertMeetingEvidence,
  listAttendance,
  listMeetingEvidence,
  listMeetingFactsOf,
  listMeetingsInWindow,
  listMeetingsOfOrg,
  listOpenAssignmentsOf,
  listPositionSpans,
  listRoster,
  listVotes,
  lockMeeting,
  type MeetingRow,
  replaceAttendance,
  replaceVotes,
  updateMeeting,
} from './life.queries.ts';

/**
 * Meetings of organisational life (组织生活): recorded by the organisation (or an account above it with the right
 * to report), corrected the same way with an audit row per change. Nothing a rule finds is refused: quorums, votes
 * and minutes are flagged (domain/life/compliance.ts). Photos and other files are never required, and there is no
 * check-in. A meeting a task asked for writes a ledger entry on the organisation's assignment of it, in the same
 * transaction, so holding it is progress on the task without a second report.
 */

type Create = z.infer<typeof createMeetingBody>;
type Patch = z.infer<typeof patchMeetingBody>;
type Attendance = NonNullable<Create['attendance']>;
type Votes = NonNullable<Create['votes']>;

function assertMayRecord(ctx: Ctx, orgName: string, orgPath: string): void {
  if (!hasPermission(ctx.actor.role, 'task:report') || !pathInScope(orgPath, ctx.actor)) {
    throw AppError.of('FORBIDDEN', 'err.life.reportOnly', { org: orgName });
  }
}

function checkFields(
  ctx: Ctx,
  b: Partial<Omit<Create, 'makesUpFor'>>,
  startTime: string | null,
  endTime: string | null,
): void {
  if (b.heldOn && b.heldOn > ctx.today) {
    throw AppError.of('VALIDATION_FAILED', 'err.life.futureDate', { date: b.heldOn }, { field: 'heldOn' });
  }
  if (startTime && endTime && endTime < startTime) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.life.endBeforeStart',
      { start: startTime, end: endTime },
      {
        field: 'endTime',
      },
    );
  }
  for (const [i, v] of (b.votes ?? []).entries()) {
    if (v.yes + v.no + v.abstain > v.present || v.present > v.shouldAttend) {
      throw AppError.of(
        'VALIDATION_FAILED',
        'err.life.voteCounts',
        { motion: v.motion, sum: v.yes + v.no + v.abstain, present: v.present, should: v.shouldAttend },
        { field: `votes.${i}` },
      );
    }
  }
}

type Roster = Awaited<ReturnType<typeof listRoster>>;

/** The attendance rows of a meeting, each member on the organisation's roster; the quorum's base and who came. */
function attendanceRows(kind: MeetingKind, roster: Roster, attendance: Attendance, orgName: string) {
  const byId = new Map(roster.map((r) => [r.id, r]));
  const seen = new Set<number>();
  const rows = attendance.map((a) => {
    const member = byId.get(a.personId);
    if (!member) throw AppError.of('RULE_VIOLATION', 'err.life.notOnRoster', { id: a.personId, org: orgName });
    if (seen.has(a.personId)) throw AppError.of('VALIDATION_FAILED', 'err.life.twice', { id: a.personId });
    seen.add(a.personId);
    return {
      person_id: a.personId,
      present: a.present,
      absence_reason: a.present ? null : (a.reason ?? 'other'),
      note: a.note ?? '',
      voting: member.status === 'full',
      committee: member.committee,
    };
  });
  if (rows.length === 0) return { rows, expected: null, present: null };
  // The quorum's base: 党员大会, full members (only they vote); 支委会 and 民主生活会, the committee's members.
  const base =
    kind === 'general_meeting'
      ? roster.filter((r) => r.status === 'full')
      : kind === 'committee_meeting' || kind === 'leadership_life_meeting'
        ? roster.filter((r) => r.committee)
        : null;
  if (!base || base.length === 0) return { rows, expected: null, present: null };
  const baseIds = new Set(base.map((r) => r.id));
  const present = rows.filter((r) => r.present && baseIds.has(r.person_id)).length;
  return { rows, expected: base.length, present };
}

function voteRows(meetingId: number, votes: Votes) {
  return votes.map((v, i) => ({
    meeting_id: meetingId,
    ord: i + 1,
    motion: v.motion,
    yes: v.yes,
    no: v.no,
    abstain: v.abstain,
    should_attend: v.shouldAttend,
    present: v.present,
  }));
}

const yearOf = (day: string) => Number(day.slice(0, 4));

/**
 * The first day of the window a make-up (补开) names, once it is checked (domain checkMakeUp): ended before the
 * meeting, inside the organisation's life, otherwise empty. 422 with the reason, naming the field, otherwise.
 */
async function makeUpWindowStart(
  ctx: Ctx,
  org: { id: number; established_on: string | null; path: string },
  kind: MeetingKind,
  heldOn: string,
  makesUpFor: string,
  selfId: number | null,
): Promise<string> {
  const rules = await rulesForOrgPath(ctx.db, org.path);
  const others = (await listMeetingsInWindow(ctx.db, org.id, kind, kindWindowOf(kind, makesUpFor, rules)))
    .filter((m) => m.id !== selfId)
    .map((m) => ({ heldOn: m.held_on, makesUpFor: m.makes_up_for }));
  const r = checkMakeUp(kind, heldOn, makesUpFor, others, org.established_on, rules);
  if (!r.ok) throw AppError.of('RULE_VIOLATION', r.msg.key, r.msg.params, { field: 'makesUpFor', rule: r.ruleId });
  return r.window.start;
}

/** Records a meeting (and, when it names a task, the ledger entry on the organisation's assignment of it). */
export async function recordMeeting(ctx: Ctx, body: Create): Promise<MeetingDetail> {
  const org = await getOrg(ctx, body.orgId);
  assertMayRecord(ctx, org.name, org.path);
  checkFields(ctx, body, body.startTime ?? null, body.endTime ?? null);
  const roster = await listRoster(ctx.db, org.id, ctx.today);
  const att = attendanceRows(body.kind, roster, body.attendance ?? [], org.name);
  const lifeOrg = (await findLifeOrg(ctx.db, org.id, ctx.today))!;
  const makesUpFor = body.makesUpFor
    ? await makeUpWindowStart(ctx, lifeOrg, body.kind, body.heldOn, body.makesUpFor, null)
    : null;
  let assignmentId: number | null = null;
  if (body.taskId !== undefined) {
    const a = await findAssignmentOf(ctx.db, org.id, body.taskId);
    if (!a) throw AppError.of('RULE_VIOLATION', 'err.life.taskNotAssigned', { id: body.taskId, org: org.name });
    assignmentId = a.id;
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const meetingId = await insertMeeting(trx, {
      org_id: org.id,
      region_id: org.region_id,
      kind: body.kind,
      held_on: body.heldOn,
      start_time: body.startTime ?? null,
      end_time: body.endTime ?? null,
      place: body.place ?? '',
      host: body.host ?? '',
      topic: body.topic,
      minutes: body.minutes ?? '',
      decisions: body.decisions ?? '',
      task_id: body.taskId ?? null,
      assignment_id: assignmentId,
      expected_count: att.expected,
      present_count: att.present,
      makes_up_for: makesUpFor,
      created_by: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await replaceAttendance(
      trx,
      meetingId,
      att.rows.map((r) => ({ ...r, meeting_id: meetingId })),
    );
    await replaceVotes(trx, meetingId, voteRows(meetingId, body.votes ?? []));
    if (assignmentId !== null) {
      const entryId = await writeLedgerEntryIn(
        trx,
        ctx,
        'disk', // no files: the meeting's entry carries none
        assignmentId,
        { entryDate: body.heldOn, text: ledgerText(body.kind, body.topic, body.heldOn) },
        [],
        'meeting', // 基层减负: a meeting the task asked for, counted as such
      );
      await updateMeeting(trx, meetingId, { ledger_entry_id: entryId });
    }
    for (const y of new Set([yearOf(body.heldOn), yearOf(makesUpFor ?? body.heldOn)]))
      await recheckOrgYear(trx, org.id, y, ctx.today);
    await audit(trx, ctx, 'meeting.record', { entity: 'meeting', entityId: meetingId, orgId: org.id }, null, {
      ...body,
      attendance: body.attendance?.length ?? 0,
    });
    return meetingId;
  });
  return getMeetingDetail(ctx, id);
}

function ledgerText(kind: MeetingKind, topic: string, day: string): string {
  return `${day} 召开${MEETING_KIND_LABELS[kind].zh}：${topic}`;
}

async function getMeetingRow(ctx: Ctx, id: number): Promise<MeetingRow> {
  const m = await findMeeting(ctx.db, ctx.actor, id);
  if (!m) throw AppError.of('NOT_FOUND', 'err.life.notFound', { id });
  return m;
}

/** Corrects a meeting: the fields given replace the recorded ones; an audit row holds what was and what is. */
export async function correctMeeting(ctx: Ctx, id: number, patch: Patch): Promise<MeetingDetail> {
  const m = await getMeetingRow(ctx, id);
  assertMayRecord(ctx, m.org_name, m.org_path);
  const startTime = patch.startTime !== undefined ? patch.startTime : m.start_time;
  const endTime = patch.endTime !== undefined ? patch.endTime : m.end_time;
  checkFields(ctx, patch, startTime, endTime);
  const kind = patch.kind ?? m.kind;
  const heldOn = patch.heldOn ?? m.held_on;
  const named = patch.makesUpFor !== undefined ? patch.makesUpFor : m.makes_up_for;
  const makesUpFor = named
    ? await makeUpWindowStart(ctx, (await findLifeOrg(ctx.db, m.org_id, ctx.today))!, kind, heldOn, named, m.id)
    : null;
  const roster = await listRoster(ctx.db, m.org_id, ctx.today);
  const before = await detailOf(ctx, m);
  // Attendance is recomputed when it or the kind changes (the quorum's base depends on the kind).
  const attendance =
    patch.attendance ??
    (patch.kind !== undefined
      ? before.attendance
          .filter((a) => roster.some((r) => r.id === a.personId))
          .map((a) => ({ personId: a.personId, present: a.present, reason: a.reason ?? undefined, note: a.note }))
      : undefined);
  const att = attendance ? attendanceRows(kind, roster, attendance, m.org_name) : null;
  await ctx.db.transaction().execute(async (trx) => {
    await lockMeeting(trx, id);
    await updateMeeting(trx, id, {
      kind,
      held_on: heldOn,
      makes_up_for: makesUpFor,
      start_time: startTime,
      end_time: endTime,
      place: patch.place ?? m.place,
      host: patch.host ?? m.host,
      topic: patch.topic ?? m.topic,
      minutes: patch.minutes ?? m.minutes,
      decisions: patch.decisions ?? m.decisions,
      ...(att ? { expected_count: att.expected, present_count: att.present } : {}),
      updated_at: ctx.now,
    });
    if (att)
      await replaceAttendance(
        trx,
        id,
        att.rows.map((r) => ({ ...r, meeting_id: id })),
      );
    if (patch.votes) await replaceVotes(trx, id, voteRows(id, patch.votes));
    const years = new Set(
      [m.held_on, heldOn, m.makes_up_for, makesUpFor].filter((d): d is string => d !== null).map(yearOf),
    );
    for (const y of years) await recheckOrgYear(trx, m.org_id, y, ctx.today);
    await audit(trx, ctx, 'meeting.correct', { entity: 'meeting', entityId: id, orgId: m.org_id }, before, patch);
  });
  return getMeetingDetail(ctx, id);
}

async function detailOf(ctx: Ctx, m: MeetingRow): Promise<MeetingDetail> {
  const [attendance, votes, files] = await Promise.all([
    listAttendance(ctx.db, m.id),
    listVotes(ctx.db, [m.id]),
    listMeetingEvidence(ctx.db, m.id),
  ]);
  const rulesOn = await rulesForOrgPath(ctx.db, (await getOrg(ctx, m.org_id)).path);
  const rules = rulesOn(m.held_on).life;
  const facts = {
    id: m.id,
    kind: m.kind,
    heldOn: m.held_on,
    hasMinutes: m.minutes.length > 0,
    expected: m.expected_count,
    present: m.present_count,
    votes: votes.map((v) => ({
      motion: v.motion,
      yes: v.yes,
      no: v.no,
      abstain: v.abstain,
      shouldAttend: v.should_attend,
      present: v.present,
    })),
  };
  // The meeting's own findings: the check over the day it was held, of a type that requires nothing.
  const own = checkCompliance({
    orgType: 'group',
    hasCommittee: false,
    from: m.held_on,
    to: m.held_on,
    today: ctx.today,
    meetings: [{ ...facts, reportSentOn: m.report_sent_on }],
    rules: rulesOn,
  }).findings.filter((f) => f.meetingId === m.id);
  return {
    id: m.id,
    orgId: m.org_id,
    orgName: m.org_name,
    kind: m.kind,
    heldOn: m.held_on,
    startTime: m.start_time,
    endTime: m.end_time,
    place: m.place,
    host: m.host,
    topic: m.topic,
    minutes: m.minutes,
    decisions: m.decisions,
    taskId: m.task_id,
    taskTitle: m.task_title,
    assignmentId: m.assignment_id,
    ledgerEntryId: m.ledger_entry_id,
    expectedCount: m.expected_count,
    presentCount: m.present_count,
    report:
      m.kind === 'leadership_life_meeting'
        ? {
            sentOn: m.report_sent_on,
            note: m.report_note,
            days: rules.leadershipLifeReportDays.value,
            deadline: addDaysIso(m.held_on, rules.leadershipLifeReportDays.value),
          }
        : null,
    makesUp: m.makes_up_for
      ? (() => {
          const w = kindWindowOf(m.kind, m.makes_up_for);
          return { ...w, label: windowLabel(w.start, w.end) };
        })()
      : null,
    attendance: attendance.map((a) => ({
      personId: a.person_id,
      name: a.name,
      present: a.present,
      reason: a.absence_reason,
      note: a.note,
      voting: a.voting,
      committee: a.committee,
    })),
    votes: facts.votes.map((v) => ({ ...v, outcome: judgeVote(v, rules) })),
    findings: own.map(findingDto),
    files: files.map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, sizeBytes: Number(f.size_bytes) })),
    actorName: m.actor_name,
    createdAt: new Date(m.created_at).toISOString(),
    updatedAt: new Date(m.updated_at).toISOString(),
  };
}

/**
 * Records (or corrects, or clears) when a 民主生活会's 情况报告 reached the higher level: after the meeting, by the
 * organisation or an account above it with the right to report; an audit row holds what was and what is.
 */
export async function recordMeetingReport(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof meetingReportBody>,
): Promise<MeetingDetail> {
  const m = await getMeetingRow(ctx, id);
  assertMayRecord(ctx, m.org_name, m.org_path);
  if (m.kind !== 'leadership_life_meeting') {
    throw AppError.of(
      'RULE_VIOLATION',
      'err.life.report.kind',
      { kind: MEETING_KIND_LABELS[m.kind] },
      { field: 'kind' },
    );
  }
  if (body.sentOn && body.sentOn < m.held_on) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.life.report.beforeMeeting',
      { date: body.sentOn, heldOn: m.held_on },
      { field: 'sentOn' },
    );
  }
  if (body.sentOn && body.sentOn > ctx.today) {
    throw AppError.of('VALIDATION_FAILED', 'err.life.report.future', { date: body.sentOn }, { field: 'sentOn' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await lockMeeting(trx, id);
    await updateMeeting(trx, id, {
      report_sent_on: body.sentOn,
      report_note: body.sentOn ? (body.note ?? m.report_note) : '',
      updated_at: ctx.now,
    });
    await recheckOrgYear(trx, m.org_id, yearOf(m.held_on), ctx.today);
    await audit(
      trx,
      ctx,
      'meeting.report',
      { entity: 'meeting', entityId: id, orgId: m.org_id },
      { sentOn: m.report_sent_on, note: m.report_note },
      body,
    );
  });
  return getMeetingDetail(ctx, id);
}

export async function getMeetingDetail(ctx: Ctx, id: number): Promise<MeetingDetail> {
  return detailOf(ctx, await getMeetingRow(ctx, id));
}

/** An organisation's meetings of a year (default: this year), oldest first. */
export async function listMeetings(ctx: Ctx, q: { orgId: number; year?: number | undefined }) {
  await getOrg(ctx, q.orgId);
  const { from, to } = yearPeriod(q.year ?? yearOf(ctx.today));
  const rows = await listMeetingsOfOrg(ctx.db, q.orgId, from, to);
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      kind: r.kind,
      heldOn: r.held_on,
      startTime: r.start_time,
      topic: r.topic,
      present: r.present,
      absent: r.absent,
      taskId: r.task_id,
      makesUpFor: r.makes_up_for,
    })),
  };
}

/**
 * What the meeting form starts from, so that an ordinary meeting takes a secretary under two minutes: the roster
 * (everyone present until unticked), the organisation's open work as topics and tasks to link, and the kinds whose
 * current window still lacks meetings.
 */
export async function getMeetingFormDefaults(ctx: Ctx, orgId: number): Promise<MeetingFormDefaults> {
  await getOrg(ctx, orgId);
  const org = (await findLifeOrg(ctx.db, orgId, ctx.today))!;
  const [roster, open] = await Promise.all([
    listRoster(ctx.db, orgId, ctx.today),
    listOpenAssignmentsOf(ctx.db, orgId, 20),
  ]);
  const rules = await rulesForOrgPath(ctx.db, org.path);
  const hasCommittee = hasCommitteeOf(
    org.type as OrgType,
    org.full_members,
    org.committee_members,
    rules(ctx.today).org,
  );
  // This year for what is due now, and last year too for the windows a make-up (补开) may name.
  const from = yearPeriod(yearOf(ctx.today) - 1).from;
  const { to } = yearPeriod(yearOf(ctx.today));
  const [rows, positions] = await Promise.all([
    listMeetingFactsOf(ctx.db, [orgId], from, to),
    listPositionSpans(ctx.db, [orgId], from, to),
  ]);
  const facts = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    heldOn: r.held_on,
    hasMinutes: true,
    expected: null,
    present: null,
    votes: [],
    makesUpFor: r.makes_up_for,
  }));
  const c = checkCompliance({
    orgType: org.type as OrgType,
    hasCommittee,
    committee: {
      fullMembers: org.full_members,
      positions: positions.map((p) => ({ personId: p.person_id, startedOn: p.started_on, endedOn: p.ended_on })),
    },
    activeFrom: org.established_on,
    activeTo: org.dissolved_on,
    from,
    to,
    today: ctx.today,
    meetings: facts,
    rules,
  });
  const dueKinds = c.windows
    .filter((w) => w.status === 'pending' && w.start <= ctx.today && ctx.today <= w.end)
    .sort((a, b) => a.end.localeCompare(b.end))
    .map((w) => ({ kind: w.kind, start: w.start, end: w.end, required: w.required, held: w.held }));
  const missingWindows = c.windows
    .filter((w) => w.status === 'missing')
    .sort((a, b) => b.start.localeCompare(a.start))
    .map((w) => ({ kind: w.kind, start: w.start, end: w.end, label: w.label }));
  return {
    orgId,
    orgName: org.name,
    orgType: org.type,
    hasCommittee,
    today: ctx.today,
    roster: roster.map((r) => ({
      personId: r.id,
      name: r.name,
      status: r.status,
      voting: r.status === 'full',
      committee: r.committee,
    })),
    suggestions: open.map((a) => ({ taskId: a.task_id, title: a.title, deadline: a.deadline })),
    dueKinds,
    kinds: requiredKinds(org.type as OrgType, hasCommittee),
    missingWindows,
  };
}

/**
 * Evidence files on a meeting (a photo of the sign-in sheet, the scanned minutes): optional, never required. Held to
 * the evidence limits and types, stored before the transaction (withStoredEvidence), then their rows and an audit
 * row; by the organisation's own accounts or an account above it with the right to report.
 */
export async function attachMeetingFiles(
  ctx: Ctx,
  files: FileStore,
  maxFileBytes: number,
  id: number,
  uploads: readonly UploadedFile[],
): Promise<MeetingDetail> {
  const m = await getMeetingRow(ctx, id);
  assertMayRecord(ctx, m.org_name, m.org_path);
  if (uploads.length === 0) throw AppError.of('VALIDATION_FAILED', 'err.roster.pickFile', {}, { field: 'files' });
  const checked = checkUploads(uploads, maxFileBytes);
  await withStoredEvidence(ctx, files, checked, (stored) =>
    ctx.db.transaction().execute(async (trx) => {
      await lockMeeting(trx, id);
      await insertMeetingEvidence(
        trx,
        stored.map((f) => ({
          meeting_id: id,
          storage: files.kind,
          storage_key: f.key,
          filename: f.filename,
          mime: f.mime,
          size_bytes: f.data.length,
          sha256: f.sha256,
          created_at: ctx.now,
        })),
      );
      await audit(trx, ctx, 'meeting.files', { entity: 'meeting', entityId: id, orgId: m.org_id }, null, {
        files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })),
      });
    }),
  );
  return getMeetingDetail(ctx, id);
}

/** One evidence file of a meeting the caller can see (404 otherwise, like the meeting). */
export async function getMeetingFile(
  ctx: Ctx,
  files: FileStore,
  id: number,
  fileId: number,
): Promise<{ filename: string; mime: string; data: Buffer }> {
  const m = await getMeetingRow(ctx, id);
  const f = (await listMeetingEvidence(ctx.db, m.id)).find((x) => x.id === fileId);
  if (!f) throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  return { filename: f.filename, mime: f.mime, data: await files.get(f.storage_key) };
}
