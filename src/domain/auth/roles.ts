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
  'auth:log',
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

/**
 * The password length bounds; the contracts' schemas and the web forms take them from here, the rest of the policy
 * is password-policy.ts. 10: the strength estimator puts any 8 random characters below its threshold, so a shorter
 * minimum would promise what the policy then refuses.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
