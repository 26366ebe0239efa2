import { useRef } from 'react';
import type { Paged } from '../../contracts/common.ts';
import { type RequestState, useRequest } from './use-request.ts';

/**
 * One page of a server list for a table that shows page numbers. The page after the one shown is asked for by the
 * cursor its answer carried (keyset paging: no deep OFFSET over a city's rows, nothing skipped or repeated when rows
 * come in between); any other page (a jump, the first, a reload) by its number. `list` names the filters and page
 * size: a cursor is only followed for the same list.
 */
export function usePagedRequest<T>(
  fetch: (cursor: string | undefined) => Promise<Paged<T>>,
  list: readonly unknown[],
  page: number,
  enabled = true,
): RequestState<Paged<T>> {
  const key = JSON.stringify(list);
  const next = useRef<{ key: string; page: number; cursor: string } | null>(null);
  const cursor = next.current?.key === key && next.current.page === page ? next.current.cursor : undefined;
  return useRequest(
    () =>
      fetch(cursor).then((answer) => {
        next.current = answer.nextCursor ? { key, page: page + 1, cursor: answer.nextCursor } : null;
        return answer;
      }),
    [key, page],
    enabled,
  );
}
