import type { CreateRuleOverrideBody, RuleEntryDto, RuleOverrideRow } from '../../../../contracts/rules.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** The rule catalogue as it applies to an organisation (default: the caller's): the platform's with local rules. */
export function listRules(q: { area?: string; orgId?: number } = {}): Promise<RuleEntryDto[]> {
  return api.get(`/api/rules${toQuery(q)}`);
}

/** The local rules (地方规定) set on an organisation's line, oldest first. */
export function listRuleOverrides(q: { orgId?: number } = {}): Promise<RuleOverrideRow[]> {
  return api.get(`/api/rules/overrides${toQuery(q)}`);
}

export function createRuleOverride(body: CreateRuleOverrideBody): Promise<RuleOverrideRow[]> {
  return api.post('/api/rules/overrides', body);
}
