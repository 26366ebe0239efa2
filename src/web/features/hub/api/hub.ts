import type { HubOrgs, HubRegions } from '../../../../contracts/hub.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function getHubRegions(): Promise<HubRegions> {
  return api.get('/api/hub/regions');
}

export function getHubOrgs(region: string, parent?: string): Promise<HubOrgs> {
  return api.get(`/api/hub/regions/${encodeURIComponent(region)}/orgs${toQuery({ parent })}`);
}
