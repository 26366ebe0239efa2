import { Alert, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { WeakDetail, WeakList, WeakRoundOptions } from '../../../../contracts/appraisal.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { designate, getWeakRounds } from './weak-api.ts';

type Values = {
  orgId: number;
  designatedOn: Dayjs;
  dueOn: Dayjs;
  reasons: string[];
  otherReason?: string;
  roundId?: number | null;
  leaderName?: string;
  leaderPost?: string;
  note?: string;
};

/**
 * Designates an organisation below as 软弱涣散 for the year: the checklist of the rule set ([S]), other reasons, an
 * optional final assessment round whose result for it is below the threshold (picked from the final rounds that
 * assessed the organisation chosen; those not below it are shown but cannot be picked), the deadline and the leader.
 */
export function DesignateForm(props: {
  within: number;
  year: number;
  options: WeakList['reasonOptions'];
  threshold: number;
  onSaved: (d: WeakDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const orgId = Form.useWatch('orgId', form);
  const [rounds, setRounds] = useState<WeakRoundOptions['items'] | null>(null);
  useEffect(() => {
    setRounds(null);
    form.setFieldValue('roundId', null);
    if (!orgId) return;
    let live = true;
    getWeakRounds(orgId).then(
      (r) => live && setRounds(r.items),
      () => live && setRounds([]),
    );
    return () => {
      live = false;
    };
  }, [orgId, form]);
  const roundLabel = (r: WeakRoundOptions['items'][number]) =>
    t(r.vetoed ? 'weak.roundOptionVetoed' : 'weak.roundOption', {
      year: r.year,
      name: r.name,
      issuer: r.issuerName,
      total: r.total ?? '—',
    }) + (r.low ? '' : t('weak.roundNotLow', { threshold: props.threshold }));
  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const d = await designate({
        orgId: v.orgId,
        year: props.year,
        designatedOn: v.designatedOn.format('YYYY-MM-DD'),
        dueOn: v.dueOn.format('YYYY-MM-DD'),
        reasons: v.reasons ?? [],
        otherReason: v.otherReason ?? '',
        roundId: v.roundId ?? null,
        ...(v.leaderName?.trim() ? { leader: { name: v.leaderName.trim(), post: v.leaderPost?.trim() ?? '' } } : {}),
        note: v.note ?? '',
      });
      form.resetFields();
      props.onSaved(d);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('weak.designate')} data-testid="weak-designate">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ designatedOn: dayjs(), dueOn: dayjs(`${props.year}-12-31`), reasons: [] }}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item name="orgId" label={t('weak.org')} rules={[{ required: true, message: t('weak.pickOrg') }]}>
          <OrgSelect within={props.within} aria-label={t('weak.org')} />
        </Form.Item>
        <Form.Item name="reasons" label={t('weak.reasons')}>
          <Checkbox.Group>
            <Flex vertical gap={4}>
              {props.options.map((o) => (
                <Checkbox key={o.code} value={o.code}>
                  {label(o)}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="otherReason" label={t('weak.otherReason')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="roundId" label={t('weak.round', { threshold: props.threshold })}>
          <Select
            allowClear
            disabled={!orgId}
            loading={Boolean(orgId) && rounds === null}
            placeholder={orgId ? t('weak.roundHelp') : t('weak.roundPickOrg')}
            notFoundContent={t('weak.roundNone')}
            options={(rounds ?? []).map((r) => ({ value: r.roundId, label: roundLabel(r), disabled: !r.low }))}
            aria-label={t('weak.round', { threshold: props.threshold })}
            data-testid="weak-round-select"
          />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item name="designatedOn" label={t('weak.designatedOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('weak.dueOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
        </Flex>
        <Flex gap={8} wrap>
          <Form.Item name="leaderName" label={t('weak.leader')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="leaderPost" label={t('weak.leaderPost')}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item name="note" label={t('appraisal.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={saving} data-testid="weak-designate-save">
          {t('weak.designateSave')}
        </Button>
      </Form>
    </Card>
  );
}
