import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Role } from '../../../domain/auth/roles.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import type { AppUser, AppUserTable, DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** An account as the administration screens show it, with its organisation. */
export type UserRecord = Pick<
  AppUser,
  'id' | 'username' | 'display_name' | 'org_id' | 'person_id' | 'disabled' | 'must_change_password' | 'last_login_at'
> & { role: Role; org_name: string; org_path: string; locked: boolean };

/** An account in the installation-wide listing (the CLI). */
export type AccountListRow = Pick<AppUser, 'username' | 'role' | 'org_id' | 'disabled'> & { org_name: string };

type UserFilter = {
  /** ltree path of the organisation whose subtree's accounts are listed */
  withinPath?: string | undefined;
  /** part of the username (any case) or of the display name */
  q?: string | undefined;
};

/** Accounts in the scope; `locked`: some client address is waiting out a login delay for the username at `now`. */
function selectUsers(db: Q, scope: Scope, now: Date) {
  return (
    db
      .selectFrom('app_user as u')
      .innerJoin('org as o', 'o.id', 'u.org_id')
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.role',
        'u.org_id',
        'o.name as org_name',
        sql<string>`o.path::text`.as('org_path'),
        'u.person_id',
        'u.disabled',
        'u.must_change_password',
        'u.last_login_at',
        sql<boolean>`exists (
          select 1 from login_throttle t where t.username = u.username and t.blocked_until > ${now})`.as('locked'),
      ])
      // The column's check constraint admits only the domain's roles.
      .where(orgInScope(sql.ref('o.path'), scope))
  );
}

export function listUsersInScope(db: Q, scope: Scope, now: Date, filter: UserFilter): Promise<UserRecord[]> {
  let query = selectUsers(db, scope, now);
  if (filter.withinPath) query = query.where(sql<boolean>`o.path <@ ${filter.withinPath}::ltree`);
  const term = filter.q;
  if (term)
    query = query.where((eb) =>
      eb.or([eb('u.username', 'ilike', `%${term}%`), eb('u.display_name', 'like', `%${term}%`)]),
    );
  return query.orderBy(sql`o.path`).orderBy('u.username').limit(1000).execute();
}

export function findUserInScope(db: Q, scope: Scope, now: Date, id: number): Promise<UserRecord | undefined> {
  return selectUsers(db, scope, now).where('u.id', '=', id).executeTakeFirst();
}

/** The organisation path of a person inside the scope (an account may be linked only to such a person). */
export async function findPersonOrgPathInScope(db: Q, scope: Scope, personId: number): Promise<string | undefined> {
  const p = await db
    .selectFrom('person as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .select(['p.id', sql<string>`o.path::text`.as('path')])
    .where('p.id', '=', personId)
    .where(orgInScope(sql.ref('o.path'), scope))
    .executeTakeFirst();
  return p?.path;
}

/** An account by its username, in the whole database (usernames are unique across the installation). */
export function findUserByUsername(db: Q, username: string): Promise<Pick<AppUser, 'id' | 'org_id'> | undefined> {
  return db.selectFrom('app_user').select(['id', 'org_id']).where('username', '=', username).executeTakeFirst();
}

export async function insertUser(db: Q, values: Insertable<AppUserTable>): Promise<number> {
  const row = await db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUserFields(db: Q, id: number, set: Updateable<AppUserTable>): Promise<void> {
  await db.updateTable('app_user').set(set).where('id', '=', id).execute();
}

/** Every account of the installation with its organisation, in tree order (the CLI's listing). */
export function listAllUsers(db: Q): Promise<AccountListRow[]> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.org_id')
    .select(['u.username', 'u.role', 'u.org_id', 'o.name as org_name', 'u.disabled'])
    .orderBy(sql`o.path`)
    .orderBy('u.username')
    .execute();
}
