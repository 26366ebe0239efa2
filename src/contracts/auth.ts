import { z } from 'zod';
import { AUTH_EVENT_KINDS, AUTH_EVENT_OUTCOMES } from '../domain/auth/auth-event.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PERMISSIONS, ROLES } from '../domain/auth/roles.ts';
import { pageQuery } from './common.ts';

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
  /** Someone else set the password: until it is changed, every other route answers PASSWORD_CHANGE_REQUIRED. */
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof me>;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH, `新密码至少${PASSWORD_MIN_LENGTH}个字符`).max(PASSWORD_MAX_LENGTH),
});
export type ChangePasswordBody = z.input<typeof changePasswordBody>;

/** `details` of a 429 answer (a login or password try refused for now): when to try again. */
export const retryDetails = z.object({ retryAfterSeconds: z.number().int(), retryAt: z.string() });
export type RetryDetails = z.infer<typeof retryDetails>;

export const authEventRow = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(AUTH_EVENT_KINDS),
  outcome: z.enum(AUTH_EVENT_OUTCOMES),
  /** The username tried (for an unknown one, as typed). */
  username: z.string(),
  userId: z.number().int().nullable(),
  clientAddr: z.string().nullable(),
  /** The end of the delay this event started or ran into. */
  retryAt: z.string().nullable(),
});
export type AuthEventRow = z.infer<typeof authEventRow>;

export const authEventListQuery = z.object({
  /** The username tried, exactly. */
  username: z.string().trim().min(1).max(40).optional(),
  outcome: z.enum(AUTH_EVENT_OUTCOMES).optional(),
  ...pageQuery,
});
export type AuthEventListParams = Partial<z.input<typeof authEventListQuery>>;
