import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type {
  createReviewBody,
  ReviewDetail,
  ReviewEntry,
  ReviewEvent,
  ReviewHistory,
  ReviewList,
  ReviewSummary,
  reviewCommentBody,
  reviewGradeBody,
  reviewPollBody,
  reviewProblemBody,
  reviewReportBody,
} from '../../../contracts/review.ts';
import { refusal } from '../../../domain/assess/refusal.ts';
import {
  checkGradeList,
  checkPoll,
  pollResult,
  type ReviewGrade,
  reviewGradesOf,
} from '../../../domain/assess/review.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { msg } from '../../../domain/messages.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import type { DB, ReviewEventTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../files/file-store.ts';
import { checkUploads, type UploadedFile, withStoredEvidence } from '../assignments/ledger.service.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { prepareProblem, writeProblem } from '../rectify/rectify.service.ts';
import { refuseAll } from './assess.service.ts';
import {
  countEvents,
  findReportFile,
  findRound,
  findRoundIssuer,
  findRoundOf,
  insertEvent,
  insertReportFile,
  insertReviewProblem,
  insertRound,
  insertRoundOrgs,
  listEntries,
  listEvents,
  listLatestReportFiles,
  listProblems,
  listRounds,
  lockEntry,
  type RoundRow,
  updateEntry,
} from './review.queries.ts';

/**
 * 书记抓基层党建工作述职评议 (issue 12; src/domain/assess/review.ts): a 党委 (党工委) holds a yearly round for the
 * secretaries of organisations below it. The organisation (or the issuer) writes the report; the issuer records the
 * comment (一述一评), the poll's tallies per grade (never a named vote), the final grade and the problems named, each
 * a problem of the rectify area assigned to the organisation and issued by the issuer (its escalation and closure,
 * and the organisation's progress reports upward, are the rectify area's own).
 */

const CATEGORY = '述职评议问题整改';
const ISSUER_TYPES = new Set(['committee', 'working_committee']);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function gradesOf(r: RoundRow): ReviewGrade[] {
  return r.grades as ReviewGrade[];
}

function toSummary(r: RoundRow): ReviewSummary {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    name: r.name,
    orgs: r.orgs,
    graded: r.graded,
    actorName: r.actor_name,
    at: new Date(r.created_at).toISOString(),
  };
}

/** The issuer's accounts, or those above it, that may assign work, manage the round. */
function canManage(ctx: Ctx, r: Pick<RoundRow, 'org_path'>): boolean {
  return hasPermission(ctx.actor.role, 'task:assign') && pathInScope(r.org_path, ctx.actor);
}

async function getRound(ctx: Ctx, id: number): Promise<RoundRow> {
  const r = await findRound(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.review.notFound', { id });
  return r;
}

/** The issuing organisation of a round (404 when there is none): the CLI acts for the tree that holds it. */
export async function getReviewIssuerId(db: Kysely<DB>, id: number): Promise<number> {
  const orgId = await findRoundIssuer(db, id);
  if (orgId === undefined) throw AppError.of('NOT_FOUND', 'err.review.notFound', { id });
  return orgId;
}

/** The round, for its issuer's side only: 404 when the caller cannot see it, 403 when it may not manage it. */
export async function getManagedRound(ctx: Ctx, id: number): Promise<RoundRow & { gradeList: ReviewGrade[] }> {
  const r = await getRound(ctx, id);
  if (!canManage(ctx, r)) throw AppError.of('FORBIDDEN', 'err.review.issuerOnly', { org: r.org_name });
  return { ...r, gradeList: gradesOf(r) };
}

export async function listReviews(ctx: Ctx, q: { orgId: number; year?: number | undefined }): Promise<ReviewList> {
  const org = await getOrg(ctx, q.orgId);
  return { items: (await listRounds(ctx.db, ctx.actor, org.path, q.year)).map(toSummary) };
}

export async function getReview(ctx: Ctx, id: number): Promise<ReviewDetail> {
  const r = await getRound(ctx, id);
  const manage = canManage(ctx, r);
  const grades = gradesOf(r);
  const [entries, problems, files, counts] = await Promise.all([
    listEntries(ctx.db, id, ctx.today),
    listProblems(ctx.db, id),
    listLatestReportFiles(ctx.db, id),
    countEvents(ctx.db, id),
  ]);
  const fileOf = new Map(files.map((f) => [f.review_org_id, f]));
  // The issuer's scope sees every organisation of the round; an organisation's scope only its own.
  const seen = entries.filter((e) => pathInScope(r.org_path, ctx.actor) || pathInScope(e.org_path, ctx.actor));
  const mayWrite = hasPermission(ctx.actor.role, 'task:assign');
  return {
    ...toSummary(r),
    grades,
    canManage: manage,
    entries: seen.map((e): ReviewEntry => {
      const poll =
        e.should_attend !== null && e.took_part !== null
          ? {
              shouldAttend: e.should_attend,
              tookPart: e.took_part,
              tallies: (e.tallies ?? {}) as Record<string, number>,
            }
          : null;
      return {
        orgId: e.org_id,
        orgName: e.org_name,
        secretary: e.secretary,
        report: e.report,
        reportBy: e.report_by,
        reportAt: iso(e.report_at),
        comment: e.comment,
        commentBy: e.comment_by,
        commentAt: iso(e.comment_at),
        poll: poll ? { ...poll, result: pollResult(poll, grades), by: e.poll_by, at: iso(e.poll_at) } : null,
        grade: e.grade,
        gradeNote: e.grade_note,
        gradedBy: e.graded_by,
        state: e.grade
          ? 'graded'
          : e.poll_at
            ? 'polled'
            : e.comment_at
              ? 'commented'
              : e.report_at
                ? 'reported'
                : 'pending',
        problems: problems
          .filter((p) => p.org_id === e.org_id)
          .map((p) => ({
            problemId: p.id,
            title: p.title,
            state: p.state,
            deadline: p.deadline,
            closedOn: p.closed_on,
          })),
        canReport: mayWrite && (manage || pathInScope(e.org_path, ctx.actor)),
        reportFile: ((f) =>
          f
            ? {
                id: f.id,
                filename: f.filename,
                mime: f.mime,
                size: Number(f.size_bytes),
                by: f.actor_name,
                at: new Date(f.at).toISOString(),
              }
            : null)(fileOf.get(e.id)),
        historyCount: counts.get(e.id) ?? 0,
      };
    }),
  };
}

/** Opens the caller's organisation's round for a year over organisations below it (one round per issuer and year). */
export async function createReview(ctx: Ctx, body: z.infer<typeof createReviewBody>): Promise<ReviewDetail> {
  const issuer = await getOrg(ctx, ctx.actor.orgId);
  if (!ISSUER_TYPES.has(issuer.type))
    throw AppError.of('RULE_VIOLATION', 'err.review.issuerType', { org: issuer.name });
  const ids = [...new Set(body.orgIds)];
  const orgs: { id: number; region_id: number; name: string; path: string }[] = [];
  for (const id of ids) {
    const org = await getOrg(ctx, id);
    if (org.id === issuer.id || !isWithinPath(org.path, issuer.path)) {
      throw AppError.of('ORG_STRUCTURE', 'err.review.notBelow', { org: org.name, issuer: issuer.name });
    }
    orgs.push(org);
  }
  const grades = reviewGradesOf(body.grades, ruleSetOn(ctx.today));
  const bad = checkGradeList(grades);
  if (bad.length > 0) refuseAll('VALIDATION_FAILED', bad);
  const existing = await findRoundOf(ctx.db, issuer.id, body.year);
  if (existing) {
    throw AppError.of('DUPLICATE', 'err.review.exists', {
      org: issuer.name,
      year: body.year,
      name: existing.name,
      id: existing.id,
    });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const roundId = await insertRound(trx, {
      org_id: issuer.id,
      region_id: issuer.region_id,
      year: body.year,
      name: body.name,
      grades: JSON.stringify(grades),
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
    });
    await insertRoundOrgs(trx, roundId, orgs);
    await audit(trx, ctx, 'review.create', { entity: 'review_round', entityId: roundId, orgId: issuer.id }, null, {
      ...body,
      grades,
    });
    return roundId;
  });
  return getReview(ctx, id);
}

type Step = 'read' | 'report' | 'comment' | 'poll' | 'grade' | 'problem';

/** Loads the round and the organisation's row of it, checking who may read it or write the step. */
async function entryFor(ctx: Ctx, id: number, orgId: number, step: Step) {
  const r = await getRound(ctx, id);
  const entries = await listEntries(ctx.db, id, ctx.today);
  const e = entries.find((x) => x.org_id === orgId);
  if (!e || !(pathInScope(r.org_path, ctx.actor) || pathInScope(e.org_path, ctx.actor))) {
    throw AppError.of('NOT_FOUND', 'err.review.orgNotInRound', { id, org: orgId });
  }
  if (step === 'read') return { r, e };
  const manage = canManage(ctx, r);
  if (step === 'report' ? !(manage || pathInScope(e.org_path, ctx.actor)) : !manage) {
    throw step === 'report'
      ? AppError.of('FORBIDDEN', 'err.review.reportOnly', { org: e.org_name, issuer: r.org_name })
      : AppError.of('FORBIDDEN', 'err.review.issuerOnly', { org: r.org_name });
  }
  return { r, e };
}

type EventKind = ReviewEventTable['kind'];

/**
 * One change to an organisation's review, in the caller's transaction: the row's latest values (`set`), the event
 * that keeps the change for good (append-only, with who and when) and the audit row. Returns the event's id.
 */
export async function recordEvent(
  trx: Transaction<DB>,
  ctx: Ctx,
  entry: { id: number; round_id: number; org_id: number; region_id: number },
  change: { kind: EventKind; data: object; source: 'form' | 'import'; action: string; audit: unknown },
  set: Parameters<typeof updateEntry>[2],
): Promise<string> {
  if (Object.keys(set).length > 0) await updateEntry(trx, entry.id, set);
  const eventId = await insertEvent(trx, {
    review_org_id: entry.id,
    round_id: entry.round_id,
    org_id: entry.org_id,
    region_id: entry.region_id,
    kind: change.kind,
    data: JSON.stringify(change.data),
    source: change.source,
    actor_id: ctx.actor.userId || null,
    actor_name: ctx.actor.displayName,
    at: ctx.now,
  });
  await audit(
    trx,
    ctx,
    change.action,
    { entity: 'review_org', entityId: entry.id, orgId: entry.org_id },
    null,
    change.audit,
  );
  return eventId;
}

async function writeStep(
  ctx: Ctx,
  id: number,
  orgId: number,
  change: { kind: EventKind; data: object; action: string; audit: unknown },
  set: Parameters<typeof updateEntry>[2],
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockEntry(trx, id, orgId);
    if (!row) throw AppError.of('NOT_FOUND', 'err.review.orgNotInRound', { id, org: orgId });
    await recordEvent(trx, ctx, row, { ...change, source: 'form' }, set);
  });
}

/** The written report (述职报告), by the organisation or the issuer; a later one replaces it (audited). */
export async function writeReport(
  ctx: Ctx,
  id: number,
  orgId: number,
  body: z.infer<typeof reviewReportBody>,
): Promise<ReviewDetail> {
  await entryFor(ctx, id, orgId, 'report');
  await writeStep(
    ctx,
    id,
    orgId,
    { kind: 'report', data: body, action: 'review.report', audit: body },
    {
      report: body.report,
      report_by: ctx.actor.displayName,
      report_at: ctx.now,
    },
  );
  return getReview(ctx, id);
}

/** The superior's on-the-spot comment (一述一评), by the issuer. */
export async function writeComment(
  ctx: Ctx,
  id: number,
  orgId: number,
  body: z.infer<typeof reviewCommentBody>,
): Promise<ReviewDetail> {
  await entryFor(ctx, id, orgId, 'comment');
  await writeStep(
    ctx,
    id,
    orgId,
    { kind: 'comment', data: body, action: 'review.comment', audit: body },
    {
      comment: body.comment,
      comment_by: ctx.actor.displayName,
      comment_at: ctx.now,
    },
  );
  return getReview(ctx, id);
}

/** The democratic poll's tallies per grade with participation, checked (no tally above those who took part). */
export async function writePoll(
  ctx: Ctx,
  id: number,
  orgId: number,
  body: z.infer<typeof reviewPollBody>,
): Promise<ReviewDetail> {
  const { r } = await entryFor(ctx, id, orgId, 'poll');
  const bad = checkPoll(body, gradesOf(r));
  if (bad.length > 0) refuseAll('VALIDATION_FAILED', bad);
  const poll = { shouldAttend: body.shouldAttend, tookPart: body.tookPart, tallies: body.tallies };
  await writeStep(
    ctx,
    id,
    orgId,
    { kind: 'poll', data: poll, action: 'review.poll', audit: body },
    {
      should_attend: body.shouldAttend,
      took_part: body.tookPart,
      tallies: JSON.stringify(body.tallies),
      poll_by: ctx.actor.displayName,
      poll_at: ctx.now,
    },
  );
  return getReview(ctx, id);
}

/** The final grade, one of the round's grades, by the issuer. */
export async function writeGrade(
  ctx: Ctx,
  id: number,
  orgId: number,
  body: z.infer<typeof reviewGradeBody>,
): Promise<ReviewDetail> {
  const { r } = await entryFor(ctx, id, orgId, 'grade');
  const grades = gradesOf(r);
  if (!grades.some((g) => g.code === body.grade)) {
    refuseAll('VALIDATION_FAILED', [
      refusal('reviewGradeUnknown', { grade: body.grade, grades: grades.map((g) => g.zh).join('、') }),
    ]);
  }
  const grade = { grade: body.grade, note: body.note ?? '' };
  await writeStep(
    ctx,
    id,
    orgId,
    { kind: 'grade', data: grade, action: 'review.grade', audit: body },
    {
      grade: body.grade,
      grade_note: body.note ?? '',
      graded_by: ctx.actor.displayName,
      graded_at: ctx.now,
    },
  );
  return getReview(ctx, id);
}

/**
 * A problem named: a problem of the rectify area assigned to the organisation and issued by the issuer, with its
 * deadline (claiming, escalation, progress reports and closure as for any problem).
 */
export async function addProblem(
  ctx: Ctx,
  id: number,
  orgId: number,
  body: z.infer<typeof reviewProblemBody>,
): Promise<ReviewDetail> {
  const { r, e } = await entryFor(ctx, id, orgId, 'problem');
  const prepared = await prepareProblem(ctx, {
    orgId: e.org_id,
    issuerOrgId: r.org_id,
    title: body.title,
    ...(body.description !== undefined ? { description: body.description } : {}),
    source: 'manual',
    category: CATEGORY,
    foundOn: ctx.today,
    deadline: body.deadline,
  });
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockEntry(trx, id, orgId);
    if (!row) throw AppError.of('NOT_FOUND', 'err.review.orgNotInRound', { id, org: orgId });
    const problemId = await writeProblem(trx, ctx, prepared);
    await insertReviewProblem(trx, row.id, problemId);
    await recordEvent(
      trx,
      ctx,
      row,
      {
        kind: 'problem',
        data: { problemId, title: body.title, deadline: body.deadline },
        source: 'form',
        action: 'review.problem',
        audit: { ...body, problemId },
      },
      {},
    );
  });
  return getReview(ctx, id);
}

/** The kinds a report file may be: the evidence store's Word and PDF (told by their bytes). */
const REPORT_FILE_MIMES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/**
 * The written report as an uploaded file (.docx or .pdf), besides or instead of the typed text, by the organisation
 * or the issuer: held to the evidence limits (size, type by content), stored before the transaction
 * (withStoredEvidence), then its event, its evidence row and the audit row in one transaction. A later upload is a
 * new event; every earlier file stays downloadable from the history.
 */
export async function uploadReportFile(
  ctx: Ctx,
  files: FileStore,
  maxFileBytes: number,
  id: number,
  orgId: number,
  uploads: readonly UploadedFile[],
): Promise<ReviewDetail> {
  await entryFor(ctx, id, orgId, 'report');
  if (uploads.length !== 1) throw AppError.of('VALIDATION_FAILED', 'err.roster.pickFile', {}, { field: 'file' });
  const checked = checkUploads(uploads, maxFileBytes);
  for (const f of checked) {
    if (!REPORT_FILE_MIMES.has(f.mime)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', msg('err.review.reportFileType', { file: f.filename }), {
        field: 'file',
      });
    }
  }
  await withStoredEvidence(ctx, files, checked, (stored) =>
    ctx.db.transaction().execute(async (trx) => {
      const row = await lockEntry(trx, id, orgId);
      if (!row) throw AppError.of('NOT_FOUND', 'err.review.orgNotInRound', { id, org: orgId });
      const f = stored[0]!;
      const info = { filename: f.filename, size: f.data.length, sha256: f.sha256 };
      const eventId = await recordEvent(
        trx,
        ctx,
        row,
        { kind: 'report_file', data: info, source: 'form', action: 'review.reportFile', audit: info },
        { report_by: ctx.actor.displayName, report_at: ctx.now },
      );
      await insertReportFile(trx, {
        review_event_id: eventId,
        ledger_entry_id: null,
        storage: files.kind,
        storage_key: f.key,
        filename: f.filename,
        mime: f.mime,
        size_bytes: f.data.length,
        sha256: f.sha256,
        created_at: ctx.now,
      });
    }),
  );
  return getReview(ctx, id);
}

/** A report file of the organisation's review (the latest or an earlier one), seen as the organisation's row is. */
export async function getReportFile(
  ctx: Ctx,
  files: FileStore,
  id: number,
  orgId: number,
  fileId: number,
): Promise<{ filename: string; mime: string; data: Buffer }> {
  const { e } = await entryFor(ctx, id, orgId, 'read');
  const f = await findReportFile(ctx.db, e.id, fileId);
  if (!f) throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  return { filename: f.filename, mime: f.mime, data: await files.get(f.storage_key) };
}

/** The history of one organisation's review, oldest first: every report, file, comment, poll, grade and problem. */
export async function getReviewHistory(ctx: Ctx, id: number, orgId: number): Promise<ReviewHistory> {
  const { e } = await entryFor(ctx, id, orgId, 'read');
  const rows = await listEvents(ctx.db, e.id);
  return {
    roundId: id,
    orgId: e.org_id,
    orgName: e.org_name,
    events: rows.map((r): ReviewEvent => {
      const d = r.data as Record<string, unknown>;
      const base = {
        id: Number(r.id),
        kind: r.kind,
        source: r.source,
        by: r.actor_name,
        at: new Date(r.at).toISOString(),
      };
      switch (r.kind) {
        case 'report':
          return { ...base, report: String(d.report ?? '') };
        case 'comment':
          return { ...base, comment: String(d.comment ?? '') };
        case 'poll':
          return {
            ...base,
            poll: {
              shouldAttend: Number(d.shouldAttend),
              tookPart: Number(d.tookPart),
              tallies: (d.tallies ?? {}) as Record<string, number>,
            },
            ...(d.file ? { importFile: d.file as ReviewEvent['importFile'] & object } : {}),
          };
        case 'grade':
          return { ...base, grade: String(d.grade ?? ''), note: String(d.note ?? '') };
        case 'report_file':
          return r.file_id === null
            ? base
            : { ...base, file: { id: r.file_id, filename: r.filename ?? '', size: Number(r.size_bytes ?? 0) } };
        default:
          return {
            ...base,
            problem: {
              problemId: Number(d.problemId),
              title: String(d.title ?? ''),
              deadline: (d.deadline as string | null | undefined) ?? null,
            },
          };
      }
    }),
  };
}
