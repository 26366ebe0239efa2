import type { Kysely } from 'kysely';
import type { Dashboard } from '../../../contracts/tasks.ts';
import { addDaysIso } from '../../../domain/dates.ts';
import { rankChildren } from '../../../domain/tasks/progress.ts';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { listRollupsAt, type RollupRow, toRollup } from '../rollups/rollups.service.ts';
import { summariesOfRollups } from '../tasks/tasks.service.ts';
import { listChildTotals, listDailyStats, upsertDailyStats } from './report.queries.ts';

/** An organisation's dashboard: every task's completion in its subtree, its totals, the ranking of its children, the trend. */
export async function getDashboard(ctx: Ctx, orgId: number | undefined): Promise<Dashboard> {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  // The three reads are independent: on PostgreSQL they run at once on the pool's connections (the request takes the
  // longest of them, not their sum); PGlite queues them on its one connection.
  const [[rollups, tasks], children, trend] = await Promise.all([
    listRollupsAt(ctx.db, org.id).then(async (r) => [r, await summariesOfRollups(ctx, r)] as const),
    listChildTotals(ctx.db, org.id),
    listDailyStats(ctx.db, org.id, addDaysIso(ctx.today, -90)),
  ]);
  const totals = rollups.reduce<RollupRow>(
    (acc, r) => {
      acc.assigned += r.assigned;
      acc.not_started += r.not_started;
      acc.in_progress += r.in_progress;
      acc.submitted += r.submitted;
      acc.done += r.done;
      acc.done_on_time += r.done_on_time;
      acc.overdue += r.overdue;
      acc.lagging += r.lagging;
      acc.reached += r.reached;
      acc.due += r.due;
      return acc;
    },
    {
      task_id: 0,
      org_id: org.id,
      assigned: 0,
      not_started: 0,
      in_progress: 0,
      submitted: 0,
      done: 0,
      done_on_time: 0,
      overdue: 0,
      lagging: 0,
      figure_sum: '0',
      reached: 0,
      due: 0,
    },
  );
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
    tasks,
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
