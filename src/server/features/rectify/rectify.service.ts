import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type {
  createProblemBody,
  ProblemDetail,
  problemActionBody,
  problemEventBody,
  problemListQuery,
  problemSummary,
  updateProblemBody,
} from '../../../contracts/tasks.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { type Msg, msg } from '../../../domain/messages.ts';
import {
  daysOverdue,
  defaultProblemDeadline,
  escalationStep,
  PROBLEM_EVENT_LABELS,
  type ProblemEvent,
  type ProblemSide,
  problemEventsFor,
  problemEventTakesFiles,
  problemTransition,
  recheckDueOn,
  sideOfProblemEvent,
} from '../../../domain/rectify/problem-state.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../files/file-store.ts';
import {
  type CheckedUpload,
  checkUploads,
  type StoredUpload,
  type UploadedFile,
  withStoredEvidence,
} from '../assignments/ledger.service.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import { recordProblemDemands } from '../supervise/burden.service.ts';
import { openInstructionCounts } from '../supervise/instruction.service.ts';
import { assertTasksVisible } from '../tasks/tasks.service.ts';
import {
  findProblem,
  insertProblem,
  insertProblemAction,
  insertProblemEvent,
  insertProblemEvidence,
  insertProblemMeasures,
  listProblemActions,
  listProblemEvents,
  listProblemEvidence,
  listProblemMeasures,
  listProblemsPage,
  lockProblem,
  PROBLEM_KEYS,
  type ProblemRow,
  replaceProblemTasks,
  updateProblemRow,
} from './rectify.queries.ts';

/**
 * The problem list (问题清单) and each problem's rectification (整改) to 销号 and 回头看 (DESIGN.md §2, area rectify):
 * problems found in a deployment, a supervision or entered by hand, linked to the tasks that answer them, moved by
 * the steps of domain/rectify/problem-state.ts by the side each step belongs to, with the escalation records
 * (约谈, 实地督办, 问责) that people keep.
 */

type ProblemDto = z.infer<typeof problemSummary>;

function rectifyRules(ctx: Ctx) {
  return ruleSetOn(ctx.today).rectify;
}

function toDto(ctx: Ctx, p: ProblemRow): ProblemDto {
  const overdue = daysOverdue(p.state, p.deadline, ctx.today);
  return {
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    issuerOrgId: p.issuer_org_id,
    issuerOrgName: p.issuer_name,
    deploymentId: p.deployment_id,
    deploymentTitle: p.deployment_title,
    title: p.title,
    description: p.description,
    source: p.source,
    category: p.category,
    severity: p.severity,
    state: p.state,
    foundOn: p.found_on,
    deadline: p.deadline,
    daysOverdue: overdue,
    escalation: escalationStep(overdue, rectifyRules(ctx).ladder.value),
    responsiblePerson: p.responsible_person,
    closedOn: p.closed_on,
    recheckDue: p.recheck_due,
    recheckedOn: p.rechecked_on,
    tasks: p.tasks,
    createdAt: new Date(p.created_at).toISOString(),
  };
}

/**
 * The sides the caller acts on: the issuing side (its scope holds the issuing organisation; it verifies, closes,
 * returns, re-checks and keeps the escalation records) and the responsible side, which is the responsible
 * organisation's own accounts only (an organisation above it follows the rectification but does not claim or
 * report it in its place). A problem an organisation found in itself (自查) has both sides in one account.
 */
export function problemSidesOf(ctx: Ctx, p: ProblemRow): Record<ProblemSide, boolean> {
  return {
    issuer: hasPermission(ctx.actor.role, 'task:assign') && pathInScope(p.issuer_path, ctx.actor),
    responsible: hasPermission(ctx.actor.role, 'task:report') && p.org_id === ctx.actor.orgId,
  };
}

export async function listProblems(ctx: Ctx, q: z.infer<typeof problemListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const { rows, total, next } = await listProblemsPage(
    ctx.db,
    ctx.actor,
    {
      orgPath: org.path,
      deploymentId: q.deploymentId,
      state: q.state,
      source: q.source,
      overdueOn: q.overdue === 'true' ? ctx.today : undefined,
    },
    pageAtOf(ctx.auditKey, 'problems', q, PROBLEM_KEYS.length),
  );
  return {
    items: rows.map((r) => toDto(ctx, r)),
    ...pageFields(ctx.auditKey, 'problems', q, total, next),
  };
}

async function getProblemRow(ctx: Ctx, id: number): Promise<ProblemRow> {
  const p = await findProblem(ctx.db, ctx.actor, id);
  if (!p) throw AppError.of('NOT_FOUND', 'err.problem.notFound', { id });
  return p;
}

/** Throws 404 unless the problem is inside the caller's scope (an evidence file's download asks this). */
export async function assertProblemVisible(ctx: Ctx, id: number): Promise<void> {
  await getProblemRow(ctx, id);
}

async function getProblem(ctx: Ctx, id: number): Promise<ProblemDto> {
  return toDto(ctx, await getProblemRow(ctx, id));
}

/** A problem with its steps, measures and escalation records, and what the caller may do with it. */
export async function getProblemDetail(ctx: Ctx, id: number): Promise<ProblemDetail> {
  const p = await getProblemRow(ctx, id);
  const [events, measures, actions, files, instructions] = await Promise.all([
    listProblemEvents(ctx.db, id),
    listProblemMeasures(ctx.db, id),
    listProblemActions(ctx.db, id),
    listProblemEvidence(ctx.db, id),
    openInstructionCounts(ctx, 'problem', [id]),
  ]);
  const sides = problemSidesOf(ctx, p);
  return {
    ...toDto(ctx, p),
    events: events.map((e) => ({
      id: Number(e.id),
      at: new Date(e.at).toISOString(),
      actorName: e.actor_name,
      side: e.side,
      event: e.event,
      fromState: e.from_state,
      toState: e.to_state,
      reason: e.reason,
      person: e.person,
      note: e.note,
      files: files
        .filter((f) => f.problem_event_id === e.id)
        .map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, sizeBytes: Number(f.size_bytes) })),
    })),
    measures,
    actions: actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      heldOn: a.held_on,
      at: new Date(a.at).toISOString(),
      actorName: a.actor_name,
      participants: a.participants,
      content: a.content,
      commitments: a.commitments,
      form: a.form,
      decidedBy: a.decided_by,
    })),
    sides,
    allowedEvents: [
      ...(sides.responsible ? problemEventsFor(p.state, 'responsible') : []),
      ...(sides.issuer ? problemEventsFor(p.state, 'issuer') : []),
    ],
    instructionCount: instructions(id),
  };
}

type PreparedProblem = {
  body: z.infer<typeof createProblemBody>;
  org: { id: number; region_id: number };
  issuerId: number;
  source: NonNullable<z.infer<typeof createProblemBody>['source']>;
  foundOn: string;
  deadline: string | null;
};

/**
 * Checks a new problem (the organisations in scope, the issuing side at or above the responsible one, the tasks)
 * and settles its defaults, before any write: another area (a supervision's finding) writes it in its own transaction.
 */
export async function prepareProblem(ctx: Ctx, body: z.infer<typeof createProblemBody>): Promise<PreparedProblem> {
  const org = await getOrg(ctx, body.orgId);
  const issuer = await getOrg(ctx, body.issuerOrgId ?? ctx.actor.orgId);
  if (!isWithinPath(org.path, issuer.path)) {
    throw AppError.of('RULE_VIOLATION', 'err.problem.issuerNotAbove', { issuer: issuer.name, org: org.name });
  }
  await assertTasksVisible(ctx, body.taskIds ?? []);
  const source = body.source ?? 'manual';
  const foundOn = body.foundOn ?? ctx.today;
  const inspection = source === 'inspection' || source === 'patrol';
  const deadline =
    body.deadline !== undefined
      ? body.deadline
      : defaultProblemDeadline(foundOn, inspection ? rectifyRules(ctx).inspectionRectifyMonths.value : null);
  return { body, org, issuerId: issuer.id, source, foundOn, deadline };
}

/** Writes a prepared problem in the caller's transaction, tells the responsible organisation, audits; its id. */
export async function writeProblem(trx: Transaction<DB>, ctx: Ctx, p: PreparedProblem): Promise<number> {
  const { body, org } = p;
  const problemId = await insertProblem(trx, {
    org_id: org.id,
    region_id: org.region_id,
    issuer_org_id: p.issuerId,
    title: body.title,
    description: body.description ?? '',
    source: p.source,
    category: body.category ?? '',
    severity: body.severity ?? 'general',
    found_on: p.foundOn,
    deadline: p.deadline,
    created_by: ctx.actor.userId || null,
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  await replaceProblemTasks(trx, problemId, body.taskIds ?? [], { replace: false });
  await recordProblemDemands(trx, ctx, [{ orgId: org.id, fromOrgId: p.issuerId, problemId }]);
  if (org.id !== ctx.actor.orgId) {
    await notify(trx, [
      {
        orgId: org.id,
        kind: 'problem',
        title: msg('notice.problem.toResponsible', { problem: body.title, verb: msg('notice.problem.assigned') }),
        problemId,
      },
    ]);
  }
  await audit(trx, ctx, 'problem.create', { entity: 'problem', entityId: problemId, orgId: org.id }, null, body);
  return problemId;
}

export async function createProblem(ctx: Ctx, body: z.infer<typeof createProblemBody>): Promise<ProblemDto> {
  const prepared = await prepareProblem(ctx, body);
  const id = await ctx.db.transaction().execute((trx) => writeProblem(trx, ctx, prepared));
  return getProblem(ctx, id);
}

export async function updateProblem(
  ctx: Ctx,
  id: number,
  patch: z.infer<typeof updateProblemBody>,
): Promise<ProblemDto> {
  const row = await getProblemRow(ctx, id);
  const before = toDto(ctx, row);
  const org = patch.orgId ? await getOrg(ctx, patch.orgId) : null;
  if (patch.taskIds) await assertTasksVisible(ctx, patch.taskIds);
  if (!problemSidesOf(ctx, row).issuer) {
    throw new AppError('FORBIDDEN', msg('err.problem.issuerOnly', { org: row.issuer_name }));
  }
  if (org && !isWithinPath(org.path, row.issuer_path)) {
    throw AppError.of('RULE_VIOLATION', 'err.problem.issuerNotAbove', { issuer: row.issuer_name, org: org.name });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateProblemRow(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.source !== undefined ? { source: patch.source } : {}),
      ...(patch.category !== undefined ? { category: patch.category } : {}),
      ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
      ...(patch.deadline !== undefined ? { deadline: patch.deadline } : {}),
      ...(org ? { org_id: org.id, region_id: org.region_id } : {}),
      updated_at: ctx.now,
    });
    if (patch.taskIds) await replaceProblemTasks(trx, id, patch.taskIds, { replace: true });
    await audit(
      trx,
      ctx,
      'problem.update',
      { entity: 'problem', entityId: id, orgId: org?.id ?? before.orgId },
      before,
      patch,
    );
  });
  return getProblem(ctx, id);
}

/** Who hears of a step, and what. */
const EVENT_NOTICE: Partial<Record<ProblemEvent, { to: ProblemSide; verb: Msg }>> = {
  claim: { to: 'issuer', verb: msg('notice.problem.claimed') },
  submit: { to: 'issuer', verb: msg('notice.problem.submitted') },
  pass: { to: 'responsible', verb: msg('notice.problem.closed') },
  return: { to: 'responsible', verb: msg('notice.problem.returned') },
  reopen: { to: 'responsible', verb: msg('notice.problem.reopened') },
};

/** Evidence sent with a step (multipart): the files, the store and the size limit. */
export type ProblemEvidenceUpload = { files: FileStore; maxFileBytes: number; uploads: readonly UploadedFile[] };

/**
 * One step of the rectification, by the side it belongs to; refused steps change nothing (nor the file store).
 * 报告进展 and 申请销号 may carry evidence files (举证; never required: the account written in the step is the
 * evidence the rules ask for).
 */
export async function fireProblemEvent(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof problemEventBody>,
  evidence?: ProblemEvidenceUpload,
): Promise<ProblemDetail> {
  const p = await getProblemRow(ctx, id);
  const side = sideOfProblemEvent(body.event);
  if (!problemSidesOf(ctx, p)[side]) {
    throw new AppError(
      'FORBIDDEN',
      side === 'issuer'
        ? msg('err.problem.issuerOnly', { org: p.issuer_name })
        : msg('err.problem.responsibleOnly', { org: p.org_name }),
    );
  }
  const uploads = evidence?.uploads ?? [];
  if (uploads.length === 0 || !evidence) return writeProblemEvent(ctx, id, side, body, null, []);
  if (!problemEventTakesFiles(body.event)) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.problem.filesNotAllowed',
      { event: PROBLEM_EVENT_LABELS[body.event] },
      { field: 'files' },
    );
  }
  const checked: CheckedUpload[] = checkUploads(uploads, evidence.maxFileBytes);
  // Every check that can refuse the step comes before a file is stored; the state is checked again under the lock.
  const pre = problemTransition(p.state, body.event, side, body);
  if (!pre.ok) throw new AppError('RULE_VIOLATION', pre.msg, { code: pre.code, rule: pre.rule });
  return withStoredEvidence(ctx, evidence.files, checked, (stored) =>
    writeProblemEvent(ctx, id, side, body, evidence.files, stored),
  );
}

async function writeProblemEvent(
  ctx: Ctx,
  id: number,
  side: ProblemSide,
  body: z.infer<typeof problemEventBody>,
  store: FileStore | null,
  stored: readonly StoredUpload[],
): Promise<ProblemDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    await lockProblem(trx, id);
    const fresh = (await findProblem(trx, null, id))!;
    const result = problemTransition(fresh.state, body.event, side, body);
    if (!result.ok) throw new AppError('RULE_VIOLATION', result.msg, { code: result.code, rule: result.rule });
    const note = body.note?.trim() || null;
    const eventId = await insertProblemEvent(trx, {
      problem_id: id,
      at: ctx.now,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      side,
      event: body.event,
      from_state: fresh.state,
      to_state: result.to,
      reason: body.reason?.trim() || null,
      person: body.event === 'claim' ? body.person!.trim() : null,
      note,
    });
    if (store && stored.length) {
      await insertProblemEvidence(
        trx,
        stored.map((f) => ({
          problem_event_id: eventId,
          storage: store.kind,
          storage_key: f.key,
          filename: f.filename,
          mime: f.mime,
          size_bytes: f.data.length,
          sha256: f.sha256,
          created_at: ctx.now,
        })),
      );
    }
    if (body.event === 'plan') {
      await insertProblemMeasures(
        trx,
        (body.measures ?? []).map((m) => ({ problem_id: id, event_id: eventId, text: m.text, deadline: m.deadline! })),
      );
    }
    const rules = rectifyRules(ctx);
    await updateProblemRow(trx, id, {
      state: result.to,
      updated_at: ctx.now,
      ...(body.event === 'claim' ? { responsible_person: body.person!.trim() } : {}),
      ...(body.event === 'pass'
        ? { closed_on: ctx.today, recheck_due: recheckDueOn(ctx.today, rules.recheckMonths.value) }
        : {}),
      ...(body.event === 'recheck' ? { rechecked_on: ctx.today, recheck_due: null } : {}),
      ...(body.event === 'reopen' ? { closed_on: null, recheck_due: null, rechecked_on: ctx.today } : {}),
    });
    const notice = EVENT_NOTICE[body.event];
    if (notice) {
      const toIssuer = notice.to === 'issuer';
      const orgId = toIssuer ? fresh.issuer_org_id : fresh.org_id;
      if (orgId !== ctx.actor.orgId) {
        await notify(trx, [
          {
            orgId,
            kind: 'problem',
            title: toIssuer
              ? msg('notice.problem.toIssuer', { problem: fresh.title, org: fresh.org_name, verb: notice.verb })
              : msg('notice.problem.toResponsible', { problem: fresh.title, verb: notice.verb }),
            body: body.reason?.trim() || note || '',
            problemId: id,
          },
        ]);
      }
    }
    await audit(
      trx,
      ctx,
      `problem.${body.event}`,
      { entity: 'problem', entityId: id, orgId: fresh.org_id },
      { state: fresh.state },
      {
        state: result.to,
        ...body,
        ...(stored.length ? { files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })) } : {}),
      },
    );
  });
  return getProblemDetail(ctx, id);
}

/** Records a 约谈, a 实地督办 or a 问责 on a problem: the issuing side keeps them; the platform decides nothing. */
export async function recordProblemAction(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof problemActionBody>,
): Promise<ProblemDetail> {
  const p = await getProblemRow(ctx, id);
  if (!problemSidesOf(ctx, p).issuer) {
    throw new AppError('FORBIDDEN', msg('err.problem.issuerOnly', { org: p.issuer_name }));
  }
  await ctx.db.transaction().execute(async (trx) => {
    const actionId = await insertProblemAction(trx, {
      problem_id: id,
      kind: body.kind,
      held_on: body.heldOn,
      at: ctx.now,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      participants: body.participants ?? '',
      content: body.content,
      commitments: body.commitments ?? '',
      form: body.form || null,
      decided_by: body.decidedBy || null,
    });
    await audit(trx, ctx, `problem.action.${body.kind}`, { entity: 'problem', entityId: id, orgId: p.org_id }, null, {
      actionId,
      ...body,
    });
  });
  return getProblemDetail(ctx, id);
}
