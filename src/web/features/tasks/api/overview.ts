import type { Paged } from '../../../../contracts/common.ts';
import type { Dashboard, TaskSummary, WeekView } from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function getDashboard(orgId: number): Promise<Dashboard> {
  return api.get(`/api/dashboard${toQuery({ orgId })}`);
}

/** A page of a dashboard's tasks after the first (which the dashboard carries). */
export function getDashboardTasks(
  orgId: number,
  q: { page: number; pageSize: number; cursor?: string | undefined },
): Promise<Paged<TaskSummary>> {
  return api.get(`/api/dashboard/tasks${toQuery({ orgId, ...q })}`);
}

export function getWeek(orgId?: number): Promise<WeekView> {
  return api.get(`/api/week${toQuery({ orgId })}`);
}
