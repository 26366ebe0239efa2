import type { z } from 'zod';
import type {
  createReviewBody,
  ReviewDetail,
  ReviewEntry,
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
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { prepareProblem, writeProblem } from '../rectify/rectify.service.ts';
import { refuseAll } from './assess.service.ts';
import {
  findRound,
  findRoundOf,
  insertReviewProblem,
  insertRound,
  insertRoundOrgs,
  listEntries,
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

export async function listReviews(ctx: Ctx, q: { orgId: number; year?: number | undefined }): Promise<ReviewList> {
  const org = await getOrg(ctx, q.orgId);
  return { items: (await listRounds(ctx.db, ctx.actor, org.path, q.year)).map(toSummary) };
}

export async function getReview(ctx: Ctx, id: number): Promise<ReviewDetail> {
  const r = await getRound(ctx, id);
  const manage = canManage(ctx, r);
  const grades = gradesOf(r);
  const [entries, problems] = await Promise.all([listEntries(ctx.db, id, ctx.today), listProblems(ctx.db, id)]);
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

type Step = 'report' | 'comment' | 'poll' | 'grade' | 'problem';

/** Loads the round and the organisation's row of it, checking who may write the step. */
async function entryFor(ctx: Ctx, id: number, orgId: number, step: Step) {
  const r = await getRound(ctx, id);
  const entries = await listEntries(ctx.db, id, ctx.today);
  const e = entries.find((x) => x.org_id === orgId);
  if (!e || !(pathInScope(r.org_path, ctx.actor) || pathInScope(e.org_path, ctx.actor))) {
    throw AppError.of('NOT_FOUND', 'err.review.orgNotInRound', { id, org: orgId });
  }
  const manage = canManage(ctx, r);
  if (step === 'report' ? !(manage || pathInScope(e.org_path, ctx.actor)) : !manage) {
    throw step === 'report'
      ? AppError.of('FORBIDDEN', 'err.review.reportOnly', { org: e.org_name, issuer: r.org_name })
      : AppError.of('FORBIDDEN', 'err.review.issuerOnly', { org: r.org_name });
  }
  return { r, e };
}

async function writeStep(
  ctx: Ctx,
  id: number,
  orgId: number,
  action: string,
  body: unknown,
  set: Parameters<typeof updateEntry>[2],
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockEntry(trx, id, orgId);
    if (!row) throw AppError.of('NOT_FOUND', 'err.review.orgNotInRound', { id, org: orgId });
    await updateEntry(trx, row.id, set);
    await audit(trx, ctx, action, { entity: 'review_org', entityId: row.id, orgId }, null, body);
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
  await writeStep(ctx, id, orgId, 'review.report', body, {
    report: body.report,
    report_by: ctx.actor.displayName,
    report_at: ctx.now,
  });
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
  await writeStep(ctx, id, orgId, 'review.comment', body, {
    comment: body.comment,
    comment_by: ctx.actor.displayName,
    comment_at: ctx.now,
  });
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
  await writeStep(ctx, id, orgId, 'review.poll', body, {
    should_attend: body.shouldAttend,
    took_part: body.tookPart,
    tallies: JSON.stringify(body.tallies),
    poll_by: ctx.actor.displayName,
    poll_at: ctx.now,
  });
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
  await writeStep(ctx, id, orgId, 'review.grade', body, {
    grade: body.grade,
    grade_note: body.note ?? '',
    graded_by: ctx.actor.displayName,
    graded_at: ctx.now,
  });
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
    await audit(trx, ctx, 'review.problem', { entity: 'review_org', entityId: row.id, orgId }, null, {
      ...body,
      problemId,
    });
  });
  return getReview(ctx, id);
}
