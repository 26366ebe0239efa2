import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { MemberFilters } from '../api/members.ts';

export type MemberQuery = { filters: MemberFilters; page: number; pageSize: number };
type Patch = Partial<MemberFilters> & { page?: number; pageSize?: number };

const LIST_KEYS = ['status', 'education'] as const;
const TEXT_KEYS = ['q', 'ageBand', 'field', 'gender', 'floating', 'retired', 'descendants', 'sort', 'order'] as const;

/**
 * The member list's filters, sort and page, kept in the URL query (so a filtered list can be shared,
 * reloaded and navigated back to). Without ?orgId the list uses `defaultOrgId` (the tree's selection).
 */
export function useMemberQuery(defaultOrgId: number): MemberQuery & { update: (p: Patch) => void; reset: () => void } {
  const [sp, setSp] = useSearchParams();

  const query = useMemo<MemberQuery>(() => {
    const f: MemberFilters = { orgId: Number(sp.get('orgId')) || defaultOrgId };
    // Values from the URL go to the server unchecked: its schema validates them.
    for (const k of TEXT_KEYS) {
      const v = sp.get(k);
      if (v) (f as Record<string, string>)[k] = v;
    }
    for (const k of LIST_KEYS) {
      const v = sp.get(k);
      if (v) (f as Record<string, string[]>)[k] = v.split(',').filter(Boolean);
    }
    return {
      filters: f,
      page: Math.max(1, Number(sp.get('page')) || 1),
      pageSize: Math.min(200, Number(sp.get('pageSize')) || 20),
    };
  }, [sp, defaultOrgId]);

  const update = useCallback(
    (patch: Patch) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) next.delete(k);
            else next.set(k, Array.isArray(v) ? v.join(',') : String(v));
          }
          // Any change of filters or sort starts again at page 1.
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: false },
      );
    },
    [setSp],
  );

  const reset = useCallback(() => {
    setSp((prev) => {
      const next = new URLSearchParams();
      const org = prev.get('orgId');
      if (org) next.set('orgId', org);
      return next;
    });
  }, [setSp]);

  return { ...query, update, reset };
}
