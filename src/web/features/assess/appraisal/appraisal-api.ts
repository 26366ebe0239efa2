import type { z } from 'zod';
import type {
  AppraisalDetail,
  AppraisalSummary,
  decisionBody,
  HandlingEventBody,
  memberEntryBody,
} from '../../../../contracts/appraisal.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** 民主评议党员: a branch's appraisals, opening one, recording entries, the decision and the handling steps. */
export function getAppraisals(q: { orgId: number; year?: number }): Promise<AppraisalSummary[]> {
  return api.get(`/api/appraisals${toQuery(q)}`);
}

export function getAppraisal(id: number): Promise<AppraisalDetail> {
  return api.get(`/api/appraisals/${id}`);
}

export function openAppraisal(body: {
  orgId: number;
  year: number;
  asOf: string;
  dueOn?: string;
}): Promise<AppraisalDetail> {
  return api.post('/api/appraisals', body);
}

export function recordEntry(
  id: number,
  personId: number,
  body: z.input<typeof memberEntryBody>,
): Promise<AppraisalDetail> {
  return api.put(`/api/appraisals/${id}/members/${personId}`, body);
}

export function decide(id: number, body: z.input<typeof decisionBody>): Promise<AppraisalDetail> {
  return api.post(`/api/appraisals/${id}/decisions`, body);
}

export function recordHandling(id: number, personId: number, body: HandlingEventBody): Promise<AppraisalDetail> {
  return api.post(`/api/appraisals/${id}/members/${personId}/handling`, body);
}
