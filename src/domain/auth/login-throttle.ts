/**
 * Wrong passwords slow the next try down instead of locking the account (issue 7, item 6). A lock-out let anyone
 * keep anyone out: five wrong passwords every quarter of an hour kept an administrator out for ever.
 *
 * - Delays are kept per username TRIED and per client address. A stranger's wrong passwords delay the stranger's
 *   own next tries for that username, not the owner's from another address; and an unknown username is delayed
 *   exactly like a known one, so the delays tell nothing about which usernames exist.
 * - The first `freeFailures` wrong passwords cost nothing; each one after them refuses the next try for a delay
 *   that doubles from `firstDelaySeconds` up to `maxDelaySeconds`. A wrong password more than `windowSeconds` after
 *   the previous one starts the count afresh; a correct one (after the delay) clears it.
 * - Every client address also has a request limit on the login and password routes (`loginRatePerMinute`), which
 *   bounds how fast anyone can guess across many usernames.
 *
 * Platform defaults (落实平台规则, not a regulation: GB/T 22239 asks for a "登录失败处理" without numbers).
 */
export type ThrottlePolicy = {
  /** Wrong passwords in a row that are answered without any delay. */
  freeFailures: number;
  /** The delay after the first wrong password beyond the free ones. */
  firstDelaySeconds: number;
  /** No delay is longer than this: an owner who remembers the password never waits longer. */
  maxDelaySeconds: number;
  /** A wrong password this long after the previous one starts the count afresh. */
  windowSeconds: number;
};

export const LOGIN_THROTTLE: ThrottlePolicy = {
  freeFailures: 4,
  firstDelaySeconds: 60,
  maxDelaySeconds: 15 * 60,
  windowSeconds: 60 * 60,
};

/** Requests per minute and client address on the login and password routes (LUOSHI_LOGIN_RATE_LIMIT overrides). */
export const LOGIN_RATE_PER_MINUTE = 30;

export type ThrottleState = {
  /** Wrong passwords counted in the current run. */
  failures: number;
  lastFailedAt: Date;
  /** No try is taken before this moment; null when none is delayed. */
  blockedUntil: Date | null;
};

/** The delay (seconds) that follows the `failures`-th wrong password in a row: 0, then doubling, capped. */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy = LOGIN_THROTTLE): number {
  if (failures <= policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures - 1, 30);
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** doublings);
}

/** The state after one more wrong password at `now` (`previous` null when none was counted). */
export function throttleAfterFailure(
  previous: ThrottleState | null,
  now: Date,
  policy: ThrottlePolicy = LOGIN_THROTTLE,
): ThrottleState {
  const stale = !previous || now.getTime() - previous.lastFailedAt.getTime() > policy.windowSeconds * 1000;
  const failures = stale ? 1 : previous.failures + 1;
  const delay = delayAfterFailures(failures, policy);
  return {
    failures,
    lastFailedAt: now,
    blockedUntil: delay > 0 ? new Date(now.getTime() + delay * 1000) : null,
  };
}

/** Whole seconds until the next try is taken; 0 when it is taken now. */
export function retryAfterSeconds(blockedUntil: Date | null, now: Date): number {
  if (!blockedUntil) return 0;
  return Math.max(0, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
}
