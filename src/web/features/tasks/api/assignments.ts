import type { Paged } from '../../../../contracts/common.ts';
import type {
  AssignmentDetail,
  AssignmentListParams,
  AssignmentSummary,
  ChaseBody,
  ChaseResult,
  DecomposeBody,
  EventBody,
  LedgerFields,
  TaskDetail,
} from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export type AssignmentEventName = EventBody['event'];

export function listAssignments(q: AssignmentListParams & { orgId: number }): Promise<Paged<AssignmentSummary>> {
  return api.get(`/api/assignments${toQuery(q)}`);
}

export function getAssignment(id: number): Promise<AssignmentDetail> {
  return api.get(`/api/assignments/${id}`);
}

export function fireEvent(id: number, event: AssignmentEventName, reason?: string): Promise<AssignmentDetail> {
  const body: EventBody = { event, ...(reason ? { reason } : {}) };
  return api.post(`/api/assignments/${id}/events`, body);
}

/** A null figure or correctsId is left out of the form, as is an absent one. */
type LedgerInput = Omit<LedgerFields, 'figure' | 'correctsId'> & {
  figure?: number | null;
  correctsId?: number | null;
  files: File[];
};

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

export function decomposeAssignment(id: number, body: DecomposeBody = {}): Promise<TaskDetail> {
  return api.post(`/api/assignments/${id}/decompose`, body);
}

export function evidenceUrl(fileId: number): string {
  return `/api/evidence/${fileId}`;
}

/** 催办 one receiver (its assigner; once a day). */
export function chaseAssignment(id: number, note?: string): Promise<ChaseResult> {
  const body: ChaseBody = note ? { note } : {};
  return api.post(`/api/assignments/${id}/chase`, body);
}
