import type { AssignmentDetail, AssignmentSummary, TaskDetail } from '../../../../contracts/tasks.ts';
import type { DisplayState } from '../../../../domain/tasks/assignment-state.ts';
import { api, toQuery } from '../../../lib/api.ts';
import type { Paged } from './tasks.ts';

export type AssignmentQuery = {
  orgId: number;
  taskId?: number;
  deploymentId?: number;
  displayState?: DisplayState[];
  deadlineFrom?: string;
  deadlineTo?: string;
  own?: 'true' | 'false';
  sort?: 'deadline' | 'assignedOn' | 'org';
  page?: number;
  pageSize?: number;
};
export type AssignmentEventName = AssignmentDetail['allowedEvents'][number];

export function listAssignments(q: AssignmentQuery): Promise<Paged<AssignmentSummary>> {
  return api.get(`/api/assignments${toQuery(q)}`);
}

export function getAssignment(id: number): Promise<AssignmentDetail> {
  return api.get(`/api/assignments/${id}`);
}

export function fireEvent(id: number, event: AssignmentEventName, reason?: string): Promise<AssignmentDetail> {
  return api.post(`/api/assignments/${id}/events`, { event, ...(reason ? { reason } : {}) });
}

export type LedgerInput = { text: string; entryDate: string; figure?: number | null; correctsId?: number | null; files: File[] };

/** multipart: text, entryDate, figure, correctsId and the evidence files as repeated `files` fields. */
export function addLedgerEntry(id: number, input: LedgerInput): Promise<AssignmentDetail> {
  const form = new FormData();
  form.append('text', input.text);
  form.append('entryDate', input.entryDate);
  if (input.figure !== null && input.figure !== undefined) form.append('figure', String(input.figure));
  if (input.correctsId) form.append('correctsId', String(input.correctsId));
  for (const f of input.files) form.append('files', f, f.name);
  return api.upload(`/api/assignments/${id}/ledger`, form);
}

export function decomposeAssignment(id: number, body: { title?: string; requirement?: string } = {}): Promise<TaskDetail> {
  return api.post(`/api/assignments/${id}/decompose`, body);
}

export function evidenceUrl(fileId: number): string {
  return `/api/evidence/${fileId}`;
}
