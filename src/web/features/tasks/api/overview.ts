import type { Dashboard, WeekView } from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function getDashboard(orgId: number): Promise<Dashboard> {
  return api.get(`/api/dashboard${toQuery({ orgId })}`);
}

export function getWeek(orgId?: number): Promise<WeekView> {
  return api.get(`/api/week${toQuery({ orgId })}`);
}
