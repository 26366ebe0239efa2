import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  AppraisalDetail,
  AppraisalSummary,
  decisionBody,
  GradeTallies,
  HandlingEventBody,
  memberEntryBody,
  openAppraisalBody,
} from '../../../contracts/appraisal.ts';
import {
  type AppraisalGrade,
  appraisalDueOn,
  appraisalReminder,
  checkAppraisal,
  excellentAllowed,
  type HandlingEvent,
  type HandlingRecord,
  handlingReminder,
  handlingStep,
  openHandling,
} from '../../../domain/assess/appraisal.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { addDaysIso } from '../../../domain/dates.ts';
import { msg } from '../../../domain/messages.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { audit, type Clock, type Ctx } from '../context.ts';
import { type NewNotification, notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import {
  type AppraisalRow,
  findAppraisal,
  findAppraisalOf,
  insertAppraisal,
  insertDecision,
  insertEntries,
  insertHandlingEvent,
  listAppraisalMeetings,
  listAppraisals,
  listDecisions,
  listEntries,
  listHandlingEvents,
  listHandlings,
  listMembers,
  listRosterAsOf,
  listUnclosedHandlings,
  listUndecidedAppraisals,
  lockAppraisal,
  openHandlings,
} from './appraisal.queries.ts';
import { refuseAll } from './assess.service.ts';

/**
 * 民主评议党员 (issue 12, ../shared/domain-rules.md §10 [C]): a branch appraises its full and probationary members
 * once a year — self-appraisal, peer appraisal and democratic poll (tallies per grade, never a named vote), then the
 * 支委会 or 党员大会 decides a grade for each, checked whole by checkAppraisal (优秀 at most one third). A member
 * graded 不合格 gets a handling record (限期改正, 劝退, 除名) that is recorded and reminded here and carried out by
 * the organisation: nothing here changes a member's status. Every write is a new row; the latest counts.
 */

/** The organisation types whose members are appraised by it (members belong to a branch or a 党总支). */
const APPRAISING_TYPES = new Set(['branch', 'joint_branch', 'general_branch']);

type Grades = { personId: number; grade: AppraisalGrade }[];

const iso = (d: Date | string) => new Date(d).toISOString();

function countsOf(grades: Grades) {
  const c = { excellent: 0, qualified: 0, basic: 0, unqualified: 0 };
  for (const g of grades) c[g.grade]++;
  return c;
}

/** The day an appraisal's grades are due: its own, or (opened before one was kept) the default from its roster day. */
const dueOf = (r: { as_of: string; due_on: string | null }) =>
  appraisalDueOn(r.as_of, r.due_on, ruleSetOn(r.as_of).assess.appraisalDecideDays.value);

function toSummary(r: AppraisalRow, today: string): AppraisalSummary {
  const grades = (r.grades as Grades | null) ?? null;
  const c = countsOf(grades ?? []);
  const dueOn = dueOf(r);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    asOf: r.as_of,
    dueOn,
    overdue: appraisalReminder({ decided: grades !== null, dueOn }, today) !== null,
    memberCount: r.member_count,
    decided: grades !== null,
    excellent: c.excellent,
    unqualified: c.unqualified,
    openHandlings: r.handlings,
    createdAt: iso(r.created_at),
  };
}

async function getAppraisalRow(ctx: Ctx, id: number): Promise<AppraisalRow> {
  const r = await findAppraisal(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.appraisal.notFound', { id });
  return r;
}

export async function listAppraisalsOf(ctx: Ctx, q: { orgId: number; year?: number | undefined }) {
  const org = await getOrg(ctx, q.orgId);
  return (await listAppraisals(ctx.db, ctx.actor, org.path, q.year)).map((r) => toSummary(r, ctx.today));
}

/** The counts over a list of appraisals (the CLI's summary line; the page shows the same figures per appraisal). */
export function countAppraisals(items: readonly AppraisalSummary[]) {
  const sum = (f: (a: AppraisalSummary) => number) => items.reduce((n, a) => n + f(a), 0);
  return {
    appraisals: items.length,
    decided: items.filter((a) => a.decided).length,
    overdue: items.filter((a) => a.overdue).length,
    members: sum((a) => a.memberCount),
    excellent: sum((a) => a.excellent),
    unqualified: sum((a) => a.unqualified),
    handlings: sum((a) => a.openHandlings),
  };
}

/** Opens the year's appraisal of a branch over its roster as of a day (copied: later changes do not reach it). */
export async function openAppraisal(ctx: Ctx, body: z.infer<typeof openAppraisalBody>): Promise<AppraisalDetail> {
  const org = await getOrg(ctx, body.orgId);
  if (!APPRAISING_TYPES.has(org.type))
    throw AppError.of('RULE_VIOLATION', 'err.appraisal.notBranch', { org: org.name });
  const asOfYear = Number(body.asOf.slice(0, 4));
  if (asOfYear !== body.year && asOfYear !== body.year + 1) {
    throw AppError.of('VALIDATION_FAILED', 'err.appraisal.asOfYear', { asOf: body.asOf, year: body.year });
  }
  if (body.dueOn !== undefined && body.dueOn < body.asOf) {
    throw AppError.of('VALIDATION_FAILED', 'err.appraisal.dueBefore', { dueOn: body.dueOn, asOf: body.asOf });
  }
  const existing = await findAppraisalOf(ctx.db, org.id, body.year);
  if (existing) {
    throw AppError.of('DUPLICATE', 'err.appraisal.exists', { org: org.name, year: body.year, id: existing.id });
  }
  const roster = await listRosterAsOf(ctx.db, org.id, body.asOf);
  if (roster.length === 0) {
    throw AppError.of('RULE_VIOLATION', 'err.appraisal.noMembers', { org: org.name, asOf: body.asOf });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const appraisalId = await insertAppraisal(
      trx,
      {
        org_id: org.id,
        region_id: org.region_id,
        year: body.year,
        as_of: body.asOf,
        due_on: body.dueOn ?? appraisalDueOn(body.asOf, null, ruleSetOn(ctx.today).assess.appraisalDecideDays.value),
        created_by: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        created_at: ctx.now,
      },
      roster,
    );
    await audit(trx, ctx, 'appraisal.open', { entity: 'appraisal', entityId: appraisalId, orgId: org.id }, null, {
      ...body,
      members: roster.map((m) => m.id),
    });
    return appraisalId;
  });
  return getAppraisalDetail(ctx, id);
}

/** Replays a handling record's steps (each was checked by handlingStep when recorded). */
function replay(personId: number, year: number, events: readonly HandlingEvent[]): HandlingRecord {
  let rec = openHandling(String(personId), year);
  for (const e of events) {
    const step = handlingStep(rec, e);
    if (step.ok) rec = step.record;
  }
  return rec;
}

export async function getAppraisalDetail(ctx: Ctx, id: number): Promise<AppraisalDetail> {
  const r = await getAppraisalRow(ctx, id);
  const [members, entries, decisions, handlings, meetings] = await Promise.all([
    listMembers(ctx.db, id),
    listEntries(ctx.db, id),
    listDecisions(ctx.db, id),
    listHandlings(ctx.db, id),
    listAppraisalMeetings(ctx.db, r.org_id, r.year),
  ]);
  const events = await listHandlingEvents(
    ctx.db,
    handlings.map((h) => h.id),
  );
  const latest = decisions[0];
  const gradeOf = new Map(((latest?.grades as Grades | undefined) ?? []).map((g) => [g.personId, g.grade]));
  const stampOf = (e: { actor_name: string; at: Date }) => ({ actorName: e.actor_name, at: iso(e.at) });
  const latestEntry = (personId: number, kind: 'self' | 'peer' | 'poll') =>
    entries.find((e) => e.person_id === personId && e.kind === kind);
  const rules = ruleSetOn(ctx.today);
  const share = rules.assess.excellentMaxShare.value;
  const horizon = addDaysIso(ctx.today, rules.assess.handlingDueSoonDays.value);
  const nameOf = new Map(members.map((m) => [m.person_id, m.name]));
  const handlingDtos = handlings.map((h) => {
    const evs = events.filter((e) => e.handling_id === h.id);
    const rec = replay(
      h.person_id,
      r.year,
      evs.map((e) => e.event as HandlingEvent),
    );
    return {
      dto: {
        id: h.id,
        personId: h.person_id,
        name: h.name,
        state: rec.state,
        measure: rec.measure,
        deadline: rec.deadline,
        outcome: rec.outcome,
        currentGrade: gradeOf.get(h.person_id) ?? null,
        events: evs.map((e) => ({ event: e.event as HandlingEventBody, ...stampOf(e) })),
        openedAt: iso(h.opened_at),
      },
      rec,
    };
  });
  const reminders = handlingDtos.flatMap(({ dto, rec }) => {
    // A record whose member a later decision graded otherwise is kept, but not reminded of.
    if (dto.currentGrade !== 'unqualified') return [];
    const rem = handlingReminder(rec, ctx.today, horizon);
    return rem ? [{ kind: rem.kind, personId: dto.personId, name: dto.name, on: rem.on }] : [];
  });
  return {
    ...toSummary(r, ctx.today),
    canEdit: hasPermission(ctx.actor.role, 'member:write'),
    excellentMax: excellentAllowed(members.length, share),
    share: `${share.numerator}/${share.denominator}`,
    members: members.map((m) => {
      const self = latestEntry(m.person_id, 'self');
      const peer = latestEntry(m.person_id, 'peer');
      const poll = latestEntry(m.person_id, 'poll');
      return {
        personId: m.person_id,
        name: m.name,
        status: m.status,
        self: self ? { done: self.self_done ?? false, note: self.note, ...stampOf(self) } : null,
        peer: peer ? { tallies: peer.tallies as GradeTallies, note: peer.note, ...stampOf(peer) } : null,
        poll: poll ? { tallies: poll.tallies as GradeTallies, note: poll.note, ...stampOf(poll) } : null,
        grade: gradeOf.get(m.person_id) ?? null,
      };
    }),
    decisions: decisions.map((d) => {
      const grades = d.grades as Grades;
      return {
        id: d.id,
        body: d.body,
        decidedOn: d.decided_on,
        meeting:
          d.meeting_id !== null
            ? { id: d.meeting_id, heldOn: d.meeting_held_on ?? '', topic: d.meeting_topic ?? '' }
            : null,
        grades,
        counts: countsOf(grades),
        note: d.note,
        ...stampOf(d),
      };
    }),
    entries: entries.map((e) => ({
      id: String(e.id),
      personId: e.person_id,
      kind: e.kind,
      selfDone: e.self_done,
      tallies: (e.tallies as GradeTallies | null) ?? null,
      note: e.note,
      ...stampOf(e),
    })),
    handlings: handlingDtos.map((h) => h.dto),
    reminders: reminders.map((x) => ({ ...x, name: nameOf.get(x.personId) ?? x.name })),
    meetings: meetings.map((m) => ({ id: m.id, heldOn: m.held_on, topic: m.topic })),
  };
}

async function memberOf(ctx: Ctx, appraisalId: number, personId: number) {
  const m = (await listMembers(ctx.db, appraisalId)).find((x) => x.person_id === personId);
  if (!m) throw AppError.of('NOT_FOUND', 'err.appraisal.memberNotFound', { id: personId });
  return m;
}

/** Records a member's self-appraisal, peer appraisal and/or poll tallies (each a new row; the latest counts). */
export async function recordMemberEntry(
  ctx: Ctx,
  id: number,
  personId: number,
  body: z.infer<typeof memberEntryBody>,
): Promise<AppraisalDetail> {
  const r = await getAppraisalRow(ctx, id);
  await memberOf(ctx, id, personId);
  if (!body.self && !body.peer && !body.poll) throw AppError.of('VALIDATION_FAILED', 'err.appraisal.entryEmpty');
  const base = { appraisal_id: id, person_id: personId, actor_id: ctx.actor.userId || null };
  const stamp = { actor_name: ctx.actor.displayName, at: ctx.now };
  const rows = [
    ...(body.self
      ? [{ ...base, kind: 'self' as const, self_done: body.self.done, tallies: null, note: body.self.note ?? '' }]
      : []),
    ...(body.peer
      ? [{ ...base, kind: 'peer' as const, self_done: null, tallies: body.peer.tallies, note: body.peer.note ?? '' }]
      : []),
    ...(body.poll
      ? [{ ...base, kind: 'poll' as const, self_done: null, tallies: body.poll.tallies, note: body.poll.note ?? '' }]
      : []),
  ].map((x) => ({ ...x, ...stamp }));
  await ctx.db.transaction().execute(async (trx) => {
    await lockAppraisal(trx, id);
    await insertEntries(trx, rows);
    await audit(trx, ctx, 'appraisal.entry', { entity: 'appraisal', entityId: id, orgId: r.org_id }, null, {
      personId,
      ...body,
    });
  });
  return getAppraisalDetail(ctx, id);
}

/**
 * The 支委会's or 党员大会's decision: a grade for every member appraised, checked whole (each once, nobody else,
 * 优秀 within the share: 3 of 9 passes, 4 of 9 and 1 of 2 do not). A later decision corrects an earlier one as a new
 * row. Each member graded 不合格 gets a handling record if the appraisal holds none for the member yet.
 */
export async function decideAppraisal(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof decisionBody>,
): Promise<AppraisalDetail> {
  const r = await getAppraisalRow(ctx, id);
  const members = await listMembers(ctx.db, id);
  // Members are named in the messages; two of one name are told apart by their number.
  const dupNames = new Set(
    members.filter((m, i) => members.findIndex((x) => x.name === m.name) !== i).map((m) => m.name),
  );
  const labelOf = new Map(
    members.map((m) => [m.person_id, dupNames.has(m.name) ? `${m.name}（编号 ${m.person_id}）` : m.name]),
  );
  const label = (personId: number) => labelOf.get(personId) ?? `编号 ${personId}`;
  const problems = checkAppraisal(
    body.grades.map((g) => ({ member: label(g.personId), grade: g.grade })),
    members.map((m) => label(m.person_id)),
    ruleSetOn(body.decidedOn),
  );
  if (problems.length > 0) refuseAll('RULE_VIOLATION', problems);
  if (body.decidedOn < r.as_of) {
    throw AppError.of('VALIDATION_FAILED', 'err.appraisal.decidedBefore', { on: body.decidedOn, asOf: r.as_of });
  }
  const meetingId = body.meetingId ?? null;
  if (meetingId !== null) {
    const ok = (await listAppraisalMeetings(ctx.db, r.org_id, r.year)).some((m) => m.id === meetingId);
    if (!ok)
      throw AppError.of('NOT_FOUND', 'err.appraisal.meetingInvalid', { id: meetingId, org: r.org_name, year: r.year });
  }
  const grades: Grades = members.map((m) => ({
    personId: m.person_id,
    grade: body.grades.find((g) => g.personId === m.person_id)!.grade,
  }));
  await ctx.db.transaction().execute(async (trx) => {
    await lockAppraisal(trx, id);
    const decisionId = await insertDecision(trx, {
      appraisal_id: id,
      body: body.body,
      decided_on: body.decidedOn,
      meeting_id: meetingId,
      grades,
      note: body.note ?? '',
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await openHandlings(
      trx,
      id,
      decisionId,
      grades.filter((g) => g.grade === 'unqualified').map((g) => g.personId),
      ctx.now,
    );
    await audit(trx, ctx, 'appraisal.decide', { entity: 'appraisal', entityId: id, orgId: r.org_id }, null, body);
  });
  return getAppraisalDetail(ctx, id);
}

/**
 * One step of a member's handling record (decide 限期改正/劝退/除名, escalate, outcome), checked by handlingStep.
 * Recorded only: the member's status is changed, if at all, by the register's own procedures.
 */
export async function recordHandlingStep(
  ctx: Ctx,
  id: number,
  personId: number,
  body: HandlingEventBody,
): Promise<AppraisalDetail> {
  const r = await getAppraisalRow(ctx, id);
  const member = await memberOf(ctx, id, personId);
  await ctx.db.transaction().execute(async (trx) => {
    await lockAppraisal(trx, id);
    const handling = (await listHandlings(trx, id)).find((h) => h.person_id === personId);
    if (!handling) throw AppError.of('RULE_VIOLATION', 'err.appraisal.notUnqualified', { member: member.name });
    const events = (await listHandlingEvents(trx, [handling.id])).map((e) => e.event as HandlingEvent);
    const event: HandlingEvent =
      body.kind === 'decide'
        ? {
            kind: 'decide',
            measure: body.measure,
            ...(body.deadline ? { deadline: body.deadline } : {}),
            by: body.by,
            on: body.on,
            note: body.note,
          }
        : body;
    const step = handlingStep(replay(personId, r.year, events), event);
    if (!step.ok) refuseAll('RULE_VIOLATION', [step.refusal]);
    await insertHandlingEvent(trx, {
      handling_id: handling.id,
      event,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'appraisal.handling',
      { entity: 'appraisal_handling', entityId: handling.id, orgId: r.org_id },
      null,
      { personId, ...body },
    );
  });
  return getAppraisalDetail(ctx, id);
}

export type AppraisalSweepResult = { undecided: number; handlings: number; reminders: number };

const SWEEP_BATCH = 1000;

/**
 * The 民主评议党员 part of the daily sweep: the platform reminds, it never decides. The branch is told once when its
 * appraisal (this year's or last year's) is not decided by its due day, and once each when a 不合格 member's 限期改正
 * deadline is near (assess.handlingDueSoonDays) and when it has passed — per record and deadline, by the
 * notification's key, so a new deadline is told again and a repeated sweep tells nothing. A record whose member a
 * later decision graded otherwise, or with its outcome recorded, is not reminded of.
 */
export async function sweepAppraisalReminders(
  db: Kysely<DB>,
  clock: Pick<Clock, 'today'>,
): Promise<AppraisalSweepResult> {
  const { today } = clock;
  const rules = ruleSetOn(today).assess;
  const horizon = addDaysIso(today, rules.handlingDueSoonDays.value);
  const result: AppraisalSweepResult = { undecided: 0, handlings: 0, reminders: 0 };
  const send = async (notices: NewNotification[]) => {
    if (notices.length > 0) result.reminders += await db.transaction().execute((trx) => notify(trx, notices));
  };

  for (let after = 0; ; ) {
    const batch = await listUndecidedAppraisals(db, Number(today.slice(0, 4)) - 1, after, SWEEP_BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const notices: NewNotification[] = [];
    for (const a of batch) {
      const dueOn = dueOf(a);
      if (!appraisalReminder({ decided: false, dueOn }, today)) continue;
      result.undecided++;
      notices.push({
        orgId: a.org_id,
        kind: 'appraisal',
        title: msg('notice.appraisal.overdue', { year: a.year, due: dueOn }),
        body: msg('notice.appraisal.overdueBody'),
        appraisalId: a.id,
        dedupeKey: `appraisal-overdue:${a.id}:${dueOn}`,
      });
    }
    await send(notices);
    if (batch.length < SWEEP_BATCH) break;
  }

  for (let after = 0; ; ) {
    const batch = await listUnclosedHandlings(db, after, SWEEP_BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const events = await listHandlingEvents(
      db,
      batch.map((h) => h.id),
    );
    const notices: NewNotification[] = [];
    for (const h of batch) {
      const grade = ((h.grades as Grades | null) ?? []).find((g) => g.personId === h.person_id)?.grade;
      if (grade !== 'unqualified') continue;
      const rec = replay(
        h.person_id,
        h.year,
        events.filter((e) => e.handling_id === h.id).map((e) => e.event as HandlingEvent),
      );
      const rem = handlingReminder(rec, today, horizon);
      if (!rem || rem.kind === 'decisionPending' || !rec.deadline) continue;
      result.handlings++;
      const due = rem.kind === 'correctionDue';
      notices.push({
        orgId: h.org_id,
        kind: 'appraisal',
        title: msg(due ? 'notice.appraisal.correctionDue' : 'notice.appraisal.correctionOverdue', {
          name: h.name,
          date: rec.deadline,
        }),
        body: msg('notice.appraisal.correctionBody'),
        appraisalId: h.appraisal_id,
        dedupeKey: `appraisal-${due ? 'correction-due' : 'correction-overdue'}:${h.id}:${rec.deadline}`,
      });
    }
    await send(notices);
    if (batch.length < SWEEP_BATCH) break;
  }
  return result;
}
