import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { BurdenReport, BurdenWarning, burdenQuery, DemandCounts } from '../../../contracts/burden.ts';
import { chinaDayStart } from '../../../domain/dates.ts';
import { type Msg, msg } from '../../../domain/messages.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import {
  burdenLevelOf,
  burdenOverruns,
  type CappedDemand,
  capWindow,
  monthOf,
  type Overrun,
  rankIssuers,
} from '../../../domain/supervise/burden.ts';
import { DEMAND_KINDS, type DemandKind } from '../../../domain/tasks/vocab.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import {
  insertBurdenOverride,
  insertProblemDemands,
  listBurdenUses,
  listCapUsage,
  listHeaviestReceivers,
  listIssuerBurden,
  listOrgNames,
  listOverrides,
  listOwnBurden,
  listRegularSupervisionCounts,
} from './burden.queries.ts';

/**
 * The burden meter (基层减负, issue 10, area supervise). Demands are counted on write (org_demand → burden_count);
 * here an issuer's new assignment or supervision is checked against the caps of each receiver's level before it is
 * written, and the page's figures are read. Over a cap the issuer must give a reason; nothing is refused for it.
 */

/**
 * Records the problems given to organisations to rectify, in the caller's transaction (area rectify): each is a
 * demand from its issuing side, unless an organisation found it in itself (自查). The trigger keeps the counts.
 */
export function recordProblemDemands(
  trx: Transaction<DB>,
  ctx: Ctx,
  problems: readonly { orgId: number; fromOrgId: number; problemId: number }[],
): Promise<void> {
  return insertProblemDemands(
    trx,
    problems.filter((p) => p.orgId !== p.fromOrgId),
    ctx.now,
  );
}

/** How many organisations over a cap a warning names (the count is always whole). */
const WARN_NAMES = 200;

export type BurdenCheck = { overruns: Overrun[]; warning: BurdenWarning };

/**
 * The receivers a new demand of `kind` by `issuerId` would take over a cap, with the first ones named. `regular`: a
 * 定期 (comprehensive) supervision, which also falls under the one-a-year rule per issuer.
 */
export async function checkBurden(
  ctx: Ctx,
  kind: CappedDemand,
  orgIds: readonly number[],
  issuerId: number,
  opts: { regular?: boolean } = {},
): Promise<BurdenCheck> {
  const year = capWindow(ctx.today, 'year');
  const [uses, regular] = await Promise.all([
    listBurdenUses(ctx.db, orgIds, kind, { month: monthOf(ctx.today), yearFrom: year.fromMonth, yearTo: year.toMonth }),
    opts.regular
      ? listRegularSupervisionCounts(ctx.db, orgIds, issuerId, chinaDayStart(`${ctx.today.slice(0, 4)}-01-01`))
      : new Map<number, number>(),
  ]);
  const overruns = burdenOverruns(
    kind,
    uses.map((u) => ({
      orgId: u.org_id,
      type: u.type,
      thisMonth: u.this_month,
      thisYear: u.this_year,
      fromIssuerThisYear: regular.get(u.org_id) ?? 0,
    })),
    ctx.taskRules.burdenCaps,
    ctx.taskRules.supervisionsPerIssuerPerYear,
  ).sort((a, b) => a.orgId - b.orgId);
  const named = overruns.slice(0, WARN_NAMES);
  const names = await listOrgNames(
    ctx.db,
    named.map((o) => o.orgId),
  );
  return {
    overruns,
    warning: {
      overCount: overruns.length,
      overruns: named.map((o) => ({ ...o, orgName: names.get(o.orgId) ?? String(o.orgId) })),
    },
  };
}

function overrunDetail(o: Overrun): Msg {
  return o.rule === 'issuer'
    ? msg('label.burden.overrun.issuer', { before: o.count - 1, max: o.max })
    : msg('label.burden.overrun.level', { per: msg(`label.burden.per.${o.per}`), before: o.count - 1, max: o.max });
}

/**
 * Refuses (422) a demand that goes over a cap without a reason; `extra` goes into the error's details (a random
 * supervision's seed, so that the same draw is submitted again with the reason).
 */
export function requireReasonIfOver(
  kind: CappedDemand,
  check: BurdenCheck,
  reason: string | undefined,
  extra: Record<string, unknown> = {},
): void {
  const first = check.warning.overruns[0];
  if (!first || reason) return;
  throw AppError.of(
    'RULE_VIOLATION',
    'err.burden.reasonRequired',
    {
      what: msg(`label.burden.what.${kind}`),
      count: check.warning.overCount,
      org: first.orgName,
      detail: overrunDetail(first),
    },
    { burden: check.warning, ...extra },
  );
}

/** Keeps the reason an issuer gave for going over a cap, with what it was for, in the write's transaction. */
export async function recordBurdenOverride(
  trx: Transaction<DB>,
  ctx: Ctx,
  o: {
    kind: CappedDemand;
    issuerId: number;
    reason: string;
    check: BurdenCheck;
    taskId?: number;
    supervisionId?: number;
  },
): Promise<void> {
  await insertBurdenOverride(trx, {
    kind: o.kind,
    issuer_org_id: o.issuerId,
    task_id: o.taskId ?? null,
    supervision_id: o.supervisionId ?? null,
    reason: o.reason,
    over_count: o.check.overruns.length,
    overruns: JSON.stringify(o.check.warning.overruns.slice(0, 50)),
    actor_id: ctx.actor.userId || null,
    actor_name: ctx.actor.displayName,
    at: ctx.now,
  });
}

const zeroCounts = (): DemandCounts =>
  Object.fromEntries(DEMAND_KINDS.map((k) => [k, 0])) as Record<DemandKind, number>;

/** 'YYYY-MM' → the first day of the month. */
const firstDay = (m: string) => `${m}-01`;

/** The burden page: what was asked of one organisation, its caps, the issuers over its subtree, the reasons given. */
export async function getBurdenReport(ctx: Ctx, q: z.infer<typeof burdenQuery>): Promise<BurdenReport> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const from = q.from ?? `${ctx.today.slice(0, 4)}-01`;
  const to = q.to ?? ctx.today.slice(0, 7);
  if (from > to) throw AppError.of('VALIDATION_FAILED', 'err.burden.badPeriod', { from, to });
  const [fromMonth, toMonth] = [firstDay(from), firstDay(to)];
  const year = capWindow(ctx.today, 'year');
  const [own, usage, issuerRows, heaviest, overrides] = await Promise.all([
    listOwnBurden(ctx.db, org.id, fromMonth, toMonth),
    listCapUsage(ctx.db, org.id, monthOf(ctx.today), year.fromMonth, year.toMonth),
    listIssuerBurden(ctx.db, org.path, fromMonth, toMonth),
    listHeaviestReceivers(ctx.db, org.path, fromMonth, toMonth, 20),
    listOverrides(ctx.db, org, 20),
  ]);

  const byKind = zeroCounts();
  const byIssuer = new Map<number, { orgId: number; name: string; total: number; byKind: DemandCounts }>();
  for (const r of own) {
    byKind[r.kind] += r.n;
    const i = byIssuer.get(r.from_org_id) ?? {
      orgId: r.from_org_id,
      name: r.from_name,
      total: 0,
      byKind: zeroCounts(),
    };
    i.total += r.n;
    i.byKind[r.kind] += r.n;
    byIssuer.set(r.from_org_id, i);
  }

  const issuers = new Map<
    number,
    { orgId: number; name: string; total: number; orgsReached: number; byKind: DemandCounts }
  >();
  for (const r of issuerRows) {
    const i = issuers.get(r.from_org_id) ?? {
      orgId: r.from_org_id,
      name: r.from_name,
      total: 0,
      orgsReached: r.orgs_all,
      byKind: zeroCounts(),
    };
    i.total += r.n;
    i.byKind[r.kind] += r.n;
    issuers.set(r.from_org_id, i);
  }

  const level = burdenLevelOf(org.type);
  const caps = ctx.taskRules.burdenCaps[level];
  const rule = ruleSetOn(ctx.today).burden.caps;
  const used = new Map(usage.map((u) => [u.kind, u]));
  return {
    org: { id: org.id, name: org.name, level },
    from,
    to,
    own: {
      total: own.reduce((s, r) => s + r.n, 0),
      byKind,
      byIssuer: [...byIssuer.values()].sort((a, b) => b.total - a.total || a.orgId - b.orgId),
    },
    caps: (['assignment', 'supervision'] as const).map((kind) => {
      const u = used.get(kind);
      return {
        kind,
        max: caps[kind].max,
        per: caps[kind].per,
        used: caps[kind].per === 'month' ? (u?.this_month ?? 0) : (u?.this_year ?? 0),
        source: rule.source,
        confidence: rule.confidence,
      };
    }),
    issuers: rankIssuers([...issuers.values()]),
    heaviest: heaviest.map((h) => ({ orgId: h.org_id, name: h.name, total: h.n })),
    overrides: overrides.map((o) => ({
      id: o.id,
      kind: o.kind,
      issuerOrgId: o.issuer_org_id,
      issuerName: o.issuer_name,
      taskId: o.task_id,
      supervisionId: o.supervision_id,
      reason: o.reason,
      overCount: o.over_count,
      actorName: o.actor_name,
      at: new Date(o.at).toISOString(),
    })),
  };
}
