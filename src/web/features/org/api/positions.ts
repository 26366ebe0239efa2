import type { Position } from '../../../../contracts/org.ts';
import type { PositionTitle } from '../../../../domain/org/vocab.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function appoint(orgId: number, body: { personId: number; title: PositionTitle; portfolio?: string; startedOn: string }): Promise<Position> {
  return api.post(`/api/orgs/${orgId}/positions`, body);
}

export function updatePosition(id: number, body: { portfolio?: string | null; endedOn?: string | null }): Promise<Position> {
  return api.patch(`/api/positions/${id}`, body);
}

export type Appointable = { id: number; name: string; status: string; orgName: string };

/** Full members of the organisation itself, by name or pinyin initials (GET /api/members). */
export async function findAppointable(orgId: number, q: string): Promise<Appointable[]> {
  const page = await api.get<{ items: Appointable[] }>(
    `/api/members${toQuery({ orgId, q: q || undefined, status: ['full'], descendants: 'false', pageSize: 30 })}`,
  );
  return page.items;
}
