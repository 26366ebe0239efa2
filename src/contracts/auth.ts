import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PERMISSIONS, ROLES } from '../domain/auth/roles.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(40),
  password: z.string().min(1, '请输入密码').max(200),
});
export type LoginBody = z.input<typeof loginBody>;

export const me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
  personId: z.number().int().nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type Me = z.infer<typeof me>;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH, `新密码至少${PASSWORD_MIN_LENGTH}个字符`).max(PASSWORD_MAX_LENGTH),
});
export type ChangePasswordBody = z.input<typeof changePasswordBody>;
