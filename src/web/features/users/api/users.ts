import type { UserRow } from '../../../../contracts/users.ts';
import type { Role } from '../../../../domain/auth/roles.ts';
import { ACTIVE_STATUSES } from '../../../../domain/people/vocab.ts';
import { api, toQuery } from '../../../lib/api.ts';

export function listUsers(orgId: number | undefined, q: string | undefined): Promise<UserRow[]> {
  return api.get(`/api/users${toQuery({ orgId, q })}`);
}

export function createUser(body: { username: string; displayName: string; role: Role; orgId: number; personId?: number | null; password: string }): Promise<UserRow> {
  return api.post('/api/users', body);
}

export function updateUser(
  id: number,
  body: Partial<{ displayName: string; role: Role; orgId: number; disabled: boolean; password: string; unlock: true }>,
): Promise<UserRow> {
  return api.patch(`/api/users/${id}`, body);
}

export type PersonOption = { id: number; name: string };

/** Members of the organisation itself, to link a 党员 account to its owner's record. */
export async function findPeople(orgId: number, q: string): Promise<PersonOption[]> {
  const page = await api.get<{ items: PersonOption[] }>(`/api/members${toQuery({ orgId, q: q || undefined, status: ACTIVE_STATUSES, descendants: 'false', pageSize: 30 })}`);
  return page.items;
}
