import type { Paged } from '../../../../contracts/common.ts';
import type {
  CreateProblemBody,
  ProblemActionBody,
  ProblemDetail,
  ProblemEventBody,
  ProblemListParams,
  ProblemSummary,
  UpdateProblemBody,
} from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function listProblems(q: ProblemListParams & { orgId: number }): Promise<Paged<ProblemSummary>> {
  return api.get(`/api/problems${toQuery(q)}`);
}

export function createProblem(body: CreateProblemBody): Promise<ProblemSummary> {
  return api.post('/api/problems', body);
}

export function updateProblem(id: number, body: UpdateProblemBody): Promise<ProblemSummary> {
  return api.patch(`/api/problems/${id}`, body);
}

export function getProblem(id: number): Promise<ProblemDetail> {
  return api.get(`/api/problems/${id}`);
}

/** One step of the rectification (认领 … 重新整改); a refused step answers with the rule's message. */
export function fireProblemEvent(id: number, body: ProblemEventBody): Promise<ProblemDetail> {
  return api.post(`/api/problems/${id}/events`, body);
}

/** 约谈, 实地督办 or 问责, recorded by the issuing side. */
export function recordProblemAction(id: number, body: ProblemActionBody): Promise<ProblemDetail> {
  return api.post(`/api/problems/${id}/actions`, body);
}
