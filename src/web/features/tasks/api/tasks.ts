import type { z } from 'zod';
import type { assignResult, createTaskBody, TaskDetail, TaskSummary, updateTaskBody } from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };
export type TaskQuery = {
  orgId: number;
  deploymentId?: number;
  status?: 'active' | 'closed' | 'cancelled';
  q?: string;
  owner?: 'own' | 'subtree';
  page?: number;
  pageSize?: number;
};
export type CreateTaskBody = z.infer<typeof createTaskBody>;
export type UpdateTaskBody = z.infer<typeof updateTaskBody>;
export type AssignBody = {
  orgIds?: number[];
  rule?: { underOrgId: number; types: string[]; fields?: string[] };
  deadline?: string;
  targetPerOrg?: number;
};
export type AssignResult = z.infer<typeof assignResult>;

export function listTasks(q: TaskQuery): Promise<Paged<TaskSummary>> {
  return api.get(`/api/tasks${toQuery(q)}`);
}

export function getTask(id: number): Promise<TaskDetail> {
  return api.get(`/api/tasks/${id}`);
}

export function createTask(body: CreateTaskBody): Promise<TaskDetail> {
  return api.post('/api/tasks', body);
}

export function updateTask(id: number, body: UpdateTaskBody): Promise<TaskDetail> {
  return api.patch(`/api/tasks/${id}`, body);
}

export function assignTask(id: number, body: AssignBody): Promise<AssignResult> {
  return api.post(`/api/tasks/${id}/assignments`, body);
}

/** Whether the organisation lies in the account's scope (its owner may edit and assign the task). */
export async function isOrgInScope(orgId: number): Promise<boolean> {
  try {
    await api.get(`/api/orgs/${orgId}`);
    return true;
  } catch {
    return false;
  }
}
