import type { z } from 'zod';
import type { problemSummary, responsibilityRow } from '../../../../contracts/tasks.ts';
import { api, downloadFile, toQuery } from '../../../lib/api.ts';
import type { Paged } from './tasks.ts';

export type ProblemSummary = z.infer<typeof problemSummary>;
export type ResponsibilityRow = z.infer<typeof responsibilityRow>;

export function listProblems(q: { orgId: number; deploymentId?: number; page?: number; pageSize?: number }): Promise<Paged<ProblemSummary>> {
  return api.get(`/api/problems${toQuery(q)}`);
}

export function createProblem(body: { orgId: number; title: string; description?: string; taskIds?: number[] }): Promise<ProblemSummary> {
  return api.post('/api/problems', body);
}

export function listResponsibilities(q: { orgId: number; deploymentId?: number }): Promise<ResponsibilityRow[]> {
  return api.get(`/api/responsibilities${toQuery(q)}`);
}

export function exportResponsibilities(q: { orgId: number; deploymentId?: number }, fallbackName: string): Promise<void> {
  return downloadFile(`/api/responsibilities/export${toQuery(q)}`, fallbackName);
}
