/**
 * Roles and what each may do. Scope (which part of the tree) is separate: every role acts within the
 * subtree of its account's organisation, except 党员 who acts on their own record and organisation.
 */
export const ROLES = ['sysadmin', 'orgadmin', 'secretary', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  orgadmin: { zh: '组织管理员', en: 'Organisation administrator' },
  secretary: { zh: '书记/委员', en: 'Secretary / committee member' },
  member: { zh: '党员', en: 'Party member' },
};

export const PERMISSIONS = [
  'org:read',
  'org:write',
  'org:fields',
  'member:read',
  'member:write',
  'member:import',
  'member:sensitive',
  'user:manage',
  'audit:read',
  'audit:verify',
  'self:read',
  'deploy:read',
  'deploy:write',
  'task:read',
  'task:assign',
  'task:report',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const grants: Record<Role, readonly Permission[]> = {
  sysadmin: PERMISSIONS,
  orgadmin: [
    'org:read',
    'org:write',
    'member:read',
    'member:write',
    'member:import',
    'member:sensitive',
    'user:manage',
    'audit:read',
    'self:read',
    'deploy:read',
    'deploy:write',
    'task:read',
    'task:assign',
    'task:report',
  ],
  // 书记/委员: read their subtree; maintain its roster; deploy, assign and report work (what a committee does).
  secretary: [
    'org:read',
    'member:read',
    'member:write',
    'member:import',
    'self:read',
    'deploy:read',
    'deploy:write',
    'task:read',
    'task:assign',
    'task:report',
  ],
  // 党员: their own record, and what their organisation has to do.
  member: ['org:read', 'self:read', 'task:read'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return grants[role];
}

const rank: Record<Role, number> = { member: 0, secretary: 1, orgadmin: 2, sysadmin: 3 };

/** An administrator may create or change accounts of a role no higher than their own. */
export function canGrantRole(actor: Role, target: Role): boolean {
  if (!hasPermission(actor, 'user:manage')) return false;
  return rank[target] <= rank[actor];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether the account's scope is its organisation's whole subtree (everyone but 党员). */
export function seesSubtree(role: Role): boolean {
  return role !== 'member';
}

export type LockoutPolicy = { maxFailures: number; lockMinutes: number };
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

/** After `maxFailures` consecutive wrong passwords the account is locked for `lockMinutes`. */
export function lockoutAfterFailure(
  failuresSoFar: number,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): { failures: number; lockedUntil: Date | null } {
  const failures = failuresSoFar + 1;
  if (failures >= policy.maxFailures) {
    return { failures: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failures, lockedUntil: null };
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** The password length bounds; the contracts' schemas and the web forms take them from here. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Password policy: at least PASSWORD_MIN_LENGTH characters with letters and digits. Returns a zh-CN reason or
 * null. The one statement of the policy: the server checks it and the web forms run it before sending.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少需要${PASSWORD_MIN_LENGTH}个字符`;
  if (password.length > PASSWORD_MAX_LENGTH) return `密码不能超过${PASSWORD_MAX_LENGTH}个字符`;
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return '密码需同时包含字母和数字';
  return null;
}
