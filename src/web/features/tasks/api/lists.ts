import type { Paged } from '../../../../contracts/common.ts';
import type {
  CreateProblemBody,
  ProblemListParams,
  ProblemSummary,
  ResponsibilityParams,
  ResponsibilityRow,
} from '../../../../contracts/tasks.ts';
import { api, downloadFile, toQuery } from '../../../lib/api.ts';

export function listProblems(q: ProblemListParams & { orgId: number }): Promise<Paged<ProblemSummary>> {
  return api.get(`/api/problems${toQuery(q)}`);
}

export function createProblem(body: CreateProblemBody): Promise<ProblemSummary> {
  return api.post('/api/problems', body);
}

export function listResponsibilities(q: ResponsibilityParams & { orgId: number }): Promise<ResponsibilityRow[]> {
  return api.get(`/api/responsibilities${toQuery(q)}`);
}

export function exportResponsibilities(
  q: ResponsibilityParams & { orgId: number },
  fallbackName: string,
): Promise<void> {
  return downloadFile(`/api/responsibilities/export${toQuery(q)}`, fallbackName);
}
