import type { z } from 'zod';
import type {
  designateBody,
  WeakDetail,
  WeakList,
  WeakRoundOptions,
  WeakSummary,
  weakCheckBody,
  weakLeaderBody,
  weakMeasureBody,
} from '../../../contracts/appraisal.ts';
import { refusal } from '../../../domain/assess/refusal.ts';
import {
  checkAcceptance,
  checkWeakReasons,
  countWeak,
  isAssessmentLow,
  isWeakOverdue,
} from '../../../domain/assess/weak.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { isProblemOverdue, type ProblemState } from '../../../domain/rectify/problem-state.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { prepareProblem, writeProblem } from '../rectify/rectify.service.ts';
import { refuseAll } from './assess.service.ts';
import {
  findFinalResult,
  findWeak,
  findWeakOf,
  insertCheck,
  insertLeader,
  insertMeasure,
  insertWeak,
  listChecks,
  listFinalResultsOf,
  listLeaders,
  listMeasures,
  listWeak,
  listWeakForCounts,
  lockWeak,
  type WeakRow,
} from './weak.queries.ts';

/**
 * 软弱涣散基层党组织 (issue 12): an organisation above designates one below it for a year, with reasons from the rule
 * set's checklist ([S]), other text and/or a final assessment result below the threshold; the rectification measures
 * are problems of the rectify area assigned to it (their own escalation and closure apply); a leader (挂点领导) is
 * assigned; a passed acceptance check (转化验收) with every measure closed lifts it. Nothing is deleted.
 */

const CATEGORY = '软弱涣散整顿';
/** Designations are made by a 党委 or 党工委 (the county's or township's, in practice), never by a branch. */
const DESIGNATOR_TYPES = new Set(['committee', 'working_committee']);
const iso = (d: Date | string) => new Date(d).toISOString();

function reasonsOf(ctx: Ctx, codes: readonly string[]) {
  const list = ruleSetOn(ctx.today).assess.weakReasons.value;
  return codes.map((c) => list.find((r) => r.code === c) ?? { code: c, zh: c, en: c });
}

function toSummary(ctx: Ctx, r: WeakRow): WeakSummary {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    designatorOrgId: r.designator_org_id,
    designatorName: r.designator_name,
    designatedOn: r.designated_on,
    dueOn: r.due_on,
    reasons: reasonsOf(ctx, r.reasons),
    otherReason: r.other_reason,
    round:
      r.round_id !== null
        ? {
            id: r.round_id,
            name: r.round_name ?? '',
            total: r.round_total === null ? null : Number(r.round_total),
          }
        : null,
    leader: r.leader_name !== null ? { name: r.leader_name, post: r.leader_post ?? '' } : null,
    state: r.lifted_on ? 'lifted' : 'designated',
    liftedOn: r.lifted_on,
    overdue: isWeakOverdue({ liftedOn: r.lifted_on, dueOn: r.due_on }, ctx.today),
    measures: r.measures,
    openMeasures: r.open_measures,
  };
}

/** The designating organisation's accounts, or those above it, that may assign work, manage a designation. */
function canManage(ctx: Ctx, r: Pick<WeakRow, 'designator_path'>): boolean {
  return hasPermission(ctx.actor.role, 'task:assign') && pathInScope(r.designator_path, ctx.actor);
}

function requireManage(ctx: Ctx, r: WeakRow): void {
  if (!canManage(ctx, r)) throw AppError.of('FORBIDDEN', 'err.weak.designatorOnly', { org: r.designator_name });
}

async function getWeakRow(ctx: Ctx, id: number): Promise<WeakRow> {
  const r = await findWeak(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.weak.notFound', { id });
  return r;
}

export async function listWeakOrgs(ctx: Ctx, q: { orgId: number; year?: number | undefined }): Promise<WeakList> {
  const org = await getOrg(ctx, q.orgId);
  const items = (await listWeak(ctx.db, ctx.actor, org.path, q.year)).map((r) => toSummary(ctx, r));
  const rules = ruleSetOn(ctx.today).assess;
  return {
    items,
    counts: countWeak(items, ctx.today),
    reasonOptions: rules.weakReasons.value.map((r) => ({ ...r })),
    threshold: rules.weakAssessmentBelow.value,
  };
}

/** The counts of a subtree (designated, lifted, overdue) and per child of its root, for dashboards. */
export async function weakCountsOf(ctx: Ctx, q: { orgId: number; year?: number | undefined }) {
  const org = await getOrg(ctx, q.orgId);
  const rows = (await listWeakForCounts(ctx.db, org.path, q.year)).map((r) => ({
    ...r,
    liftedOn: r.lifted_on,
    dueOn: r.due_on,
  }));
  const children = new Map<number, { orgId: number; orgName: string; rows: typeof rows }>();
  for (const r of rows) {
    if (r.child_id === null) continue;
    const c = children.get(r.child_id) ?? { orgId: r.child_id, orgName: r.child_name ?? '', rows: [] };
    c.rows.push(r);
    children.set(r.child_id, c);
  }
  return {
    ...countWeak(rows, ctx.today),
    byChild: [...children.values()].map((c) => ({
      orgId: c.orgId,
      orgName: c.orgName,
      ...countWeak(c.rows, ctx.today),
    })),
  };
}

export async function getWeakDetail(ctx: Ctx, id: number): Promise<WeakDetail> {
  const r = await getWeakRow(ctx, id);
  const [measures, leaders, checks] = await Promise.all([
    listMeasures(ctx.db, id),
    listLeaders(ctx.db, id),
    listChecks(ctx.db, id),
  ]);
  return {
    ...toSummary(ctx, r),
    note: r.note,
    actorName: r.actor_name,
    at: iso(r.at),
    canManage: canManage(ctx, r),
    measureList: measures.map((m) => ({
      problemId: m.id,
      title: m.title,
      state: m.state,
      deadline: m.deadline,
      closedOn: m.closed_on,
      overdue: isProblemOverdue(m.state as ProblemState, m.deadline, ctx.today),
    })),
    leaders: leaders.map((l) => ({ name: l.name, post: l.post, note: l.note, actorName: l.actor_name, at: iso(l.at) })),
    checks: checks.map((c) => ({
      checkedOn: c.checked_on,
      checker: c.checker,
      passed: c.passed,
      note: c.note,
      actorName: c.actor_name,
      at: iso(c.at),
    })),
  };
}

/**
 * The final rounds that assessed an organisation in the caller's scope, with its result and whether that result is a
 * reason to designate it (below assess.weakAssessmentBelow, or vetoed): the designation form picks one.
 */
export async function listWeakRoundOptions(ctx: Ctx, q: { orgId: number }): Promise<WeakRoundOptions> {
  const org = await getOrg(ctx, q.orgId);
  const rules = ruleSetOn(ctx.today);
  return {
    threshold: rules.assess.weakAssessmentBelow.value,
    items: (await listFinalResultsOf(ctx.db, org.id)).map((x) => {
      const total = x.total === null ? null : Number(x.total);
      return {
        roundId: x.id,
        name: x.name,
        year: x.year,
        issuerName: x.issuer_name,
        total,
        level: x.level,
        vetoed: x.vetoed,
        low: isAssessmentLow(total, x.vetoed, rules),
      };
    }),
  };
}

/** Designates an organisation below the caller's as 软弱涣散 for a year (one designation per organisation and year). */
export async function designateWeak(ctx: Ctx, body: z.infer<typeof designateBody>): Promise<WeakDetail> {
  const org = await getOrg(ctx, body.orgId);
  const designator = await getOrg(ctx, ctx.actor.orgId);
  if (!DESIGNATOR_TYPES.has(designator.type)) {
    throw AppError.of('RULE_VIOLATION', 'err.weak.designatorType', { org: designator.name });
  }
  if (org.id === designator.id || !isWithinPath(org.path, designator.path)) {
    throw AppError.of('ORG_STRUCTURE', 'err.weak.notBelow', { org: org.name, designator: designator.name });
  }
  if (body.dueOn < body.designatedOn) {
    throw AppError.of('VALIDATION_FAILED', 'err.weak.dueBefore', { due: body.dueOn, on: body.designatedOn });
  }
  const rules = ruleSetOn(body.designatedOn);
  let round: { id: number; total: number | null } | null = null;
  if (body.roundId) {
    const res = await findFinalResult(ctx.db, body.roundId, org.id);
    if (!res) throw AppError.of('NOT_FOUND', 'err.weak.roundInvalid', { id: body.roundId, org: org.name });
    const total = res.total === null ? null : Number(res.total);
    if (!isAssessmentLow(total, res.vetoed, rules)) {
      throw AppError.of('RULE_VIOLATION', 'err.assess.weakAssessmentNotLow', {
        round: res.name,
        total: total ?? '—',
        threshold: rules.assess.weakAssessmentBelow.value,
      });
    }
    round = { id: res.id, total };
  }
  const reasons = [...new Set(body.reasons)];
  const problems = checkWeakReasons(reasons, body.otherReason ?? '', round !== null, rules);
  if (problems.length > 0) refuseAll('VALIDATION_FAILED', problems);
  const existing = await findWeakOf(ctx.db, org.id, body.year);
  if (existing) throw AppError.of('DUPLICATE', 'err.weak.exists', { org: org.name, year: body.year, id: existing.id });
  const stamp = { actor_id: ctx.actor.userId || null, actor_name: ctx.actor.displayName, at: ctx.now };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const weakId = await insertWeak(trx, {
      org_id: org.id,
      region_id: org.region_id,
      year: body.year,
      designator_org_id: designator.id,
      designated_on: body.designatedOn,
      due_on: body.dueOn,
      reasons,
      other_reason: body.otherReason ?? '',
      round_id: round?.id ?? null,
      round_total: round?.total ?? null,
      note: body.note ?? '',
      ...stamp,
    });
    if (body.leader) {
      await insertLeader(trx, {
        weak_org_id: weakId,
        name: body.leader.name,
        post: body.leader.post,
        note: body.leader.note ?? '',
        ...stamp,
      });
    }
    await audit(trx, ctx, 'weak.designate', { entity: 'weak_org', entityId: weakId, orgId: org.id }, null, body);
    return weakId;
  });
  return getWeakDetail(ctx, id);
}

function refuseIfLifted(r: WeakRow): void {
  if (r.lifted_on) refuseAll('RULE_VIOLATION', [refusal('weakLifted', { on: r.lifted_on })]);
}

/**
 * A rectification measure: a problem of the rectify area assigned to the organisation, issued by the designating
 * organisation, with its deadline (the rectify area's claiming, escalation and closure apply to it).
 */
export async function addWeakMeasure(ctx: Ctx, id: number, body: z.infer<typeof weakMeasureBody>): Promise<WeakDetail> {
  const r = await getWeakRow(ctx, id);
  requireManage(ctx, r);
  refuseIfLifted(r);
  const prepared = await prepareProblem(ctx, {
    orgId: r.org_id,
    issuerOrgId: r.designator_org_id,
    title: body.title,
    ...(body.description !== undefined ? { description: body.description } : {}),
    source: 'manual',
    category: CATEGORY,
    foundOn: ctx.today,
    deadline: body.deadline,
  });
  await ctx.db.transaction().execute(async (trx) => {
    await lockWeak(trx, id);
    const problemId = await writeProblem(trx, ctx, prepared);
    await insertMeasure(trx, id, problemId);
    await audit(trx, ctx, 'weak.measure', { entity: 'weak_org', entityId: id, orgId: r.org_id }, null, {
      ...body,
      problemId,
    });
  });
  return getWeakDetail(ctx, id);
}

/** Assigns the leader (挂点领导); a change is a new row, the latest counts. */
export async function setWeakLeader(ctx: Ctx, id: number, body: z.infer<typeof weakLeaderBody>): Promise<WeakDetail> {
  const r = await getWeakRow(ctx, id);
  requireManage(ctx, r);
  await ctx.db.transaction().execute(async (trx) => {
    await lockWeak(trx, id);
    await insertLeader(trx, {
      weak_org_id: id,
      name: body.name,
      post: body.post,
      note: body.note ?? '',
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'weak.leader', { entity: 'weak_org', entityId: id, orgId: r.org_id }, null, body);
  });
  return getWeakDetail(ctx, id);
}

/** An acceptance check (转化验收); a passed one, with every measure closed, lifts the designation. */
export async function recordWeakCheck(ctx: Ctx, id: number, body: z.infer<typeof weakCheckBody>): Promise<WeakDetail> {
  const r = await getWeakRow(ctx, id);
  requireManage(ctx, r);
  await ctx.db.transaction().execute(async (trx) => {
    await lockWeak(trx, id);
    const [measures, checks] = await Promise.all([listMeasures(trx, id), listChecks(trx, id)]);
    const lifted = checks.find((c) => c.passed)?.checked_on ?? null;
    const problems = checkAcceptance(
      { liftedOn: lifted, designatedOn: r.designated_on },
      { passed: body.passed, checkedOn: body.checkedOn },
      measures.filter((m) => m.state !== 'closed').map((m) => m.title),
    );
    if (problems.length > 0) refuseAll('RULE_VIOLATION', problems);
    await insertCheck(trx, {
      weak_org_id: id,
      checked_on: body.checkedOn,
      checker: body.checker,
      passed: body.passed,
      note: body.note ?? '',
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'weak.check', { entity: 'weak_org', entityId: id, orgId: r.org_id }, null, body);
  });
  return getWeakDetail(ctx, id);
}
