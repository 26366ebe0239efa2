import type { Me } from '../../../../contracts/auth.ts';
import { api } from '../../../lib/api.ts';

export function login(username: string, password: string): Promise<Me> {
  return api.post<Me>('/api/auth/login', { username, password });
}
