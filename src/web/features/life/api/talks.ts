import type { CreateTalkBody, TalkItem, TalkList } from '../../../../contracts/talks.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** 谈心谈话: a branch's talks of a year with its committee, roster and coverage; recording and removing one. */
export function getTalks(q: { orgId: number; year?: number }): Promise<TalkList> {
  return api.get(`/api/talks${toQuery(q)}`);
}

export function recordTalk(body: CreateTalkBody): Promise<TalkItem> {
  return api.post('/api/talks', body);
}

export function deleteTalk(id: number): Promise<{ id: number; deleted: true }> {
  return api.delete(`/api/talks/${id}`);
}
