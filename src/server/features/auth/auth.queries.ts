import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AuthEventOutcome } from '../../../domain/auth/auth-event.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
import type { AppUser, AuthEventTable, DB, LoginThrottleTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The whole account row for a login attempt (any organisation: the login decides the scope). */
export function findUserByUsername(db: Q, username: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The signed-in account's hash; the account exists (its session was just resolved), so a miss throws. */
export function findUserPasswordHash(
  db: Q,
  id: number,
): Promise<Pick<AppUser, 'id' | 'username' | 'display_name' | 'password_hash' | 'org_id'>> {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'password_hash', 'org_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Records a successful login. */
export async function updateLoginSuccess(db: Q, id: number, now: Date): Promise<void> {
  await db.updateTable('app_user').set({ last_login_at: now }).where('id', '=', id).execute();
}

/** The account's own new password: the first-login obligation, if any, is met. */
export async function updateUserPassword(db: Q, id: number, passwordHash: string, now: Date): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, password_changed_at: now, must_change_password: false, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The name of the account's own organisation and whether its password must be changed (read by the account id). */
export async function findOwnAccount(
  db: Q,
  userId: number,
): Promise<{ org_name: string; must_change_password: boolean }> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.org_id')
    .select(['o.name as org_name', 'u.must_change_password'])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
}

export type LoginThrottleRow = Selectable<LoginThrottleTable>;

/** The wrong passwords counted for a username tried from a client address. */
export function findLoginThrottle(db: Q, username: string, clientAddr: string): Promise<LoginThrottleRow | undefined> {
  return db
    .selectFrom('login_throttle')
    .selectAll()
    .where('username', '=', username)
    .where('client_addr', '=', clientAddr)
    .executeTakeFirst();
}

export async function saveLoginThrottle(db: Q, row: LoginThrottleRow): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['username', 'client_addr']).doUpdateSet({
        failures: row.failures,
        last_failed_at: row.last_failed_at,
        blocked_until: row.blocked_until,
      }),
    )
    .execute();
}

/** Forgets the count of one username and address (a correct password from there). */
export async function deleteLoginThrottle(db: Q, username: string, clientAddr: string): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('username', '=', username)
    .where('client_addr', '=', clientAddr)
    .execute();
}

/** Forgets the counts of a username from every address (an administrator's unlock or reset). */
export async function deleteLoginThrottles(db: Q, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('username', '=', username).execute();
}

/** Drops counts whose last wrong password is older than `before` (their window and any delay are over). */
export async function deleteStaleLoginThrottles(db: Q, before: Date): Promise<void> {
  await db.deleteFrom('login_throttle').where('last_failed_at', '<', before).execute();
}

export async function insertAuthEvent(db: Q, event: Insertable<AuthEventTable>): Promise<void> {
  await db.insertInto('auth_event').values(event).execute();
}

export type AuthEventRecord = Selectable<AuthEventTable>;

export type AuthEventFilter = { username?: string | undefined; outcome?: AuthEventOutcome | undefined };

/**
 * The authentication log, newest first: events of accounts inside the scope, and events of usernames that name no
 * account (they belong to no organisation; only the system administrator reads this log).
 */
function selectAuthEvents(db: Q, scope: Scope, filter: AuthEventFilter) {
  let query = db
    .selectFrom('auth_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.user_id')
    .leftJoin('org as o', 'o.id', 'u.org_id')
    .where((eb) => eb.or([eb('e.user_id', 'is', null), orgInScope(sql.ref('o.path'), scope)]));
  if (filter.username) query = query.where('e.username', '=', filter.username);
  if (filter.outcome) query = query.where('e.outcome', '=', filter.outcome);
  return query;
}

/** Newest first; the time read back as text, which keeps its microseconds (a Date would drop them). */
export const AUTH_EVENT_KEYS: SortKey[] = [
  { expr: sql`e.at`, desc: true, read: sql`e.at::text` },
  { expr: sql`e.id`, desc: true },
];

export async function listAuthEvents(
  db: Q,
  scope: Scope,
  filter: AuthEventFilter,
  page: PageAt,
): Promise<{ rows: AuthEventRecord[]; next: unknown[] | null }> {
  const rows = await withPage(selectAuthEvents(db, scope, filter).selectAll('e'), AUTH_EVENT_KEYS, page).execute();
  return pageOf(rows, page.limit, AUTH_EVENT_KEYS.length);
}

export async function countAuthEvents(db: Q, scope: Scope, filter: AuthEventFilter): Promise<number> {
  const row = await selectAuthEvents(db, scope, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
