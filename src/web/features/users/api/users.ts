import type { Paged } from '../../../../contracts/common.ts';
import type { MemberListParams, MemberRow } from '../../../../contracts/people.ts';
import type {
  BulkAccountsPlan,
  BulkSecretariesBody,
  CreateUserBody,
  UpdateUserBody,
  UserPageParams,
  UserRow,
} from '../../../../contracts/users.ts';
import { ACTIVE_STATUSES } from '../../../../domain/people/vocab.ts';
import { api, downloadFromPost, toQuery } from '../../../lib/api.ts';

/** A page of the accounts (GET /api/users/paged); with `cursor` (the previous page's nextCursor) the one after it. */
export function listUsers(
  orgId: number | undefined,
  q: string | undefined,
  page: number,
  pageSize: number,
  cursor?: string,
): Promise<Paged<UserRow>> {
  const params: UserPageParams = { orgId, q, page, pageSize, cursor };
  return api.get(`/api/users/paged${toQuery(params)}`);
}

export function createUser(body: CreateUserBody): Promise<UserRow> {
  return api.post('/api/users', body);
}

export function updateUser(id: number, body: UpdateUserBody): Promise<UserRow> {
  return api.patch(`/api/users/${id}`, body);
}

export type PersonOption = Pick<MemberRow, 'id' | 'name'>;

/** Members of the organisation itself, to link a 党员 account to its owner's record. */
export async function findPeople(orgId: number, q: string): Promise<PersonOption[]> {
  const params: MemberListParams = {
    orgId,
    q: q || undefined,
    status: [...ACTIVE_STATUSES],
    descendants: 'false',
    pageSize: 30,
  };
  const page = await api.get<Paged<MemberRow>>(`/api/members${toQuery(params)}`);
  return page.items;
}

type BulkRequest = Omit<BulkSecretariesBody, 'dryRun'>;

/** Who 批量开通书记账号 would open accounts for, and who it would skip (nothing is written). */
export function previewSecretaryAccounts(body: BulkRequest): Promise<BulkAccountsPlan> {
  return api.post('/api/users/bulk-secretaries', { ...body, dryRun: true });
}

/** Opens the accounts and downloads their initial passwords (.xlsx, answered once); the number created. */
export async function openSecretaryAccounts(body: BulkRequest, fallbackName: string): Promise<number> {
  const headers = await downloadFromPost('/api/users/bulk-secretaries', { ...body, dryRun: false }, fallbackName);
  return Number(headers.get('x-accounts-created') ?? 0);
}
