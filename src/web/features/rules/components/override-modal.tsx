import { Alert, Checkbox, Form, Input, Modal, Typography } from 'antd';
import type { RuleEntryDto } from '../../../../contracts/rules.ts';
import { today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSubmit } from '../../../lib/use-submit.ts';
import { createRuleOverride } from '../api/rules.ts';

type Values = { value: string; restore: boolean; effectiveFrom: string; document: string; reason: string };

/**
 * A committee adjusts one [S] rule for its subtree (地方规定): the value in the default's form (JSON as listed), the
 * day it takes effect (today or later), the document it rests on and why; or a return to the platform's default.
 */
export function OverrideModal(props: { rule: RuleEntryDto; orgId: number; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const restore = Form.useWatch('restore', form) ?? false;
  const { submit, busy, error } = useSubmit(async () => {
    const v = await form.validateFields();
    let value: unknown = null;
    if (!v.restore) {
      try {
        value = JSON.parse(v.value);
      } catch {
        form.setFields([{ name: 'value', errors: [t('rules.override.valueJson')] }]);
        throw new Error(t('rules.override.valueJson'));
      }
    }
    await createRuleOverride({
      orgId: props.orgId,
      ruleId: props.rule.id,
      value,
      effectiveFrom: v.effectiveFrom.trim(),
      document: v.document.trim(),
      reason: v.reason.trim(),
    });
    return t('rules.override.saved');
  }, props.onDone);
  return (
    <Modal
      open
      title={t('rules.override.title')}
      okText={t('common.save')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <strong>{props.rule.summary}</strong>
        <br />
        <Typography.Text type="secondary">{props.rule.id}</Typography.Text>
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          value: JSON.stringify(props.rule.params),
          restore: false,
          effectiveFrom: toIsoDate(today()) ?? '',
          document: '',
          reason: '',
        }}
      >
        <Form.Item name="restore" valuePropName="checked">
          <Checkbox>{t('rules.override.restore')}</Checkbox>
        </Form.Item>
        {!restore && (
          <Form.Item name="value" label={t('rules.override.value')} extra={t('rules.override.valueHint')}>
            <Input.TextArea rows={3} aria-label={t('rules.override.value')} />
          </Form.Item>
        )}
        <Form.Item
          name="effectiveFrom"
          label={t('rules.override.effectiveFrom')}
          extra={t('rules.override.effectiveFromHint')}
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
        >
          <Input placeholder="YYYY-MM-DD" aria-label={t('rules.override.effectiveFrom')} />
        </Form.Item>
        <Form.Item
          name="document"
          label={t('rules.override.document')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input aria-label={t('rules.override.document')} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('rules.override.reason')}
          rules={[{ required: true, whitespace: true, max: 1000 }]}
        >
          <Input.TextArea rows={2} aria-label={t('rules.override.reason')} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
