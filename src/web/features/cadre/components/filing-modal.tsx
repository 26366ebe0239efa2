import { Alert, Checkbox, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { SecretaryRow } from '../../../../contracts/cadre.ts';
import { errorMessage } from '../../../lib/api.ts';
import { fromIsoDate, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fileSecretary } from '../api/cadre.ts';

type Values = { appointedOn: Dayjs | null; termEnd: Dayjs | null; checks: string[]; note: string };

/** 报送书记备案: the day of appointment, the term's end (default: the organisation's term), the 联审 checks, a note. */
export function FilingModal({
  row,
  checks,
  onClose,
  onDone,
}: {
  row: SecretaryRow;
  checks: readonly string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await fileSecretary({
        orgId: row.orgId,
        personId: row.secretaryId!,
        appointedOn: toIsoDate(v.appointedOn)!,
        ...(v.termEnd ? { termEnd: toIsoDate(v.termEnd)! } : {}),
        checks: v.checks ?? [],
        note: v.note ?? '',
      });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('cadre.file.title', { org: row.orgName, name: row.secretaryName ?? '' })}
      okText={t('cadre.file.submit')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ appointedOn: fromIsoDate(row.startedOn), termEnd: null, checks: [], note: '' }}
        data-testid="filing-form"
      >
        <Form.Item
          name="appointedOn"
          label={t('cadre.file.appointedOn')}
          rules={[{ required: true, message: t('cadre.file.appointedRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="termEnd" label={t('cadre.file.termEnd')} extra={t('cadre.file.termEndHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="checks" label={t('cadre.file.checks')} extra={t('cadre.file.checksHint')}>
          <Checkbox.Group options={checks.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="note" label={t('cadre.file.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="filing-error" />}
    </Modal>
  );
}
