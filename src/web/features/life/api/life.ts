import type {
  CreateMeetingBody,
  LifeCompliance,
  LifeRates,
  MeetingDetail,
  MeetingFormDefaults,
  PatchMeetingBody,
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
