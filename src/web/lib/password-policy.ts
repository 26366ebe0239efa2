import type { FormRule } from 'antd';
import type { PasswordReason } from '../../domain/auth/password-policy.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/auth/roles.ts';
import { getLang, t } from './i18n.ts';

type PolicyModule = typeof import('../../domain/auth/password-policy.ts');

// The policy's dictionaries weigh ~1.5 MB: they load when a password form opens, never with the app.
let loading: Promise<PolicyModule> | null = null;
function loadPolicy(): Promise<PolicyModule> {
  loading ??= import('../../domain/auth/password-policy.ts');
  return loading;
}

/** Starts loading the policy (a form that asks for a new password calls it when it opens). */
export function preloadPasswordPolicy(): void {
  loadPolicy().catch(() => {
    loading = null; // a failed load (offline) is tried again by the next check
  });
}

/** The policy as the forms state it, in the current language. */
export function passwordPolicyText(): string {
  return t('password.policy', { min: PASSWORD_MIN_LENGTH });
}

/** Why the policy refused a password, in the current language. */
export function passwordReasonText(reason: PasswordReason): string {
  const text = t(`password.reason.${reason}`, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });
  const structural = reason === 'too_short' || reason === 'too_long' || reason === 'letters_and_digits';
  return structural ? text : `${text}${getLang() === 'en' ? '. ' : '：'}${t('password.advice')}`;
}

/**
 * A form rule for a new password that runs the domain's policy (the server runs the same one). `personal` gives what
 * the account is known by (its username and name), which the policy treats as guessable.
 */
export function passwordPolicyRule(personal: () => readonly (string | undefined)[] = () => []): FormRule {
  return {
    validator: async (_, value: string | undefined) => {
      if (!value) return;
      const { checkPassword } = await loadPolicy();
      const verdict = checkPassword(
        value,
        personal().filter((s): s is string => !!s),
      );
      if (!verdict.ok) throw new Error(passwordReasonText(verdict.reason));
    },
  };
}
