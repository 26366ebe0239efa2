import { type Msg, msg, zhOf } from '../messages.ts';
import type { AssignmentState } from './assignment-state.ts';

/**
 * A batch is what one 下发 created: the assignments made together (picked, or by rule). Platform rules, no
 * regulation sets them: a bulk assignment is undoable as a whole while nobody has started on it; later, single
 * assignments are withdrawn one by one with a reason (the cancel event).
 */
export type BatchMember = { state: AssignmentState; ledgerEntries: number };

export type BatchWithdrawal =
  | { ok: true; withdraw: number }
  | { ok: false; code: 'BATCH_STARTED' | 'BATCH_EMPTY'; message: string; msg: Msg; started: number; rule: string };

const BATCH_RULE = '平台规则：整批撤回仅限于所有承办单位都尚未启动（未记录台账）时';

/** Whether a whole batch may be withdrawn now, and how many assignments that withdraws. */
export function checkBatchWithdrawal(members: readonly BatchMember[]): BatchWithdrawal {
  const open = members.filter((m) => m.state !== 'cancelled');
  if (open.length === 0) {
    const m = msg('rule.batch.empty');
    return { ok: false, code: 'BATCH_EMPTY', message: zhOf(m), msg: m, started: 0, rule: BATCH_RULE };
  }
  const started = open.filter((m) => m.state !== 'not_started' || m.ledgerEntries > 0).length;
  if (started > 0) {
    const m = msg('rule.batch.started', { n: started });
    return {
      ok: false,
      code: 'BATCH_STARTED',
      message: zhOf(m),
      msg: m,
      started,
      rule: BATCH_RULE,
    };
  }
  return { ok: true, withdraw: open.length };
}

/**
 * 催办 (a chase-up): the assigner reminds a receiver whose work is open. Done, submitted (waiting on the assigner)
 * and withdrawn work is not chased. Each chase is a demand on the receiver (the burden meter counts them), so one
 * assignment is chased at most once a day.
 */
export function canChase(state: AssignmentState): boolean {
  return state === 'not_started' || state === 'in_progress';
}

/** Which open assignments a "chase every late receiver" reaches: overdue or lagging ones. */
export function isLate(a: { state: AssignmentState; isOverdue: boolean; isLagging: boolean }): boolean {
  return canChase(a.state) && (a.isOverdue || a.isLagging);
}
