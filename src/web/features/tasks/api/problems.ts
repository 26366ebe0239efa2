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

/**
 * 报告进展 or 申请销号 with evidence files: the same fields as a multipart form (files as repeated `files` fields);
 * without files the step goes as JSON.
 */
export function fireProblemEventWithFiles(id: number, body: ProblemEventBody, files: File[]): Promise<ProblemDetail> {
  if (files.length === 0) return fireProblemEvent(id, body);
  const form = new FormData();
  form.append('event', body.event);
  if (body.note !== undefined) form.append('note', body.note);
  for (const f of files) form.append('files', f, f.name);
  return api.upload(`/api/problems/${id}/events`, form);
}

/** 约谈, 实地督办 or 问责, recorded by the issuing side. */
export function recordProblemAction(id: number, body: ProblemActionBody): Promise<ProblemDetail> {
  return api.post(`/api/problems/${id}/actions`, body);
}
