import type { Paged } from '../../../../contracts/common.ts';
import type {
  DevelopmentCaseDetail,
  DevelopmentCaseSummary,
  DevelopmentPipeline,
  DevelopmentStepBody,
  OpenDevelopmentCaseBody,
} from '../../../../contracts/development.ts';
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
