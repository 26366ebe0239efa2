import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { OrgDetail } from '../../../../contracts/org.ts';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { dissolveOrg } from '../api/orgs.ts';

type Values = { dissolvedOn: Dayjs; reason: string };

/** 撤销: records the date and the reason (the record is kept), after a second confirmation. */
export function DissolveOrgModal({
  org,
  onClose,
  onDone,
}: {
  org: OrgDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await dissolveOrg(org.id, toIsoDate(v.dissolvedOn)!, v.reason.trim());
      void message.success(
        r.disabledAccounts > 0 ? t('org.dissolvedWithAccounts', { n: r.disabledAccounts }) : t('org.dissolvedDone'),
      );
      onDone();
    } catch (e) {
      if (!applyServerErrors(form, e, ['dissolvedOn', 'reason'])) setError(errorMessage(e));
      setBusy(false);
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    modal.confirm({
      title: t('org.dissolveConfirmTitle', { name: org.name }),
      content: t('org.dissolveConfirmText'),
      okText: t('org.dissolve'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => run(v),
    });
  };

  return (
    <Modal
      open
      title={t('org.dissolveTitle', { name: org.name })}
      okText={t('org.dissolve')}
      okButtonProps={{ danger: true }}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('org.dissolveHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ dissolvedOn: today() }}>
        <Form.Item
          name="dissolvedOn"
          label={t('org.dissolvedOn')}
          rules={[{ required: true, message: t('common.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today())} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('org.dissolveReason')}
          rules={[{ required: true, whitespace: true, message: t('org.dissolveReasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={500} showCount />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
