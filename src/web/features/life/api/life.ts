import type {
  CreateMeetingBody,
  LifeCompliance,
  LifePlan,
  LifeRates,
  MeetingDetail,
  MeetingFormDefaults,
  MeetingImportResult,
  MeetingReportBody,
  PatchMeetingBody,
  PutLifePlanBody,
} from '../../../../contracts/life.ts';
import { ApiError, api, downloadFromPost, toQuery } from '../../../lib/api.ts';

/** 组织生活: the calendar, the meeting form's defaults, recording and correcting a meeting, the subtree's rates. */
export function getLifeCompliance(q: { orgId: number; year?: number }): Promise<LifeCompliance> {
  return api.get(`/api/life/compliance${toQuery(q)}`);
}

export function getLifeRates(q: { orgId: number; year?: number }): Promise<LifeRates> {
  return api.get(`/api/life/rates${toQuery(q)}`);
}

export function getMeetingFormDefaults(orgId: number): Promise<MeetingFormDefaults> {
  return api.get(`/api/meetings/form-defaults${toQuery({ orgId })}`);
}

export function getMeeting(id: number): Promise<MeetingDetail> {
  return api.get(`/api/meetings/${id}`);
}

export function recordMeeting(body: CreateMeetingBody): Promise<MeetingDetail> {
  return api.post('/api/meetings', body);
}

export function correctMeeting(id: number, body: PatchMeetingBody): Promise<MeetingDetail> {
  return api.patch(`/api/meetings/${id}`, body);
}

/** 年度学习安排: the stored plan of a year, or the default the rules give (`generated`). */
export function getLifePlan(q: { orgId: number; year?: number }): Promise<LifePlan> {
  return api.get(`/api/life/plan${toQuery(q)}`);
}

export function saveLifePlan(body: PutLifePlanBody): Promise<LifePlan> {
  return api.put('/api/life/plan', body);
}

/** 民主生活会: when its 情况报告 reached the higher level (null clears it), and a note naming the document. */
export function recordMeetingReport(id: number, body: MeetingReportBody): Promise<MeetingDetail> {
  return api.patch(`/api/meetings/${id}/report`, body);
}

/** Attaches evidence files to a meeting (optional, never required). */
export function uploadMeetingFiles(id: number, files: readonly File[]): Promise<MeetingDetail> {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  return api.upload(`/api/meetings/${id}/files`, form);
}

/**
 * Uploads a 会议台账: commit=false only checks. A ledger with errors answers 422 IMPORT_INVALID whose details are the
 * same result; both come back here as a result to show.
 */
export function importMeetingLedger(
  orgId: number,
  file: File,
  commit: boolean,
  mapping?: Record<string, string | null>,
): Promise<MeetingImportResult> {
  const form = ledgerForm(file, mapping);
  const q = toQuery({ orgId, commit: commit ? 'true' : 'false' });
  return api.upload<MeetingImportResult>(`/api/meetings/import${q}`, form).catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isMeetingImportResult(e.details)) return e.details;
    throw e;
  });
}

/** The uploaded ledger back with every problem marked (red cells with comments, a sheet of problems). */
export async function downloadMeetingImportErrors(
  orgId: number,
  file: File,
  fallbackName: string,
  mapping?: Record<string, string | null>,
): Promise<void> {
  const form = ledgerForm(file, mapping);
  await downloadFromPost(`/api/meetings/import/errors${toQuery({ orgId })}`, form, fallbackName);
}

/** The upload: the file and, when the user set one, the column mapping (header as written → field or null). */
function ledgerForm(file: File, mapping?: Record<string, string | null>): FormData {
  const form = new FormData();
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return form;
}

function isMeetingImportResult(x: unknown): x is MeetingImportResult {
  return (
    !!x &&
    typeof x === 'object' &&
    Array.isArray((x as MeetingImportResult).errors) &&
    typeof (x as MeetingImportResult).total === 'number'
  );
}
