import { api } from '../../../lib/api.ts';

export async function logout(): Promise<void> {
  await api.post('/api/auth/logout');
}
