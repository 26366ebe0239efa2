import { api } from '../../../lib/api.ts';

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.post('/api/auth/password', { currentPassword, newPassword });
}
