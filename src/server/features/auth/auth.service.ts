import type { Kysely, Transaction } from 'kysely';
import type { AuthEventRow, Me, RetryDetails } from '../../../contracts/auth.ts';
import type { Paged } from '../../../contracts/common.ts';
import type { AuthEventKind, AuthEventOutcome } from '../../../domain/auth/auth-event.ts';
import {
  LOGIN_THROTTLE,
  retryAfterSeconds,
  type ThrottleState,
  throttleAfterFailure,
} from '../../../domain/auth/login-throttle.ts';
import { checkPassword } from '../../../domain/auth/password-policy.ts';
import { isRole, permissionsOf } from '../../../domain/auth/roles.ts';
import { type Msg, msg } from '../../../domain/messages.ts';
import { appendAudit } from '../../auth/audit.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../auth/password.ts';
import { createSession, destroySession, destroyUserSessions } from '../../auth/session.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import {
  AUTH_EVENT_KEYS,
  type AuthEventFilter,
  countAuthEvents,
  deleteLoginThrottle,
  deleteLoginThrottles,
  deleteStaleLoginThrottles,
  findLoginThrottle,
  findOwnAccount,
  findUserByUsername,
  findUserPasswordHash,
  insertAuthEvent,
  type LoginThrottleRow,
  listAuthEvents,
  saveLoginThrottle,
  updateLoginSuccess,
  updateUserPassword,
} from './auth.queries.ts';

type Q = Kysely<DB> | Transaction<DB>;

// Compared against when the username is unknown, so that a wrong name costs as long as a wrong password.

/** Where a try comes from: the client address (the proxy's X-Forwarded-For only when LUOSHI_TRUST_PROXY is set). */
export type Client = { addr: string };

/** What a login needs besides its input: the login runs before there is an actor, so not a Ctx. */
export type LoginEnv = { db: Kysely<DB>; now: Date; sessionHours: number; auditKey: Buffer };

function formatClock(d: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(d);
}

function describeWait(seconds: number): Msg {
  return seconds < 60
    ? msg('err.wait.seconds', { n: seconds })
    : msg('err.wait.minutes', { n: Math.ceil(seconds / 60) });
}

/** The 429 for a username and address in a delay; `details` say when to retry (the Retry-After header too). */
function delayedError(blockedUntil: Date, now: Date): AppError {
  const seconds = Math.max(1, retryAfterSeconds(blockedUntil, now));
  const details: RetryDetails = { retryAfterSeconds: seconds, retryAt: blockedUntil.toISOString() };
  return AppError.of(
    'LOGIN_DELAYED',
    'err.auth.delayed',
    { wait: describeWait(seconds), at: formatClock(blockedUntil) },
    details,
  );
}

function stateOf(row: LoginThrottleRow | undefined): ThrottleState | null {
  return row ? { failures: row.failures, lastFailedAt: row.last_failed_at, blockedUntil: row.blocked_until } : null;
}

/** Appends to the authentication log (also from the users area: an administrator's password reset). */
export async function recordAuthEvent(
  db: Q,
  event: {
    at: Date;
    kind: AuthEventKind;
    outcome: AuthEventOutcome;
    username: string;
    userId: number | null;
    client: Client | null;
    retryAt?: Date | null;
  },
): Promise<void> {
  await insertAuthEvent(db, {
    at: event.at,
    kind: event.kind,
    outcome: event.outcome,
    username: event.username,
    user_id: event.userId,
    client_addr: event.client?.addr ?? null,
    retry_at: event.retryAt ?? null,
  });
}

/** Lifts the login delays of a username from every address (an administrator's unlock or password reset). */
export async function clearLoginDelays(trx: Transaction<DB>, username: string): Promise<void> {
  await deleteLoginThrottles(trx, username);
}

/**
 * Refuses a try while the username is in a delay from this address (the password is not even read), and logs it.
 * Returns the count so far.
 */
async function assertNotDelayed(
  db: Kysely<DB>,
  now: Date,
  kind: AuthEventKind,
  username: string,
  userId: () => Promise<number | null>,
  client: Client,
): Promise<LoginThrottleRow | undefined> {
  const row = await findLoginThrottle(db, username, client.addr);
  if (row?.blocked_until && retryAfterSeconds(row.blocked_until, now) > 0) {
    await recordAuthEvent(db, {
      at: now,
      kind,
      outcome: 'throttled',
      username,
      userId: await userId(),
      client,
      retryAt: row.blocked_until,
    });
    throw delayedError(row.blocked_until, now);
  }
  return row;
}

/** Counts one wrong password for the username and address; returns the end of the delay it starts, if any. */
async function countFailure(
  trx: Transaction<DB>,
  now: Date,
  username: string,
  client: Client,
  previous: LoginThrottleRow | undefined,
): Promise<Date | null> {
  const next = throttleAfterFailure(stateOf(previous), now);
  await saveLoginThrottle(trx, {
    username,
    client_addr: client.addr,
    failures: next.failures,
    last_failed_at: next.lastFailedAt,
    blocked_until: next.blockedUntil,
  });
  // Counts older than the window have no more effect (any delay is shorter than the window): drop them as we go.
  await deleteStaleLoginThrottles(trx, new Date(now.getTime() - LOGIN_THROTTLE.windowSeconds * 1000));
  return next.blockedUntil;
}

/**
 * Checks the password; on success returns a new session token. An unknown username and a known one with the wrong
 * password answer alike (status, code, message, the time a hash takes, and the delays); only after the right password
 * does a disabled account say so. Wrong passwords delay the next tries of the username from this address
 * (domain/auth/login-throttle.ts). Every outcome goes to the authentication log.
 */
export async function login(
  env: LoginEnv,
  input: { username: string; password: string },
  client: Client,
): Promise<{ token: string; userId: number }> {
  const { db, now, auditKey } = env;
  const { username } = input;
  const previous = await assertNotDelayed(
    db,
    now,
    'login',
    username,
    async () => (await findUserByUsername(db, username))?.id ?? null,
    client,
  );
  const user = await findUserByUsername(db, username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    const blockedUntil = await db.transaction().execute(async (trx) => {
      const until = await countFailure(trx, now, username, client, previous);
      await recordAuthEvent(trx, {
        at: now,
        kind: 'login',
        outcome: user ? 'bad_password' : 'unknown_user',
        username,
        userId: user?.id ?? null,
        client,
        retryAt: until,
      });
      if (user) {
        await appendAudit(trx, auditKey, {
          at: now,
          actorId: user.id,
          actorName: user.username,
          action: until ? 'auth.delayed' : 'auth.login_failed',
          entity: 'app_user',
          entityId: user.id,
          orgId: user.org_id,
          after: until ? { retryAt: until } : null,
        });
      }
      return until;
    });
    if (blockedUntil) throw delayedError(blockedUntil, now);
    throw AppError.of('INVALID_CREDENTIALS', 'err.auth.invalid');
  }
  if (user.disabled) {
    await db.transaction().execute(async (trx) => {
      await deleteLoginThrottle(trx, username, client.addr);
      await recordAuthEvent(trx, { at: now, kind: 'login', outcome: 'disabled', username, userId: user.id, client });
    });
    throw AppError.of('ACCOUNT_DISABLED', 'err.auth.disabled');
  }
  const token = await db.transaction().execute(async (trx) => {
    await deleteLoginThrottle(trx, username, client.addr);
    await updateLoginSuccess(trx, user.id, now);
    await recordAuthEvent(trx, { at: now, kind: 'login', outcome: 'ok', username, userId: user.id, client });
    await appendAudit(trx, auditKey, {
      at: now,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.login',
      entity: 'app_user',
      entityId: user.id,
      orgId: user.org_id,
    });
    return createSession(trx, user.id, now, env.sessionHours);
  });
  return { token, userId: user.id };
}

/** Ends the session behind the token (logging out), in the authentication log and the audit log. */
export async function logout(ctx: Ctx, token: string, client: Client): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await destroySession(trx, token);
    await recordAuthEvent(trx, {
      at: ctx.now,
      kind: 'logout',
      outcome: 'ok',
      username: ctx.actor.username,
      userId: ctx.actor.userId,
      client,
    });
    const target = { entity: 'app_user', entityId: ctx.actor.userId, orgId: ctx.actor.orgId };
    await audit(trx, ctx, 'auth.logout', target, null, null);
  });
}

export async function getMe(ctx: Ctx): Promise<Me> {
  const own = await findOwnAccount(ctx.db, ctx.actor.userId);
  if (!isRole(ctx.actor.role)) throw AppError.of('FORBIDDEN', 'err.auth.badRole');
  return {
    id: ctx.actor.userId,
    username: ctx.actor.username,
    displayName: ctx.actor.displayName,
    role: ctx.actor.role,
    orgId: ctx.actor.orgId,
    orgName: own.org_name,
    personId: ctx.actor.personId,
    permissions: [...permissionsOf(ctx.actor.role)],
    mustChangePassword: own.must_change_password,
  };
}

/**
 * The checks before one's own password changes, on every path (POST /api/auth/password, PATCH /api/users/:id):
 * the current password (a wrong one counts toward the login delays of the username from this address, and during a
 * delay none is read), the policy (the account's username and name count as guessable), and a new password
 * different from the current one. Returns the new password's hash.
 */
export async function prepareOwnPasswordChange(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  client: Client,
): Promise<string> {
  const { username, userId } = ctx.actor;
  const previous = await assertNotDelayed(ctx.db, ctx.now, 'password_change', username, async () => userId, client);
  const user = await findUserPasswordHash(ctx.db, userId);
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    const blockedUntil = await ctx.db.transaction().execute(async (trx) => {
      const until = await countFailure(trx, ctx.now, username, client, previous);
      await recordAuthEvent(trx, {
        at: ctx.now,
        kind: 'password_change',
        outcome: 'bad_password',
        username,
        userId,
        client,
        retryAt: until,
      });
      return until;
    });
    if (blockedUntil) throw delayedError(blockedUntil, ctx.now);
    throw AppError.of('VALIDATION_FAILED', 'err.auth.wrongCurrentPassword', {}, { field: 'currentPassword' });
  }
  const verdict = checkPassword(input.newPassword, [user.username, user.display_name]);
  if (!verdict.ok) throw new AppError('VALIDATION_FAILED', verdict.msg, { field: 'newPassword' });
  if (input.newPassword === input.currentPassword) {
    throw AppError.of('VALIDATION_FAILED', 'err.auth.samePassword', {}, { field: 'newPassword' });
  }
  return hashPassword(input.newPassword);
}

/**
 * The writes of one's own password change, inside the caller's transaction: the hash (the first-login obligation is
 * met), the account's other sessions end, the count of this address is forgotten, and both logs say so.
 */
export async function applyOwnPasswordChange(
  trx: Transaction<DB>,
  ctx: Ctx,
  passwordHash: string,
  keepToken: string,
  client: Client,
): Promise<void> {
  const { username, userId, orgId } = ctx.actor;
  await updateUserPassword(trx, userId, passwordHash, ctx.now);
  await destroyUserSessions(trx, userId, keepToken);
  await deleteLoginThrottle(trx, username, client.addr);
  await recordAuthEvent(trx, { at: ctx.now, kind: 'password_change', outcome: 'ok', username, userId, client });
  await audit(trx, ctx, 'auth.password_change', { entity: 'app_user', entityId: userId, orgId }, null, null);
}

/** Changes one's own password; other sessions of the account end. */
export async function changeOwnPassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  keepToken: string,
  client: Client,
): Promise<void> {
  const hash = await prepareOwnPasswordChange(ctx, input, client);
  await ctx.db.transaction().execute((trx) => applyOwnPasswordChange(trx, ctx, hash, keepToken, client));
}

/** The authentication log, newest first (the system administrator's; accounts outside the scope are left out). */
export async function listAuthLog(
  ctx: Ctx,
  q: AuthEventFilter & { page: number; pageSize: number; cursor?: string | undefined },
): Promise<Paged<AuthEventRow>> {
  const filter = { username: q.username, outcome: q.outcome };
  const { rows, next } = await listAuthEvents(
    ctx.db,
    ctx.actor,
    filter,
    pageAtOf(ctx.auditKey, 'auth-events', q, AUTH_EVENT_KEYS.length),
  );
  const total = await countAuthEvents(ctx.db, ctx.actor, filter);
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      kind: r.kind,
      outcome: r.outcome,
      username: r.username,
      userId: r.user_id,
      clientAddr: r.client_addr,
      retryAt: r.retry_at ? r.retry_at.toISOString() : null,
    })),
    ...pageFields(ctx.auditKey, 'auth-events', q, total, next),
  };
}
