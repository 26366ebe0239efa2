import type {
  CreateVillageCaseBody,
  RecordStepBody,
  VillageCaseDetail,
  VillageCountsAnswer,
  VillageList,
  VillageListQuery,
} from '../../../../contracts/village.ts';
import { api, downloadFile, toQuery } from '../../../lib/api.ts';

/** 四议两公开 (area village): the cases of a subtree, one case, opening one, recording its steps, their files. */
export function getVillageCases(q: VillageListQuery): Promise<VillageList> {
  return api.get(`/api/village-decisions${toQuery(q)}`);
}

export function getVillageCounts(q: { orgId: number; year?: number }): Promise<VillageCountsAnswer> {
  return api.get(`/api/village-decisions/counts${toQuery(q)}`);
}

export function getVillageCase(id: number): Promise<VillageCaseDetail> {
  return api.get(`/api/village-decisions/${id}`);
}

export function createVillageCase(body: CreateVillageCaseBody): Promise<VillageCaseDetail> {
  return api.post('/api/village-decisions', body);
}

export function recordVillageStep(id: number, body: RecordStepBody): Promise<VillageCaseDetail> {
  return api.post(`/api/village-decisions/${id}/steps`, body);
}

export function uploadVillageStepFiles(id: number, stepId: number, files: readonly File[]): Promise<VillageCaseDetail> {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  return api.upload(`/api/village-decisions/${id}/steps/${stepId}/files`, form);
}

export function villageFileUrl(id: number, fileId: number): string {
  return `/api/village-decisions/${id}/files/${fileId}`;
}

export function exportVillageCases(q: VillageListQuery): Promise<void> {
  return downloadFile(`/api/village-decisions/export${toQuery(q)}`, 'village-decisions.xlsx');
}
