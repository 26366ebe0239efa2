import type { ResponsibilityParams, ResponsibilityRow } from '../../../../contracts/tasks.ts';
import { api, downloadFile, toQuery } from '../../../lib/api.ts';

export function listResponsibilities(q: ResponsibilityParams & { orgId: number }): Promise<ResponsibilityRow[]> {
  return api.get(`/api/responsibilities${toQuery(q)}`);
}

export function exportResponsibilities(
  q: ResponsibilityParams & { orgId: number },
  fallbackName: string,
): Promise<void> {
  return downloadFile(`/api/responsibilities/export${toQuery(q)}`, fallbackName);
}
