import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { UserRow } from '../../../../contracts/users.ts';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { passwordPolicyRule, passwordPolicyText } from '../../../lib/password-policy.ts';
import { updateUser } from '../api/users.ts';

/** An administrator sets a new password for an account (its sessions end). */
export function ResetPasswordModal({
  user,
  onClose,
  onDone,
}: {
  user: UserRow;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await updateUser(user.id, { password: v.password });
      void message.success(t('users.passwordReset', { name: user.username }));
      onDone();
    } catch (e) {
      if (!applyServerErrors(form, e, ['password'])) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.username })}
      okText={t('users.resetPassword')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="password"
          label={t('password.new')}
          extra={passwordPolicyText()}
          rules={[{ required: true, message: t('password.newRequired') }, passwordPolicyRule]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
