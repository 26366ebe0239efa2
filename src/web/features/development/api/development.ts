import type { Paged } from '../../../../contracts/common.ts';
import type {
  BackfillDevelopmentCaseBody,
  DevelopmentCaseDetail,
  DevelopmentCaseSummary,
  DevelopmentPipeline,
  DevelopmentStepBody,
  OpenDevelopmentCaseBody,
} from '../../../../contracts/development.ts';
import type { MemberRow } from '../../../../contracts/people.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function getPipeline(orgId: number): Promise<DevelopmentPipeline> {
  return api.get(`/api/development/pipeline${toQuery({ orgId })}`);
}

export function listCases(q: {
  orgId?: number;
  personId?: number;
  stage?: string;
}): Promise<Paged<DevelopmentCaseSummary>> {
  return api.get(`/api/development/cases${toQuery(q)}`);
}

export function getCase(id: number): Promise<DevelopmentCaseDetail> {
  return api.get(`/api/development/cases/${id}`);
}

export function openCase(body: OpenDevelopmentCaseBody): Promise<DevelopmentCaseDetail> {
  return api.post('/api/development/cases', body);
}

export function recordStep(id: number, body: DevelopmentStepBody): Promise<DevelopmentCaseDetail> {
  return api.post(`/api/development/cases/${id}/steps`, body);
}

/** 补录在途发展对象: a case opened partway at the person's stage with the dates known. */
export function backfillCase(body: BackfillDevelopmentCaseBody): Promise<DevelopmentCaseDetail> {
  return api.post('/api/development/cases/backfill', body);
}

/** People of the subtree who may be opened partway (activists, candidates, probationary members), by name. */
export function searchPartwayPeople(orgId: number, q: string): Promise<Paged<MemberRow>> {
  const query = { orgId, q: q.trim() || undefined, status: 'activist,candidate,probationary', page: 1, pageSize: 20 };
  return api.get(`/api/members${toQuery(query)}`);
}
