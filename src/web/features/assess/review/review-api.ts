import type { z } from 'zod';
import type {
  createReviewBody,
  ReviewDetail,
  ReviewHistory,
  ReviewImportResult,
  ReviewList,
  reviewCommentBody,
  reviewGradeBody,
  reviewPollBody,
  reviewProblemBody,
  reviewReportBody,
} from '../../../../contracts/review.ts';
import { ApiError, api, downloadFile, downloadFromPost, toQuery } from '../../../lib/api.ts';

/** 书记抓基层党建述职评议: the rounds of a subtree, a round, and the writes on one organisation of it. */
export function getReviews(q: { orgId: number; year?: number }): Promise<ReviewList> {
  return api.get(`/api/reviews${toQuery(q)}`);
}

export function getReview(id: number): Promise<ReviewDetail> {
  return api.get(`/api/reviews/${id}`);
}

export function createReview(body: z.input<typeof createReviewBody>): Promise<ReviewDetail> {
  return api.post('/api/reviews', body);
}

const at = (id: number, orgId: number, step: string) => `/api/reviews/${id}/orgs/${orgId}/${step}`;

export function putReport(id: number, orgId: number, body: z.input<typeof reviewReportBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'report'), body);
}

export function putComment(id: number, orgId: number, body: z.input<typeof reviewCommentBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'comment'), body);
}

export function putPoll(id: number, orgId: number, body: z.input<typeof reviewPollBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'poll'), body);
}

export function putGrade(id: number, orgId: number, body: z.input<typeof reviewGradeBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'grade'), body);
}

export function addReviewProblem(
  id: number,
  orgId: number,
  body: z.input<typeof reviewProblemBody>,
): Promise<ReviewDetail> {
  return api.post(at(id, orgId, 'problems'), body);
}

/** The written report as a file (.docx or .pdf), besides the typed text. */
export function uploadReportFile(id: number, orgId: number, file: File): Promise<ReviewDetail> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload(at(id, orgId, 'report-file'), form);
}

/** A report file of the organisation (the latest or one from its history). */
export function downloadReportFile(id: number, orgId: number, fileId: number, name: string): Promise<void> {
  return downloadFile(at(id, orgId, `files/${fileId}`), name);
}

/** Every change to the organisation's review, oldest first. */
export function getReviewHistory(id: number, orgId: number): Promise<ReviewHistory> {
  return api.get(at(id, orgId, 'history'));
}

function isImportResult(x: unknown): x is ReviewImportResult {
  return typeof x === 'object' && x !== null && 'errors' in x && 'rows' in x && 'layout' in x;
}

function pollForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

/**
 * Uploads a poll workbook (tally sheet or ballots): commit=false only checks. A workbook with problems answers 422
 * IMPORT_INVALID whose details are the same result; both come back here as a result to show.
 */
export function importReviewPoll(
  id: number,
  file: File,
  commit: boolean,
  shouldAttend?: number | null,
): Promise<ReviewImportResult> {
  const q = toQuery({ commit: commit ? 'true' : 'false', ...(shouldAttend != null ? { shouldAttend } : {}) });
  return api.upload<ReviewImportResult>(`/api/reviews/${id}/import${q}`, pollForm(file)).catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isImportResult(e.details)) return e.details;
    throw e;
  });
}

/** The uploaded workbook back with every problem marked (red cells with comments, a sheet of problems). */
export async function downloadReviewPollErrors(
  id: number,
  file: File,
  fallbackName: string,
  shouldAttend?: number | null,
): Promise<void> {
  const q = toQuery(shouldAttend != null ? { shouldAttend } : {});
  await downloadFromPost(`/api/reviews/${id}/import/errors${q}`, pollForm(file), fallbackName);
}
