import type {
  DecideFilingBody,
  FileSecretaryBody,
  SecretaryList,
  SecretaryListQuery,
  SecretaryRow,
} from '../../../../contracts/cadre.ts';
import { api, toQuery } from '../../../lib/api.ts';

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
