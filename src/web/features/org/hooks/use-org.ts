import { useRequest } from '../../../lib/use-request.ts';
import { getOrg } from '../api/orgs.ts';

/** The organisation's details (stats, committee, findings), reloadable after a change. */
export function useOrg(id: number) {
  return useRequest(() => getOrg(id), [id], Number.isInteger(id) && id > 0);
}
