import type { FormInstance } from 'antd';
import { ApiError, errorMessage } from './api.ts';
import { tm } from './i18n.ts';

type Issue = { field?: unknown; message?: unknown; key?: unknown; params?: unknown };

/** An issue's message in the current language (by its key, when the server named one). */
function issueText(i: Issue, fallback: string): string {
  const text = typeof i.message === 'string' ? i.message : fallback;
  return typeof i.key === 'string'
    ? tm(
        { key: i.key, params: typeof i.params === 'object' && i.params ? (i.params as Record<string, unknown>) : {} },
        text,
      )
    : text;
}

/**
 * Puts the server's per-field validation messages on the form's fields. The server names fields as
 * `details.issues[].field` (e.g. "idNumber" or "body.idNumber") or `details.field`. Returns true when
 * at least one message was placed on a field that the form has.
 */
export function applyServerErrors(form: FormInstance, e: unknown, known: readonly string[]): boolean {
  if (!(e instanceof ApiError) || !e.details || typeof e.details !== 'object') return false;
  const details = e.details as { issues?: unknown; field?: unknown };
  const byField = new Map<string, string[]>();
  const add = (field: unknown, message: string) => {
    if (typeof field !== 'string') return;
    const name = field.replace(/^(body|query|params|querystring)\./, '').split('.')[0] ?? '';
    if (!known.includes(name)) return;
    byField.set(name, [...(byField.get(name) ?? []), message]);
  };
  if (Array.isArray(details.issues)) {
    for (const i of details.issues as Issue[]) add(i.field, issueText(i, errorMessage(e)));
  }
  if (typeof details.field === 'string') add(details.field, errorMessage(e));
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}
