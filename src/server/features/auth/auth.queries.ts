import type { Kysely, Transaction } from 'kysely';
import type { AppUser, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The whole account row for a login attempt (any organisation: the login decides the scope). */
export function findUserByUsername(db: Q, username: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The signed-in account's hash; the account exists (its session was just resolved), so a miss throws. */
export function findUserPasswordHash(db: Q, id: number): Promise<Pick<AppUser, 'id' | 'password_hash' | 'org_id'>> {
  return db
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'org_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Records a wrong password: the running count and, once it reaches the limit, the lock. */
export async function updateLoginFailures(
  db: Q,
  id: number,
  failures: number,
  lockedUntil: Date | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_logins: failures, locked_until: lockedUntil, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Records a successful login: the failure count and any lock are cleared. */
export async function updateLoginSuccess(db: Q, id: number, now: Date): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null, last_login_at: now })
    .where('id', '=', id)
    .execute();
}

export async function updateUserPassword(db: Q, id: number, passwordHash: string, now: Date): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The name of the account's own organisation, read by id (it is the scope's root, so always inside it). */
export async function findOrgName(db: Q, orgId: number): Promise<string> {
  const org = await db.selectFrom('org').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
  return org.name;
}
