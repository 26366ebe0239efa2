import type {
  CreateOrgBody,
  DissolveOrgBody,
  DissolveOrgResult,
  MoveOrgBody,
  MoveOrgResult,
  OrgChildrenParams,
  OrgDetail,
  OrgSearchHit,
  OrgSearchParams,
  OrgSummary,
  UpdateOrgBody,
} from '../../../../contracts/org.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function getScopeRoot(): Promise<OrgSummary> {
  return api.get('/api/orgs/root');
}

export function getChildren(id: number, includeDissolved = false): Promise<OrgSummary[]> {
  const q: OrgChildrenParams = { includeDissolved: includeDissolved ? 'true' : undefined };
  return api.get(`/api/orgs/${id}/children${toQuery(q)}`);
}

export function getOrg(id: number): Promise<OrgDetail> {
  return api.get(`/api/orgs/${id}`);
}

export function searchOrgs(q: string, within?: number): Promise<OrgSearchHit[]> {
  const params: OrgSearchParams = { q, within, limit: 20 };
  return api.get(`/api/orgs/search${toQuery(params)}`);
}

export function createOrg(parentId: number, body: Omit<CreateOrgBody, 'parentId'>): Promise<OrgSummary> {
  return api.post('/api/orgs', { parentId, ...body });
}

export function updateOrg(id: number, body: UpdateOrgBody): Promise<OrgSummary> {
  return api.patch(`/api/orgs/${id}`, body);
}

export function moveOrg(id: number, newParentId: number): Promise<MoveOrgResult> {
  const body: MoveOrgBody = { newParentId };
  return api.post(`/api/orgs/${id}/move`, body);
}

export function dissolveOrg(id: number, dissolvedOn: string, reason: string): Promise<DissolveOrgResult> {
  const body: DissolveOrgBody = { dissolvedOn, reason };
  return api.post(`/api/orgs/${id}/dissolve`, body);
}
