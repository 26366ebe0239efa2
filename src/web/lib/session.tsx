/** The signed-in account and the organisation currently selected in the tree, shared by every page. */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { Me } from '../../contracts/auth.ts';
import type { Permission } from '../../domain/auth/roles.ts';

export type CurrentOrg = { id: number; name: string; path: string | null };

type SessionValue = {
  me: Me | null;
  setMe: (me: Me | null) => void;
  can: (p: Permission) => boolean;
  /** The organisation selected in the tree (or opened last); pages default to it. */
  currentOrg: CurrentOrg | null;
  setCurrentOrg: (org: CurrentOrg | null) => void;
};

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ initialMe, children }: { initialMe: Me | null; children: ReactNode }) {
  const [me, setMeState] = useState<Me | null>(initialMe);
  const [currentOrg, setCurrentOrgState] = useState<CurrentOrg | null>(null);
  const setMe = useCallback((m: Me | null) => {
    setMeState(m);
    setCurrentOrgState(null);
  }, []);
  const setCurrentOrg = useCallback((org: CurrentOrg | null) => {
    setCurrentOrgState((prev) => {
      if (!org) return null;
      if (prev && prev.id === org.id) {
        const path = org.path ?? prev.path;
        return prev.name === org.name && prev.path === path ? prev : { ...org, path };
      }
      return org;
    });
  }, []);
  const value = useMemo<SessionValue>(
    () => ({
      me,
      setMe,
      can: (p) => me?.permissions.includes(p) ?? false,
      currentOrg,
      setCurrentOrg,
    }),
    [me, setMe, currentOrg, setCurrentOrg],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in account (only inside the authenticated layout). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
