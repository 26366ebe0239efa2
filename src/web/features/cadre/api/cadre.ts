import type {
  DecideFilingBody,
  FileSecretaryBody,
  SecretaryList,
  SecretaryListQuery,
  SecretaryRow,
} from '../../../../contracts/cadre.ts';
import { api, downloadFile, toQuery } from '../../../lib/api.ts';

/** 村党组织书记备案 and 一肩挑 (area cadre). */
export function getSecretaries(q: SecretaryListQuery): Promise<SecretaryList> {
  return api.get(`/api/cadre/secretaries${toQuery(q)}`);
}

export function fileSecretary(body: FileSecretaryBody): Promise<SecretaryRow> {
  return api.post('/api/cadre/filings', body);
}

export function decideFiling(id: number, body: DecideFilingBody): Promise<SecretaryRow> {
  return api.post(`/api/cadre/filings/${id}/decision`, body);
}

/** The 书记备案台账 as .xlsx, filters as the list's. */
export function exportSecretaries(q: SecretaryListQuery): Promise<void> {
  return downloadFile(`/api/cadre/secretaries/export${toQuery(q)}`, 'village-secretaries.xlsx');
}
