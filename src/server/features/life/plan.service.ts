import type { z } from 'zod';
import type { LifePlan, putLifePlanBody } from '../../../contracts/life.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { yearPeriod } from '../../../domain/life/compliance.ts';
import { defaultPlan, markHeld, planProblems, sortPlan } from '../../../domain/life/plan.ts';
import { hasCommitteeOf, MEETING_KIND_LABELS, requiredKinds } from '../../../domain/life/vocab.ts';
import type { OrgType } from '../../../domain/org/vocab.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { rulesForOrgPath } from '../rules/rules.service.ts';
import { findLifeOrg, type LifeOrgRow, listMeetingsOfOrg } from './life.queries.ts';
import { listPlanItems, replacePlanItems } from './plan.queries.ts';

/**
 * 年度学习安排 (docs/life.md): an organisation's plan of a year — the stored one, or the default the rules give
 * (domain/life/plan.ts) while none was saved — each item marked held when a meeting of its kind was recorded in its
 * month. Saving replaces the whole year's items (kinds the organisation must hold, months 1–12, a kind once a
 * month) and writes an audit row with the plan before and after.
 */

type Put = z.infer<typeof putLifePlanBody>;

function kindsOf(org: LifeOrgRow, today: string) {
  const hasCommittee = hasCommitteeOf(
    org.type as OrgType,
    org.full_members,
    org.committee_members,
    ruleSetOn(today).org,
  );
  return { hasCommittee, kinds: requiredKinds(org.type as OrgType, hasCommittee) };
}

export async function getLifePlan(ctx: Ctx, orgId: number, year?: number): Promise<LifePlan> {
  await getOrg(ctx, orgId);
  const y = year ?? Number(ctx.today.slice(0, 4));
  const org = (await findLifeOrg(ctx.db, orgId, ctx.today))!;
  const { hasCommittee, kinds } = kindsOf(org, ctx.today);
  const { from, to } = yearPeriod(y);
  const [stored, meetings] = await Promise.all([
    listPlanItems(ctx.db, orgId, y),
    listMeetingsOfOrg(ctx.db, orgId, from, to),
  ]);
  const generated = stored.length === 0;
  const items = generated
    ? defaultPlan({
        orgType: org.type as OrgType,
        hasCommittee,
        year: y,
        activeFrom: org.established_on,
        activeTo: org.dissolved_on,
        rules: await rulesForOrgPath(ctx.db, org.path),
      }).map((i) => ({ ...i, note: '' }))
    : sortPlan(stored.map((r) => ({ kind: r.kind, month: r.month, topic: r.topic, note: r.note })));
  let last: (typeof stored)[number] | undefined;
  for (const r of stored) if (!last || new Date(r.updated_at) > new Date(last.updated_at)) last = r;
  return {
    orgId,
    orgName: org.name,
    orgType: org.type,
    hasCommittee,
    year: y,
    generated,
    kinds,
    items: markHeld(
      items,
      y,
      meetings.map((m) => ({ id: m.id, kind: m.kind, heldOn: m.held_on })),
    ),
    updatedAt: last ? new Date(last.updated_at).toISOString() : null,
    updatedBy: last?.updated_by_name ?? null,
  };
}

export async function saveLifePlan(ctx: Ctx, body: Put): Promise<LifePlan> {
  const scoped = await getOrg(ctx, body.orgId);
  if (!hasPermission(ctx.actor.role, 'task:report') || !pathInScope(scoped.path, ctx.actor)) {
    throw AppError.of('FORBIDDEN', 'err.lifePlan.reportOnly', { org: scoped.name });
  }
  const org = (await findLifeOrg(ctx.db, body.orgId, ctx.today))!;
  const { kinds } = kindsOf(org, ctx.today);
  if (body.items.length === 0) throw AppError.of('VALIDATION_FAILED', 'err.lifePlan.empty', {}, { field: 'items' });
  const [p] = planProblems(body.items, kinds);
  if (p) {
    const index = p.index + 1;
    const field = `items.${p.index}.${p.code === 'month' ? 'month' : 'kind'}`;
    if (p.code === 'month') {
      throw AppError.of('VALIDATION_FAILED', 'err.lifePlan.month', { index, month: p.month }, { field });
    }
    if (p.code === 'kind') {
      throw AppError.of(
        'RULE_VIOLATION',
        'err.lifePlan.kind',
        { index, org: org.name, kind: MEETING_KIND_LABELS[p.kind] },
        { field },
      );
    }
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.lifePlan.duplicate',
      { index, month: p.month, kind: MEETING_KIND_LABELS[p.kind] },
      { field },
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    const before = await listPlanItems(trx, org.id, body.year);
    const rows = sortPlan(body.items).map((i) => ({
      org_id: org.id,
      year: body.year,
      kind: i.kind,
      month: i.month,
      topic: i.topic,
      note: i.note,
      updated_by: ctx.actor.userId || null,
      updated_at: ctx.now,
    }));
    await replacePlanItems(trx, org.id, body.year, rows);
    await audit(
      trx,
      ctx,
      'lifePlan.save',
      { entity: 'life_plan', entityId: `${org.id}/${body.year}`, orgId: org.id },
      before.length === 0 ? null : before.map((r) => ({ kind: r.kind, month: r.month, topic: r.topic, note: r.note })),
      { year: body.year, items: body.items },
    );
  });
  return getLifePlan(ctx, org.id, body.year);
}
