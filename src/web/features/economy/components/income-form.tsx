import { CameraOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, InputNumber, Segmented, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { IncomeEntryDto, VillageIncomeDetail } from '../../../../contracts/economy.ts';
import {
  INCOME_PERIOD_LABELS,
  INCOME_PERIODS,
  INCOME_SOURCE_LABELS,
  INCOME_SOURCES,
  type IncomeAmounts,
  type IncomePeriod,
  OPERATING_SOURCES,
} from '../../../../domain/economy/vocab.ts';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { addIncomeFiles, correctIncome, createIncome } from '../api/economy.ts';
import { formatWan, formatYuan } from './format.ts';

type Values = IncomeAmounts & { period: IncomePeriod; note?: string };

const ZERO: IncomeAmounts = { business: 0, contracting: 0, investment: 0, subsidy: 0, other: 0 };

/**
 * 填报集体经济收入 on a phone (375 px): the period (全年 or a quarter) by one tap, the five kinds of income in 元 as the
 * village's 收支表 gives them, 经营性收入 added up as one types, a note, and photos of the statement (optional). A
 * correction keeps the period and asks why.
 */
export function IncomeForm({
  orgId,
  year,
  correcting,
  taken,
  onSaved,
  onCancel,
}: {
  orgId: number;
  year: number;
  correcting: IncomeEntryDto | null;
  /** Periods of the year already reported: the form starts on the first one still open. */
  taken: readonly IncomePeriod[];
  onSaved: (d: VillageIncomeDetail) => void;
  onCancel?: () => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  let operatingFen = 0;
  for (const s of OPERATING_SOURCES) operatingFen += Math.round(Number(watched?.[s] ?? 0) * 100);
  const operating = operatingFen / 100;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const amounts = Object.fromEntries(INCOME_SOURCES.map((s) => [s, v[s] ?? 0])) as IncomeAmounts;
      let d = correcting
        ? await correctIncome(correcting.id, { amounts, note: v.note ?? '' })
        : await createIncome({
            orgId,
            year,
            quarter: v.period === 'year' ? null : Number(v.period.slice(1)),
            amounts,
            note: v.note ?? '',
          });
      if (photos.length > 0) {
        const entry = correcting
          ? d.entries.filter((e) => e.correctsId === correcting.id).at(-1)
          : d.entries.filter((e) => e.correctsId === null).at(-1);
        if (entry) d = await addIncomeFiles(entry.id, photos);
      }
      form.resetFields();
      setPhotos([]);
      onSaved(d);
    } catch (e) {
      const fields = ['period', 'note', ...INCOME_SOURCES];
      if (!applyServerErrors(form, e, fields)) setError(errorMessage(e));
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const initial: Values = correcting
    ? {
        ...correcting.amounts,
        period: correcting.quarter === null ? 'year' : (`q${correcting.quarter}` as IncomePeriod),
        note: '',
      }
    : { ...ZERO, period: INCOME_PERIODS.find((p) => !taken.includes(p)) ?? 'year', note: '' };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      data-testid="income-form"
      style={{ maxWidth: 520 }}
    >
      {correcting ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('economy.form.correcting', {
            id: correcting.id,
            period: label(
              INCOME_PERIOD_LABELS[correcting.quarter === null ? 'year' : (`q${correcting.quarter}` as 'q1')],
            ),
          })}
        />
      ) : (
        <Form.Item name="period" label={t('economy.form.period')}>
          <Segmented
            block
            data-testid="income-period"
            options={INCOME_PERIODS.map((p) => ({ value: p, label: t(`economy.period.${p}`) }))}
          />
        </Form.Item>
      )}
      {INCOME_SOURCES.map((s) => (
        <Form.Item key={s} name={s} label={`${label(INCOME_SOURCE_LABELS[s])}（${t('economy.unit.yuan')}）`}>
          <InputNumber
            data-testid={`income-amount-${s}`}
            min={s === 'investment' ? -10_000_000_000 : 0}
            max={10_000_000_000}
            precision={2}
            inputMode="decimal"
            style={{ width: '100%' }}
            suffix="元"
          />
        </Form.Item>
      ))}
      <Typography.Paragraph data-testid="income-operating">
        {t('economy.form.operating', { yuan: formatYuan(operating), wan: formatWan(operating) })}
      </Typography.Paragraph>
      <Form.Item
        name="note"
        label={correcting ? t('economy.form.reason') : t('economy.form.note')}
        rules={correcting ? [{ required: true, whitespace: true, message: t('economy.form.reasonRequired') }] : []}
      >
        <Input.TextArea rows={2} maxLength={500} data-testid="income-note" />
      </Form.Item>
      <Form.Item label={t('economy.form.files')}>
        <Upload
          multiple
          accept="image/*,.pdf"
          capture="environment"
          fileList={photos.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
          beforeUpload={(f) => {
            setPhotos((p) => [...p, f]);
            return false;
          }}
          onRemove={(f) => setPhotos((p) => p.filter((_, i) => String(i) !== f.uid))}
        >
          <Button icon={<CameraOutlined />}>{t('economy.form.addFile')}</Button>
        </Upload>
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="income-error" />}
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="income-submit">
        {correcting ? t('economy.form.saveCorrection') : t('economy.form.save')}
      </Button>
      {onCancel && (
        <Button block style={{ marginTop: 8 }} onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      )}
    </Form>
  );
}
