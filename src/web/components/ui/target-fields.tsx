import { Flex, Form, Input, InputNumber, Segmented, Typography } from 'antd';
import { PROGRESS_MODE_LABELS, type ProgressMode } from '../../../domain/tasks/progress.ts';
import { useI18n } from '../../lib/i18n.ts';

/**
 * The quantitative target of a task inside an antd Form: how progress is counted (none / a sum of reported
 * figures / the share of receivers reaching a threshold), the target value, the threshold and the unit.
 * Field names: progressMode, targetValue, shareThreshold, targetUnit. `mode` is the form's current progressMode.
 */
export function TargetFields({ mode, unitWidth = 110 }: { mode: ProgressMode | undefined; unitWidth?: number }) {
  const { t, label } = useI18n();
  return (
    <>
      <Form.Item name="progressMode" label={t('deploy.task.mode')}>
        <Segmented
          block
          options={(['none', 'sum', 'share'] as const).map((m) => ({
            value: m,
            label: label(PROGRESS_MODE_LABELS[m]),
          }))}
        />
      </Form.Item>
      {mode && mode !== 'none' && (
        <Flex gap={8}>
          <Form.Item
            name="targetValue"
            label={mode === 'share' ? t('deploy.task.targetShare') : t('deploy.task.targetValue')}
            style={{ flex: 1 }}
            rules={[{ required: true, message: t('deploy.task.err.targetMissing') }]}
          >
            <InputNumber
              min={0}
              max={mode === 'share' ? 100 : undefined}
              style={{ width: '100%' }}
              suffix={mode === 'share' ? '%' : undefined}
            />
          </Form.Item>
          {mode === 'share' && (
            <Form.Item
              name="shareThreshold"
              label={t('deploy.task.threshold')}
              style={{ flex: 1 }}
              rules={[{ required: true, message: t('deploy.task.err.thresholdMissing') }]}
            >
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="targetUnit" label={t('deploy.task.unit')} style={{ width: unitWidth }}>
            <Input maxLength={20} placeholder={t('deploy.task.unitPlaceholder')} />
          </Form.Item>
        </Flex>
      )}
      {mode === 'share' && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: -8 }}>
          {t('deploy.task.shareHint')}
        </Typography.Paragraph>
      )}
    </>
  );
}
