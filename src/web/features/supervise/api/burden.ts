import type { BurdenReport } from '../../../../contracts/burden.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** The burden page's figures for an organisation and months ('YYYY-MM'; default January to this month). */
export function getBurden(q: { orgId: number; from?: string; to?: string }): Promise<BurdenReport> {
  return api.get(`/api/burden${toQuery(q)}`);
}
