import { type Kysely, sql, type Transaction } from 'kysely';
import { builtOnce, rowsOf } from '../../db/built-once.ts';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Each active child organisation's totals over all tasks (its subtree's roll-ups), in the tree's order. */
export async function listChildTotals(db: Q, orgId: number) {
  const { rows } = await sql<{
    org_id: number;
    org_name: string;
    assigned: number;
    done: number;
    done_on_time: number;
    overdue: number;
    lagging: number;
    due: number;
  }>`
    select c.id as org_id, c.name as org_name,
      coalesce(sum(r.assigned), 0)::int as assigned, coalesce(sum(r.due), 0)::int as due,
      coalesce(sum(r.done), 0)::int as done,
      coalesce(sum(r.done_on_time), 0)::int as done_on_time, coalesce(sum(r.overdue), 0)::int as overdue,
      coalesce(sum(r.lagging), 0)::int as lagging
    from org c left join (
      -- The children's ids as an array: the filter reaches both sides of the view through their org_id indexes
      -- (a lateral join or a join on the view's grouped rows would aggregate the whole table first).
      select * from task_rollup_live l
      where l.org_id = any(array(select id from org where parent_id = ${orgId} and status = 'active'))
    ) r on r.org_id = c.id
    where c.parent_id = ${orgId} and c.status = 'active'
    group by c.id, c.name, c.sort_order order by c.sort_order, c.id`.execute(db);
  return rows;
}

/** An organisation's daily totals since a day (the trend). */
const dailyStats = builtOnce((db, orgId: number, fromDay: string) =>
  db
    .selectFrom('org_daily_stat')
    .select(['day', 'assigned', 'due', 'done', 'overdue', 'lagging'])
    .where('org_id', '=', orgId)
    .where('day', '>=', fromDay)
    .orderBy('day'),
);

export function listDailyStats(db: Q, orgId: number, fromDay: string) {
  return rowsOf(db, dailyStats(db, orgId, fromDay));
}

/** Writes (or rewrites) one day's totals of every organisation from the roll-ups; returns the rows written. */
export async function upsertDailyStats(db: Q, day: string): Promise<number> {
  const stat = await sql`
    insert into org_daily_stat (org_id, day, assigned, due, done, overdue, lagging)
    select org_id, ${day}::date, sum(assigned)::int, sum(due)::int, sum(done)::int, sum(overdue)::int,
      sum(lagging)::int
    from task_rollup_live group by org_id
    on conflict (org_id, day) do update set assigned = excluded.assigned, due = excluded.due, done = excluded.done,
      overdue = excluded.overdue, lagging = excluded.lagging`.execute(db);
  return Number(stat.numAffectedRows ?? 0);
}
