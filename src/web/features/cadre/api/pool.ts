import type {
  CadreList,
  NominateBody,
  PoolEntry,
  PoolExitBody,
  PoolList,
  PoolListQuery,
  PoolRecordBody,
  SetPostBody,
  StructureReport,
} from '../../../../contracts/cadre-pool.ts';
import { api, downloadFile, toQuery } from '../../../lib/api.ts';

/** The cadre record, the young-cadre pool and the structure of leadership teams (area cadre). */
export function getCadres(q: { orgId: number; scope?: 'subtree' | 'team'; young?: 'true' }): Promise<CadreList> {
  return api.get(`/api/cadre/cadres${toQuery(q)}`);
}

export function setPost(personId: number, body: SetPostBody): Promise<{ post: string; rank: string; since: string }> {
  return api.put(`/api/cadre/posts/${personId}`, body);
}

export function getPool(q: PoolListQuery): Promise<PoolList> {
  return api.get(`/api/cadre/pool${toQuery(q)}`);
}

export function nominate(body: NominateBody): Promise<PoolEntry> {
  return api.post('/api/cadre/pool', body);
}

export function addPoolRecord(personId: number, body: PoolRecordBody): Promise<PoolEntry> {
  return api.post(`/api/cadre/pool/people/${personId}/records`, body);
}

export function exitPool(personId: number, body: PoolExitBody): Promise<PoolEntry> {
  return api.post(`/api/cadre/pool/people/${personId}/exit`, body);
}

/** People of the subtree by name or pinyin initials (the nomination's person picker). */
export async function searchPeople(orgId: number, q: string): Promise<{ id: number; name: string; orgName: string }[]> {
  const page = await api.get<{ items: { id: number; name: string; orgName: string }[] }>(
    `/api/members${toQuery({ orgId, q, page: 1, pageSize: 20 })}`,
  );
  return page.items;
}

export function getStructure(q: {
  orgId: number;
  on?: string;
  outside?: 'true';
  level?: 'committee' | 'village' | 'community' | 'branch';
}): Promise<StructureReport> {
  return api.get(`/api/cadre/structure${toQuery(q)}`);
}

/** The pool as .xlsx (年轻干部信息库), filters as the list's. */
export function exportPool(q: PoolListQuery): Promise<void> {
  return downloadFile(`/api/cadre/pool/export${toQuery(q)}`, 'cadre-pool.xlsx');
}

/** The structure report as .xlsx (领导班子结构分析表), filters as the report's. */
export function exportStructure(q: { orgId: number; on?: string; outside?: 'true' }): Promise<void> {
  return downloadFile(`/api/cadre/structure/export${toQuery(q)}`, 'team-structure.xlsx');
}
