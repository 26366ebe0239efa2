import type { LoginBody, Me } from '../../../../contracts/auth.ts';
import { api } from '../../../lib/api.ts';

export function login(username: string, password: string): Promise<Me> {
  const body: LoginBody = { username, password };
  return api.post<Me>('/api/auth/login', body);
}
