import { compareIso } from '../dates.ts';
import { type Msg, msg } from '../messages.ts';
import { ruleValuesOf } from './catalog.ts';
import { type RuleSet, type RuleValue, ruleSetOn } from './ruleset.ts';

/**
 * Local rules (地方规定): a locality adjusts an [S] default of the rule set for its subtree from a date on, without
 * rewriting history. An override belongs to an organisation (the locality: its subtree follows it), names a rule by
 * its catalogue id, and carries a value of the same shape as the default, the day it takes effect, the document it
 * rests on and why. A later row replaces an earlier one of the same organisation and rule from its own date on; a row
 * without a value returns to the platform's default. The nearest locality wins (a county's rule over the city's).
 * Confirmed rules ([C]: the regulation's text was seen) are never adjusted locally.
 */
export type RuleOverride = {
  id: number;
  orgId: number;
  orgName: string;
  /** Depth of the organisation in the tree (1 for the root): the deeper one wins. */
  depth: number;
  ruleId: string;
  /** null: back to the platform's default from `effectiveFrom` on. */
  value: unknown;
  effectiveFrom: string;
  document: string;
  reason: string;
};

/** Where a value read through the overrides came from (absent: the platform's rule set). */
export type LocalOrigin = { overrideId: number; orgId: number; orgName: string; document: string; reason: string };

export type LocalRuleValue = RuleValue<unknown> & { local?: LocalOrigin };

export type OverrideCheck = { ok: true } | { ok: false; code: string; msg: Msg; field: 'ruleId' | 'value' };

const refuse = (code: string, field: 'ruleId' | 'value', params: Record<string, string | Msg>): OverrideCheck => ({
  ok: false,
  code,
  field,
  msg: msg(`err.rules.${code}` as Parameters<typeof msg>[0], params),
});

/** Why `value` does not have the shape of `base` (a path and what was expected), or null when it does. */
export function shapeProblem(base: unknown, value: unknown, path = ''): { path: string; expected: string } | null {
  const here = path || '值';
  if (typeof base === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return { path: here, expected: 'number' };
    if (value < 0) return { path: here, expected: 'nonNegative' };
    if (Number.isInteger(base) && base >= 1 && !Number.isInteger(value)) return { path: here, expected: 'integer' };
    return null;
  }
  if (typeof base === 'boolean') return typeof value === 'boolean' ? null : { path: here, expected: 'boolean' };
  if (typeof base === 'string')
    return typeof value === 'string' && value.trim() ? null : { path: here, expected: 'text' };
  if (base === null) return value === null || typeof value === 'number' ? null : { path: here, expected: 'number' };
  if (Array.isArray(base)) {
    if (!Array.isArray(value) || value.length === 0) return { path: here, expected: 'list' };
    // Each element has the shape of one of the default's elements (a last bracket's upTo is null, say).
    for (let i = 0; i < value.length; i++) {
      const problems = base.map((model) => shapeProblem(model, value[i], `${path}[${i}]`));
      if (!problems.includes(null)) return problems[0] ?? { path: `${path}[${i}]`, expected: 'unknown' };
    }
    return null;
  }
  if (typeof base === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: here, expected: 'object' };
    const b = base as Record<string, unknown>;
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v)) if (!(k in b)) return { path: path ? `${path}.${k}` : k, expected: 'absent' };
    for (const k of Object.keys(b)) {
      if (!(k in v)) return { path: path ? `${path}.${k}` : k, expected: 'present' };
      const p = shapeProblem(b[k], v[k], path ? `${path}.${k}` : k);
      if (p) return p;
    }
    return null;
  }
  return { path: here, expected: 'unknown' };
}

/**
 * Whether a locality may set `value` for the rule `ruleId` from `effectiveFrom` on (`today`: no override reaches back
 * before today, so that no past judgement changes): the rule exists, is not confirmed ([C]), and the value has the
 * default's shape (null: back to the default).
 */
export function checkOverride(ruleId: string, value: unknown, effectiveFrom: string, today: string): OverrideCheck {
  const entry = ruleValuesOf(ruleSetOn(effectiveFrom)).find((r) => r.id === ruleId);
  if (!entry) return refuse('unknown', 'ruleId', { rule: ruleId });
  if (entry.rule.confidence === 'C') {
    return refuse('confirmed', 'ruleId', { rule: ruleId, source: entry.rule.source });
  }
  if (compareIso(effectiveFrom, today) < 0) return refuse('past', 'value', { on: effectiveFrom, today });
  if (value === null) return { ok: true };
  const p = shapeProblem(entry.rule.value, value);
  if (p) {
    const expected = msg(`label.rules.expected.${p.expected}` as Parameters<typeof msg>[0]);
    return refuse('shape', 'value', { rule: ruleId, path: p.path, expected });
  }
  return { ok: true };
}

/** The override in force for each rule on `day`: the deepest organisation's latest row with effectiveFrom ≤ day. */
export function overridesInForce(overrides: readonly RuleOverride[], day: string): Map<string, RuleOverride> {
  const out = new Map<string, RuleOverride>();
  for (const o of overrides) {
    if (compareIso(o.effectiveFrom, day) > 0) continue;
    const cur = out.get(o.ruleId);
    if (
      !cur ||
      o.depth > cur.depth ||
      (o.depth === cur.depth &&
        (compareIso(o.effectiveFrom, cur.effectiveFrom) > 0 ||
          (o.effectiveFrom === cur.effectiveFrom && o.id > cur.id)))
    ) {
      out.set(o.ruleId, o);
    }
  }
  return out;
}

/** A copy of `set` with the values the overrides put in force on `day` (each marked with its local origin). */
export function applyOverrides(set: RuleSet, overrides: readonly RuleOverride[], day: string): RuleSet {
  const inForce = overridesInForce(overrides, day);
  if (inForce.size === 0) return set;
  const copy = structuredClone(set) as unknown as Record<string, unknown>;
  for (const [ruleId, o] of inForce) {
    if (o.value === null) continue;
    const path = ruleId.split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    const last = path.at(-1)!;
    const base = node?.[last] as RuleValue<unknown> | undefined;
    if (!node || !base || base.confidence === 'C' || shapeProblem(base.value, o.value)) continue;
    const local: LocalRuleValue = {
      value: o.value,
      source: o.document,
      article: null,
      confidence: 'S',
      effectiveFrom: o.effectiveFrom,
      local: { overrideId: o.id, orgId: o.orgId, orgName: o.orgName, document: o.document, reason: o.reason },
    };
    node[last] = local;
  }
  return copy as unknown as RuleSet;
}

/** The rules of a locality as a function of the day (the platform's set in force that day, with its overrides). */
export type RulesOn = (day: string) => RuleSet;

export function localRules(overrides: readonly RuleOverride[]): RulesOn {
  if (overrides.length === 0) return ruleSetOn;
  const cache = new Map<string, RuleSet>();
  return (day: string) => {
    let set = cache.get(day);
    if (!set) {
      set = applyOverrides(ruleSetOn(day), overrides, day);
      if (cache.size > 1000) cache.clear();
      cache.set(day, set);
    }
    return set;
  };
}
