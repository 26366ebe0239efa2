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
 * The upload the server kept for a file the wizard checked: later checks and the commit send its id instead of the
 * file (the server does not read it again). Forgotten once committed; an expired one is sent again as the file.
 */
const keptUploads = new WeakMap<File, string>();

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
  const q: ImportParams = { orgId, commit: commit ? 'true' : 'false' };
  const result = await withKeptUpload(
    file,
    (form) => {
      return api.upload<ImportResult>(`/api/members/import${toQuery(q)}`, form).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isImportResult(e.details)) return e.details;
        throw e;
      });
    },
    choices,
  );
  if (result.uploadId && !result.committed) keptUploads.set(file, result.uploadId);
  else if (result.committed) keptUploads.delete(file);
  return result;
}

/** Sends the kept upload's id when there is one, and the file itself when there is none or it has expired. */
async function withKeptUpload<T>(file: File, send: (form: FormData) => Promise<T>, choices: ImportChoices): Promise<T> {
  const uploadId = keptUploads.get(file);
  if (uploadId) {
    try {
      return await send(rosterForm(null, { ...choices, uploadId }));
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'UPLOAD_EXPIRED')) throw e;
      keptUploads.delete(file);
    }
  }
  return send(rosterForm(file, choices));
}

/** The upload with the wizard's choices; they go before the file: the server reads the fields that precede it. */
function rosterForm(file: File | null, choices: ImportChoices): FormData {
  const form = new FormData();
  if (choices.sheets) form.append('sheets', JSON.stringify(choices.sheets));
  if (choices.mapping) form.append('mapping', JSON.stringify(choices.mapping));
  if (choices.uploadId) form.append('uploadId', choices.uploadId);
  if (file) form.append('file', file, file.name);
  return form;
}

/** The user's file back with every problem marked (red cells with comments, a list of problems). */
export async function downloadImportErrors(
  orgId: number,
  file: File,
  choices: ImportChoices,
  fallbackName: string,
): Promise<void> {
  await withKeptUpload(
    file,
    (form) => downloadFromPost(`/api/members/import/errors${toQuery({ orgId })}`, form, fallbackName),
    choices,
  );
}

function isImportResult(x: unknown): x is ImportResult {
  return (
    !!x &&
    typeof x === 'object' &&
    Array.isArray((x as ImportResult).errors) &&
    typeof (x as ImportResult).total === 'number'
  );
}
