import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { UserRow } from '../../../../contracts/users.ts';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { passwordPolicyRule, passwordPolicyText, preloadPasswordPolicy } from '../../../lib/password-policy.ts';
import { updateUser } from '../api/users.ts';

/**
 * An administrator sets a one-time password for someone's account (its sessions end; the owner changes it at the next
 * login). On one's own account it is a password change, and the current password is asked for, as the server requires.
 */
export function ResetPasswordModal({
  user,
  isSelf,
  onClose,
  onDone,
}: {
  user: UserRow;
  isSelf: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; currentPassword?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(preloadPasswordPolicy, []);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await updateUser(
        user.id,
        isSelf ? { password: v.password, currentPassword: v.currentPassword } : { password: v.password },
      );
      void message.success(isSelf ? t('password.changed') : t('users.passwordReset', { name: user.username }));
      onDone();
    } catch (e) {
      if (!applyServerErrors(form, e, ['password', 'currentPassword'])) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={isSelf ? t('password.title') : t('users.resetTitle', { name: user.username })}
      okText={isSelf ? t('common.save') : t('users.resetPassword')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onValuesChange={() => setError(null)}>
        {isSelf && (
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            extra={t('users.ownPasswordHint')}
            rules={[{ required: true, message: t('password.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={t('password.new')}
          extra={passwordPolicyText()}
          rules={[
            { required: true, message: t('password.newRequired') },
            passwordPolicyRule(() => [user.username, user.displayName]),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
