import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isRole } from '../../domain/auth/roles.ts';
import type { Scope } from './scope.ts';

export const SESSION_COOKIE = 'luoshi_session';

function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Kysely<DB>, userId: number, now: Date, hours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('app_session')
    .values({
      id: sessionIdOf(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + hours * 3600_000),
    })
    .execute();
  return token;
}

export async function destroySession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('app_session').where('id', '=', sessionIdOf(token)).execute();
}

export async function destroyUserSessions(db: Kysely<DB>, userId: number, exceptToken?: string): Promise<void> {
  let q = db.deleteFrom('app_session').where('user_id', '=', userId);
  if (exceptToken) q = q.where('id', '<>', sessionIdOf(exceptToken));
  await q.execute();
}

/** The account behind a session token, with its scope; null when the session is unknown, expired or disabled. */
export async function resolveSession(db: Kysely<DB>, token: string, now: Date): Promise<Scope | null> {
  const id = sessionIdOf(token);
  const row = await db
    .selectFrom('app_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .innerJoin('org as o', 'o.id', 'u.org_id')
    .select([
      's.expires_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.org_id',
      'u.person_id',
      'u.disabled',
      sql<string>`o.path::text`.as('org_path'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at.getTime() <= now.getTime() || !isRole(row.role)) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 5 * 60_000) {
    await db.updateTable('app_session').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    orgId: row.org_id,
    orgPath: row.org_path,
    personId: row.person_id,
  };
}
