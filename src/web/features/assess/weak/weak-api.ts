import type { z } from 'zod';
import type {
  designateBody,
  WeakCountsAnswer,
  WeakDetail,
  WeakList,
  WeakRoundOptions,
  weakCheckBody,
  weakLeaderBody,
  weakMeasureBody,
} from '../../../../contracts/appraisal.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** 软弱涣散基层党组织 register: the list with counts, a designation, its measures, leader and acceptance checks. */
export function getWeakOrgs(q: { orgId: number; year?: number }): Promise<WeakList> {
  return api.get(`/api/weak-orgs${toQuery(q)}`);
}

/** The subtree's counts (designated, lifted, overdue) and per child of its root, for the dashboard. */
export function getWeakCounts(q: { orgId: number; year?: number }): Promise<WeakCountsAnswer> {
  return api.get(`/api/weak-orgs/counts${toQuery(q)}`);
}

/** The final rounds that assessed an organisation, with its result and whether it is a reason to designate it. */
export function getWeakRounds(orgId: number): Promise<WeakRoundOptions> {
  return api.get(`/api/weak-orgs/rounds${toQuery({ orgId })}`);
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
