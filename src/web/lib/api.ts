/**
 * The one HTTP client of the web app. Same-origin cookie session; error bodies are
 * `{ error: { code, message, key, params, details } }` with `message` in Chinese and `key`/`params` naming it in the
 * shared message table, surfaced as ApiError (errorMessage renders it in the current language).
 * An UNAUTHENTICATED answer anywhere hands control to the registered handler (→ login page).
 */
import type { WireMsg } from '../../domain/messages.ts';
import { t, tm } from './i18n.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** The message by key of the shared table, when the server named one. */
  readonly msg: WireMsg | null;
  constructor(status: number, code: string, message: string, details?: unknown, msg: WireMsg | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.msg = msg;
  }
}

let unauthorizedHandler: (() => void) | null = null;

/** Called when the session has ended (401 UNAUTHENTICATED); the app navigates to the login page. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  unauthorizedHandler = fn;
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** `?a=1&b=x,y`, leaving out empty values; arrays become the server's comma lists. */
export function toQuery(params: Record<string, QueryValue>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length > 0) sp.set(k, v.join(','));
    } else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy page, an empty body)
  }
  const err = (
    body as { error?: { code?: unknown; message?: unknown; key?: unknown; params?: unknown; details?: unknown } } | null
  )?.error;
  if (err && typeof err === 'object' && typeof err.message === 'string') {
    const msg =
      typeof err.key === 'string'
        ? {
            key: err.key,
            params: typeof err.params === 'object' && err.params ? (err.params as WireMsg['params']) : {},
          }
        : null;
    return new ApiError(res.status, typeof err.code === 'string' ? err.code : 'UNKNOWN', err.message, err.details, msg);
  }
  return new ApiError(res.status, `HTTP_${res.status}`, t('error.http', { status: res.status }));
}

async function send(method: string, url: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  // A state-changing request carries an idempotency key: sent again after a dropped connection (once, with the
  // same key), it returns the first answer and the server writes nothing twice.
  const mutating = method !== 'GET';
  if (mutating) (init.headers as Record<string, string>)['idempotency-key'] = crypto.randomUUID();
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    if (!mutating) throw new ApiError(0, 'NETWORK', t('error.network'));
    await new Promise((r) => setTimeout(r, 1000));
    try {
      res = await fetch(url, init);
    } catch {
      throw new ApiError(0, 'NETWORK', t('error.network'));
    }
  }
  if (!res.ok) {
    const e = await toApiError(res);
    if (e.code === 'UNAUTHENTICATED') unauthorizedHandler?.();
    throw e;
  }
  if (mutating && res.headers.get('idempotent-replayed') === 'true') await refuseWrittenEarlier(res);
  return res;
}

/**
 * The retry of a write whose first answer was lost after it committed gets `{ written: true }` instead of that
 * answer: the caller, which expects the entity, is told the write was made and to refresh, not handed that body.
 */
async function refuseWrittenEarlier(res: Response): Promise<void> {
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { written?: unknown; messageKey?: unknown } | null;
  if (body?.written === true && body.messageKey === 'notice.idem.writtenEarlier') {
    const msg = { key: 'notice.idem.writtenEarlier', params: {} };
    throw new ApiError(res.status, 'WRITTEN_EARLIER', t('notice.idem.writtenEarlier'), undefined, msg);
  }
}

async function json<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await send(method, url, body);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(url: string) => json<T>('GET', url),
  post: <T>(url: string, body?: unknown) => json<T>('POST', url, body ?? {}),
  put: <T>(url: string, body: unknown) => json<T>('PUT', url, body),
  patch: <T>(url: string, body: unknown) => json<T>('PATCH', url, body),
  delete: <T>(url: string) => json<T>('DELETE', url),
  upload: <T>(url: string, form: FormData) => json<T>('POST', url, form),
};

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(cd);
  return plain?.[1] ?? fallback;
}

/** Hands a file answer to the browser as a download, under the name the server gave it. */
async function saveResponse(res: Response, fallbackName: string): Promise<void> {
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameOf(res, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Downloads a file through fetch (so that errors show as messages, not as a JSON page). */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  await saveResponse(await send('GET', url), fallbackName);
}

/** Downloads what a POST with a JSON body answers (a file made by the request itself); returns the answer's headers. */
export async function downloadFromPost(url: string, body: unknown, fallbackName: string): Promise<Headers> {
  const res = await send('POST', url, body ?? {});
  await saveResponse(res, fallbackName);
  return res.headers;
}

/** The message to show for any thrown value, in the current language. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return tm(e.msg, e.message);
  if (e instanceof Error && e.message) return e.message;
  return t('error.unknown');
}
