import type { z } from 'zod';
import type { createRuleOverrideBody, RuleEntryDto, RuleOverrideRow } from '../../../contracts/rules.ts';
import { ORG_TYPE_LABELS } from '../../../domain/org/vocab.ts';
import { catalogOf, ruleValueAt, summaryOf } from '../../../domain/rules/catalog.ts';
import {
  checkOverride,
  localRules,
  overridesInForce,
  type RuleOverride,
  type RulesOn,
} from '../../../domain/rules/overrides.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import {
  insertOverride,
  listAllOverrides,
  listOverridesOfLine,
  listOverridesOfSubtree,
  type OverrideRow,
} from './rules.queries.ts';

type Db = Parameters<typeof listOverridesOfLine>[0];

function toOverride(r: OverrideRow): RuleOverride {
  return {
    id: Number(r.id),
    orgId: r.org_id,
    orgName: r.org_name,
    depth: r.depth,
    ruleId: r.rule_id,
    value: r.value ?? null,
    effectiveFrom: r.effective_from,
    document: r.document,
    reason: r.reason,
  };
}

/**
 * The rules an organisation follows, as a function of the day: the platform's rule set in force that day with the
 * local rules (地方规定) of its line. Every area that judges an organisation's records reads its rules here.
 */
export async function rulesForOrgPath(db: Db, path: string): Promise<RulesOn> {
  return localRules((await listOverridesOfLine(db, path)).map(toOverride));
}

/**
 * The rules of every organisation of a subtree (for lists): one read of the local rules that apply anywhere in it,
 * then each organisation's by its path (those set on its line).
 */
export async function rulesForSubtree(db: Db, rootPath: string): Promise<(orgPath: string) => RulesOn> {
  return linesOf(await listOverridesOfSubtree(db, rootPath));
}

function linesOf(rows: readonly OverrideRow[]): (orgPath: string) => RulesOn {
  if (rows.length === 0) return () => ruleSetOn;
  const cache = new Map<string, RulesOn>();
  return (orgPath: string) => {
    let rules = cache.get(orgPath);
    if (!rules) {
      const line = rows.filter((r) => orgPath === r.org_path || orgPath.startsWith(`${r.org_path}.`));
      rules = localRules(line.map(toOverride));
      cache.set(orgPath, rules);
    }
    return rules;
  };
}

/** The rules of any organisation (the hourly sweeps): every local rule read once, each organisation's by its path. */
export async function rulesForAll(db: Db): Promise<(orgPath: string) => RulesOn> {
  return linesOf(await listAllOverrides(db));
}

/** The catalogue as it applies to an organisation (default: the caller's own) on a day (default: the newest). */
export async function catalogFor(
  ctx: Ctx,
  q: { orgId?: number | undefined; date?: string | undefined; area?: string | undefined },
): Promise<RuleEntryDto[]> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const day = q.date ?? ctx.today;
  const rules = await rulesForOrgPath(ctx.db, org.path);
  const set = q.date ? rules(day) : rulesOnLatest(rules, day);
  return catalogOf(set).filter((e) => !q.area || e.area === q.area);
}

/** Without a date: the newest platform set (as the catalogue always listed it), with the local rules in force today. */
function rulesOnLatest(rules: RulesOn, today: string) {
  const latest = ruleSetOn('9999-12-31');
  const now = rules(today);
  return latest.version === ruleSetOn(today).version ? now : latest;
}

/** The local rules set on an organisation's line (its own and those above), oldest first, each marked in force. */
export async function listOverrides(ctx: Ctx, orgId: number | undefined): Promise<RuleOverrideRow[]> {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  const rows = await listOverridesOfLine(ctx.db, org.path);
  const all = rows.map(toOverride);
  const inForce = new Set([...overridesInForce(all, ctx.today).values()].map((o) => o.id));
  return rows.map((r, i) => {
    const o = all[i]!;
    const base = ruleSetOn(o.effectiveFrom);
    const value = o.value ?? ruleValueAt(base, o.ruleId) ?? null;
    return {
      id: o.id,
      orgId: o.orgId,
      orgName: o.orgName,
      ruleId: o.ruleId,
      summary: summaryOf(o.ruleId, value),
      value: o.value,
      effectiveFrom: o.effectiveFrom,
      document: o.document,
      reason: o.reason,
      actorName: r.actor_name,
      createdAt: new Date(r.created_at).toISOString(),
      inForce: inForce.has(o.id),
    };
  });
}

/**
 * A locality sets a local rule: a committee (or working committee) for its subtree, an [S] rule only, in the default's
 * shape, from today or later; kept append-only and audited.
 */
export async function createOverride(
  ctx: Ctx,
  body: z.infer<typeof createRuleOverrideBody>,
): Promise<RuleOverrideRow[]> {
  const org = await getOrg(ctx, body.orgId);
  if (org.type !== 'committee' && org.type !== 'working_committee') {
    throw AppError.of(
      'RULE_VIOLATION',
      'err.rules.notLocality',
      { org: org.name, type: ORG_TYPE_LABELS[org.type] },
      { field: 'body.orgId' },
    );
  }
  const value = body.value === undefined ? null : body.value;
  const r = checkOverride(body.ruleId, value, body.effectiveFrom, ctx.today);
  if (!r.ok) throw new AppError('RULE_VIOLATION', r.msg, { code: r.code, field: `body.${r.field}` });
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertOverride(trx, {
      org_id: org.id,
      rule_id: body.ruleId,
      value: value === null ? null : JSON.stringify(value),
      effective_from: body.effectiveFrom,
      document: body.document,
      reason: body.reason,
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
    });
    await audit(trx, ctx, 'rules.override', { entity: 'rule_override', entityId: id, orgId: org.id }, null, {
      ruleId: body.ruleId,
      value,
      effectiveFrom: body.effectiveFrom,
      document: body.document,
      reason: body.reason,
    });
  });
  return listOverrides(ctx, org.id);
}
