import type { OrgDetail, OrgSummary } from '../../../../contracts/org.ts';
import type { OrgType } from '../../../../domain/org/vocab.ts';
import { api, toQuery } from '../../../lib/api.ts';

export type OrgHit = OrgSummary & { pathNames: string[] };

export function getScopeRoot(): Promise<OrgSummary> {
  return api.get('/api/orgs/root');
}

export function getChildren(id: number, includeDissolved = false): Promise<OrgSummary[]> {
  return api.get(`/api/orgs/${id}/children${toQuery({ includeDissolved: includeDissolved || undefined })}`);
}

export function getOrg(id: number): Promise<OrgDetail> {
  return api.get(`/api/orgs/${id}`);
}

export function searchOrgs(q: string, within?: number): Promise<OrgHit[]> {
  return api.get(`/api/orgs/search${toQuery({ q, within, limit: 20 })}`);
}

export type OrgInput = {
  name: string;
  shortName?: string | null;
  code?: string;
  type: OrgType;
  field?: string | null;
  establishedOn?: string | null;
  termStartedOn?: string | null;
  termYears?: number | null;
};

export function createOrg(parentId: number, body: OrgInput): Promise<OrgSummary> {
  return api.post('/api/orgs', { parentId, ...body });
}

export function updateOrg(id: number, body: Partial<OrgInput>): Promise<OrgSummary> {
  return api.patch(`/api/orgs/${id}`, body);
}

export function moveOrg(id: number, newParentId: number): Promise<{ org: OrgSummary; moved: number }> {
  return api.post(`/api/orgs/${id}/move`, { newParentId });
}

export function dissolveOrg(id: number, dissolvedOn: string, reason: string): Promise<{ org: OrgSummary; disabledAccounts: number }> {
  return api.post(`/api/orgs/${id}/dissolve`, { dissolvedOn, reason });
}
