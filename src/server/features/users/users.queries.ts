import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Role } from '../../../domain/auth/roles.ts';
import type { PositionTitle } from '../../../domain/org/vocab.ts';
import { ACTIVE_STATUSES } from '../../../domain/people/vocab.ts';
import { orgInScope } from '../../auth/scope.queries.ts';
import type { Scope } from '../../auth/scope.ts';
import { type PageAt, pageOf, type SortKey, withPage } from '../../db/keyset.queries.ts';
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

function selectFilteredUsers(db: Q, scope: Scope, now: Date, filter: UserFilter) {
  let query = selectUsers(db, scope, now);
  if (filter.withinPath) query = query.where(sql<boolean>`o.path <@ ${filter.withinPath}::ltree`);
  const term = filter.q;
  if (term)
    query = query.where((eb) =>
      eb.or([eb('u.username', 'ilike', `%${term}%`), eb('u.display_name', 'like', `%${term}%`)]),
    );
  return query;
}

/** The first 1,000 accounts by organisation and username (GET /api/users, kept for API clients; the web pages). */
export function listUsersInScope(db: Q, scope: Scope, now: Date, filter: UserFilter): Promise<UserRecord[]> {
  return selectFilteredUsers(db, scope, now, filter).orderBy(sql`o.path`).orderBy('u.username').limit(1000).execute();
}

/** The accounts' order: by organisation (its path, so a subtree's come together), then username (unique). */
export const USER_KEYS: SortKey[] = [{ expr: sql`o.path`, read: sql`o.path::text` }, { expr: sql`u.username` }];

/** One page of the accounts in the scope, and their total. */
export async function listUsersPageInScope(
  db: Q,
  scope: Scope,
  now: Date,
  filter: UserFilter,
  page: PageAt,
): Promise<{ rows: UserRecord[]; total: number; next: unknown[] | null }> {
  const q = selectFilteredUsers(db, scope, now, filter);
  const [rows, count] = await Promise.all([
    withPage(q, USER_KEYS, page).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ...pageOf(rows, page.limit, USER_KEYS.length), total: count.n };
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

/** A current holder of a committee post, with whether the person has an account (and its name, if in the scope). */
export type CommitteeHolderRow = {
  org_id: number;
  org_code: string;
  org_name: string;
  person_id: number;
  person_name: string;
  title: PositionTitle;
  has_account: boolean;
  account_username: string | null;
};

/**
 * Who holds one of `titles` on `today` in the active organisations under `path` (and inside the scope), people on the
 * roll only: in tree order, 书记 before the other posts of an organisation, the earlier appointment first.
 */
export function listCommitteeHolders(
  db: Q,
  scope: Scope,
  path: string,
  titles: readonly PositionTitle[],
  today: string,
): Promise<CommitteeHolderRow[]> {
  return db
    .selectFrom('org_position as op')
    .innerJoin('org as o', 'o.id', 'op.org_id')
    .innerJoin('person as p', 'p.id', 'op.person_id')
    .select([
      'op.org_id',
      'o.code as org_code',
      'o.name as org_name',
      'op.person_id',
      'p.name as person_name',
      'op.title',
      sql<boolean>`exists (select 1 from app_user u where u.person_id = p.id)`.as('has_account'),
      sql<string | null>`(select u.username from app_user u join org uo on uo.id = u.org_id
        where u.person_id = p.id and ${orgInScope(sql.ref('uo.path'), scope)} order by u.id limit 1)`.as(
        'account_username',
      ),
    ])
    .where(sql<boolean>`o.path <@ ${path}::ltree`)
    .where(orgInScope(sql.ref('o.path'), scope))
    .where('o.status', '=', 'active')
    .where('op.title', 'in', [...titles])
    .where('op.started_on', '<=', today)
    .where((eb) => eb.or([eb('op.ended_on', 'is', null), eb('op.ended_on', '>', today)]))
    .where('p.status', 'in', [...ACTIVE_STATUSES])
    .orderBy(sql`o.path`)
    .orderBy(sql`case op.title when 'secretary' then 0 else 1 end`)
    .orderBy('op.started_on')
    .orderBy('op.id')
    .execute();
}

/** Which of these usernames are in use (in the whole installation: usernames are unique across it). */
export async function listTakenUsernames(db: Q, usernames: string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await db.selectFrom('app_user').select('username').where('username', 'in', usernames).execute();
  return rows.map((r) => r.username);
}

/** Which of these people have an account. */
export async function listPeopleWithAccounts(db: Q, personIds: number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('app_user').select('person_id').where('person_id', 'in', personIds).execute();
  return rows.map((r) => r.person_id!);
}

/** Inserts many accounts in one statement. */
export async function insertUsers(db: Q, values: Insertable<AppUserTable>[]): Promise<void> {
  if (values.length > 0) await db.insertInto('app_user').values(values).execute();
}
