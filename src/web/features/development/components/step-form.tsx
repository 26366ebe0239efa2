import { Alert, Button, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import type { DevelopmentCaseDetail, DevelopmentStepBody } from '../../../../contracts/development.ts';
import { APPROVER_ROLE_OF_STEP } from '../../../../domain/people/approvers.ts';
import { DEVELOPMENT_STEP_INFO, type DevelopmentStepKind } from '../../../../domain/people/development-steps.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { recordStep } from '../api/development.ts';

type Values = {
  kind: DevelopmentStepKind;
  on: string;
  document: string;
  decider: string;
  deciderOrgId?: number;
  reason?: string;
  mentors?: string;
  sponsors?: string;
  passed?: 'yes' | 'no';
  trainingDays?: number;
  trainingHours?: number;
  noticeFrom?: string;
  noticeTo?: string;
  leavingOn?: string;
  months?: number;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const names = (s: string | undefined) =>
  (s ?? '')
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The "record next step" form: the steps allowed next, the date, document and decider, the kind's own fields. */
export function StepForm({ c, onDone }: { c: DevelopmentCaseDetail; onDone: (c: DevelopmentCaseDetail) => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? c.next[0];
  const [refusal, setRefusal] = useState<{ text: string; exception: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const role = kind ? APPROVER_ROLE_OF_STEP[kind] : undefined;
  const deciders = role === 'approving' ? c.approvers.approving : role === 'above' ? c.approvers.above : [];

  const submit = async (v: Values) => {
    const body: DevelopmentStepBody = {
      kind: v.kind,
      on: v.on.trim(),
      document: v.document,
      decider: v.decider,
      ...(role && v.deciderOrgId ? { deciderOrgId: v.deciderOrgId } : {}),
      ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      ...(v.kind === 'mentors' ? { mentors: names(v.mentors) } : {}),
      ...(v.kind === 'sponsors' ? { sponsors: names(v.sponsors) } : {}),
      ...(v.kind === 'political_review' ? { passed: v.passed !== 'no' } : {}),
      ...(v.kind === 'training' ? { trainingDays: v.trainingDays ?? 0, trainingHours: v.trainingHours ?? 0 } : {}),
      ...(v.kind === 'public_notice' ? { noticeFrom: v.noticeFrom, noticeTo: v.noticeTo } : {}),
      ...(v.kind === 'pre_review' ? { leavingOn: v.leavingOn?.trim() ? v.leavingOn.trim() : null } : {}),
      ...(v.kind === 'extend' ? { months: v.months ?? 0 } : {}),
    };
    setBusy(true);
    setRefusal(null);
    try {
      const next = await recordStep(c.id, body);
      form.resetFields();
      onDone(next);
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { exceptionAllowed?: boolean } | null) : null;
      setRefusal({ text: errorMessage(e), exception: details?.exceptionAllowed === true });
    } finally {
      setBusy(false);
    }
  };

  const date = [{ required: true, pattern: DATE, message: t('dev.form.dateFormat') }];
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid="dev-step-form"
      initialValues={{ kind: c.next[0] }}
      onFinish={submit}
      onValuesChange={() => setRefusal(null)}
    >
      <Form.Item name="kind" label={t('dev.form.kind')} rules={[{ required: true }]}>
        <Select
          aria-label={t('dev.form.kind')}
          options={c.next.map((k) => ({ value: k, label: label(DEVELOPMENT_STEP_INFO[k]) }))}
        />
      </Form.Item>
      <Form.Item name="on" label={t('dev.form.on')} rules={date}>
        <Input placeholder="YYYY-MM-DD" aria-label={t('dev.form.on')} />
      </Form.Item>
      <Form.Item name="document" label={t('dev.field.document')} rules={[{ required: true, whitespace: true }]}>
        <Input placeholder={t('dev.form.documentHint')} aria-label={t('dev.field.document')} />
      </Form.Item>
      <Form.Item name="decider" label={t('dev.field.decider')} rules={[{ required: true, whitespace: true }]}>
        <Input placeholder={t('dev.form.deciderHint')} aria-label={t('dev.field.decider')} />
      </Form.Item>
      {role && deciders.length > 0 && (
        <Form.Item name="deciderOrgId" label={t('dev.field.deciderOrg')} extra={t(`dev.form.deciderOrgHint.${role}`)}>
          <Select
            aria-label={t('dev.field.deciderOrg')}
            placeholder={deciders[0]?.name}
            options={deciders.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
      )}
      {role === 'approving' && deciders.length === 0 && (
        <Alert type="warning" showIcon title={t('dev.form.noApprover')} style={{ marginBottom: 12 }} />
      )}
      {kind === 'mentors' && (
        <Form.Item name="mentors" label={t('dev.field.mentors')} extra={t('dev.form.namesHint')}>
          <Input />
        </Form.Item>
      )}
      {kind === 'sponsors' && (
        <Form.Item name="sponsors" label={t('dev.field.sponsors')} extra={t('dev.form.namesHint')}>
          <Input />
        </Form.Item>
      )}
      {kind === 'political_review' && (
        <Form.Item name="passed" label={t('dev.field.review')} initialValue="yes">
          <Select
            options={[
              { value: 'yes', label: t('dev.review.passed') },
              { value: 'no', label: t('dev.review.failed') },
            ]}
          />
        </Form.Item>
      )}
      {kind === 'training' && (
        <>
          <Form.Item name="trainingDays" label={t('dev.field.trainingDays')}>
            <InputNumber min={0} max={365} />
          </Form.Item>
          <Form.Item name="trainingHours" label={t('dev.field.trainingHours')}>
            <InputNumber min={0} max={2000} />
          </Form.Item>
        </>
      )}
      {kind === 'public_notice' && (
        <>
          <Form.Item name="noticeFrom" label={t('dev.field.noticeFrom')} rules={date}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="noticeTo" label={t('dev.field.noticeTo')} rules={date}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </>
      )}
      {kind === 'pre_review' && (
        <Form.Item name="leavingOn" label={t('dev.field.leavingOn')} extra={t('dev.form.leavingHint')}>
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
      )}
      {kind === 'extend' && (
        <Form.Item name="months" label={t('dev.field.months')} rules={[{ required: true }]}>
          <InputNumber min={1} max={24} />
        </Form.Item>
      )}
      <Form.Item name="reason" label={t('dev.field.reason')} extra={t('dev.form.reasonHint')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {refusal && (
        <Alert
          type={refusal.exception ? 'warning' : 'error'}
          showIcon
          data-testid="dev-refusal"
          title={t('dev.form.refused')}
          description={refusal.text}
          style={{ marginBottom: 12 }}
        />
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('dev.form.submit')}
      </Button>
    </Form>
  );
}
