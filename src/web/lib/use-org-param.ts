import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useMe, useSession } from './session.tsx';

/**
 * The organisation a page works on: `?orgId=` in the URL (the tree writes it there), else the one
 * selected in the tree, else the account's scope root.
 */
export function useOrgParam(): number {
  const [sp] = useSearchParams();
  const { currentOrg } = useSession();
  const me = useMe();
  return Number(sp.get('orgId')) || currentOrg?.id || me.orgId;
}

/** The page's organisation and, once the layout has looked it up, its name. */
export function useOrgContext(): { orgId: number; orgName: string | null } {
  const orgId = useOrgParam();
  const { currentOrg } = useSession();
  const me = useMe();
  const orgName = currentOrg?.id === orgId ? currentOrg.name : me.orgId === orgId ? me.orgName : null;
  return { orgId, orgName };
}

/**
 * Filters kept in the URL query: read one, or replace several at once (empty values are removed).
 * Changing a filter goes back to the first page.
 */
export function useQueryState(): {
  get: (key: string) => string | null;
  set: (
    patch: Record<string, string | number | readonly string[] | null | undefined>,
    opts?: { keepPage?: boolean },
  ) => void;
  params: URLSearchParams;
} {
  const [sp, setSp] = useSearchParams();
  const set = useCallback(
    (
      patch: Record<string, string | number | readonly string[] | null | undefined>,
      opts: { keepPage?: boolean } = {},
    ) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            const s = Array.isArray(v) ? v.join(',') : v === null || v === undefined ? '' : String(v);
            if (s === '') next.delete(k);
            else next.set(k, s);
          }
          if (!opts.keepPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: false },
      );
    },
    [setSp],
  );
  return { get: (k) => sp.get(k), set, params: sp };
}
