import { sql, type Kysely } from 'kysely';
import { displayState, reminderWindow, type AssignmentState } from '../../../domain/tasks/assignment-state.ts';
import type { DB } from '../../db/schema.ts';
import { dispatchExternal, notify, type NewNotification } from '../notifications/notify.ts';
import { refreshTaskRollups } from './rollup.queries.ts';
import { taskRules } from './task-rules.ts';

/**
 * The deadline sweep: time, not writes, turns work overdue or lagging. For every open assignment with a
 * deadline it recomputes the two flags, refreshes the roll-ups of the tasks whose flags changed, sends
 * due-soon and overdue reminders (once each, by key), and writes today's row of org_daily_stat for the trend.
 * Idempotent: running it twice on one day changes nothing the second time.
 */
export type SweepResult = { checked: number; changed: number; reminders: number; statRows: number };

export async function sweepDeadlines(db: Kysely<DB>, today: string): Promise<SweepResult> {
  let checked = 0;
  let changed = 0;
  let reminders = 0;
  const notices: NewNotification[] = [];
  const sent: NewNotification[] = [];
  let afterId = 0;
  for (;;) {
    const batch = await db
      .selectFrom('assignment as a')
      .innerJoin('task as t', 't.id', 'a.task_id')
      .innerJoin('org as g', 'g.id', 'a.assigner_org_id')
      .select(['a.id', 'a.task_id', 'a.org_id', 'a.assigner_org_id', 'a.state', 'a.assigned_on', 'a.deadline', 'a.progress',
        'a.is_overdue', 'a.is_lagging', 't.title', 'g.name as assigner_name'])
      .where('a.id', '>', afterId)
      .where('a.state', 'not in', ['done', 'cancelled'])
      .where('a.deadline', 'is not', null)
      .orderBy('a.id')
      .limit(5000)
      .execute();
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    checked += batch.length;
    const flips: { id: number; overdue: boolean; lagging: boolean }[] = [];
    const tasks = new Map<number, number[]>();
    for (const a of batch) {
      const shown = displayState(
        { state: a.state as AssignmentState, assignedOn: a.assigned_on, deadline: a.deadline, progress: a.progress === null ? null : Number(a.progress) },
        today,
        taskRules(),
      );
      const overdue = shown === 'overdue';
      const lagging = shown === 'lagging';
      if (overdue !== a.is_overdue || lagging !== a.is_lagging) {
        flips.push({ id: a.id, overdue, lagging });
        tasks.set(a.task_id, [...(tasks.get(a.task_id) ?? []), a.org_id]);
      }
      if (overdue) {
        notices.push({
          orgId: a.org_id,
          kind: 'overdue',
          title: `任务已逾期：${a.title}`,
          body: `完成时限 ${a.deadline}，请尽快办理并报送`,
          taskId: a.task_id,
          assignmentId: a.id,
          dedupeKey: `overdue:${a.id}:${a.deadline}`,
        });
      } else {
        const window = reminderWindow(a.deadline!, today, taskRules().reminderDaysBeforeDeadline);
        if (window !== null && a.state !== 'submitted') {
          notices.push({
            orgId: a.org_id,
            kind: 'due_soon',
            title: `任务即将到期：${a.title}`,
            body: `完成时限 ${a.deadline}（${a.assigner_name}下发）`,
            taskId: a.task_id,
            assignmentId: a.id,
            dedupeKey: `due:${a.id}:${a.deadline}:${window}`,
          });
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      if (flips.length > 0) {
        // One statement per batch: on PGlite every statement holds the only connection (and the event loop).
        const rows = sql.join(flips.map((f) => sql`(${f.id}::int, ${f.overdue}::boolean, ${f.lagging}::boolean)`));
        await sql`update assignment a set is_overdue = v.o, is_lagging = v.l
          from (values ${rows}) as v(id, o, l) where a.id = v.id`.execute(trx);
      }
      for (const [taskId, orgIds] of tasks) await refreshTaskRollups(trx, taskId, orgIds);
      const batchNotices = notices.splice(0);
      reminders += await notify(trx, batchNotices);
      sent.push(...batchNotices);
    });
    changed += flips.length;
  }
  const stat = await sql`
    insert into org_daily_stat (org_id, day, assigned, done, overdue, lagging)
    select org_id, ${today}::date, sum(assigned)::int, sum(done)::int, sum(overdue)::int, sum(lagging)::int
    from task_rollup group by org_id
    on conflict (org_id, day) do update set assigned = excluded.assigned, done = excluded.done,
      overdue = excluded.overdue, lagging = excluded.lagging`.execute(db);
  dispatchExternal(sent);
  return { checked, changed, reminders, statRows: Number(stat.numAffectedRows ?? 0) };
}
