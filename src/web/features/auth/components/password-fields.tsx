import { Form, Input } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../lib/i18n.ts';
import { passwordPolicyRule, passwordPolicyText, preloadPasswordPolicy } from '../../../lib/password-policy.ts';

export type PasswordValues = { currentPassword: string; newPassword: string; confirm: string };

/**
 * The fields of one's own password change (current, new, confirmation), inside a Form of PasswordValues. The new
 * password is checked against the policy with the account's username and name.
 */
export function PasswordFields({ personal }: { personal: readonly string[] }) {
  const { t } = useI18n();
  useEffect(preloadPasswordPolicy, []);
  return (
    <>
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={passwordPolicyText()}
        rules={[{ required: true, message: t('password.newRequired') }, passwordPolicyRule(() => personal)]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
