import type { Paged } from '../../../../contracts/common.ts';
import type {
  CreateGridBody,
  GridDto,
  GridImportResult,
  GridList,
  GridStats,
  MatterDetail,
  MatterEventBody,
  MatterListParams,
  MatterSummary,
  ReportMatterBody,
  UpdateGridBody,
} from '../../../../contracts/grid.ts';
import type { MemberRow } from '../../../../contracts/people.ts';
import { ApiError, api, downloadFile, downloadFromPost, toQuery } from '../../../lib/api.ts';

/** The grids of an organisation's communities and villages (a 网格员: their own). */
export function listGrids(orgId?: number): Promise<GridList> {
  return api.get(`/api/grids${toQuery({ orgId })}`);
}

export function createGrid(body: CreateGridBody): Promise<GridDto> {
  return api.post('/api/grids', body);
}

export function updateGrid(id: number, body: UpdateGridBody): Promise<GridDto> {
  return api.patch(`/api/grids/${id}`, body);
}

export function listMatters(q: MatterListParams): Promise<Paged<MatterSummary>> {
  return api.get(`/api/grid-matters${toQuery(q)}`);
}

export function getMatter(id: number): Promise<MatterDetail> {
  return api.get(`/api/grid-matters/${id}`);
}

/** 上报, with photos when chosen (a multipart form; the fields as the JSON body has them). */
export function reportMatter(body: ReportMatterBody, photos: readonly File[]): Promise<MatterDetail> {
  if (photos.length === 0) return api.post('/api/grid-matters', body);
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== '') form.append(k, String(v));
  for (const f of photos) form.append('files', f, f.name);
  return api.upload('/api/grid-matters', form);
}

/** A step; 处置 may carry photos. */
export function matterStep(id: number, body: MatterEventBody, photos: readonly File[] = []): Promise<MatterDetail> {
  if (photos.length === 0) return api.post(`/api/grid-matters/${id}/events`, body);
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== '') form.append(k, String(v));
  for (const f of photos) form.append('files', f, f.name);
  return api.upload(`/api/grid-matters/${id}/events`, form);
}

export function gridStats(q: {
  orgId?: number;
  by: 'grid' | 'community' | 'street';
  from?: string;
  to?: string;
}): Promise<GridStats> {
  return api.get(`/api/grid-matters/stats${toQuery(q)}`);
}

export function matterFileUrl(id: number, fileId: number): string {
  return `/api/grid-matters/${id}/files/${fileId}`;
}

export function exportMatters(q: MatterListParams, fallbackName: string): Promise<void> {
  const { page: _p, pageSize: _s, cursor: _c, ...filters } = q;
  return downloadFile(`/api/grid-matters/export${toQuery(filters)}`, fallbackName);
}

function listForm(file: File, mapping?: Record<string, string | null>): FormData {
  const form = new FormData();
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return form;
}

/** Uploads a 网格事项登记表: commit=false only checks; a list with errors comes back as the same result. */
export function importMatters(
  orgId: number,
  file: File,
  commit: boolean,
  mapping?: Record<string, string | null>,
): Promise<GridImportResult> {
  const q = toQuery({ orgId, commit: commit ? 'true' : 'false' });
  return api.upload<GridImportResult>(`/api/grid-matters/import${q}`, listForm(file, mapping)).catch((e: unknown) => {
    const d = e instanceof ApiError ? (e.details as GridImportResult | undefined) : undefined;
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && d && Array.isArray(d.errors)) return d;
    throw e;
  });
}

export async function downloadMatterImportErrors(
  orgId: number,
  file: File,
  fallbackName: string,
  mapping?: Record<string, string | null>,
): Promise<void> {
  await downloadFromPost(`/api/grid-matters/import/errors${toQuery({ orgId })}`, listForm(file, mapping), fallbackName);
}

/** People on the roll of an organisation and below, by name (the 网格员 picker). */
export function searchRoll(orgId: number, q: string): Promise<Paged<MemberRow>> {
  return api.get(`/api/members${toQuery({ orgId, q, descendants: 'true', pageSize: 20 })}`);
}
