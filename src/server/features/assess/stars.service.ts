import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { countStarsByChild, listChildren, listStarHistory } from './assess.queries.ts';

/**
 * Star levels (评星定级, issue 12) for the organisation page and the subtree dashboard: one organisation's level per
 * year with the round it came from, and a year's levels counted per child of an organisation (the child's subtree).
 */

/** One organisation's star level per year, oldest first, with the change from the year before (its page). */
export async function getStarHistory(ctx: Ctx, orgId: number) {
  const org = await getOrg(ctx, orgId);
  const rows = await listStarHistory(ctx.db, org.id);
  return {
    org: { id: org.id, name: org.name },
    years: rows.map((s, i) => {
      const prev = i > 0 && rows[i - 1]!.year === s.year - 1 ? rows[i - 1]!.level : null;
      return {
        year: s.year,
        level: s.level,
        change: prev === null ? null : s.level > prev ? 'up' : s.level < prev ? 'down' : 'same',
        roundId: s.round_id,
        roundName: s.round_name,
        setAt: new Date(s.set_at).toISOString(),
      };
    }),
  };
}

/**
 * The distribution of a year's star levels by child of an organisation: for each child (in the tree's order) the
 * count per level over the child and its subtree, and their sum; children without a level are listed with none.
 */
export async function starsByChild(ctx: Ctx, parentId: number, year: number) {
  const [children, counts] = await Promise.all([
    listChildren(ctx.db, parentId),
    countStarsByChild(ctx.db, parentId, year),
  ]);
  return children.map((c) => {
    const mine = counts.filter((x) => x.child_id === c.id);
    return {
      orgId: c.id,
      name: c.name,
      levelCounts: Object.fromEntries(mine.map((x) => [String(x.level), x.n])) as Record<string, number>,
      total: mine.reduce((s, x) => s + x.n, 0),
    };
  });
}
