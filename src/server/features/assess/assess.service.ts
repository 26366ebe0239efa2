import type { z } from 'zod';
import type {
  copySystemBody,
  createRoundBody,
  createSystemBody,
  gradingBody,
  PutSystemBody,
  roundPreviewBody,
} from '../../../contracts/assess.ts';
import { checkBands, type GradingConfig } from '../../../domain/assess/grading.ts';
import {
  checkSystem,
  copySystem,
  type IndexSystem,
  type Indicator,
  walkIndicators,
} from '../../../domain/assess/index-system.ts';
import { type AssessRefusal, refusal } from '../../../domain/assess/refusal.ts';
import { checkRoundDates, nextRoundState } from '../../../domain/assess/round-state.ts';
import { TEMPLATES } from '../../../domain/assess/templates.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { msg, zhOf } from '../../../domain/messages.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { orgIdsByRule } from '../assignments/assignments.service.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import {
  findRound,
  findSystem,
  insertRound,
  insertRoundOrgs,
  insertSystem,
  listOrgsAnywhere,
  listOrgsIn,
  listRounds,
  listSystems,
  lockSystem,
  type RoundRow,
  type SystemRow,
  updateSystem,
} from './assess.queries.ts';

/**
 * Index systems (考核指标体系) and assessment rounds (issue 12, area assess): a system belongs to its issuing
 * organisation and a year; its own accounts edit it while it is a draft (checked whole by checkSystem), publish it, and
 * apply it to organisations below in a round. The subtree below sees the published systems of its ancestors.
 */

/** The grading of a round: bands and quotas (the rule set's [S] defaults unless given) and the tie-break. */
export type RoundGrading = {
  bands: GradingConfig['bands'];
  quotas: GradingConfig['quotas'];
  secondaryIndicatorId: string | null;
};

const num = (v: string | number) => Number(v);

/** Refuses with the first problem's message, every problem in the details (each names the indicator's path). */
export function refuseAll(code: 'VALIDATION_FAILED' | 'RULE_VIOLATION', problems: readonly AssessRefusal[]): never {
  const first = problems[0]!;
  throw new AppError(
    code,
    problems.length === 1
      ? first.msg
      : msg('err.assess.systemInvalid', { count: problems.length, first: first.message }),
    { problems: problems.map((p) => ({ code: p.code, params: p.params, message: p.message })) },
  );
}

export function systemOf(r: Pick<SystemRow, 'name' | 'year' | 'org_name' | 'total' | 'indicators' | 'source'>) {
  return {
    name: r.name,
    year: r.year,
    issuer: r.org_name,
    total: num(r.total),
    indicators: r.indicators as Indicator[],
    source: r.source,
    tag: 'S',
  } satisfies IndexSystem;
}

function isOwner(ctx: Ctx, orgId: number): boolean {
  return ctx.actor.orgId === orgId && hasPermission(ctx.actor.role, 'task:assign');
}

function toSystemSummary(ctx: Ctx, r: SystemRow) {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    name: r.name,
    total: num(r.total),
    state: r.state,
    template: r.template,
    copiedFrom: r.copied_from,
    source: r.source,
    canEdit: r.state === 'draft' && isOwner(ctx, r.org_id),
    updatedAt: new Date(r.updated_at).toISOString(),
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  };
}

export async function getSystemRow(ctx: Ctx, id: number): Promise<SystemRow> {
  const r = await findSystem(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.assess.systemNotFound', { id });
  return r;
}

export async function listAssessSystems(ctx: Ctx, q: { year?: number | undefined }) {
  return (await listSystems(ctx.db, ctx.actor, q.year)).map((r) => toSystemSummary(ctx, r));
}

export async function getSystemDetail(ctx: Ctx, id: number) {
  const r = await getSystemRow(ctx, id);
  const system = systemOf(r);
  return {
    ...toSystemSummary(ctx, r),
    indicators: system.indicators,
    outline: walkIndicators(system).map((w) => ({
      id: w.indicator.id,
      path: w.path,
      depth: w.depth,
      max: w.indicator.max,
      method: w.indicator.method?.kind ?? null,
      scorerOrgId: w.indicator.scorerOrgId ?? null,
    })),
  };
}

export function listTemplates(ctx: Ctx) {
  const year = Number(ctx.today.slice(0, 4));
  return TEMPLATES.map((t) => ({ id: t.id, name: t.name, system: t.make(year) }));
}

/** A new draft system of the caller's organisation: blank, or from a template (A, B, default; all [S]). */
export async function createAssessSystem(ctx: Ctx, body: z.infer<typeof createSystemBody>) {
  const org = await getOrg(ctx, ctx.actor.orgId);
  const tpl = body.template ? TEMPLATES.find((t) => t.id === body.template)! : null;
  const made = tpl ? tpl.make(body.year) : null;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const systemId = await insertSystem(trx, {
      org_id: org.id,
      region_id: org.region_id,
      year: body.year,
      name: body.name ?? made?.name ?? `${body.year}年度考核指标体系`,
      total: made?.total ?? 100,
      indicators: made?.indicators ?? [],
      template: tpl?.id ?? null,
      copied_from: null,
      source: made?.source ?? '',
      created_by: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'assess.system.create',
      { entity: 'assess_system', entityId: systemId, orgId: org.id },
      null,
      {
        ...body,
      },
    );
    return systemId;
  });
  return getSystemDetail(ctx, id);
}

/** A copy of a system the caller sees (last year's, or an ancestor's published one) as a draft of its own. */
export async function copyAssessSystem(ctx: Ctx, id: number, body: z.infer<typeof copySystemBody>) {
  const from = await getSystemRow(ctx, id);
  const org = await getOrg(ctx, ctx.actor.orgId);
  const copy = copySystem(systemOf(from), body.year);
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const systemId = await insertSystem(trx, {
      org_id: org.id,
      region_id: org.region_id,
      year: body.year,
      name: body.name ?? from.name.replace(String(from.year), String(body.year)),
      total: copy.total,
      indicators: copy.indicators,
      template: from.template,
      copied_from: from.id,
      source: from.source,
      created_by: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'assess.system.copy', { entity: 'assess_system', entityId: systemId, orgId: org.id }, null, {
      from: id,
      ...body,
    });
    return systemId;
  });
  return getSystemDetail(ctx, newId);
}

function requireOwner(ctx: Ctx, r: { org_id: number; org_name: string }): void {
  if (!isOwner(ctx, r.org_id)) throw AppError.of('FORBIDDEN', 'err.assess.ownerOnly', { org: r.org_name });
}

/**
 * The scorer organisations a system names must exist at or below its issuer (the accounts of one of them score the
 * indicator); the round checks them again against the organisations it assesses.
 */
async function checkScorers(ctx: Ctx, system: IndexSystem, issuer: { id: number; name: string; path: string }) {
  const leaves = walkIndicators(system).filter((w) => w.indicator.scorerOrgId);
  const ids = [...new Set(leaves.map((w) => w.indicator.scorerOrgId!))];
  const found = new Map((await listOrgsAnywhere(ctx.db, ids)).map((o) => [o.id, o]));
  const problems: AssessRefusal[] = [];
  for (const w of leaves) {
    const o = found.get(w.indicator.scorerOrgId!);
    if (!o || !isWithinPath(o.path, issuer.path)) {
      problems.push(refusal('scorerNotFound', { path: w.path, id: w.indicator.scorerOrgId!, issuer: issuer.name }));
    }
  }
  return { problems, found };
}

/** Replaces a draft's name, total and indicator tree; refused whole (nothing written) when checkSystem finds problems. */
export async function putAssessSystem(ctx: Ctx, id: number, body: PutSystemBody) {
  const r = await getSystemRow(ctx, id);
  requireOwner(ctx, r);
  if (r.state !== 'draft') throw AppError.of('RULE_VIOLATION', 'err.assess.systemPublished');
  const system: IndexSystem = {
    name: body.name,
    year: r.year,
    issuer: r.org_name,
    total: body.total,
    indicators: body.indicators as Indicator[],
  };
  const problems = checkSystem(system);
  if (problems.length > 0) refuseAll('VALIDATION_FAILED', problems);
  const scorers = await checkScorers(ctx, system, { id: r.org_id, name: r.org_name, path: r.org_path });
  if (scorers.problems.length > 0) refuseAll('VALIDATION_FAILED', scorers.problems);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockSystem(trx, id);
    if (locked?.state !== 'draft') throw AppError.of('RULE_VIOLATION', 'err.assess.systemPublished');
    await updateSystem(trx, id, { name: body.name, total: body.total, indicators: body.indicators, at: ctx.now });
    await audit(
      trx,
      ctx,
      'assess.system.edit',
      { entity: 'assess_system', entityId: id, orgId: r.org_id },
      { name: r.name, total: num(r.total), indicators: r.indicators },
      body,
    );
  });
  return getSystemDetail(ctx, id);
}

/** Publishes a draft: checked again, then frozen (rounds snapshot it; to change it, copy it). */
export async function publishAssessSystem(ctx: Ctx, id: number) {
  const r = await getSystemRow(ctx, id);
  requireOwner(ctx, r);
  if (r.state !== 'draft') throw AppError.of('RULE_VIOLATION', 'err.assess.systemPublished');
  const problems = checkSystem(systemOf(r));
  if (problems.length > 0) refuseAll('RULE_VIOLATION', problems);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockSystem(trx, id);
    if (locked?.state !== 'draft') throw AppError.of('RULE_VIOLATION', 'err.assess.systemPublished');
    await updateSystem(trx, id, { state: 'published', at: ctx.now });
    await audit(
      trx,
      ctx,
      'assess.system.publish',
      { entity: 'assess_system', entityId: id, orgId: r.org_id },
      { state: 'draft' },
      { state: 'published' },
    );
  });
  return getSystemDetail(ctx, id);
}

// --- rounds

type Targets = z.infer<typeof roundPreviewBody>;

/** The organisations a round assesses: picked and by rule, each active and strictly below the issuer. */
async function resolveTargets(ctx: Ctx, issuer: { id: number; name: string; path: string }, body: Targets) {
  const byRule = body.rule ? await orgIdsByRule(ctx, await getOrg(ctx, body.rule.underOrgId), body.rule) : [];
  const picked = [...new Set([...(body.orgIds ?? []), ...byRule])];
  if (picked.length === 0) throw AppError.of('VALIDATION_FAILED', 'err.assess.noneFound');
  const orgs = await listOrgsIn(ctx.db, ctx.actor, picked);
  const found = new Set(orgs.map((o) => o.id));
  const missing = picked.filter((id) => !found.has(id));
  if (missing.length) throw AppError.of('ORG_NOT_FOUND', 'err.org.notFound', { id: missing.slice(0, 5) });
  for (const o of orgs) {
    if (o.id === issuer.id || !isWithinPath(o.path, issuer.path)) {
      throw AppError.of('ORG_STRUCTURE', 'err.assess.notBelowIssuer', { org: o.name, issuer: issuer.name });
    }
    if (o.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolved', { org: o.name });
  }
  return orgs;
}

async function getOwnedPublished(ctx: Ctx, systemId: number) {
  const s = await getSystemRow(ctx, systemId);
  requireOwner(ctx, s);
  if (s.state !== 'published') throw AppError.of('RULE_VIOLATION', 'err.assess.systemDraft');
  return s;
}

const PREVIEW_NAMES = 200;

/** What a round would assess, written nowhere. */
export async function previewRound(ctx: Ctx, systemId: number, body: Targets) {
  const s = await getOwnedPublished(ctx, systemId);
  const orgs = await resolveTargets(ctx, { id: s.org_id, name: s.org_name, path: s.org_path }, body);
  return {
    count: orgs.length,
    orgs: orgs.slice(0, PREVIEW_NAMES).map((o) => ({ id: o.id, name: o.name, parentName: o.parent_name })),
    truncated: orgs.length > PREVIEW_NAMES,
  };
}

function gradingOf(ctx: Ctx, system: IndexSystem, g: z.infer<typeof gradingBody> | undefined): RoundGrading {
  const rules = ruleSetOn(ctx.today).assess;
  const grading: RoundGrading = {
    bands: g?.bands ?? rules.starBands.value.map((b) => ({ ...b })),
    quotas: g?.quotas ?? rules.starQuota.value.map((q) => ({ ...q })),
    secondaryIndicatorId: g?.secondaryIndicatorId ?? null,
  };
  const bad = checkBands(grading.bands);
  if (bad.length > 0) refuseAll('VALIDATION_FAILED', bad);
  if (grading.secondaryIndicatorId && !system.indicators.some((i) => i.id === grading.secondaryIndicatorId)) {
    throw AppError.of('VALIDATION_FAILED', 'err.assess.indicatorUnknown', { id: grading.secondaryIndicatorId });
  }
  return grading;
}

/**
 * A draft round of a published system of the caller's organisation over organisations below it, with a snapshot of
 * the system (later edits of the system never reach it). Each scorer the system names must stand at or below the
 * issuer and be neither an assessed organisation nor below one.
 */
export async function createRound(ctx: Ctx, systemId: number, body: z.infer<typeof createRoundBody>) {
  const s = await getOwnedPublished(ctx, systemId);
  const issuer = { id: s.org_id, name: s.org_name, path: s.org_path };
  const dates = {
    selfDue: body.selfDue,
    scoreDue: body.scoreDue,
    cutoff: body.cutoff,
    publicityFrom: body.publicityFrom,
    publicityTo: body.publicityTo,
  };
  const bad = checkRoundDates(dates);
  if (bad.length > 0) refuseAll('VALIDATION_FAILED', bad);
  const orgs = await resolveTargets(ctx, issuer, body);
  const system = systemOf(s);
  const grading = gradingOf(ctx, system, body.grading);
  const scorers = await checkScorers(ctx, system, issuer);
  if (scorers.problems.length > 0) refuseAll('RULE_VIOLATION', scorers.problems);
  for (const w of walkIndicators(system)) {
    const sid = w.indicator.scorerOrgId;
    if (!sid || sid === issuer.id) continue;
    const scorer = scorers.found.get(sid)!;
    const clash = orgs.find((o) => isWithinPath(scorer.path, o.path));
    if (clash) {
      throw AppError.of('RULE_VIOLATION', 'err.assess.scorerInvalid', {
        path: w.path,
        org: scorer.name,
        issuer: issuer.name,
        assessed: clash.name,
      });
    }
  }
  const scorerIds = [...scorers.found.keys()].filter((id) => id !== issuer.id);
  const org = await getOrg(ctx, issuer.id);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const roundId = await insertRound(trx, {
      system_id: s.id,
      org_id: issuer.id,
      region_id: org.region_id,
      year: s.year,
      name: body.name,
      system,
      grading,
      self_due: body.selfDue,
      score_due: body.scoreDue,
      cutoff: body.cutoff,
      publicity_from: body.publicityFrom,
      publicity_to: body.publicityTo,
      target_rule: body.rule ?? null,
      scorer_org_ids: scorerIds,
      created_by: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await insertRoundOrgs(trx, roundId, orgs);
    await audit(
      trx,
      ctx,
      'assess.round.create',
      { entity: 'assess_round', entityId: roundId, orgId: issuer.id },
      null,
      {
        systemId,
        ...body,
        orgIds: orgs.map((o) => o.id),
      },
    );
    return roundId;
  });
  return id;
}

export async function getRoundRow(ctx: Ctx, id: number): Promise<RoundRow> {
  const r = await findRound(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.assess.roundNotFound', { id });
  return r;
}

/** The caller's organisation runs the round (and its role may run it). */
export function isIssuer(ctx: Ctx, r: Pick<RoundRow, 'org_id'>): boolean {
  return ctx.actor.orgId === r.org_id && hasPermission(ctx.actor.role, 'task:assign');
}

/** The caller stands at or above the issuer: it sees everything of the round at any time. */
export function isIssuerSide(ctx: Ctx, r: Pick<RoundRow, 'org_path'>): boolean {
  return pathInScope(r.org_path, ctx.actor);
}

export function requireIssuer(ctx: Ctx, r: Pick<RoundRow, 'org_id' | 'org_name'>): void {
  if (!isIssuer(ctx, r)) throw AppError.of('FORBIDDEN', 'err.assess.issuerOnly', { org: r.org_name });
}

export function toRoundSummary(ctx: Ctx, r: RoundRow) {
  return {
    id: r.id,
    systemId: r.system_id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    name: r.name,
    state: r.state,
    selfDue: r.self_due,
    scoreDue: r.score_due,
    cutoff: r.cutoff,
    publicityFrom: r.publicity_from,
    publicityTo: r.publicity_to,
    orgCount: r.org_count,
    isIssuer: isIssuer(ctx, r),
    createdAt: new Date(r.created_at).toISOString(),
    finalizedAt: r.finalized_at ? new Date(r.finalized_at).toISOString() : null,
  };
}

export async function listAssessRounds(ctx: Ctx, q: { year?: number | undefined }) {
  return (await listRounds(ctx.db, ctx.actor, q.year)).map((r) => toRoundSummary(ctx, r));
}

/** How a round ranks ties, in words (the result page states it). */
export function tieBreakOf(r: Pick<RoundRow, 'system' | 'grading'>): string {
  const g = r.grading as RoundGrading;
  const ind = g.secondaryIndicatorId
    ? (r.system as IndexSystem).indicators.find((i) => i.id === g.secondaryIndicatorId)
    : undefined;
  return zhOf(
    msg('label.assess.tieBreak', {
      secondary: ind ? zhOf(msg('label.assess.tieBreakSecondary', { indicator: ind.name })) : '',
    }),
  );
}

export function nextStateFor(ctx: Ctx, r: RoundRow) {
  return isIssuer(ctx, r) ? nextRoundState(r.state) : null;
}
