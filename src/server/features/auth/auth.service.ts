import type { Kysely } from 'kysely';
import type { Me } from '../../../contracts/auth.ts';
import { isLocked, isRole, lockoutAfterFailure, passwordProblem, permissionsOf } from '../../../domain/auth/roles.ts';
import { appendAudit } from '../../auth/audit.ts';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import { createSession, destroySession, destroyUserSessions } from '../../auth/session.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import {
  findOrgName,
  findUserByUsername,
  findUserPasswordHash,
  updateLoginFailures,
  updateLoginSuccess,
  updateUserPassword,
} from './auth.queries.ts';

// Compared against when the username is unknown, so that a wrong name costs as long as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function formatLockTime(d: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** Checks the password; on success returns a new session token. Wrong passwords count toward a lock-out. */
export async function login(
  db: Kysely<DB>,
  input: { username: string; password: string },
  now: Date,
  sessionHours: number,
): Promise<{ token: string; userId: number }> {
  const user = await findUserByUsername(db, input.username);
  if (!user) {
    await verifyPassword(input.password, DUMMY_HASH);
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  if (user.disabled) throw new AppError('INVALID_CREDENTIALS', '该账号已停用，请联系管理员');
  if (isLocked(user.locked_until, now)) {
    throw new AppError(
      'ACCOUNT_LOCKED',
      `密码错误次数过多，账号已锁定，请于 ${formatLockTime(user.locked_until!)} 后再试，或联系管理员解锁`,
    );
  }
  const ok = await verifyPassword(input.password, user.password_hash);
  if (!ok) {
    const next = lockoutAfterFailure(user.failed_logins, now);
    await db.transaction().execute(async (trx) => {
      await updateLoginFailures(trx, user.id, next.failures, next.lockedUntil, now);
      await appendAudit(trx, {
        at: now,
        actorId: user.id,
        actorName: user.username,
        action: next.lockedUntil ? 'auth.locked' : 'auth.login_failed',
        entity: 'app_user',
        entityId: user.id,
        orgId: user.org_id,
        after: { failedLogins: next.failures, lockedUntil: next.lockedUntil },
      });
    });
    if (next.lockedUntil) {
      throw new AppError('ACCOUNT_LOCKED', `密码错误次数过多，账号已锁定至 ${formatLockTime(next.lockedUntil)}`);
    }
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  const token = await db.transaction().execute(async (trx) => {
    await updateLoginSuccess(trx, user.id, now);
    await appendAudit(trx, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.login',
      entity: 'app_user',
      entityId: user.id,
      orgId: user.org_id,
    });
    return createSession(trx, user.id, now, sessionHours);
  });
  return { token, userId: user.id };
}

/** Ends the session behind the token (logging out). */
export async function logout(db: Kysely<DB>, token: string): Promise<void> {
  await destroySession(db, token);
}

export async function getMe(ctx: Ctx): Promise<Me> {
  const orgName = await findOrgName(ctx.db, ctx.actor.orgId);
  if (!isRole(ctx.actor.role)) throw new AppError('FORBIDDEN', '账号角色无效');
  return {
    id: ctx.actor.userId,
    username: ctx.actor.username,
    displayName: ctx.actor.displayName,
    role: ctx.actor.role,
    orgId: ctx.actor.orgId,
    orgName,
    personId: ctx.actor.personId,
    permissions: [...permissionsOf(ctx.actor.role)],
  };
}

/** Changes one's own password; other sessions of the account end. */
export async function changeOwnPassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  keepToken: string,
): Promise<void> {
  const user = await findUserPasswordHash(ctx.db, ctx.actor.userId);
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('VALIDATION_FAILED', '当前密码不正确', { field: 'currentPassword' });
  }
  const problem = passwordProblem(input.newPassword);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { field: 'newPassword' });
  if (input.newPassword === input.currentPassword) {
    throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同', { field: 'newPassword' });
  }
  const hash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserPassword(trx, user.id, hash, ctx.now);
    await destroyUserSessions(trx, user.id, keepToken);
    await audit(
      trx,
      ctx,
      'auth.password_change',
      { entity: 'app_user', entityId: user.id, orgId: user.org_id },
      null,
      null,
    );
  });
}
