import type { Kysely } from 'kysely';
import type { Paged } from '../../../contracts/common.ts';
import type { Dashboard, TaskSummary } from '../../../contracts/tasks.ts';
import { addDaysIso } from '../../../domain/dates.ts';
import { rankChildren } from '../../../domain/tasks/progress.ts';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { sumRollupsAt, toRollup } from '../rollups/rollups.service.ts';
import { rolledUpTaskPage } from '../tasks/tasks.service.ts';
import { listChildTotals, listDailyStats, upsertDailyStats } from './report.queries.ts';

/** How many tasks a dashboard carries (the nearest deadlines first); `GET /api/dashboard/tasks` pages the rest. */
export const DASHBOARD_TASKS = 20;

/** The next pages of a dashboard's tasks, after the first that the dashboard carries. */
export async function getDashboardTasks(
  ctx: Ctx,
  q: { orgId?: number | undefined; page: number; pageSize: number; cursor?: string | undefined },
): Promise<Paged<TaskSummary>> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  return rolledUpTaskPage(ctx, org.id, q);
}

/** An organisation's dashboard: every task's completion in its subtree, its totals, the ranking of its children, the trend. */
export async function getDashboard(ctx: Ctx, orgId: number | undefined): Promise<Dashboard> {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  // The four reads are independent: on PostgreSQL they run at once on the pool's connections (the request takes the
  // longest of them, not their sum); PGlite queues them on its one connection.
  const sums = sumRollupsAt(ctx.db, org.id);
  const [totals, tasks, children, trend] = await Promise.all([
    sums,
    rolledUpTaskPage(
      ctx,
      org.id,
      { page: 1, pageSize: DASHBOARD_TASKS },
      sums.then((s) => s.tasks),
    ),
    listChildTotals(ctx.db, org.id),
    listDailyStats(ctx.db, org.id, addDaysIso(ctx.today, -90)),
  ]);
  const ranked = rankChildren(
    children.map((c) => ({
      orgId: c.org_id,
      orgName: c.org_name,
      assigned: c.assigned,
      due: c.due,
      done: c.done,
      overdue: c.overdue,
      doneOnTime: c.done_on_time,
    })),
  );
  const extra = new Map(children.map((c) => [c.org_id, c]));
  return {
    org: { id: org.id, name: org.name },
    totals: toRollup(totals, { progress_mode: 'none', target_value: null, target_unit: null })!,
    tasks: tasks.items,
    tasksTotal: tasks.total,
    tasksNextCursor: tasks.nextCursor,
    children: ranked.map((r) => ({
      orgId: r.orgId,
      orgName: r.orgName,
      assigned: r.assigned,
      due: r.due,
      done: r.done,
      doneOnTime: r.doneOnTime,
      overdue: r.overdue,
      lagging: extra.get(r.orgId)?.lagging ?? 0,
      rate: r.rate,
      onTimeRate: r.onTimeRate,
      rank: r.rank,
    })),
    trend,
  };
}

/** Today's row of every organisation's trend (the deadline sweep writes it after refreshing the flags). */
export function writeDailyStats(db: Kysely<DB>, day: string): Promise<number> {
  return upsertDailyStats(db, day);
}

/** The official-document writer (GB/T 9704), for the areas that issue documents (通报, assessment notices). */
export { renderOfficialDocx, renderOfficialPdf } from './official-doc.ts';
