import type { Paged } from '../../../../contracts/common.ts';
import type { ResponsibilityParams, ResponsibilityRow } from '../../../../contracts/tasks.ts';
import { api, downloadFile, toQuery } from '../../../lib/api.ts';

/** A page of the list (keyset paging: the next page after the previous answer's cursor). */
export function listResponsibilityPage(
  q: ResponsibilityParams & { orgId: number; page: number; pageSize: number; cursor?: string | undefined },
): Promise<Paged<ResponsibilityRow>> {
  return api.get(`/api/responsibilities/paged${toQuery(q)}`);
}

export function exportResponsibilities(
  q: ResponsibilityParams & { orgId: number },
  fallbackName: string,
): Promise<void> {
  return downloadFile(`/api/responsibilities/export${toQuery(q)}`, fallbackName);
}
