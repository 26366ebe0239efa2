import { Alert, DatePicker, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { NoticeDetail } from '../../../../contracts/supervise.ts';
import {
  DEFAULT_WEIGHTS,
  RANKING_MEASURE_LABELS,
  RANKING_MEASURES,
  type RankingMeasure,
} from '../../../../domain/supervise/ranking.ts';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createNotice } from '../api/supervise.ts';

type Values = {
  period: [Dayjs | null, Dayjs | null] | null;
  title: string;
  docNumber: string;
} & Record<RankingMeasure, number | null>;

const FIELDS = ['periodEnd', 'periodStart', 'title', 'docNumber', 'weights'];

/**
 * 生成通报: the period whose work is ranked, the title and 文号 of the document, and the weights of the four measures
 * (default 0.5 / 0.2 / 0.2 / 0.1). The notice is made as a draft; publishing it is a step of its own.
 */
export function NoticeFormModal({
  orgId,
  onClose,
  onDone,
}: {
  orgId: number;
  onClose: () => void;
  onDone: (n: NoticeDetail) => void;
}) {
  const { t, label } = useI18n();
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
    const weights = {
      completion: v.completion ?? 0,
      punctuality: v.punctuality ?? 0,
      problemsOnTime: v.problemsOnTime ?? 0,
      findings: v.findings ?? 0,
    };
    if (weights.completion + weights.punctuality + weights.problemsOnTime + weights.findings <= 0) {
      setError(t('bulletin.form.weightsPositive'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await createNotice({
          orgId,
          periodStart: toIsoDate(v.period?.[0]) ?? '',
          periodEnd: toIsoDate(v.period?.[1]) ?? '',
          title: v.title?.trim() || undefined,
          docNumber: v.docNumber?.trim() || undefined,
          weights,
        }),
      );
    } catch (e) {
      if (!applyServerErrors(form, e, FIELDS)) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('bulletin.createTitle')}
      okText={t('bulletin.create')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        name="notice"
        layout="vertical"
        initialValues={{ period: null, title: '', docNumber: '', ...DEFAULT_WEIGHTS }}
        data-testid="notice-form"
      >
        <Form.Item
          name="period"
          label={t('bulletin.field.period')}
          rules={[{ required: true, message: t('bulletin.form.periodRequired') }]}
          extra={t('bulletin.form.periodHint')}
        >
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            aria-label={t('bulletin.field.period')}
            placeholder={[t('bulletin.form.periodStart'), t('bulletin.form.periodEnd')]}
          />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            name="title"
            label={t('bulletin.field.title')}
            extra={t('bulletin.form.titleHint')}
            style={{ flex: '2 1 280px' }}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="docNumber" label={t('bulletin.field.docNumber')} style={{ flex: '1 1 160px' }}>
            <Input maxLength={50} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('bulletin.field.weights')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('bulletin.form.weightsHint')}
        </Typography.Paragraph>
        <Flex gap={12} wrap>
          {RANKING_MEASURES.map((m) => (
            <Form.Item key={m} name={m} label={label(RANKING_MEASURE_LABELS[m])} style={{ flex: '1 1 130px' }}>
              <InputNumber
                min={0}
                max={100}
                step={0.1}
                style={{ width: '100%' }}
                aria-label={label(RANKING_MEASURE_LABELS[m])}
              />
            </Form.Item>
          ))}
        </Flex>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
