import type { ProblemListParams } from '../../../../contracts/tasks.ts';
import { PROBLEM_STATES, type ProblemState } from '../../../../domain/rectify/problem-state.ts';
import { type RequestState, useRequest } from '../../../lib/use-request.ts';
import { listProblems } from '../api/problems.ts';

export type ProblemCounts = { byState: Record<ProblemState | 'all', number>; overdue: number };

type Filters = Omit<ProblemListParams, 'state' | 'page' | 'pageSize' | 'cursor'> & {
  orgId: number;
  state?: ProblemState | undefined;
};

/**
 * The figures on the board's filters: how many problems in each state under the other filters (source, deployment,
 * overdue), and how many overdue in the chosen state. The list's exact totals, one page of one row each.
 */
export function useProblemCounts(f: Filters, enabled = true): RequestState<ProblemCounts> {
  const { orgId, deploymentId, source, overdue, state } = f;
  return useRequest(
    async () => {
      const base = { orgId, deploymentId, source, pageSize: 1 };
      const [all, overdueTotal, ...states] = await Promise.all([
        listProblems({ ...base, overdue }),
        listProblems({ ...base, state, overdue: 'true' }),
        ...PROBLEM_STATES.map((s) => listProblems({ ...base, overdue, state: s })),
      ]);
      const byState = { all: all.total } as ProblemCounts['byState'];
      PROBLEM_STATES.forEach((s, i) => {
        byState[s] = states[i]?.total ?? 0;
      });
      return { byState, overdue: overdueTotal.total };
    },
    [orgId, deploymentId, source, overdue, state],
    enabled,
  );
}
