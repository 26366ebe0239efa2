import type { Me } from '../../../../contracts/auth.ts';
import { ApiError, api } from '../../../lib/api.ts';

/** The signed-in account, or null when there is no session. */
export async function getMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}
