import type {
  CreateMeetingBody,
  LifeCompliance,
  LifePlan,
  LifeRates,
  MeetingDetail,
  MeetingFormDefaults,
  PatchMeetingBody,
  PutLifePlanBody,
} from '../../../../contracts/life.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** 组织生活: the calendar, the meeting form's defaults, recording and correcting a meeting, the subtree's rates. */
export function getLifeCompliance(q: { orgId: number; year?: number }): Promise<LifeCompliance> {
  return api.get(`/api/life/compliance${toQuery(q)}`);
}

export function getLifeRates(q: { orgId: number; year?: number }): Promise<LifeRates> {
  return api.get(`/api/life/rates${toQuery(q)}`);
}

export function getMeetingFormDefaults(orgId: number): Promise<MeetingFormDefaults> {
  return api.get(`/api/meetings/form-defaults${toQuery({ orgId })}`);
}

export function getMeeting(id: number): Promise<MeetingDetail> {
  return api.get(`/api/meetings/${id}`);
}

export function recordMeeting(body: CreateMeetingBody): Promise<MeetingDetail> {
  return api.post('/api/meetings', body);
}

export function correctMeeting(id: number, body: PatchMeetingBody): Promise<MeetingDetail> {
  return api.patch(`/api/meetings/${id}`, body);
}

/** 年度学习安排: the stored plan of a year, or the default the rules give (`generated`). */
export function getLifePlan(q: { orgId: number; year?: number }): Promise<LifePlan> {
  return api.get(`/api/life/plan${toQuery(q)}`);
}

export function saveLifePlan(body: PutLifePlanBody): Promise<LifePlan> {
  return api.put('/api/life/plan', body);
}

/** Attaches evidence files to a meeting (optional, never required). */
export function uploadMeetingFiles(id: number, files: readonly File[]): Promise<MeetingDetail> {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  return api.upload(`/api/meetings/${id}/files`, form);
}
