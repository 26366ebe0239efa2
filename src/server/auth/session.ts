import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isRole } from '../../domain/auth/roles.ts';
import type { DB } from '../db/schema.ts';
import type { Scope } from './scope.ts';
import {
  deleteSession,
  deleteUserSessions,
  findSessionAccount,
  insertSession,
  updateSessionLastSeen,
} from './session.queries.ts';

export const SESSION_COOKIE = 'luoshi_session';

function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Kysely<DB>, userId: number, now: Date, hours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, {
    id: sessionIdOf(token),
    user_id: userId,
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(now.getTime() + hours * 3600_000),
  });
  return token;
}

export async function destroySession(db: Kysely<DB>, token: string): Promise<void> {
  const id = sessionIdOf(token);
  cache.delete(id);
  await deleteSession(db, id);
}

export async function destroyUserSessions(db: Kysely<DB>, userId: number, exceptToken?: string): Promise<void> {
  for (const [id, hit] of cache) if (hit.row.user_id === userId) cache.delete(id);
  await deleteUserSessions(db, userId, exceptToken ? sessionIdOf(exceptToken) : undefined);
}

/**
 * A short-lived cache of session rows (request overhead: one query less per request). Logout, a password change,
 * a reset, a changed role or scope and a disabled account drop the account's entries in this process at once; in
 * another process of the same installation an entry lives at most SESSION_CACHE_MS. Expiry is checked on every
 * request against the request's clock.
 */
const SESSION_CACHE_MS = 2000;
const SESSION_CACHE_MAX = 50_000;
type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionAccount>>>;
const cache = new Map<string, { row: SessionRow; at: number }>();

async function sessionRow(db: Kysely<DB>, id: string): Promise<SessionRow | undefined> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < SESSION_CACHE_MS) return hit.row;
  const row = await findSessionAccount(db, id);
  if (cache.size >= SESSION_CACHE_MAX) cache.clear();
  if (row) cache.set(id, { row, at: Date.now() });
  else cache.delete(id);
  return row;
}

/** The account behind a session token, with its scope; null when the session is unknown, expired or disabled. */
export async function resolveSession(db: Kysely<DB>, token: string, now: Date): Promise<Scope | null> {
  return (await resolveSessionAccount(db, token, now))?.scope ?? null;
}

/** resolveSession, and whether the account must change its password before doing anything else. */
export async function resolveSessionAccount(
  db: Kysely<DB>,
  token: string,
  now: Date,
): Promise<{ scope: Scope; mustChangePassword: boolean } | null> {
  const id = sessionIdOf(token);
  const row = await sessionRow(db, id);
  if (!row || row.disabled || row.expires_at.getTime() <= now.getTime() || !isRole(row.role)) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 5 * 60_000) {
    await updateSessionLastSeen(db, id, now);
    row.last_seen_at = now;
  }
  const scope: Scope = {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    orgId: row.org_id,
    orgPath: row.org_path,
    personId: row.person_id,
  };
  return { scope, mustChangePassword: row.must_change_password };
}
