import type { Me } from '../../../contracts/auth.ts';

/** Where an account lands: a 党员 on their organisation's week (their record stays under 我的档案), staff on their scope's root organisation. */
export function homeOf(me: Me): string {
  return me.role === 'member' ? '/week' : `/orgs/${me.orgId}`;
}
