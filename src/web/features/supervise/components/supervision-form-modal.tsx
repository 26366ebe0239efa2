import { Alert, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { SupervisionDetail } from '../../../../contracts/supervise.ts';
import { ORG_TYPE_LABELS, ORG_TYPES, type OrgType } from '../../../../domain/org/vocab.ts';
import {
  SUPERVISION_KIND_LABELS,
  SUPERVISION_KINDS,
  type SupervisionKind,
} from '../../../../domain/supervise/sampling.ts';
import { BurdenWarning, burdenWarningOf } from '../../../components/ui/burden-warning.tsx';
import { DeploymentSelect } from '../../../components/ui/deployment-select.tsx';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { OrgTreeSelect } from '../../../components/ui/org-tree-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';
import { createSupervision } from '../api/supervise.ts';

type Values = {
  kind: SupervisionKind;
  title: string;
  subject: string;
  coIssuers: string;
  period: [Dayjs | null, Dayjs | null] | null;
  underOrgId: number | null;
  types: OrgType[];
  fields: string[];
  sharePercent: number | null;
  min: number | null;
};

const FIELDS = ['kind', 'title', 'subject', 'coIssuers', 'periodEnd', 'periodStart'];

/**
 * 发起督查: the kind, title, subject, period and the targets — organisations picked below the issuer and, for a
 * 随机抽查, the rule the sample is drawn by (under which organisation, of which types and fields, what share, at
 * least how many). The server draws the seed and records it with the draw.
 */
export function SupervisionFormModal({
  orgId,
  onClose,
  onDone,
}: {
  /** The issuing organisation. */
  orgId: number;
  onClose: () => void;
  onDone: (s: SupervisionDetail) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'regular';
  const [orgIds, setOrgIds] = useState<number[]>([]);
  const [deploymentId, setDeploymentId] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // 基层减负: the server's warning (with a random draw's seed, to submit the same sample again) and the reason.
  const [burden, setBurden] = useState<ReturnType<typeof burdenWarningOf>>(null);
  const [burdenReason, setBurdenReason] = useState('');
  const fields = useOrgFields();

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const random = v.kind === 'random';
    if (!random && orgIds.length === 0) {
      setError(t('supervise.form.targetsRequired'));
      return;
    }
    if (burden && !burdenReason.trim()) {
      setError(t('burden.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await createSupervision({
          orgId,
          kind: v.kind,
          title: v.title.trim(),
          subject: v.subject?.trim() || undefined,
          coIssuers: v.kind === 'joint' ? v.coIssuers?.trim() || undefined : undefined,
          periodStart: toIsoDate(v.period?.[0]) ?? '',
          periodEnd: toIsoDate(v.period?.[1]) ?? '',
          orgIds: orgIds.length ? orgIds : undefined,
          deploymentIds: deploymentId ? [deploymentId] : undefined,
          sample: random
            ? {
                underOrgId: v.underOrgId ?? orgId,
                types: v.types,
                fields: v.fields?.length ? v.fields : undefined,
                share: (v.sharePercent ?? 0) / 100,
                min: v.min ?? 1,
                ...(burden?.seed != null ? { seed: burden.seed } : {}),
              }
            : undefined,
          ...(burden ? { burdenReason: burdenReason.trim() } : {}),
        }),
      );
    } catch (e) {
      const warned = burdenWarningOf(e);
      if (warned) setBurden(warned);
      else if (!applyServerErrors(form, e, FIELDS)) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('supervise.createTitle')}
      okText={t('supervise.create')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={680}
    >
      <Form<Values>
        form={form}
        name="supervision"
        layout="vertical"
        initialValues={{
          kind: 'regular',
          title: '',
          subject: '',
          coIssuers: '',
          period: null,
          underOrgId: orgId,
          types: [],
          fields: [],
          sharePercent: 10,
          min: 1,
        }}
        data-testid="supervision-form"
      >
        <Flex gap={12} wrap>
          <Form.Item name="kind" label={t('supervise.field.kind')} required style={{ flex: '1 1 200px' }}>
            <Select<SupervisionKind>
              aria-label={t('supervise.field.kind')}
              options={SUPERVISION_KINDS.map((k) => ({ value: k, label: label(SUPERVISION_KIND_LABELS[k]) }))}
            />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('supervise.field.period')}
            rules={[{ required: true, message: t('supervise.form.periodRequired') }]}
            style={{ flex: '1 1 280px' }}
          >
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              aria-label={t('supervise.field.period')}
              placeholder={[t('supervise.form.periodStart'), t('supervise.form.periodEnd')]}
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="title"
          label={t('supervise.field.title')}
          rules={[{ required: true, whitespace: true, message: t('supervise.form.titleRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="subject" label={t('supervise.field.subject')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item label={t('supervise.field.deployments')} extra={t('supervise.form.deploymentHint')}>
          <DeploymentSelect orgId={orgId} value={deploymentId} onChange={setDeploymentId} style={{ width: '100%' }} />
        </Form.Item>
        {kind === 'joint' && (
          <Form.Item name="coIssuers" label={t('supervise.field.coIssuers')} extra={t('supervise.form.coIssuersHint')}>
            <Input maxLength={500} />
          </Form.Item>
        )}
        <Form.Item
          label={t('supervise.form.pickedTargets')}
          required={kind !== 'random'}
          extra={kind === 'random' ? t('supervise.form.pickedOptional') : undefined}
        >
          <OrgTreeSelect
            rootId={orgId}
            value={orgIds}
            onChange={setOrgIds}
            aria-label={t('supervise.form.pickedTargets')}
          />
        </Form.Item>
        {kind === 'random' && (
          <div data-testid="sample-rule">
            <Typography.Paragraph type="secondary">{t('supervise.form.sampleIntro')}</Typography.Paragraph>
            <Form.Item
              name="underOrgId"
              label={t('supervise.draw.under')}
              rules={[{ required: true, message: t('supervise.form.underRequired') }]}
            >
              <OrgSelect within={orgId} style={{ width: '100%' }} aria-label={t('supervise.draw.under')} />
            </Form.Item>
            <Flex gap={12} wrap>
              <Form.Item
                name="types"
                label={t('supervise.draw.types')}
                rules={[{ required: true, message: t('supervise.form.typesRequired') }]}
                style={{ flex: '1 1 240px' }}
              >
                <Select<OrgType[]>
                  mode="multiple"
                  aria-label={t('supervise.draw.types')}
                  options={ORG_TYPES.map((k) => ({ value: k, label: label(ORG_TYPE_LABELS[k]) }))}
                />
              </Form.Item>
              <Form.Item name="fields" label={t('supervise.draw.fields')} style={{ flex: '1 1 240px' }}>
                <Select<string[]>
                  mode="multiple"
                  allowClear
                  placeholder={t('common.all')}
                  aria-label={t('supervise.draw.fields')}
                  options={fields.map((f) => ({ value: f.code, label: fieldLabel(f.code, fields) }))}
                />
              </Form.Item>
            </Flex>
            <Flex gap={12} wrap>
              <Form.Item
                name="sharePercent"
                label={t('supervise.draw.share')}
                rules={[{ required: true, message: t('supervise.form.shareRequired') }]}
                style={{ flex: '1 1 200px' }}
              >
                <InputNumber
                  min={0}
                  max={100}
                  suffix="%"
                  style={{ width: '100%' }}
                  aria-label={t('supervise.draw.share')}
                />
              </Form.Item>
              <Form.Item name="min" label={t('supervise.draw.min')} style={{ flex: '1 1 200px' }}>
                <InputNumber
                  min={0}
                  max={10000}
                  precision={0}
                  style={{ width: '100%' }}
                  aria-label={t('supervise.draw.min')}
                />
              </Form.Item>
            </Flex>
          </div>
        )}
        {burden && <BurdenWarning warning={burden.warning} reason={burdenReason} onReason={setBurdenReason} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Form>
    </Modal>
  );
}
