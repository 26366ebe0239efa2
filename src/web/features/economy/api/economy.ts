import type { Paged } from '../../../../contracts/common.ts';
import type {
  CorrectIncomeBody,
  CreateIncomeBody,
  EconomyImportResult,
  EconomySummary,
  VillageIncomeDetail,
  VillageListParams,
  VillageRow,
} from '../../../../contracts/economy.ts';
import { ApiError, api, downloadFile, downloadFromPost, toQuery } from '../../../lib/api.ts';

/** 村级集体经济 (issue 13): amounts in 元 throughout; the pages show 万元 where they say so. */

/** `year` left out: the server's current year (the browser's clock is not the server's). */
export function getEconomySummary(orgId: number, year: number | undefined): Promise<EconomySummary> {
  return api.get(`/api/economy/summary${toQuery({ orgId, year })}`);
}

export function listVillages(q: VillageListParams): Promise<Paged<VillageRow>> {
  return api.get(`/api/economy/villages${toQuery(q)}`);
}

export function getVillageIncome(orgId: number, year: number | undefined): Promise<VillageIncomeDetail> {
  return api.get(`/api/economy/entries${toQuery({ orgId, year })}`);
}

export function createIncome(body: CreateIncomeBody): Promise<VillageIncomeDetail> {
  return api.post('/api/economy/entries', body);
}

export function correctIncome(id: number, body: CorrectIncomeBody): Promise<VillageIncomeDetail> {
  return api.post(`/api/economy/entries/${id}/corrections`, body);
}

export function addIncomeFiles(id: number, files: readonly File[]): Promise<VillageIncomeDetail> {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  return api.upload(`/api/economy/entries/${id}/files`, form);
}

export function incomeFileUrl(id: number, fileId: number): string {
  return `/api/economy/entries/${id}/files/${fileId}`;
}

export function exportIncome(orgId: number, year: number | undefined, fallbackName: string): Promise<void> {
  return downloadFile(`/api/economy/export${toQuery({ orgId, year })}`, fallbackName);
}

function listForm(file: File, mapping?: Record<string, string | null>): FormData {
  const form = new FormData();
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return form;
}

/** Uploads a 村级集体经济收入统计表: commit=false only checks; a list with errors comes back as the same result. */
export function importIncome(
  orgId: number,
  file: File,
  commit: boolean,
  mapping?: Record<string, string | null>,
): Promise<EconomyImportResult> {
  const q = toQuery({ orgId, commit: commit ? 'true' : 'false' });
  return api.upload<EconomyImportResult>(`/api/economy/import${q}`, listForm(file, mapping)).catch((e: unknown) => {
    const d = e instanceof ApiError ? (e.details as EconomyImportResult | undefined) : undefined;
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && d && Array.isArray(d.errors)) return d;
    throw e;
  });
}

export async function downloadIncomeImportErrors(
  orgId: number,
  file: File,
  fallbackName: string,
  mapping?: Record<string, string | null>,
): Promise<void> {
  await downloadFromPost(`/api/economy/import/errors${toQuery({ orgId })}`, listForm(file, mapping), fallbackName);
}
