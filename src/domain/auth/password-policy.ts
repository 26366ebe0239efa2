import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { type Msg, msg, zhOf } from '../messages.ts';
import type { RuleRef } from '../rules/ruleset.ts';
import { PASSWORD_WORDS_ZH } from './password-words.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './roles.ts';

/**
 * The password policy, the one statement of it: every place a password is set (one's own change, an administrator's
 * create or reset, the CLI, the demo password) runs it on the server, and the web forms run the same function before
 * sending (loaded on demand: the dictionaries weigh ~1.5 MB).
 *
 * 1. length PASSWORD_MIN_LENGTH..PASSWORD_MAX_LENGTH, letters and digits (GB/T 22239 asks for "复杂度要求");
 * 2. not guessable: zxcvbn (@zxcvbn-ts) with its common-password, English and keyboard data, the Chinese words of
 *    password-words.ts and the account's own username and name must estimate at least PASSWORD_MIN_SCORE
 *    (3 = about 10^8 guesses: "safely unguessable" online, some protection offline). An 8-character random string
 *    sits just below it, so in practice 9 random characters or a longer phrase are needed; the reason says so.
 */
export const PASSWORD_MIN_SCORE = 3;

export const PASSWORD_RULE: RuleRef = { source: '落实平台规则（默认值）：密码策略', article: null, confidence: 'S' };

/** Why a password was refused; the web shows its own text per reason (zh-CN and en). */
export type PasswordReason =
  | 'too_short'
  | 'too_long'
  | 'letters_and_digits'
  | 'common'
  | 'keyboard'
  | 'repeat'
  | 'sequence'
  | 'date'
  | 'word'
  | 'personal'
  | 'simple';

export type PasswordVerdict =
  | { ok: true; score: number }
  | { ok: false; code: 'PASSWORD_POLICY'; reason: PasswordReason; message: string; msg: Msg; rule: RuleRef };

/** Why the password was refused, by key of the shared message table (its Chinese text is `message`). */
function messageOf(reason: PasswordReason): Msg {
  switch (reason) {
    case 'too_short':
      return msg('rule.password.too_short', { min: PASSWORD_MIN_LENGTH });
    case 'too_long':
      return msg('rule.password.too_long', { max: PASSWORD_MAX_LENGTH });
    case 'letters_and_digits':
      return msg('rule.password.letters_and_digits');
    default:
      return msg('rule.password.guessable', { why: msg(`rule.password.why.${reason}`) });
  }
}

/** zxcvbn's warning keys (it answers with the keys when given no translations) → our reasons. */
const REASON_OF_WARNING: Record<string, PasswordReason> = {
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  pwned: 'common',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  simpleRepeat: 'repeat',
  extendedRepeat: 'repeat',
  sequences: 'sequence',
  recentYears: 'date',
  dates: 'date',
  wordByItself: 'word',
  namesByThemselves: 'word',
  commonNames: 'word',
  userInputs: 'personal',
};

// Built on first use and kept: the ranked dictionaries are constant data and take ~0.3 s to build.
let estimator: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, 'words-zh': [...PASSWORD_WORDS_ZH] },
    graphs: zxcvbnCommon.adjacencyGraphs,
  });
  return estimator;
}

function refuse(reason: PasswordReason): PasswordVerdict {
  const m = messageOf(reason);
  return { ok: false, code: 'PASSWORD_POLICY', reason, message: zhOf(m), msg: m, rule: PASSWORD_RULE };
}

/**
 * Judges a new password. `personal` holds what an attacker knows of the account (its username, its display name)
 * and is matched like a dictionary of its own; the platform's name is always in it.
 */
export function checkPassword(password: string, personal: readonly string[] = []): PasswordVerdict {
  if (password.length < PASSWORD_MIN_LENGTH) return refuse('too_short');
  if (password.length > PASSWORD_MAX_LENGTH) return refuse('too_long');
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return refuse('letters_and_digits');
  const inputs = ['luoshi', '落实', ...personal.map((s) => s.trim().toLowerCase()).filter((s) => s.length >= 2)];
  const result = zxcvbn().check(password, inputs);
  if (result.score >= PASSWORD_MIN_SCORE) return { ok: true, score: result.score };
  if (result.sequence.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs')) {
    return refuse('personal');
  }
  const warning = result.feedback.warning;
  return refuse((warning ? REASON_OF_WARNING[warning] : undefined) ?? reasonOfLongestMatch(result.sequence));
}

const REASON_OF_PATTERN: Record<string, PasswordReason> = {
  dictionary: 'word',
  spatial: 'keyboard',
  repeat: 'repeat',
  sequence: 'sequence',
  date: 'date',
  regex: 'date', // the one regex zxcvbn knows is a recent year
};

/** Without a warning (several weak parts), the reason is the longest part the estimator recognised. */
function reasonOfLongestMatch(sequence: readonly { pattern: string; token: string }[]): PasswordReason {
  let best: { pattern: string; token: string } | undefined;
  for (const m of sequence) {
    if (REASON_OF_PATTERN[m.pattern] && (!best || m.token.length > best.token.length)) best = m;
  }
  return best ? (REASON_OF_PATTERN[best.pattern] ?? 'simple') : 'simple';
}

/** The policy's reason in zh-CN, or null when the password is acceptable. */
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  const verdict = checkPassword(password, personal);
  return verdict.ok ? null : verdict.message;
}
