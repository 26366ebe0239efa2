import { Alert, Button, Form } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { changePassword } from '../api/change-password.ts';
import { PasswordFields, type PasswordValues } from './password-fields.tsx';

/** The password change an account must make before anything else (a password someone else set). */
export function FirstLoginPasswordForm({
  personal,
  onDone,
}: {
  personal: readonly string[];
  onDone: () => Promise<void> | void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<PasswordValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: PasswordValues) => {
    setBusy(true);
    setError(null);
    try {
      await changePassword(v.currentPassword, v.newPassword);
      await onDone();
    } catch (e) {
      if (!applyServerErrors(form, e, ['currentPassword', 'newPassword'])) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Form<PasswordValues> form={form} layout="vertical" onFinish={submit} onValuesChange={() => setError(null)}>
      <PasswordFields personal={personal} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('password.firstLoginSubmit')}
      </Button>
    </Form>
  );
}
