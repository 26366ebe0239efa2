import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AppSessionTable, AppUser, DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A session with the account behind it and that account's organisation path (the scope it will act in). */
type SessionAccountRow = Pick<
  AppUser,
  'username' | 'display_name' | 'role' | 'org_id' | 'person_id' | 'disabled' | 'must_change_password'
> &
  Pick<Selectable<AppSessionTable>, 'expires_at' | 'last_seen_at'> & { user_id: number; org_path: string };

export async function insertSession(db: Q, session: Insertable<AppSessionTable>): Promise<void> {
  await db.insertInto('app_session').values(session).execute();
}

export async function deleteSession(db: Q, id: string): Promise<void> {
  await db.deleteFrom('app_session').where('id', '=', id).execute();
}

/** Deletes every session of the account, except the one with `exceptId` when given. */
export async function deleteUserSessions(db: Q, userId: number, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('app_session').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '<>', exceptId);
  await q.execute();
}

/**
 * The session and its account. No caller scope: this is what a request's scope is built from; the organisation
 * is read by the account's own org_id.
 */
export function findSessionAccount(db: Q, id: string): Promise<SessionAccountRow | undefined> {
  return db
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
      'u.must_change_password',
      sql<string>`o.path::text`.as('org_path'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function updateSessionLastSeen(db: Q, id: string, now: Date): Promise<void> {
  await db.updateTable('app_session').set({ last_seen_at: now }).where('id', '=', id).execute();
}
