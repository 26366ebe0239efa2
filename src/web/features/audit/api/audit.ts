import type { AuditAnchor, AuditListParams, AuditRow, AuditVerifyResult } from '../../../../contracts/audit.ts';
import type { Paged } from '../../../../contracts/common.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** One page of the audit log, newest first (the system administrator's also holds the rows without an organisation). */
export function listAudit(params: AuditListParams): Promise<Paged<AuditRow>> {
  return api.get(`/api/audit${toQuery(params)}`);
}

/** Walks the whole chain; with an anchor, also checks that the chain still extends it. */
export function verifyAudit(anchor: AuditAnchor | null): Promise<AuditVerifyResult> {
  return anchor ? api.post('/api/audit/verify', { anchor }) : api.get('/api/audit/verify');
}

/** The head of a chain that verifies: the anchor to keep outside the system. */
export function getAuditAnchor(): Promise<AuditAnchor> {
  return api.get('/api/audit/anchor');
}
