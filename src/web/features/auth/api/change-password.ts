import type { ChangePasswordBody } from '../../../../contracts/auth.ts';
import { api } from '../../../lib/api.ts';

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const body: ChangePasswordBody = { currentPassword, newPassword };
  await api.post('/api/auth/password', body);
}
