import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';

/**
 * The `cursor` of a list (stable interface: `nextCursor` in every list answer, `cursor` in its query): the sort keys
 * of the page's last row, as base64url JSON, signed with a key derived from the installation's audit key and bound to
 * the list and its sort, so that a cursor altered, or carried to another list or sort, is refused (400) instead of
 * paging from an arbitrary place.
 */
const TAG_BYTES = 16;

function tagOf(key: Buffer, list: string, payload: string): Buffer {
  const derived = createHmac('sha256', key).update('luoshi/list-cursor/v1').digest();
  return createHmac('sha256', derived).update(`${list}\u0000${payload}`).digest().subarray(0, TAG_BYTES);
}

export function encodeCursor(key: Buffer, list: string, keys: readonly unknown[] | null): string | null {
  if (keys === null) return null;
  const payload = Buffer.from(JSON.stringify(keys)).toString('base64url');
  return `${payload}.${tagOf(key, list, payload).toString('base64url')}`;
}

/** The keys of a cursor this installation gave for this list; anything else is a 400 (err.list.badCursor). */
export function decodeCursor(key: Buffer, list: string, cursor: string, arity: number): unknown[] {
  const refuse = () => AppError.of('BAD_REQUEST', 'err.list.badCursor');
  const [payload, tag, extra] = cursor.split('.');
  if (!payload || !tag || extra !== undefined) throw refuse();
  const given = Buffer.from(tag, 'base64url');
  const expected = tagOf(key, list, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  if (!Array.isArray(keys) || keys.length !== arity || !keys.every(scalar)) throw refuse();
  return keys;
}

/**
 * Where a list's page starts: after the cursor's keys when the query carries one, else at the offset of its page
 * number (`PageAt` of src/server/db/keyset.queries.ts).
 */
export function pageAtOf(
  key: Buffer,
  list: string,
  q: { page: number; pageSize: number; cursor?: string | undefined },
  arity: number,
): { limit: number; offset: number } | { limit: number; after: unknown[] } {
  if (q.cursor) return { limit: q.pageSize, after: decodeCursor(key, list, q.cursor, arity) };
  return { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
}

/**
 * The paging fields of a list's answer (`paged(item)` of the contracts, beside its `items`): the total, the page asked
 * for, and the cursor of the page after it (null at the end).
 */
export function pageFields(
  key: Buffer,
  list: string,
  q: { page: number; pageSize: number },
  total: number,
  next: readonly unknown[] | null,
): { total: number; page: number; pageSize: number; nextCursor: string | null } {
  return { total, page: q.page, pageSize: q.pageSize, nextCursor: encodeCursor(key, list, next) };
}
