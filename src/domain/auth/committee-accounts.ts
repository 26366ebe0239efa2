import type { RuleRef } from '../rules/ruleset.ts';
import type { Role } from './roles.ts';

/**
 * Accounts for the committees on record (批量开通书记账号): the person holding 书记 (and, when asked, 组织委员) of
 * each organisation of a subtree gets an account for that organisation, unless they already have one. These rules
 * say which role the account gets, what it is called and who is skipped; the server draws the passwords.
 */

/** The posts an account can be opened for, in the order they are considered within an organisation. */
export const COMMITTEE_ACCOUNT_POSTS = ['secretary', 'organization'] as const;
export type CommitteeAccountPost = (typeof COMMITTEE_ACCOUNT_POSTS)[number];

/**
 * Accounts one request may open: each needs a password hash (scrypt, tens of milliseconds), so a city at once is a job
 * for the command line, which has no such limit (platform default).
 */
export const BULK_ACCOUNTS_MAX = 1000;
export const BULK_ACCOUNTS_RULE: RuleRef = {
  source: '落实平台规则（默认值）：网页端一次最多批量开通的账号数',
  article: null,
  confidence: 'S',
};

/** 书记 and 组织委员 act for their organisation's subtree as 书记/委员 (roles.ts: read, roster, deploy, assign, report). */
export function roleForCommitteePost(_post: CommitteeAccountPost): Role {
  return 'secretary';
}

const POST_SUFFIX: Record<CommitteeAccountPost, string> = { secretary: 'shuji', organization: 'zuzhi' };
const USERNAME_MAX = 40;
/** Numbered variants tried when a name is taken (a hand-made account, or two codes differing only in case). */
const VARIANTS = 9;

/**
 * The usernames an account for `post` of the organisation `orgCode` may get, in order: the code in lower case and the
 * post in pinyin (a1a-shuji), then numbered variants (a1a-shuji-2 …). The same code and post always give the same list.
 */
export function usernameCandidates(orgCode: string, post: CommitteeAccountPost): string[] {
  const suffix = `-${POST_SUFFIX[post]}`;
  const code = orgCode.toLowerCase().slice(0, USERNAME_MAX - suffix.length - 2);
  const base = `${code}${suffix}`;
  return [base, ...Array.from({ length: VARIANTS - 1 }, (_, i) => `${base}-${i + 2}`)];
}

/** One holder of a post in the subtree, as the committee records show them. */
export type CommitteeHolder = {
  orgId: number;
  orgCode: string;
  orgName: string;
  personId: number;
  personName: string;
  post: CommitteeAccountPost;
  /** The person has an account already (any organisation). */
  hasAccount: boolean;
  /** Its username, when the caller may see that account. */
  accountUsername: string | null;
};

export type SkipReason = 'has_account' | 'second_post' | 'no_username';

export type AccountPlanRow = CommitteeHolder &
  (
    | { action: 'create'; username: string; role: Role }
    | { action: 'skip'; reason: SkipReason; username: string | null }
  );

/**
 * What to do for each holder, in the order given (tree order, 书记 before 组织委员 in each organisation): open an
 * account, or skip someone who has one, or holds a post seen earlier in the list (one account a person), or for whom
 * every candidate username is taken. `taken`: the usernames already in use among the candidates.
 */
export function planCommitteeAccounts(
  holders: readonly CommitteeHolder[],
  taken: ReadonlySet<string>,
): AccountPlanRow[] {
  const used = new Set(taken);
  const planned = new Map<number, string>();
  return holders.map((h): AccountPlanRow => {
    if (h.hasAccount) return { ...h, action: 'skip', reason: 'has_account', username: h.accountUsername };
    const earlier = planned.get(h.personId);
    if (earlier !== undefined) return { ...h, action: 'skip', reason: 'second_post', username: earlier };
    const username = usernameCandidates(h.orgCode, h.post).find((u) => !used.has(u));
    if (!username) return { ...h, action: 'skip', reason: 'no_username', username: null };
    used.add(username);
    planned.set(h.personId, username);
    return { ...h, action: 'create', username, role: roleForCommitteePost(h.post) };
  });
}
