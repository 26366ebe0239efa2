import { randomInt } from 'node:crypto';
import type { BulkAccountsPlan } from '../../../contracts/users.ts';
import {
  type AccountPlanRow,
  COMMITTEE_ACCOUNT_POSTS,
  type CommitteeAccountPost,
  planCommitteeAccounts,
  usernameCandidates,
} from '../../../domain/auth/committee-accounts.ts';
import { checkPassword } from '../../../domain/auth/password-policy.ts';
import { canGrantRole } from '../../../domain/auth/roles.ts';
import { hashPassword } from '../../auth/password.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { buildInitialPasswordsWorkbook, type InitialAccount } from './committee-accounts-xlsx.ts';
import { insertUsers, listCommitteeHolders, listPeopleWithAccounts, listTakenUsernames } from './users.queries.ts';

/**
 * 批量开通书记账号: accounts for the holders of 书记 (and 组织委员) of every organisation in a subtree, from the committees
 * on record (org_position), each with a random initial password that must be changed at the first login. The
 * passwords leave the server once, in the workbook of the answer; the database keeps only their hashes.
 */

const LOOKUP_BATCH = 1000;
/** Hashes computed at a time (scrypt runs on libuv's thread pool). */
const HASH_CONCURRENCY = 4;

export type BulkAccountsRequest = { orgId: number; includeOrganisers: boolean };

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function assertMayOpen(ctx: Ctx): void {
  if (!canGrantRole(ctx.actor.role, 'secretary')) throw AppError.of('FORBIDDEN', 'err.user.mayNotOpenSecretaries');
}

async function loadPlan(ctx: Ctx, orgPath: string, includeOrganisers: boolean): Promise<AccountPlanRow[]> {
  const titles: CommitteeAccountPost[] = includeOrganisers ? [...COMMITTEE_ACCOUNT_POSTS] : ['secretary'];
  const rows = await listCommitteeHolders(ctx.db, ctx.actor, orgPath, titles, ctx.today);
  const holders = rows.map((r) => ({
    orgId: r.org_id,
    orgCode: r.org_code,
    orgName: r.org_name,
    personId: r.person_id,
    personName: r.person_name,
    post: r.title as CommitteeAccountPost,
    hasAccount: r.has_account,
    accountUsername: r.account_username,
  }));
  const candidates = [...new Set(holders.flatMap((h) => usernameCandidates(h.orgCode, h.post)))];
  const taken = new Set<string>();
  for (const batch of chunks(candidates, LOOKUP_BATCH)) {
    for (const u of await listTakenUsernames(ctx.db, batch)) taken.add(u);
  }
  return planCommitteeAccounts(holders, taken);
}

function planView(org: { id: number; name: string }, plan: AccountPlanRow[]): BulkAccountsPlan {
  const toCreate = plan.filter((r) => r.action === 'create').length;
  return {
    orgId: org.id,
    orgName: org.name,
    toCreate,
    skipped: plan.length - toCreate,
    rows: plan.map((r) => ({
      orgId: r.orgId,
      orgCode: r.orgCode,
      orgName: r.orgName,
      personId: r.personId,
      personName: r.personName,
      post: r.post,
      action: r.action,
      reason: r.action === 'skip' ? r.reason : null,
      username: r.username,
    })),
  };
}

/** What opening the accounts of `orgId`'s subtree would do; writes nothing. */
export async function previewCommitteeAccounts(ctx: Ctx, req: BulkAccountsRequest): Promise<BulkAccountsPlan> {
  assertMayOpen(ctx);
  const org = await getOrg(ctx, req.orgId);
  return planView(org, await loadPlan(ctx, org.path, req.includeOrganisers));
}

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const PASSWORD_LENGTH = 12;

/**
 * A random initial password people can type (no look-alike characters), drawn with node:crypto's randomInt (uniform,
 * no modulo bias) until the password policy takes it with the account's own names counted as guessable.
 */
export function generateInitialPassword(personal: string[]): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < PASSWORD_LENGTH; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    if (/[A-Za-z]/.test(out) && /[0-9]/.test(out) && checkPassword(out, personal).ok) return out;
  }
}

export type OpenedAccounts = {
  plan: BulkAccountsPlan;
  /** The accounts created, with their initial passwords (shown once, never stored). */
  accounts: InitialAccount[];
  workbook: Buffer;
  filename: string;
};

export type OpenOptions = {
  /** Most accounts one call may create (the web's BULK_ACCOUNTS_MAX); null: no limit (the CLI). */
  limit: number | null;
  onProgress?: (done: number, total: number) => void;
};

/**
 * Opens the accounts the plan names, in one transaction with one audit row (the organisation, how many, the
 * usernames; never a password), and answers them with their initial passwords as an .xlsx. Each account acts for the
 * organisation of its post, is linked to its holder's record and must change its password at the first login.
 */
export async function openCommitteeAccounts(
  ctx: Ctx,
  req: BulkAccountsRequest,
  opts: OpenOptions,
): Promise<OpenedAccounts> {
  assertMayOpen(ctx);
  const org = await getOrg(ctx, req.orgId);
  const plan = await loadPlan(ctx, org.path, req.includeOrganisers);
  const toCreate = plan.filter((r): r is Extract<AccountPlanRow, { action: 'create' }> => r.action === 'create');
  if (opts.limit !== null && toCreate.length > opts.limit) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.user.tooManyToOpen',
      { limit: opts.limit, org: org.name, n: toCreate.length },
      { toCreate: toCreate.length, limit: opts.limit },
    );
  }

  const accounts: InitialAccount[] = [];
  const hashes: string[] = [];
  for (const batch of chunks(toCreate, HASH_CONCURRENCY)) {
    const drawn = batch.map((r) => generateInitialPassword([r.username, r.personName]));
    hashes.push(...(await Promise.all(drawn.map((p) => hashPassword(p)))));
    batch.forEach((r, i) => {
      accounts.push({
        orgCode: r.orgCode,
        orgName: r.orgName,
        personName: r.personName,
        post: r.post,
        username: r.username,
        password: drawn[i]!,
      });
    });
    opts.onProgress?.(accounts.length, toCreate.length);
  }

  if (toCreate.length > 0) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        // Someone may have opened an account for one of these people since the plan was made.
        for (const batch of chunks(
          toCreate.map((r) => r.personId),
          LOOKUP_BATCH,
        )) {
          if ((await listPeopleWithAccounts(trx, batch)).length > 0) throw concurrentChange();
        }
        await insertUsers(
          trx,
          toCreate.map((r, i) => ({
            username: r.username,
            display_name: r.personName,
            password_hash: hashes[i]!,
            role: r.role,
            org_id: r.orgId,
            person_id: r.personId,
            // a password someone else drew: the owner replaces it at the first login
            must_change_password: true,
            password_changed_at: ctx.now,
            created_at: ctx.now,
            updated_at: ctx.now,
          })),
        );
        await audit(trx, ctx, 'user.bulk_create', { entity: 'app_user', entityId: null, orgId: org.id }, null, {
          orgCode: org.code,
          includeOrganisers: req.includeOrganisers,
          created: toCreate.length,
          skipped: plan.length - toCreate.length,
          usernames: toCreate.map((r) => r.username),
        });
      });
    } catch (e) {
      if ((e as { code?: unknown }).code === '23505') throw concurrentChange();
      throw e;
    }
  }

  const view = planView(org, plan);
  const safeName = org.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return {
    plan: view,
    accounts,
    workbook: await buildInitialPasswordsWorkbook(org.name, accounts, view.rows),
    filename: `书记账号初始密码-${safeName}-${ctx.today.replaceAll('-', '')}.xlsx`,
  };
}

function concurrentChange(): AppError {
  return AppError.of('CONFLICT', 'err.user.openedMeanwhile');
}
