import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  decideFilingBody,
  FilingView,
  fileSecretaryBody,
  SecretaryList,
  SecretaryRow,
  secretaryListQuery,
} from '../../../contracts/cadre.ts';
import {
  FILING_ALERTS,
  FILING_STATUSES,
  type FilingStatus,
  filingDueOn,
  filingStatus,
  missingChecks,
  oneShoulderRatio,
} from '../../../domain/cadre/secretary-filing.ts';
import { addYearsIso, compareIso } from '../../../domain/dates.ts';
import { expectedTermYears } from '../../../domain/org/term.ts';
import { isOneShoulder } from '../../../domain/village/decision.ts';
import { pathInScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { audit, type Clock, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForOrgPath, rulesForSubtree } from '../rules/rules.service.ts';
import {
  findFiling,
  findSecretaryOf,
  insertDecision,
  insertFiling,
  listChildNames,
  listOneShoulderMonths,
  listVillageSecretaries,
  upsertOneShoulderMonth,
  type VillageSecretaryRow,
} from './cadre.queries.ts';

/**
 * 村党组织书记备案管理 and the 一肩挑 ratio (issue 13, area cadre; docs/cadre.md). The village's secretary is read from
 * the committee positions (org area), the village-committee post from the person (people area); this area keeps the
 * filings and their decisions, the alerts, the ratio per child and its monthly trend.
 */

function filingOf(r: VillageSecretaryRow): FilingView | null {
  if (r.filing_id === null) return null;
  return {
    id: r.filing_id,
    personId: r.filing_person_id!,
    personName: r.filing_person_name ?? '',
    appointedOn: r.appointed_on!,
    termEnd: r.term_end!,
    checks: (r.checks as string[] | null) ?? [],
    note: r.note ?? '',
    filedBy: r.filed_by ?? '',
    filedAt: r.filed_at ? r.filed_at.toISOString() : '',
    decision: r.decision,
    decidedOn: r.decided_on,
    deciderOrgName: r.decider_org_name,
    reason: r.decision ? (r.reason ?? '') : null,
  };
}

export async function listSecretaries(ctx: Ctx, q: z.infer<typeof secretaryListQuery>): Promise<SecretaryList> {
  const org = await getOrg(ctx, q.orgId);
  const [rows, rulesOf, children, months] = await Promise.all([
    listVillageSecretaries(ctx.db, org.path, ctx.today),
    rulesForSubtree(ctx.db, org.path),
    listChildNames(ctx.db, org.id),
    listOneShoulderMonths(ctx.db, org.id),
  ]);
  const items: SecretaryRow[] = rows.map((r) => {
    const rules = rulesOf(r.org_path)(ctx.today);
    const secretary = r.secretary_id !== null ? { personId: r.secretary_id, startedOn: r.started_on! } : null;
    const filing =
      r.filing_id !== null ? { personId: r.filing_person_id!, termEnd: r.term_end!, decision: r.decision } : null;
    const status = filingStatus({ secretary, filing }, ctx.today, rules);
    return {
      orgId: r.org_id,
      orgName: r.org_name,
      parentName: r.parent_name,
      secretaryId: r.secretary_id,
      secretaryName: r.secretary_name,
      startedOn: r.started_on,
      villageCommitteePost: r.village_committee_post,
      oneShoulder: secretary !== null && isOneShoulder(r.village_committee_post),
      status,
      dueOn: status === 'due' || status === 'missing' ? filingDueOn(secretary!.startedOn, rules) : null,
      filing: filingOf(r),
    };
  });
  const count = (list: readonly SecretaryRow[]) => {
    const withSecretary = list.filter((i) => i.secretaryId !== null).length;
    const oneShoulder = list.filter((i) => i.oneShoulder).length;
    const c = { villages: list.length, withSecretary, oneShoulder };
    return { ...c, ratio: oneShoulderRatio(c) };
  };
  const byStatus = Object.fromEntries(FILING_STATUSES.map((s) => [s, 0])) as Record<FilingStatus, number>;
  for (const i of items) byStatus[i.status]++;
  const childOf = new Map(rows.map((r) => [r.org_id, r.child_id]));
  const byChild = children
    .map((c) => ({ orgId: c.id, orgName: c.name, ...count(items.filter((i) => childOf.get(i.orgId) === c.id)) }))
    .filter((c) => c.villages > 0);
  const shown = q.alerts === 'true' ? items.filter((i) => FILING_ALERTS.includes(i.status)) : items;
  return {
    items: shown,
    totals: { ...count(items), byStatus, alerts: items.filter((i) => FILING_ALERTS.includes(i.status)).length },
    byChild,
    trend: months.map((m) => {
      const c = { villages: m.villages, withSecretary: m.with_secretary, oneShoulder: m.one_shoulder };
      return { month: m.month, ...c, ratio: oneShoulderRatio(c) };
    }),
    checks: [...(await rulesForOrgPath(ctx.db, org.path))(ctx.today).cadre.secretaryFilingChecks.value],
  };
}

/**
 * Files the village's secretary (by the village, or an account above it): the person must hold 书记 there today, the
 * day of appointment be no later than today, every 联审 check be ticked; the term's end defaults to the
 * organisation's term from the appointment. A filing still undecided for the same person is not filed twice.
 */
export async function fileSecretary(ctx: Ctx, body: z.infer<typeof fileSecretaryBody>) {
  const org = await getOrg(ctx, body.orgId);
  if (org.unit_level !== 'village')
    throw AppError.of('RULE_VIOLATION', 'err.cadre.notVillage', { org: org.name }, { field: 'orgId' });
  const secretary = await findSecretaryOf(ctx.db, org.id, ctx.today);
  if (!secretary || secretary.person_id !== body.personId) {
    // A fact of the tree, not of the request's shape: 422 naming the field.
    throw AppError.of('RULE_VIOLATION', 'err.cadre.notSecretary', { org: org.name }, { field: 'personId' });
  }
  if (compareIso(body.appointedOn, ctx.today) > 0) {
    throw AppError.of('VALIDATION_FAILED', 'err.cadre.appointedFuture', {}, { field: 'appointedOn' });
  }
  const rules = (await rulesForOrgPath(ctx.db, org.path))(ctx.today);
  const missing = missingChecks(body.checks, rules);
  if (missing.length > 0) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.cadre.checksMissing',
      { checks: missing.join('、') },
      { field: 'checks' },
    );
  }
  const years = org.term_years ?? expectedTermYears(org.type, org.field, rules)?.value ?? 5;
  const termEnd = body.termEnd ?? addYearsIso(body.appointedOn, years);
  if (compareIso(termEnd, body.appointedOn) <= 0) {
    throw AppError.of('VALIDATION_FAILED', 'err.cadre.termEnd', {}, { field: 'termEnd' });
  }
  const current = (await listVillageSecretaries(ctx.db, org.path, ctx.today)).find((r) => r.org_id === org.id);
  if (current?.filing_id && current.filing_person_id === body.personId && current.decision === null) {
    throw AppError.of('CONFLICT', 'err.cadre.filingPending', { org: org.name });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const filingId = await insertFiling(trx, {
      org_id: org.id,
      region_id: org.region_id,
      person_id: body.personId,
      appointed_on: body.appointedOn,
      term_end: termEnd,
      checks: JSON.stringify(body.checks.map((c) => c.trim())),
      note: body.note,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      created_at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'cadre.filing.create',
      { entity: 'secretary_filing', entityId: filingId, orgId: org.id },
      null,
      body,
    );
  });
  return rowOf(ctx, org.id);
}

/**
 * Approves or returns a filing: only from an organisation above the village (the county's organisation department
 * or whoever the tree puts above it), only the village's latest filing and only once; a return says why.
 */
export async function decideFiling(ctx: Ctx, id: number, body: z.infer<typeof decideFilingBody>) {
  const f = await findFiling(ctx.db, id);
  if (!f || !pathInScope(f.org_path, ctx.actor)) throw AppError.of('NOT_FOUND', 'err.cadre.filingNotFound', { id });
  if (f.org_id === ctx.actor.orgId) throw AppError.of('FORBIDDEN', 'err.cadre.deciderAbove', { org: f.org_name });
  if (!f.is_latest || f.decision !== null)
    throw AppError.of('RULE_VIOLATION', 'err.cadre.decided', { org: f.org_name });
  if (body.decision === 'returned' && body.reason.trim() === '') {
    throw AppError.of('VALIDATION_FAILED', 'err.cadre.reasonRequired', {}, { field: 'reason' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertDecision(trx, {
      filing_id: id,
      decision: body.decision,
      reason: body.reason.trim(),
      decider_org_id: ctx.actor.orgId,
      decided_on: ctx.today,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'cadre.filing.decide',
      { entity: 'secretary_filing', entityId: id, orgId: f.org_id },
      null,
      body,
    );
  });
  return rowOf(ctx, f.org_id);
}

/** The village's row as the list shows it (after a write). */
async function rowOf(ctx: Ctx, orgId: number): Promise<SecretaryRow> {
  const row = (await listSecretaries(ctx, { orgId })).items.find((i) => i.orgId === orgId);
  if (!row) throw AppError.of('NOT_FOUND', 'err.org.notFound', { id: orgId });
  return row;
}

/** The daily sweep: this month's 一肩挑 counts for every organisation with villages, and the targets counted from them. */
export async function sweepOneShoulder(db: Kysely<DB>, clock: Clock): Promise<number> {
  return upsertOneShoulderMonth(db, clock.today, clock.now);
}
