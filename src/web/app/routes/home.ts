import type { Me } from '../../../contracts/auth.ts';

/** Where an account lands: a 党员 on their own record, staff on their scope's root organisation. */
export function homeOf(me: Me): string {
  return me.role === 'member' ? '/me' : `/orgs/${me.orgId}`;
}
