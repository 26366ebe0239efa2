import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Paged } from '../../../contracts/common.ts';
import type {
  createUserBody,
  UserRow,
  updateUserBody,
  userListQuery,
  userPageQuery,
} from '../../../contracts/users.ts';
import { checkPassword } from '../../../domain/auth/password-policy.ts';
import { canGrantRole, ROLE_LABELS, type Role } from '../../../domain/auth/roles.ts';
import type { TaskRuleOverrides } from '../../../domain/tasks/task-rules.ts';
import { hashPassword } from '../../auth/password.ts';
import { destroyUserSessions } from '../../auth/session.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import {
  applyOwnPasswordChange,
  type Client,
  clearLoginDelays,
  prepareOwnPasswordChange,
  recordAuthEvent,
} from '../auth/auth.service.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg, systemCtxForOrg } from '../org/org.service.ts';
import {
  type AccountListRow,
  findPersonOrgPathInScope,
  findUserByUsername,
  findUserInScope,
  insertUser,
  listAllUsers,
  listUsersInScope,
  listUsersPageInScope,
  USER_KEYS,
  type UserRecord,
  updateUserFields,
} from './users.queries.ts';

function toUserRow(u: UserRecord): UserRow {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    orgId: u.org_id,
    orgName: u.org_name,
    personId: u.person_id,
    disabled: u.disabled,
    locked: u.locked,
    mustChangePassword: u.must_change_password,
    lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
  };
}

export async function listUsers(ctx: Ctx, q: z.infer<typeof userListQuery>): Promise<UserRow[]> {
  const withinPath = q.orgId ? (await getOrg(ctx, q.orgId)).path : undefined;
  const rows = await listUsersInScope(ctx.db, ctx.actor, ctx.now, { withinPath, q: q.q });
  return rows.map(toUserRow);
}

/** The accounts a page at a time: the next page after `cursor`, else at the page number. */
export async function listUsersPage(ctx: Ctx, q: z.infer<typeof userPageQuery>): Promise<Paged<UserRow>> {
  const withinPath = q.orgId ? (await getOrg(ctx, q.orgId)).path : undefined;
  const { rows, total, next } = await listUsersPageInScope(
    ctx.db,
    ctx.actor,
    ctx.now,
    { withinPath, q: q.q },
    pageAtOf(ctx.auditKey, 'users', q, USER_KEYS.length),
  );
  return {
    items: rows.map(toUserRow),
    ...pageFields(ctx.auditKey, 'users', q, total, next),
  };
}

async function getUser(ctx: Ctx, id: number): Promise<UserRecord> {
  const u = await findUserInScope(ctx.db, ctx.actor, ctx.now, id);
  if (!u) throw AppError.of('USER_NOT_FOUND', 'err.user.notFound', { id });
  return u;
}

function assertGrantable(ctx: Ctx, role: Role): void {
  if (!canGrantRole(ctx.actor.role, role)) {
    throw AppError.of('FORBIDDEN', 'err.user.roleNotGrantable', { role: ROLE_LABELS[role] });
  }
}

/** The password policy for an account's new password; its username and name count as guessable. */
function assertPasswordAcceptable(password: string, personal: string[]): void {
  const verdict = checkPassword(password, personal);
  if (!verdict.ok) throw new AppError('VALIDATION_FAILED', verdict.msg, { field: 'password' });
}

async function assertPersonUsable(ctx: Ctx, personId: number | null | undefined, orgPath: string): Promise<void> {
  if (!personId) return;
  const personOrgPath = await findPersonOrgPathInScope(ctx.db, ctx.actor, personId);
  if (personOrgPath === undefined) {
    throw AppError.of('MEMBER_NOT_FOUND', 'err.person.notFound', { id: personId });
  }
  if (personOrgPath !== orgPath)
    throw AppError.of('VALIDATION_FAILED', 'err.user.personOtherOrg', {}, { field: 'personId' });
}

export async function createUser(ctx: Ctx, body: z.infer<typeof createUserBody>): Promise<UserRow> {
  assertGrantable(ctx, body.role);
  const org = await getOrg(ctx, body.orgId);
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.user.orgDissolved', { org: org.name });
  if (body.role === 'member' && !body.personId) {
    throw AppError.of('VALIDATION_FAILED', 'err.user.memberNeedsPerson', {}, { field: 'personId' });
  }
  await assertPersonUsable(ctx, body.personId, org.path);
  assertPasswordAcceptable(body.password, [body.username, body.displayName]);
  const taken = await findUserByUsername(ctx.db, body.username);
  if (taken)
    throw AppError.of('DUPLICATE', 'err.user.usernameTaken', { username: body.username }, { field: 'username' });
  const hash = await hashPassword(body.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const userId = await insertUser(trx, {
      username: body.username,
      display_name: body.displayName,
      password_hash: hash,
      role: body.role,
      org_id: org.id,
      person_id: body.personId ?? null,
      // an initial password the administrator chose: the owner replaces it at the first login
      must_change_password: true,
      password_changed_at: ctx.now,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, 'user.create', { entity: 'app_user', entityId: userId, orgId: org.id }, null, {
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      orgId: org.id,
      personId: body.personId ?? null,
    });
    return userId;
  });
  return toUserRow(await getUser(ctx, id));
}

/** The request behind an update through the API: the session to keep and the client address. */
export type UpdateSource = { keepToken: string; client: Client };

/**
 * Changes an account. A password for SOMEONE ELSE's account is an administrator's reset: a one-time password the
 * owner changes at the next login, the login delays of the username lifted, every session ended. A password for
 * one's OWN account is a password change and needs the current password, exactly as POST /api/auth/password does
 * (a wrong one counts toward the login delays).
 */
export async function updateUser(
  ctx: Ctx,
  id: number,
  patch: z.infer<typeof updateUserBody>,
  source: UpdateSource | null = null,
): Promise<UserRow> {
  const user = await getUser(ctx, id);
  assertGrantable(ctx, user.role);
  if (patch.role) assertGrantable(ctx, patch.role);
  if (user.id === ctx.actor.userId && (patch.role !== undefined || patch.disabled || patch.orgId !== undefined)) {
    throw AppError.of('FORBIDDEN', 'err.user.notSelf');
  }
  let orgPath = user.org_path;
  if (patch.orgId !== undefined && patch.orgId !== user.org_id) orgPath = (await getOrg(ctx, patch.orgId)).path;
  const role = patch.role ?? user.role;
  if (role === 'member' && !user.person_id) {
    throw AppError.of('VALIDATION_FAILED', 'err.user.memberNeedsPerson', {}, { field: 'role' });
  }
  const self = user.id === ctx.actor.userId;
  let ownHash: string | null = null;
  let resetHash: string | null = null;
  if (patch.password && self) {
    if (!patch.currentPassword || !source) {
      throw AppError.of('VALIDATION_FAILED', 'err.user.currentPasswordNeeded', {}, { field: 'currentPassword' });
    }
    ownHash = await prepareOwnPasswordChange(
      ctx,
      { currentPassword: patch.currentPassword, newPassword: patch.password },
      source.client,
    );
  } else if (patch.password) {
    assertPasswordAcceptable(patch.password, [user.username, patch.displayName ?? user.display_name]);
    resetHash = await hashPassword(patch.password);
  }
  const { currentPassword: _secret, password: _password, ...fields } = patch;
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserFields(trx, id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.orgId !== undefined ? { org_id: patch.orgId } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(resetHash ? { password_hash: resetHash, password_changed_at: ctx.now, must_change_password: true } : {}),
      updated_at: ctx.now,
    });
    if (ownHash && source) await applyOwnPasswordChange(trx, ctx, ownHash, source.keepToken, source.client);
    if (patch.unlock || resetHash) await clearLoginDelays(trx, user.username);
    if (resetHash) {
      await recordAuthEvent(trx, {
        at: ctx.now,
        kind: 'password_reset',
        outcome: 'ok',
        username: user.username,
        userId: user.id,
        client: source?.client ?? null,
      });
    }
    // A reset password, a changed role or scope, or a disabled account ends the account's sessions.
    if (resetHash || patch.role !== undefined || patch.orgId !== undefined || patch.disabled) {
      await destroyUserSessions(trx, id);
    }
    await audit(
      trx,
      ctx,
      'user.update',
      { entity: 'app_user', entityId: id, orgId: patch.orgId ?? user.org_id },
      { displayName: user.display_name, role: user.role, orgId: user.org_id, disabled: user.disabled },
      { ...fields, password: resetHash ? '（已重置）' : ownHash ? '（本人已修改）' : undefined, orgPath },
    );
  });
  return toUserRow(await getUser(ctx, id));
}

/** Every account of the installation, in tree order (the CLI acts for the whole installation). */
export function listAllAccounts(db: Kysely<DB>): Promise<AccountListRow[]> {
  return listAllUsers(db);
}

/**
 * Sets a one-time password (changed at the next login) and lifts the username's login delays, acting as the system
 * administrator of its tree (the CLI). Null when no account has this username.
 */
export async function resetPasswordByUsername(
  db: Kysely<DB>,
  username: string,
  password: string,
  now: Date,
  auditKey: Buffer,
  taskRules: TaskRuleOverrides = {},
): Promise<UserRow | null> {
  const user = await findUserByUsername(db, username);
  if (!user) return null;
  const ctx = await systemCtxForOrg(db, user.org_id, now, auditKey, taskRules);
  return updateUser(ctx, user.id, { password, unlock: true });
}
