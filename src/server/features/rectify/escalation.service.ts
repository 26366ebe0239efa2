import type { Kysely } from 'kysely';
import { msg } from '../../../domain/messages.ts';
import { ESCALATION_STEP_LABELS, escalationReminder, isRecheckDue } from '../../../domain/rectify/problem-state.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../context.ts';
import { type NewNotification, notify } from '../notifications/notifications.service.ts';
import { listOverdueProblems, listRecheckDueProblems, orgNames } from './rectify.queries.ts';

const BATCH = 1000;

export type ProblemReminderResult = { overdue: number; recheckDue: number; reminders: number };

/**
 * The problems' part of the hourly deadline sweep: the platform records and reminds, it never decides. For each
 * open problem past its deadline, the rung of the escalation ladder it has reached (RuleSet.rectify.ladder):
 * 提醒 to the responsible organisation; 约谈, 实地督办, 问责 to the issuing side as a suggestion, which it decides
 * and records itself. And 回头看 to the issuing side when a closed problem's re-check falls due. Each is sent once
 * per problem (and deadline, and rung; and re-check day), by the notification's key; the problems are read in
 * batches, each batch's notifications written in one statement.
 */
export async function sweepProblemReminders(
  db: Kysely<DB>,
  clock: Pick<Clock, 'today'>,
): Promise<ProblemReminderResult> {
  const { today } = clock;
  const ladder = ruleSetOn(today).rectify.ladder.value;
  const result: ProblemReminderResult = { overdue: 0, recheckDue: 0, reminders: 0 };

  let after = 0;
  for (;;) {
    const batch = await listOverdueProblems(db, today, after, BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    result.overdue += batch.length;
    const names = await orgNames(
      db,
      batch.map((p) => p.org_id),
    );
    const notices: NewNotification[] = [];
    for (const p of batch) {
      const r = escalationReminder(p.state, p.deadline, today, ladder);
      if (!r) continue;
      const dedupeKey = `problem-escalation:${p.id}:${p.deadline}:${r.step}`;
      if (r.to === 'responsible') {
        notices.push({
          orgId: p.org_id,
          kind: 'problem',
          title: msg('notice.problem.remind.title', { problem: p.title, days: r.daysOverdue }),
          body: msg('notice.problem.remind.body', { deadline: p.deadline ?? '' }),
          problemId: p.id,
          dedupeKey,
        });
      } else {
        const step = ESCALATION_STEP_LABELS[r.step];
        notices.push({
          orgId: p.issuer_org_id,
          kind: 'problem',
          title: msg('notice.problem.escalate.title', {
            problem: p.title,
            org: names.get(p.org_id) ?? '',
            days: r.daysOverdue,
            step,
          }),
          body: msg('notice.problem.escalate.body', { deadline: p.deadline ?? '', from: r.from, step }),
          problemId: p.id,
          dedupeKey,
        });
      }
    }
    result.reminders += await db.transaction().execute((trx) => notify(trx, notices));
    if (batch.length < BATCH) break;
  }

  let afterId = 0;
  for (;;) {
    const batch = await listRecheckDueProblems(db, today, afterId, BATCH);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    result.recheckDue += batch.length;
    const notices: NewNotification[] = batch
      .filter((p) => isRecheckDue('closed', p.recheck_due, today))
      .map((p) => ({
        orgId: p.issuer_org_id,
        kind: 'problem' as const,
        title: msg('notice.problem.recheckDue.title', { problem: p.title, org: p.org_name }),
        body: msg('notice.problem.recheckDue.body', { closed: p.closed_on ?? '', due: p.recheck_due ?? '' }),
        problemId: p.id,
        dedupeKey: `problem-recheck:${p.id}:${p.recheck_due}`,
      }));
    result.reminders += await db.transaction().execute((trx) => notify(trx, notices));
    if (batch.length < BATCH) break;
  }
  return result;
}
