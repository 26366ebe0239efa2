import type { Paged } from '../../../../contracts/common.ts';
import type {
  AssignBody,
  AssignResult,
  CreateTaskBody,
  TaskDetail,
  TaskListParams,
  TaskSummary,
  UpdateTaskBody,
} from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function listTasks(q: TaskListParams & { orgId: number }): Promise<Paged<TaskSummary>> {
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
