import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { RecordStepBody, VillageCaseDetail } from '../../../../contracts/village.ts';
import {
  RESOLUTION_BODIES,
  RESOLUTION_BODY_LABELS,
  type ResolutionBody,
  VILLAGE_STEP_LABELS,
  VILLAGE_STEPS,
  type VillageStep,
} from '../../../../domain/village/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { recordVillageStep } from '../api/village.ts';

type Values = {
  step: VillageStep;
  heldOn: Dayjs;
  mergeDeliberation?: boolean;
  body?: ResolutionBody;
  noticeOn?: Dayjs | null;
  due?: number | null;
  present?: number | null;
  households?: number | null;
  householdsPresent?: number | null;
  yes?: number | null;
  no?: number | null;
  abstain?: number | null;
  form?: string;
  minutes?: string;
  correction?: boolean;
  reason?: string;
};

/**
 * The next step of a case, built for a phone: the step (the next one by default; a later one may be chosen, and a
 * step left out is flagged), its day, the counts the meeting needs, minutes or the text disclosed. The server refuses
 * what breaks the law with the article (shown above the button); a correction replaces the last step with a reason.
 */
export function StepForm({ detail, onSaved }: { detail: VillageCaseDetail; onSaved: (d: VillageCaseDetail) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const last = detail.steps.at(-1);
  const from = last ? VILLAGE_STEPS.indexOf(last.step) + 1 : 0;
  const choices = VILLAGE_STEPS.slice(from);
  const step = Form.useWatch('step', form) ?? (detail.state !== 'open' ? last?.step : (detail.next ?? choices[0]));
  const body = Form.useWatch('body', form);
  // A case that is over (done, or voted down) takes only a correction of its last step.
  const correctionOnly = detail.state !== 'open';
  const correction = (Form.useWatch('correction', form) ?? correctionOnly) || correctionOnly;
  // A correction starts from the step as it stands.
  const lastValues: Partial<Values> = last
    ? {
        step: last.step,
        heldOn: dayjs(last.heldOn),
        ...(last.body ? { body: last.body } : {}),
        noticeOn: last.noticeOn ? dayjs(last.noticeOn) : null,
        due: last.due,
        present: last.present,
        households: last.households,
        householdsPresent: last.householdsPresent,
        yes: last.yes,
        no: last.no,
        abstain: last.abstain,
        form: last.form,
        minutes: last.minutes,
      }
    : {};
  const canMerge = detail.village.oneShoulder && detail.village.mergeAllowed;
  const voting = step === 'review' || step === 'resolution';
  const minutesLabel =
    step === 'disclosure'
      ? t('village.minutesDisclosure')
      : step === 'result'
        ? t('village.minutesResult')
        : t('village.minutesMeeting');

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const payload: RecordStepBody = {
      step: v.step,
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      ...(v.step === 'proposal' && v.mergeDeliberation ? { mergeDeliberation: true } : {}),
      ...(v.step === 'resolution' && v.body ? { body: v.body } : {}),
      ...(v.step === 'resolution' && v.body === 'assembly' && v.noticeOn
        ? { noticeOn: v.noticeOn.format('YYYY-MM-DD') }
        : {}),
      ...(v.due !== null && v.due !== undefined && voting ? { due: v.due } : {}),
      ...(v.present !== null && v.present !== undefined && voting ? { present: v.present } : {}),
      ...(v.households !== null && v.households !== undefined && body === 'assembly'
        ? { households: v.households }
        : {}),
      ...(v.householdsPresent !== null && v.householdsPresent !== undefined && body === 'assembly'
        ? { householdsPresent: v.householdsPresent }
        : {}),
      ...(v.yes !== null && v.yes !== undefined && voting ? { yes: v.yes } : {}),
      ...(v.no !== null && v.no !== undefined && voting ? { no: v.no } : {}),
      ...(v.abstain !== null && v.abstain !== undefined && voting ? { abstain: v.abstain } : {}),
      ...(v.form?.trim() ? { form: v.form.trim() } : {}),
      ...(v.minutes?.trim() ? { minutes: v.minutes.trim() } : {}),
      ...(v.correction ? { correction: true, reason: v.reason?.trim() ?? '' } : {}),
    };
    try {
      const d = await recordVillageStep(detail.id, payload);
      form.resetFields();
      onSaved(d);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const count = (name: keyof Values, text: string, testId: string) => (
    <Col xs={12} sm={8}>
      <Form.Item name={name} label={text}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={testId} inputMode="numeric" />
      </Form.Item>
    </Col>
  );

  return (
    <Card
      size="small"
      title={correctionOnly ? t('village.correctTitle') : t('village.record')}
      data-testid="village-step-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<Values>) => {
          setError(null);
          if (changed.correction && last) form.setFieldsValue(lastValues);
          if (changed.correction === false) form.setFieldsValue({ step: detail.next ?? choices[0] });
          if (changed.step === 'review' && form.getFieldValue('due') == null) {
            form.setFieldsValue({ due: detail.village.members || null });
          }
        }}
        initialValues={
          correctionOnly
            ? { ...lastValues, correction: true }
            : {
                step: detail.next ?? choices[0],
                heldOn: dayjs(detail.today),
                mergeDeliberation: canMerge,
                ...(detail.next === 'review' && detail.village.members > 0 ? { due: detail.village.members } : {}),
              }
        }
      >
        {last ? (
          <Form.Item name="correction" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="village-correction" disabled={correctionOnly}>
              {t('village.correction', { step: label(VILLAGE_STEP_LABELS[last.step]) })}
            </Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="step" label={t('village.step')} rules={[{ required: true }]}>
          <Select
            data-testid="village-step-select"
            disabled={correction}
            options={(correction && last ? [last.step] : choices).map((s) => ({
              value: s,
              label: label(VILLAGE_STEP_LABELS[s]),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="heldOn"
          label={t('village.heldOn')}
          rules={[{ required: true, message: t('common.dateRequired') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(x) => x.isAfter(dayjs(detail.today), 'day')}
            data-testid="village-held-on"
          />
        </Form.Item>
        {step === 'proposal' && canMerge && !correction ? (
          <Form.Item name="mergeDeliberation" valuePropName="checked">
            <Checkbox data-testid="village-merge">{t('village.mergeDeliberation')}</Checkbox>
          </Form.Item>
        ) : null}
        {step === 'resolution' ? (
          <Form.Item
            name="body"
            label={t('village.body')}
            rules={[{ required: true, message: t('village.bodyRequired') }]}
          >
            <Radio.Group
              data-testid="village-body"
              options={RESOLUTION_BODIES.map((b) => ({ value: b, label: label(RESOLUTION_BODY_LABELS[b]) }))}
            />
          </Form.Item>
        ) : null}
        {step === 'resolution' && body === 'assembly' ? (
          <Form.Item name="noticeOn" label={t('village.noticeOn')}>
            <DatePicker style={{ width: '100%' }} data-testid="village-notice-on" />
          </Form.Item>
        ) : null}
        {voting ? (
          <Row gutter={12}>
            {count(
              'due',
              step === 'review'
                ? t('village.dueMembers')
                : body === 'assembly'
                  ? t('village.dueAdults')
                  : t('village.dueRepresentatives'),
              'village-due',
            )}
            {count('present', t('village.present'), 'village-present')}
            {step === 'resolution' && body === 'assembly' ? (
              <>
                {count('households', t('village.households'), 'village-households')}
                {count('householdsPresent', t('village.householdsPresent'), 'village-households-present')}
              </>
            ) : null}
            {count('yes', t('village.yes'), 'village-yes')}
            {count('no', t('village.no'), 'village-no')}
            {count('abstain', t('village.abstain'), 'village-abstain')}
          </Row>
        ) : null}
        {step === 'disclosure' || step === 'result' ? (
          <Form.Item name="form" label={t('village.formField')}>
            <Input maxLength={200} placeholder={t('village.formPlaceholder')} data-testid="village-form-field" />
          </Form.Item>
        ) : null}
        <Form.Item name="minutes" label={minutesLabel}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="village-minutes" />
        </Form.Item>
        {correction ? (
          <Form.Item name="reason" label={t('village.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={500} data-testid="village-reason" />
          </Form.Item>
        ) : null}
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="village-step-error" />
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving} block data-testid="village-step-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
