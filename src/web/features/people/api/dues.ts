import type { z } from 'zod';
import type {
  DuesImportResult,
  DuesPaymentList,
  DuesReport,
  duesArrangementBody,
  duesBaseBody,
  duesExtraBody,
  duesPaymentBody,
  FloatingDto,
  floatingBody,
  floatingContactBody,
  floatingReturnBody,
  TransferDto,
  transferBody,
  transferEventBody,
} from '../../../../contracts/dues.ts';
import { ApiError, api, downloadFile, downloadFromPost, toQuery } from '../../../lib/api.ts';

export type DuesMember = DuesReport['members'][number];

export function getDues(q: { orgId: number; year?: number }): Promise<DuesReport> {
  return api.get(`/api/dues${toQuery(q)}`);
}

export function setDuesBase(body: z.input<typeof duesBaseBody>): Promise<DuesMember> {
  return api.post('/api/dues/bases', body);
}

export function payDues(body: z.input<typeof duesPaymentBody>): Promise<DuesMember> {
  return api.post('/api/dues/payments', body);
}

export function listDuesPayments(q: { orgId: number; year?: number }): Promise<DuesPaymentList> {
  return api.get(`/api/dues/payments${toQuery(q)}`);
}

export function setDuesArrangement(body: z.input<typeof duesArrangementBody>): Promise<DuesMember> {
  return api.post('/api/dues/arrangements', body);
}

export function recordDuesExtra(body: z.input<typeof duesExtraBody>): Promise<DuesMember> {
  return api.post('/api/dues/extras', body);
}

export function voidDuesPayment(id: number, reason: string): Promise<DuesMember> {
  return api.post(`/api/dues/payments/${id}/void`, { reason });
}

export function listTransfers(q: { orgId: number; state?: string }): Promise<TransferDto[]> {
  return api.get(`/api/transfers${toQuery(q)}`);
}

export function createTransfer(body: z.input<typeof transferBody>): Promise<TransferDto> {
  return api.post('/api/transfers', body);
}

/** The introduction letter (介绍信) of an outgoing transfer, as .docx or PDF. */
export function downloadTransferLetter(id: number, format: 'docx' | 'pdf', fallbackName: string): Promise<void> {
  return downloadFile(`/api/transfers/${id}/letter?format=${format}`, fallbackName);
}

export function transferStep(id: number, body: z.input<typeof transferEventBody>): Promise<TransferDto> {
  return api.post(`/api/transfers/${id}/events`, body);
}

export function listFloating(q: { orgId: number; show?: 'open' | 'all' }): Promise<FloatingDto[]> {
  return api.get(`/api/floating${toQuery(q)}`);
}

export function startFloating(body: z.input<typeof floatingBody>): Promise<FloatingDto> {
  return api.post('/api/floating', body);
}

export function addFloatingContact(id: number, body: z.input<typeof floatingContactBody>): Promise<FloatingDto> {
  return api.post(`/api/floating/${id}/contacts`, body);
}

export function endFloating(id: number, body: z.input<typeof floatingReturnBody>): Promise<FloatingDto> {
  return api.post(`/api/floating/${id}/return`, body);
}

function ledgerForm(file: File, mapping?: Record<string, string | null>): FormData {
  const form = new FormData();
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return form;
}

/**
 * Uploads a 党费收缴登记表: commit=false only checks; `mapping` is the column mapping the user confirmed (remembered
 * for the next file of its columns). A ledger with errors answers 422 IMPORT_INVALID whose details are the same result.
 */
export function importDuesLedger(
  orgId: number,
  file: File,
  commit: boolean,
  mapping?: Record<string, string | null>,
): Promise<DuesImportResult> {
  const q = toQuery({ orgId, commit: commit ? 'true' : 'false' });
  return api.upload<DuesImportResult>(`/api/dues/import${q}`, ledgerForm(file, mapping)).catch((e: unknown) => {
    const d = e instanceof ApiError ? (e.details as DuesImportResult | undefined) : undefined;
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && d && Array.isArray(d.errors)) return d;
    throw e;
  });
}

/** The uploaded ledger back with every problem marked. */
export async function downloadDuesImportErrors(
  orgId: number,
  file: File,
  fallbackName: string,
  mapping?: Record<string, string | null>,
): Promise<void> {
  await downloadFromPost(`/api/dues/import/errors${toQuery({ orgId })}`, ledgerForm(file, mapping), fallbackName);
}
