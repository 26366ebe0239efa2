import type { RuleEntryDto } from '../../../../contracts/rules.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** The platform's rule catalogue (every rule it checks, with its source and tag). */
export function listRules(q: { area?: string } = {}): Promise<RuleEntryDto[]> {
  return api.get(`/api/rules${toQuery(q)}`);
}
