import { z } from 'zod';
import { COMMITTEE_ACCOUNT_POSTS } from '../domain/auth/committee-accounts.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES } from '../domain/auth/roles.ts';
import { orgRef, pageQuery, personRef } from './common.ts';

export const userRow = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
  personId: z.number().int().nullable(),
  disabled: z.boolean(),
  /** Some client address is waiting out a login delay for this username (an administrator may lift it: unlock). */
  locked: z.boolean(),
  /** The password was set by someone else and is changed at the next login. */
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type UserRow = z.infer<typeof userRow>;

export const userListQuery = z.object({
  orgId: orgRef.query().optional(),
  q: z.string().trim().max(40).optional(),
});
export type UserListParams = Partial<z.output<typeof userListQuery>>;
/** GET /api/users/paged: the same accounts a page at a time (keyset: by organisation path, then username). */
export const userPageQuery = userListQuery.extend(pageQuery);
export type UserPageParams = Partial<z.output<typeof userPageQuery>>;

export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{2,40}$/, '用户名应为2–40位字母、数字或 _ . @ -');

/** An account's display name: a person's name (up to 50 characters, person-name.ts) or a title. */
const displayName = z.string().trim().min(1).max(50);

export const createUserBody = z.object({
  username,
  displayName,
  role: z.enum(ROLES),
  orgId: orgRef(),
  personId: personRef().nullable().optional(),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});
export type CreateUserBody = z.input<typeof createUserBody>;

export const updateUserBody = z
  .object({
    displayName,
    role: z.enum(ROLES),
    orgId: orgRef(),
    disabled: z.boolean(),
    /**
     * Someone else's account: resets the password (an administrator's one-time password, changed at the next login).
     * One's own account: changes it, and currentPassword is required.
     */
    password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
    currentPassword: z.string().min(1).max(200),
    /** Lifts the login delays of the account's username. */
    unlock: z.literal(true),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type UpdateUserBody = z.input<typeof updateUserBody>;

/**
 * 批量开通书记账号: accounts for the 书记 (and, with includeOrganisers, the 组织委员) of every organisation in the
 * subtree of orgId, from the committees on record. dryRun answers the plan (bulkAccountsPlan); otherwise the accounts
 * are created and the answer is an .xlsx of their one-time initial passwords.
 */
export const bulkSecretariesBody = z.object({
  orgId: orgRef(),
  includeOrganisers: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});
export type BulkSecretariesBody = z.input<typeof bulkSecretariesBody>;

export const bulkAccountRow = z.object({
  orgId: z.number().int(),
  orgCode: z.string(),
  orgName: z.string(),
  personId: z.number().int(),
  personName: z.string(),
  post: z.enum(COMMITTEE_ACCOUNT_POSTS),
  action: z.enum(['create', 'skip']),
  /** has_account: the person has an account; second_post: they get one for an earlier post; no_username: every name taken. */
  reason: z.enum(['has_account', 'second_post', 'no_username']).nullable(),
  /** The account to be created, or the one the person has (when the caller may see it). */
  username: z.string().nullable(),
});
export type BulkAccountRow = z.infer<typeof bulkAccountRow>;

export const bulkAccountsPlan = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  toCreate: z.number().int(),
  skipped: z.number().int(),
  rows: z.array(bulkAccountRow),
});
export type BulkAccountsPlan = z.infer<typeof bulkAccountsPlan>;
