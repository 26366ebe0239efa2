import type { Kysely } from 'kysely';
import { gridEscalation } from '../../../domain/grid/grid-matter.ts';
import { msg } from '../../../domain/messages.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../context.ts';
import { notify } from '../notifications/notifications.service.ts';
import { insertEscalations, listOverdueMatters, setEscalations } from './grid.queries.ts';

const BATCH = 1000;

export type GridSweepResult = { overdue: number; escalated: number };

/**
 * The grid matters' part of the deadline sweep: each matter waiting to be handled past its deadline reaches a rung
 * of the ladder (RuleSet.grid.ladder): 提醒 of its handler, then 提级督办 by the organisation above the grid's (the
 * street). Each rung is recorded once per matter and deadline (grid_matter_escalation, append-only; a new deadline
 * after a reopening starts the ladder again) and the matter carries the rung it reached, which its board shows and
 * the street's board lists. Each rung also tells its organisation (a notification of kind 'grid', once per matter,
 * deadline and rung). Idempotent: a second run on the same day records and sends nothing.
 */
export async function sweepGridMatters(db: Kysely<DB>, clock: Pick<Clock, 'today' | 'now'>): Promise<GridSweepResult> {
  const { today, now } = clock;
  const ladder = ruleSetOn(today).grid.ladder.value;
  const result: GridSweepResult = { overdue: 0, escalated: 0 };
  let after = 0;
  for (;;) {
    const batch = await listOverdueMatters(db, today, after, BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    result.overdue += batch.length;
    const rows = batch.flatMap((m) => {
      const e = gridEscalation(m.state, m.deadline, today, ladder);
      if (!e) return [];
      return [
        {
          matter_id: m.id,
          deadline: m.deadline!,
          step: e.step,
          on_day: today,
          days_overdue: e.daysOverdue,
          to_org_id: e.step === 'remind' ? m.assignee_org_id : (m.parent_id ?? m.org_id),
          at: now,
          current: m.escalation,
        },
      ];
    });
    await db.transaction().execute(async (trx) => {
      result.escalated += await insertEscalations(
        trx,
        rows.map(({ current: _c, ...r }) => r),
      );
      await setEscalations(
        trx,
        rows.filter((r) => r.current !== r.step).map((r) => ({ id: r.matter_id, step: r.step })),
      );
      await notify(
        trx,
        rows
          .filter((r) => r.to_org_id !== null)
          .map((r) => ({
            orgId: r.to_org_id!,
            kind: 'grid' as const,
            title: msg(r.step === 'remind' ? 'notice.grid.remind' : 'notice.grid.escalate', {
              days: r.days_overdue,
            }),
            body: msg('notice.grid.escalateBody', { deadline: r.deadline }),
            gridMatterId: r.matter_id,
            dedupeKey: `grid-esc:${r.matter_id}:${r.deadline}:${r.step}`,
          })),
      );
    });
    if (batch.length < BATCH) break;
  }
  return result;
}
