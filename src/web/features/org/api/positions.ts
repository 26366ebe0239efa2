import type { Paged } from '../../../../contracts/common.ts';
import type { CreatePositionBody, Position, UpdatePositionBody } from '../../../../contracts/org.ts';
import type { MemberListParams, MemberRow } from '../../../../contracts/people.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function appoint(orgId: number, body: CreatePositionBody): Promise<Position> {
  return api.post(`/api/orgs/${orgId}/positions`, body);
}

export function updatePosition(id: number, body: UpdatePositionBody): Promise<Position> {
  return api.patch(`/api/positions/${id}`, body);
}

export type Appointable = Pick<MemberRow, 'id' | 'name' | 'status' | 'orgName'>;

/** Full members of the organisation itself, by name or pinyin initials (GET /api/members). */
export async function findAppointable(orgId: number, q: string): Promise<Appointable[]> {
  const params: MemberListParams = { orgId, q: q || undefined, status: ['full'], descendants: 'false', pageSize: 30 };
  const page = await api.get<Paged<MemberRow>>(`/api/members${toQuery(params)}`);
  return page.items;
}
