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
  await deleteSession(db, sessionIdOf(token));
}

export async function destroyUserSessions(db: Kysely<DB>, userId: number, exceptToken?: string): Promise<void> {
  await deleteUserSessions(db, userId, exceptToken ? sessionIdOf(exceptToken) : undefined);
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
  const row = await findSessionAccount(db, id);
  if (!row || row.disabled || row.expires_at.getTime() <= now.getTime() || !isRole(row.role)) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 5 * 60_000) {
    await updateSessionLastSeen(db, id, now);
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
