import type { Paged } from '../../../../contracts/common.ts';
import type {
  CreateMemberBody,
  ImportChoices,
  ImportParams,
  ImportResult,
  MemberDetail,
  MemberListParams,
  MemberRow,
  UpdateMemberBody,
} from '../../../../contracts/people.ts';
import { ACTIVE_STATUSES } from '../../../../domain/people/vocab.ts';
import { ApiError, api, downloadFile, downloadFromPost, toQuery } from '../../../lib/api.ts';

/** The roster's filters and sort: the list query without its paging. */
export type MemberFilters = Omit<MemberListParams, 'page' | 'pageSize'>;

/** Without a status filter the roster is the people on the roll (申请人 … 正式党员), as the org's stats count them. */
function onRoll(f: MemberFilters): MemberFilters {
  return f.status && f.status.length > 0 ? f : { ...f, status: [...ACTIVE_STATUSES] };
}

/** One page of the roll; with `cursor` (the previous page's nextCursor) the page after that one, by keyset. */
export function listMembers(
  f: MemberFilters,
  page: number,
  pageSize: number,
  cursor?: string,
): Promise<Paged<MemberRow>> {
  const q: MemberListParams = { ...onRoll(f), page, pageSize, ...(cursor ? { cursor } : {}) };
  return api.get(`/api/members${toQuery(q)}`);
}

export function getMember(id: number): Promise<MemberDetail> {
  return api.get(`/api/members/${id}`);
}

export function getOwnProfile(): Promise<MemberDetail> {
  return api.get('/api/me/profile');
}

export function createMember(body: CreateMemberBody): Promise<MemberDetail> {
  return api.post('/api/members', body);
}

export function updateMember(id: number, body: UpdateMemberBody): Promise<MemberDetail> {
  return api.patch(`/api/members/${id}`, body);
}

/** The roster as .xlsx with the same filters as the list (GET /api/members/export). */
export function exportMembers(f: MemberFilters, fallbackName: string): Promise<void> {
  return downloadFile(`/api/members/export${toQuery(onRoll(f))}`, fallbackName);
}

export function downloadImportTemplate(fallbackName: string): Promise<void> {
  return downloadFile('/api/members/import-template', fallbackName);
}

/**
 * Uploads a roster: commit=false is the dry run. A roster with errors answers 422 IMPORT_INVALID whose
 * details are the same ImportResult; both come back here as a result to show.
 */
export async function importRoster(
  orgId: number,
  file: File,
  commit: boolean,
  choices: ImportChoices = {},
): Promise<ImportResult> {
  const form = rosterForm(file, choices);
  try {
    const q: ImportParams = { orgId, commit: commit ? 'true' : 'false' };
    return await api.upload<ImportResult>(`/api/members/import${toQuery(q)}`, form);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isImportResult(e.details)) return e.details;
    throw e;
  }
}

/** The upload with the wizard's choices; they go before the file: the server reads the fields that precede it. */
function rosterForm(file: File, choices: ImportChoices): FormData {
  const form = new FormData();
  if (choices.sheets) form.append('sheets', JSON.stringify(choices.sheets));
  if (choices.mapping) form.append('mapping', JSON.stringify(choices.mapping));
  form.append('file', file, file.name);
  return form;
}

/** The user's file back with every problem marked (red cells with comments, a list of problems). */
export async function downloadImportErrors(
  orgId: number,
  file: File,
  choices: ImportChoices,
  fallbackName: string,
): Promise<void> {
  await downloadFromPost(`/api/members/import/errors${toQuery({ orgId })}`, rosterForm(file, choices), fallbackName);
}

function isImportResult(x: unknown): x is ImportResult {
  return (
    !!x &&
    typeof x === 'object' &&
    Array.isArray((x as ImportResult).errors) &&
    typeof (x as ImportResult).total === 'number'
  );
}
