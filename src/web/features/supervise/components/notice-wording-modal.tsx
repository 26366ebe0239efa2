import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { NoticeDetail } from '../../../../contracts/supervise.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { updateNotice } from '../api/supervise.ts';

type Values = { title: string; docNumber: string; recipients: string; lead: string; closing: string };

/**
 * 修改文字: the wording of a draft notice before it is published — title, 文号, 主送, the opening and the closing
 * paragraphs. The ranking and its figures are computed from the records and are not offered here.
 */
export function NoticeWordingModal({
  notice,
  onClose,
  onSaved,
}: {
  notice: NoticeDetail;
  onClose: () => void;
  onSaved: (n: NoticeDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = (label: string) => [
    { required: true, whitespace: true, message: t('bulletin.form.required', { label }) },
  ];

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await updateNotice(notice.id, {
          title: v.title.trim(),
          docNumber: (v.docNumber ?? '').trim(),
          recipients: v.recipients.trim(),
          lead: v.lead.trim(),
          closing: v.closing.trim(),
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('bulletin.editTitle')}
      okText={t('common.save')}
      confirmLoading={busy}
      onOk={save}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      <Typography.Paragraph type="secondary">{t('bulletin.editHint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        name="notice-wording"
        data-testid="notice-wording-form"
        initialValues={{
          title: notice.title,
          docNumber: notice.docNumber,
          recipients: notice.wording.recipients,
          lead: notice.wording.lead,
          closing: notice.wording.closing,
        }}
      >
        <Form.Item name="title" label={t('bulletin.field.title')} rules={required(t('bulletin.field.title'))}>
          <Input maxLength={200} aria-label={t('bulletin.field.title')} />
        </Form.Item>
        <Form.Item name="docNumber" label={t('bulletin.field.docNumber')}>
          <Input maxLength={50} aria-label={t('bulletin.field.docNumber')} />
        </Form.Item>
        <Form.Item
          name="recipients"
          label={t('bulletin.field.recipients')}
          rules={required(t('bulletin.field.recipients'))}
        >
          <Input maxLength={200} aria-label={t('bulletin.field.recipients')} />
        </Form.Item>
        <Form.Item name="lead" label={t('bulletin.field.lead')} rules={required(t('bulletin.field.lead'))}>
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            aria-label={t('bulletin.field.lead')}
          />
        </Form.Item>
        <Form.Item name="closing" label={t('bulletin.field.closing')} rules={required(t('bulletin.field.closing'))}>
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            aria-label={t('bulletin.field.closing')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="notice-wording-error" />}
    </Modal>
  );
}
