import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AssignmentDetail } from '../../../../contracts/tasks.ts';
import { EVIDENCE_ACCEPTED_TEXT } from '../../../../domain/tasks/evidence-type.ts';
import { formatFigure } from '../../../../domain/tasks/progress.ts';
import { errorMessage } from '../../../lib/api.ts';
import { toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { addLedgerEntry } from '../api/assignments.ts';

type Values = { entryDate: Dayjs; text: string; figure: number | null; correctsId: number | null };

/** Today in Asia/Shanghai, the server's calendar: an entry may not be dated after it. */
function shanghaiToday(): Dayjs {
  return dayjs(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
}

const ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.pdf,.docx,.xlsx,image/*,application/pdf';

/**
 * 记录台账: a dated entry (not after today), what was done, the figure toward the target when the task has
 * one, optionally correcting an earlier entry (the ledger is append-only), and evidence files. The server
 * checks each file by its bytes and answers in Chinese when a type or size is refused.
 */
export function LedgerForm({
  assignment,
  onSaved,
}: {
  assignment: AssignmentDetail;
  onSaved: (a: AssignmentDetail) => void;
}) {
  const { t, lang, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A figure read from records (评星定级 …) is never typed: the entry says what was done only.
  const hasFigure = assignment.progressMode !== 'none' && assignment.figureSourceText === null;
  const unit = assignment.targetUnit ?? '';
  const correctable = assignment.ledger.filter((e) => !e.superseded);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const a = await addLedgerEntry(assignment.id, {
        text: v.text.trim(),
        entryDate: toIsoDate(v.entryDate)!,
        figure: hasFigure ? v.figure : null,
        correctsId: v.correctsId,
        files: files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f),
      });
      void message.success(t('ledger.saved'));
      form.resetFields();
      setFiles([]);
      onSaved(a);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      name="ledger"
      layout="vertical"
      onFinish={submit}
      initialValues={{ entryDate: shanghaiToday(), text: '', figure: null, correctsId: null }}
      data-testid="ledger-form"
    >
      <Flex gap={12} wrap>
        <Form.Item
          name="entryDate"
          label={t('ledger.entryDate')}
          rules={[{ required: true, message: t('common.dateRequired') }]}
          style={{ flex: '1 1 160px' }}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(shanghaiToday(), 'day')}
            allowClear={false}
          />
        </Form.Item>
        {assignment.figureSourceText && (
          <Typography.Text
            type="secondary"
            style={{ flex: '1 1 240px', alignSelf: 'center' }}
            data-testid="ledger-measured"
          >
            {t('ledger.measured', { source: label(assignment.figureSourceText), now: formatFigure(assignment.figure) })}
          </Typography.Text>
        )}
        {hasFigure && (
          <Form.Item
            name="figure"
            label={
              assignment.progressMode === 'share' ? t('ledger.figureShare', { unit }) : t('ledger.figureSum', { unit })
            }
            style={{ flex: '1 1 160px' }}
            extra={
              assignment.progressMode === 'sum'
                ? t('ledger.figureSumHint', { now: formatFigure(assignment.figure), unit })
                : t('ledger.figureShareHint')
            }
          >
            <InputNumber min={0} style={{ width: '100%' }} suffix={unit || undefined} />
          </Form.Item>
        )}
      </Flex>
      <Form.Item
        name="text"
        label={t('ledger.text')}
        rules={[{ required: true, whitespace: true, message: t('ledger.textRequired') }]}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={5000}
          showCount
          placeholder={t('ledger.textPlaceholder')}
        />
      </Form.Item>
      {correctable.length > 0 && (
        <Form.Item name="correctsId" label={t('ledger.correctsLabel')} extra={t('ledger.correctsHint')}>
          <Select
            allowClear
            placeholder={t('ledger.correctsNone')}
            options={correctable.map((e) => ({
              value: e.id,
              label: `#${e.id} ${e.entryDate} ${e.figure !== null ? t('common.paren', { text: `${formatFigure(e.figure)}${unit}` }) : ''}${e.text.slice(0, 24)}`,
            }))}
          />
        </Form.Item>
      )}
      <Form.Item
        label={t('ledger.files')}
        extra={t('ledger.filesHint', { types: lang === 'en' ? t('ledger.typesEn') : EVIDENCE_ACCEPTED_TEXT })}
      >
        <Upload
          multiple
          accept={ACCEPT}
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList)}
          listType="text"
        >
          <Button icon={<UploadOutlined />}>{t('ledger.chooseFiles')}</Button>
        </Upload>
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="ledger-error" />}
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ledger.appendOnly')}
        </Typography.Text>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('ledger.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
