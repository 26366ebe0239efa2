import type { z } from 'zod';
import type {
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
import { api, toQuery } from '../../../lib/api.ts';

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
