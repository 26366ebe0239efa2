import type { Paged } from '../../../../contracts/common.ts';
import type {
  AssignBody,
  AssignmentBatch,
  AssignPreview,
  AssignResult,
  ChaseBody,
  ChaseResult,
  CreateTaskBody,
  TaskDetail,
  TaskListParams,
  TaskSummary,
  UpdateTaskBody,
  WithdrawBatchBody,
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

/** What a 下发 would do (nothing is written): the count to confirm and the organisations it reaches. */
export function previewAssign(id: number, body: AssignBody): Promise<AssignPreview> {
  return api.post(`/api/tasks/${id}/assignments/preview`, body);
}

export function listBatches(taskId: number): Promise<AssignmentBatch[]> {
  return api.get(`/api/tasks/${taskId}/batches`);
}

export function withdrawBatch(batchId: number, reason: string): Promise<AssignmentBatch> {
  const body: WithdrawBatchBody = { reason };
  return api.post(`/api/assignment-batches/${batchId}/withdraw`, body);
}

/** 催办 every overdue or lagging receiver of the task. */
export function chaseLate(taskId: number, note?: string): Promise<ChaseResult> {
  const body: ChaseBody = note ? { note } : {};
  return api.post(`/api/tasks/${taskId}/chase`, body);
}
