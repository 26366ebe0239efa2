import { App, Form, Modal } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { changePassword } from '../api/change-password.ts';
import { PasswordFields, type PasswordValues } from './password-fields.tsx';

export function ChangePasswordModal({
  open,
  onClose,
  personal,
}: {
  open: boolean;
  onClose: () => void;
  /** The account's username and name (the policy refuses passwords built on them). */
  personal: readonly string[];
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await changePassword(v.currentPassword, v.newPassword);
      void message.success(t('password.changed'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!applyServerErrors(form, e, ['currentPassword', 'newPassword'])) void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {open && <PasswordFields personal={personal} />}
      </Form>
    </Modal>
  );
}
