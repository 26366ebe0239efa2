import type { z } from 'zod';
import type {
  confirmResult,
  DeleteDeploymentResult,
  DeploymentDetail,
  DeploymentSummary,
  OutlineItem,
} from '../../../../contracts/deploy.ts';
import { api, toQuery } from '../../../lib/api.ts';

export type ConfirmResult = z.infer<typeof confirmResult>;

export function listDeployments(orgId: number, status?: 'draft' | 'confirmed'): Promise<DeploymentSummary[]> {
  return api.get(`/api/deployments${toQuery({ orgId, status })}`);
}

export function getDeployment(id: number): Promise<DeploymentDetail> {
  return api.get(`/api/deployments/${id}`);
}

/** Pasted text: the server parses it into a draft outline. */
export function createDeployment(body: {
  orgId: number;
  text: string;
  title?: string;
  meetingDate?: string;
}): Promise<DeploymentDetail> {
  return api.post('/api/deployments', body);
}

/** A .txt (UTF-8 or GB18030) or .docx file, multipart field `file`. */
export function importDeployment(orgId: number, file: File, meetingDate?: string | null): Promise<DeploymentDetail> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload(`/api/deployments/import${toQuery({ orgId, meetingDate })}`, form);
}

export function updateDeployment(
  id: number,
  body: { title?: string; meetingDate?: string | null; items?: OutlineItem[] },
): Promise<DeploymentDetail> {
  return api.patch(`/api/deployments/${id}`, body);
}

export function confirmDeployment(id: number): Promise<ConfirmResult> {
  return api.post(`/api/deployments/${id}/confirm`);
}

/** A draft only; the audit log keeps its title and item count. */
export function deleteDeployment(id: number): Promise<DeleteDeploymentResult> {
  return api.delete(`/api/deployments/${id}`);
}
