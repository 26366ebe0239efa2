import { Alert, Button, Flex, Form, Input, Select } from 'antd';
import { useState } from 'react';
import type { SupervisionDetail } from '../../../../contracts/supervise.ts';
import {
  PROBLEM_SEVERITIES,
  PROBLEM_SEVERITY_LABELS,
  type ProblemSeverity,
} from '../../../../domain/rectify/problem-state.ts';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { addFinding } from '../api/supervise.ts';

type Values = { orgId: number | null; text: string; severity: ProblemSeverity; evidence: string };

/** 记录发现: which target, what was found, how serious, the evidence (as text). */
export function FindingForm({
  supervision,
  onDone,
}: {
  supervision: SupervisionDetail;
  onDone: (s: SupervisionDetail) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    if (!v.orgId) return;
    setBusy(true);
    setError(null);
    try {
      const next = await addFinding(supervision.id, {
        orgId: v.orgId,
        text: v.text.trim(),
        severity: v.severity,
        evidence: v.evidence?.trim() || undefined,
      });
      form.resetFields();
      onDone(next);
    } catch (e) {
      if (!applyServerErrors(form, e, ['orgId', 'text', 'severity', 'evidence'])) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      name="finding"
      layout="vertical"
      onFinish={submit}
      initialValues={{ orgId: null, text: '', severity: 'general', evidence: '' }}
      data-testid="finding-form"
    >
      <Flex gap={12} wrap>
        <Form.Item
          name="orgId"
          label={t('supervise.finding.org')}
          rules={[{ required: true, message: t('supervise.finding.orgRequired') }]}
          style={{ flex: '2 1 240px' }}
        >
          <Select<number>
            aria-label={t('supervise.finding.org')}
            showSearch={{ optionFilterProp: 'label' }}
            options={supervision.targets.map((x) => ({ value: x.orgId, label: x.orgName }))}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('supervise.finding.severity')} style={{ flex: '1 1 140px' }}>
          <Select<ProblemSeverity>
            aria-label={t('supervise.finding.severity')}
            options={PROBLEM_SEVERITIES.map((k) => ({ value: k, label: label(PROBLEM_SEVERITY_LABELS[k]) }))}
          />
        </Form.Item>
      </Flex>
      <Form.Item
        name="text"
        label={t('supervise.finding.text')}
        rules={[{ required: true, whitespace: true, message: t('supervise.finding.textRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="evidence" label={t('supervise.finding.evidence')}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('supervise.finding.record')}
      </Button>
    </Form>
  );
}
