import type { z } from 'zod';
import type {
  designateBody,
  WeakDetail,
  WeakList,
  weakCheckBody,
  weakLeaderBody,
  weakMeasureBody,
} from '../../../../contracts/appraisal.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** 软弱涣散基层党组织 register: the list with counts, a designation, its measures, leader and acceptance checks. */
export function getWeakOrgs(q: { orgId: number; year?: number }): Promise<WeakList> {
  return api.get(`/api/weak-orgs${toQuery(q)}`);
}

export function getWeakOrg(id: number): Promise<WeakDetail> {
  return api.get(`/api/weak-orgs/${id}`);
}

export function designate(body: z.input<typeof designateBody>): Promise<WeakDetail> {
  return api.post('/api/weak-orgs', body);
}

export function addMeasure(id: number, body: z.input<typeof weakMeasureBody>): Promise<WeakDetail> {
  return api.post(`/api/weak-orgs/${id}/measures`, body);
}

export function setLeader(id: number, body: z.input<typeof weakLeaderBody>): Promise<WeakDetail> {
  return api.post(`/api/weak-orgs/${id}/leader`, body);
}

export function recordCheck(id: number, body: z.input<typeof weakCheckBody>): Promise<WeakDetail> {
  return api.post(`/api/weak-orgs/${id}/checks`, body);
}
