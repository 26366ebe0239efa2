import { useCallback, useEffect, useState } from 'react';
import type { OrgSummary } from '../../../../contracts/org.ts';
import { api } from '../../../lib/api.ts';

/** Names of organisations by id, fetched once each (for lead organisations named only by id). */
export function useOrgNames(ids: readonly number[]): {
  names: Record<number, string>;
  remember: (id: number, name: string) => void;
} {
  const [names, setNames] = useState<Record<number, string>>({});
  const key = [...new Set(ids)].sort((a, b) => a - b).join(',');

  useEffect(() => {
    let live = true;
    const missing = key
      ? key
          .split(',')
          .map(Number)
          .filter((id) => !(id in names))
      : [];
    for (const id of missing) {
      api.get<OrgSummary>(`/api/orgs/${id}`).then(
        (o) => live && setNames((n) => ({ ...n, [o.id]: o.name })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [key]);

  const remember = useCallback(
    (id: number, name: string) => setNames((n) => (n[id] === name ? n : { ...n, [id]: name })),
    [],
  );
  return { names, remember };
}
