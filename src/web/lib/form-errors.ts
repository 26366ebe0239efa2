import type { FormInstance } from 'antd';
import { ApiError } from './api.ts';

type Issue = { field?: unknown; message?: unknown };

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
    for (const i of details.issues as Issue[]) add(i.field, typeof i.message === 'string' ? i.message : e.message);
  }
  if (typeof details.field === 'string') add(details.field, e.message);
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}
