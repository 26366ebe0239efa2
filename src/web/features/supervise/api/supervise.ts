import type { Paged } from '../../../../contracts/common.ts';
import type {
  CreateFindingBody,
  CreateNoticeBody,
  CreateSupervisionBody,
  NoticeDetail,
  SupervisionDetail,
  SupervisionSummary,
  UpdateNoticeBody,
} from '../../../../contracts/supervise.ts';
import type { ProblemDetail } from '../../../../contracts/tasks.ts';
import { api, toQuery } from '../../../lib/api.ts';

export type NoticeSummary = Omit<NoticeDetail, 'weights' | 'ranking' | 'wording' | 'canManage'>;

export function listSupervisions(q: {
  orgId: number;
  page?: number;
  pageSize?: number;
  cursor?: string;
}): Promise<Paged<SupervisionSummary>> {
  return api.get(`/api/supervisions${toQuery(q)}`);
}

export function createSupervision(body: CreateSupervisionBody): Promise<SupervisionDetail> {
  return api.post('/api/supervisions', body);
}

export function getSupervision(id: number): Promise<SupervisionDetail> {
  return api.get(`/api/supervisions/${id}`);
}

export function addFinding(id: number, body: CreateFindingBody): Promise<SupervisionDetail> {
  return api.post(`/api/supervisions/${id}/findings`, body);
}

/** Turns a finding into a problem (source 督查发现, issued by the supervising organisation), once. */
export function findingToProblem(
  id: number,
  findingId: number,
  body: { title?: string; deadline?: string | null } = {},
): Promise<ProblemDetail> {
  return api.post(`/api/supervisions/${id}/findings/${findingId}/problem`, body);
}

export function listNotices(q: {
  orgId: number;
  page?: number;
  pageSize?: number;
  cursor?: string;
}): Promise<Paged<NoticeSummary>> {
  return api.get(`/api/notices${toQuery(q)}`);
}

export function createNotice(body: CreateNoticeBody): Promise<NoticeDetail> {
  return api.post('/api/notices', body);
}

export function getNotice(id: number): Promise<NoticeDetail> {
  return api.get(`/api/notices/${id}`);
}

/** A draft's wording (title, number, addressees, opening and closing paragraphs); a published notice refuses (409). */
export function updateNotice(id: number, body: UpdateNoticeBody): Promise<NoticeDetail> {
  return api.patch(`/api/notices/${id}`, body);
}

export function publishNotice(id: number): Promise<NoticeDetail> {
  return api.post(`/api/notices/${id}/publish`, {});
}

/** The document as written: the PDF is served inline (for the preview), the .docx as a download. */
export function noticeFileUrl(id: number, format: 'docx' | 'pdf'): string {
  return `/api/notices/${id}/file?format=${format}`;
}
