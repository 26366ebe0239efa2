import type { Me } from '../../../contracts/auth.ts';

/**
 * Where an account lands. Those who carry the work out — a 党员, a 书记/委员 of a branch — land on 本周任务: what was
 * assigned to their organisation, due this week first. Administrators land on their scope's root organisation.
 */
export function homeOf(me: Me): string {
  const receives = (me.role === 'member' || me.role === 'secretary') && me.permissions.includes('task:read');
  return receives ? '/week' : `/orgs/${me.orgId}`;
}
