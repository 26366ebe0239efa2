import type { Kysely } from 'kysely';
import { msg } from '../../../domain/messages.ts';
import { displayState, isDue, reminderWindow } from '../../../domain/tasks/assignment-state.ts';
import { FIGURE_SOURCE_KINDS } from '../../../domain/tasks/figure-source.ts';
import type { DB } from '../../db/schema.ts';
import { type AppraisalSweepResult, sweepAppraisalReminders } from '../assess/appraisal.service.ts';
import { sweepOneShoulder } from '../cadre/cadre.service.ts';
import type { Clock } from '../context.ts';
import { type GridSweepResult, sweepGridMatters } from '../grid/escalation.service.ts';
import { sweepLifeCompliance } from '../life/compliance.service.ts';
import { type NewNotification, notify } from '../notifications/notifications.service.ts';
import { sweepProblemReminders } from '../rectify/escalation.service.ts';
import { writeDailyStats } from '../report/report.service.ts';
import { num, refreshMeasured } from '../rollups/rollups.service.ts';
import { listOpenWithDeadline, updateFlags } from './assignments.queries.ts';

/**
 * The deadline sweep: time, not writes, turns work overdue, lagging or due. For every open assignment with a
 * deadline it recomputes the three flags (the roll-ups follow by the assignment triggers' deltas), sends
 * due-soon and overdue reminders (once each, by key), sends the problems' escalation and 回头看 reminders and the
 * 民主评议党员 ones, records the grid matters' escalation, and writes today's row of org_daily_stat for the trend.
 * Idempotent: running it twice on one day changes nothing the second time.
 */
export type SweepResult = {
  checked: number;
  changed: number;
  reminders: number;
  statRows: number;
  /** Problems: overdue ones seen, closed ones due for 回头看, reminders sent (rectify/escalation.service.ts). */
  problems: { overdue: number; recheckDue: number; reminders: number };
  /** Grid matters waiting to be handled past their deadline, and the rungs of escalation newly recorded (grid). */
  grid: GridSweepResult;
  /** 民主评议党员: appraisals past their due day undecided, 限期改正 near or past, reminders sent (assess). */
  appraisal: AppraisalSweepResult;
  /** Organisations whose 组织生活 figures were checked again (a month ended since; life/compliance.service.ts). */
  life: { checked: number };
  /** Assignments whose figures are read from records, measured again (a missed change cannot outlive a day). */
  measured: number;
  /** Organisations whose 一肩挑 counts of the month were kept (cadre area; the trend). */
  oneShoulderMonths: number;
};

export async function sweepDeadlines(db: Kysely<DB>, clock: Clock): Promise<SweepResult> {
  const { today, taskRules } = clock;
  let checked = 0;
  let changed = 0;
  let reminders = 0;
  let afterId = 0;
  for (;;) {
    const batch = await listOpenWithDeadline(db, afterId, 5000);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    checked += batch.length;
    const flips: { id: number; overdue: boolean; lagging: boolean; due: boolean }[] = [];
    const notices: NewNotification[] = [];
    for (const a of batch) {
      const shown = displayState(
        { state: a.state, assignedOn: a.assigned_on, deadline: a.deadline, progress: num(a.progress) },
        today,
        taskRules,
      );
      const overdue = shown === 'overdue';
      const lagging = shown === 'lagging';
      const due = isDue(a, today);
      if (overdue !== a.is_overdue || lagging !== a.is_lagging || due !== a.is_due) {
        flips.push({ id: a.id, overdue, lagging, due });
      }
      if (overdue) {
        notices.push({
          orgId: a.org_id,
          kind: 'overdue',
          title: msg('notice.overdue.title', { task: a.title }),
          body: msg('notice.overdue.body', { deadline: a.deadline ?? '' }),
          taskId: a.task_id,
          assignmentId: a.id,
          dedupeKey: `overdue:${a.id}:${a.deadline}`,
        });
      } else {
        const window = reminderWindow(a.deadline!, today, taskRules.reminderDaysBeforeDeadline);
        if (window !== null && a.state !== 'submitted') {
          notices.push({
            orgId: a.org_id,
            kind: 'due_soon',
            title: msg('notice.dueSoon.title', { task: a.title }),
            body: msg('notice.dueSoon.body', { deadline: a.deadline ?? '', org: a.assigner_name }),
            taskId: a.task_id,
            assignmentId: a.id,
            dedupeKey: `due:${a.id}:${a.deadline}:${window}`,
          });
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      // One statement per batch: on PGlite every statement holds the only connection (and the event loop).
      await updateFlags(trx, flips);
      reminders += await notify(trx, notices);
    });
    changed += flips.length;
  }
  const problems = await sweepProblemReminders(db, clock);
  const grid = await sweepGridMatters(db, clock);
  const statRows = await writeDailyStats(db, today);
  const appraisal = await sweepAppraisalReminders(db, clock);
  const life = await sweepLifeCompliance(db, clock);
  let measured = 0;
  for (const kind of FIGURE_SOURCE_KINDS) {
    measured += await db
      .transaction()
      .execute((trx) => refreshMeasured(trx, kind, { year: null, orgIds: null }, clock));
  }
  const oneShoulderMonths = await sweepOneShoulder(db, clock);
  return { checked, changed, reminders, statRows, problems, grid, life, appraisal, measured, oneShoulderMonths };
}
