/** A task's own status: 办理中, 已办结 (closed by its owner), 已撤销. */
export const TASK_STATUSES = ['active', 'closed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Where a problem on the problem list (问题清单) came from: the rectify area owns the list. */
export { PROBLEM_SOURCES, type ProblemSource } from '../rectify/problem-state.ts';

/** What an in-app notification is about. */
export const NOTIFICATION_KINDS = [
  'assigned',
  'due_soon',
  'overdue',
  'submitted',
  'accepted',
  'returned',
  'reopened',
  'cancelled',
  'chased',
  'problem',
  'notice',
  'instruction',
  'transfer',
  'assess',
  'appraisal',
  'grid',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What the platform asks of an organisation; the burden meter counts these (DESIGN.md principle 3): work assigned,
 * chase-ups, supervisions aimed at it, reports (ledger entries) and evidence files it filed, problems it was given,
 * meetings it held because a task asked for them.
 */
export const DEMAND_KINDS = ['assignment', 'chase', 'supervision', 'report', 'evidence', 'problem', 'meeting'] as const;
export type DemandKind = (typeof DEMAND_KINDS)[number];
