import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type {
  createFindingBody,
  createSupervisionBody,
  findingProblemBody,
  SupervisionDetail,
  SupervisionSummary,
  supervisionListQuery,
} from '../../../contracts/supervise.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { msg } from '../../../domain/messages.ts';
import { drawSample } from '../../../domain/supervise/sampling.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { orgIdsByRule } from '../assignments/assignments.service.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import { getProblemDetail, prepareProblem, writeProblem } from '../rectify/rectify.service.ts';
import { assertTasksVisible } from '../tasks/tasks.service.ts';
import { insertDemandsOn } from './burden.queries.ts';
import { checkBurden, recordBurdenOverride, requireReasonIfOver } from './burden.service.ts';
import { openInstructionCounts } from './instruction.service.ts';
import {
  findFinding,
  findOrgName,
  findSupervision,
  insertFinding,
  insertSupervision,
  insertSupervisionDeployments,
  insertSupervisionTasks,
  insertTargets,
  isTarget,
  listFindings,
  listOrgsInScope,
  listSupervisionDeployments,
  listSupervisionsPage,
  listSupervisionTasks,
  listTargets,
  lockFinding,
  SUPERVISION_KEYS,
  type SupervisionRow,
  setFindingProblem,
} from './supervise.queries.ts';

/**
 * Supervision (督查, DESIGN.md §2, area supervise): an issuing organisation checks organisations below it, picked or
 * drawn at random by a stated rule with a recorded seed; findings are recorded per target and become problems of
 * the rectify area with one step. A random spot check is not announced to its targets (四不两直: no notice ahead).
 */

function toSummary(s: SupervisionRow): SupervisionSummary {
  return {
    id: s.id,
    orgId: s.org_id,
    orgName: s.org_name,
    kind: s.kind,
    title: s.title,
    periodStart: s.period_start,
    periodEnd: s.period_end,
    targetCount: s.target_count,
    findingCount: s.finding_count,
    createdAt: new Date(s.created_at).toISOString(),
  };
}

/** The supervising side: accounts that assign work, whose scope holds the issuing organisation. */
function canManage(ctx: Ctx, s: SupervisionRow): boolean {
  return hasPermission(ctx.actor.role, 'task:assign') && pathInScope(s.org_path, ctx.actor);
}

async function getRow(ctx: Ctx, id: number): Promise<SupervisionRow> {
  const s = await findSupervision(ctx.db, ctx.actor, id);
  if (!s) throw AppError.of('NOT_FOUND', 'err.supervise.notFound', { id });
  return s;
}

function assertManager(ctx: Ctx, s: SupervisionRow): void {
  if (!canManage(ctx, s)) throw new AppError('FORBIDDEN', msg('err.supervise.issuerOnly', { org: s.org_name }));
}

export async function listSupervisions(ctx: Ctx, q: z.infer<typeof supervisionListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const { rows, total, next } = await listSupervisionsPage(
    ctx.db,
    ctx.actor,
    org.path,
    pageAtOf(ctx.auditKey, 'supervisions', q, SUPERVISION_KEYS.length),
  );
  return {
    items: rows.map(toSummary),
    ...pageFields(ctx.auditKey, 'supervisions', q, total, next),
  };
}

export async function createSupervision(
  ctx: Ctx,
  body: z.infer<typeof createSupervisionBody>,
): Promise<SupervisionDetail> {
  const issuer = await getOrg(ctx, body.orgId ?? ctx.actor.orgId);
  if (body.kind === 'random' && !body.sample) throw AppError.of('VALIDATION_FAILED', 'err.supervise.randomNeedsSample');
  const below = (o: { name: string; path: string }) => {
    if (o.path === issuer.path || !isWithinPath(o.path, issuer.path)) {
      throw AppError.of('ORG_STRUCTURE', 'err.supervise.notBelow', { org: o.name, issuer: issuer.name });
    }
  };
  // Picked targets: each inside the scope and below the issuing organisation.
  const pickedIds = [...new Set(body.orgIds ?? [])];
  const picked = await listOrgsInScope(ctx.db, ctx.actor, pickedIds);
  const found = new Set(picked.map((o) => o.id));
  const missing = pickedIds.filter((id) => !found.has(id));
  if (missing.length) throw AppError.of('ORG_NOT_FOUND', 'err.org.notFound', { id: missing.slice(0, 5) });
  for (const o of picked) {
    below(o);
    if (o.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolved', { org: o.name });
  }
  await assertTasksVisible(ctx, body.taskIds ?? []);
  // The draw: candidates by rule, in id order; the seed given (to draw a recorded sample again) or drawn now.
  let draw: { underId: number; candidates: number[]; seed: number; drawn: number[] } | null = null;
  if (body.sample) {
    const under = await getOrg(ctx, body.sample.underOrgId);
    if (under.path !== issuer.path) below(under);
    const candidates = (await orgIdsByRule(ctx, under, body.sample)).sort((a, b) => a - b);
    if (candidates.length === 0) throw AppError.of('RULE_VIOLATION', 'err.supervise.noCandidates', { org: under.name });
    const seed = body.sample.seed ?? randomInt(0, 2 ** 32);
    draw = { underId: under.id, candidates, seed, drawn: drawSample(candidates, body.sample, seed) };
  }
  const drawnSet = new Set(draw?.drawn ?? []);
  const targets = [
    ...(draw?.drawn ?? []).map((orgId) => ({ orgId, drawn: true })),
    ...pickedIds.filter((id) => !drawnSet.has(id)).map((orgId) => ({ orgId, drawn: false })),
  ];
  // 基层减负: the plan is checked against the caps before it is issued; over a cap it needs a reason. A random draw's
  // seed goes back with the warning, so that the same sample is submitted again with the reason.
  const burden = await checkBurden(
    ctx,
    'supervision',
    targets.map((t) => t.orgId),
    issuer.id,
    { regular: body.kind === 'regular' },
  );
  requireReasonIfOver('supervision', burden, body.burdenReason, draw ? { seed: draw.seed } : {});
  const id = await ctx.db.transaction().execute(async (trx) => {
    const supervisionId = await insertSupervision(trx, {
      org_id: issuer.id,
      region_id: issuer.region_id,
      kind: body.kind,
      title: body.title,
      subject: body.subject ?? '',
      co_issuers: body.coIssuers ?? '',
      period_start: body.periodStart,
      period_end: body.periodEnd,
      sample_under_org_id: draw?.underId ?? null,
      sample_rule: body.sample
        ? JSON.stringify({
            types: body.sample.types,
            fields: body.sample.fields ?? [],
            share: body.sample.share,
            min: body.sample.min,
          })
        : null,
      sample_seed: draw?.seed ?? null,
      sample_candidates: draw?.candidates ?? null,
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
    });
    await insertTargets(trx, supervisionId, targets);
    await insertDemandsOn(
      trx,
      targets.map((t) => t.orgId),
      { kind: 'supervision', fromOrgId: issuer.id, at: ctx.now, supervisionId },
    );
    if (body.burdenReason && burden.overruns.length > 0) {
      await recordBurdenOverride(trx, ctx, {
        kind: 'supervision',
        issuerId: issuer.id,
        reason: body.burdenReason,
        check: burden,
        supervisionId,
      });
    }
    await insertSupervisionTasks(trx, supervisionId, body.taskIds ?? []);
    await insertSupervisionDeployments(trx, supervisionId, body.deploymentIds ?? []);
    await audit(
      trx,
      ctx,
      'supervision.create',
      { entity: 'supervision', entityId: supervisionId, orgId: issuer.id },
      null,
      { ...body, seed: draw?.seed ?? null, drawn: draw?.drawn ?? [] },
    );
    return supervisionId;
  });
  return getSupervisionDetail(ctx, id);
}

/**
 * A supervision as the caller may see it: the supervising side sees every target and finding; an organisation that
 * was a target sees only the targets and findings inside its own subtree (and not the draw's candidates).
 */
export async function getSupervisionDetail(ctx: Ctx, id: number): Promise<SupervisionDetail> {
  const s = await getRow(ctx, id);
  const manage = canManage(ctx, s);
  const sees = (path: string) => manage || pathInScope(path, ctx.actor);
  const [targets, findings, tasks, deployments] = await Promise.all([
    listTargets(ctx.db, id),
    listFindings(ctx.db, id),
    listSupervisionTasks(ctx.db, id),
    listSupervisionDeployments(ctx.db, id),
  ]);
  const seen = findings.filter((f) => sees(f.org_path));
  const instructions = await openInstructionCounts(
    ctx,
    'finding',
    seen.map((f) => f.id),
  );
  const rule = s.sample_rule as { types: string[]; fields: string[]; share: number; min: number } | null;
  const under = manage && s.sample_under_org_id !== null ? await findOrgName(ctx.db, s.sample_under_org_id) : null;
  return {
    ...toSummary(s),
    targetCount: manage ? s.target_count : targets.filter((t) => sees(t.org_path)).length,
    findingCount: manage ? s.finding_count : findings.filter((f) => sees(f.org_path)).length,
    subject: s.subject,
    coIssuers: s.co_issuers,
    tasks,
    deployments,
    targets: targets
      .filter((t) => sees(t.org_path))
      .map((t) => ({ orgId: t.org_id, orgName: t.org_name, drawn: t.drawn })),
    draw:
      manage && rule && s.sample_under_org_id !== null && s.sample_seed !== null
        ? {
            underOrgId: s.sample_under_org_id,
            underOrgName: under?.name ?? '',
            types: rule.types,
            fields: rule.fields,
            share: rule.share,
            min: rule.min,
            seed: Number(s.sample_seed),
            candidateCount: s.candidate_count,
          }
        : null,
    findings: seen.map((f) => ({
      id: f.id,
      orgId: f.org_id,
      orgName: f.org_name,
      text: f.text,
      severity: f.severity,
      evidence: f.evidence,
      problemId: f.problem_id,
      actorName: f.actor_name,
      createdAt: new Date(f.created_at).toISOString(),
      instructionCount: instructions(f.id),
    })),
    canManage: manage,
  };
}

/** Records a finding on one of the targets (the supervising side only). */
export async function addFinding(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof createFindingBody>,
): Promise<SupervisionDetail> {
  const s = await getRow(ctx, id);
  const org = await getOrg(ctx, body.orgId);
  assertManager(ctx, s);
  if (!(await isTarget(ctx.db, id, org.id))) {
    throw AppError.of('RULE_VIOLATION', 'err.supervise.notTarget', { org: org.name });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const findingId = await insertFinding(trx, {
      supervision_id: id,
      org_id: org.id,
      text: body.text,
      severity: body.severity ?? 'general',
      evidence: body.evidence ?? '',
      created_by: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
    });
    await audit(trx, ctx, 'supervision.finding', { entity: 'supervision', entityId: id, orgId: org.id }, null, {
      findingId,
      ...body,
    });
  });
  return getSupervisionDetail(ctx, id);
}

/** Turns a finding into a problem of the rectify area (source 督查发现), once; the problem's detail. */
export async function findingToProblem(
  ctx: Ctx,
  id: number,
  findingId: number,
  body: z.infer<typeof findingProblemBody>,
) {
  const s = await getRow(ctx, id);
  assertManager(ctx, s);
  const f = await findFinding(ctx.db, id, findingId);
  if (!f) throw AppError.of('NOT_FOUND', 'err.supervise.findingNotFound', { id: findingId });
  const prepared = await prepareProblem(ctx, {
    orgId: f.org_id,
    issuerOrgId: s.org_id,
    title: body.title ?? f.text.split(/[。；\n]/)[0]!.slice(0, 300),
    description: f.evidence ? `${f.text}\n佐证：${f.evidence}` : f.text,
    source: 'supervision',
    severity: f.severity,
    foundOn: ctx.today,
    ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
  });
  const problemId = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockFinding(trx, id, findingId);
    if (locked?.problem_id) {
      throw AppError.of('CONFLICT', 'err.supervise.findingHasProblem', { problemId: locked.problem_id });
    }
    const pid = await writeProblem(trx, ctx, prepared);
    await setFindingProblem(trx, findingId, pid);
    return pid;
  });
  return getProblemDetail(ctx, problemId);
}
