import type { FormRule } from 'antd';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../domain/auth/roles.ts';
import { t } from './i18n.ts';

/** The policy as the forms state it, in the current language. */
export function passwordPolicyText(): string {
  return t('password.policy', { min: PASSWORD_MIN_LENGTH });
}

/** A form rule for a new password that runs the domain's policy (the server runs the same one). */
export const passwordPolicyRule: FormRule = {
  validator: (_, value: string | undefined) =>
    !value || passwordProblem(value) === null ? Promise.resolve() : Promise.reject(new Error(passwordPolicyText())),
};
