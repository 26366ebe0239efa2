import { Flex, Form, InputNumber, Segmented, Typography } from 'antd';
import type { FigureSourceBody, TaskDetail } from '../../../../contracts/tasks.ts';
import { useI18n } from '../../../lib/i18n.ts';

/** The form's fields for where a task's figures come from; `figureSource` holds the choice ('ledger' | 'stars'). */
export type FigureSourceValues = {
  figureSource: 'ledger' | 'stars';
  sourceYear: number | null;
  sourceMinLevel: number | null;
  sourceMaxLevel: number | null;
};

export const FIGURE_SOURCE_FIELDS = ['figureSource', 'sourceYear', 'sourceMinLevel', 'sourceMaxLevel'];

export function figureSourceInitial(task: TaskDetail | undefined, year: number): FigureSourceValues {
  const s = task?.figureSource;
  return {
    figureSource: s ? s.kind : 'ledger',
    sourceYear: s?.year ?? year,
    sourceMinLevel: s?.minLevel ?? 4,
    sourceMaxLevel: s?.maxLevel ?? null,
  };
}

/** The body's figureSource: null when typed into the ledger or when the task has no quantitative target. */
export function figureSourceBody(v: FigureSourceValues, mode: 'none' | 'sum' | 'share'): FigureSourceBody | null {
  if (mode === 'none' || v.figureSource !== 'stars') return null;
  return {
    kind: 'stars',
    year: v.sourceYear ?? 0,
    minLevel: v.sourceMinLevel ?? 0,
    maxLevel: v.sourceMaxLevel ?? null,
  };
}

/**
 * 数量来源: typed by each receiver into its ledger, or counted from the star levels (评星定级) of the receiver's
 * subtree — "创建四星级党组织100个" then follows the ratings with nothing typed. Shown with a quantitative target only.
 */
export function FigureSourceFields({ mode, choice }: { mode: 'none' | 'sum' | 'share'; choice: string | undefined }) {
  const { t } = useI18n();
  if (mode === 'none') return null;
  return (
    <>
      <Form.Item name="figureSource" label={t('tasks.source.label')}>
        <Segmented
          options={[
            { value: 'ledger', label: t('tasks.source.ledger') },
            { value: 'stars', label: t('tasks.source.stars') },
          ]}
        />
      </Form.Item>
      {choice === 'stars' && (
        <>
          <Flex gap={8} wrap>
            <Form.Item
              name="sourceYear"
              label={t('tasks.source.year')}
              style={{ flex: '1 1 120px' }}
              rules={[{ required: true, message: t('tasks.source.yearRequired') }]}
            >
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="sourceMinLevel"
              label={t('tasks.source.minLevel')}
              style={{ flex: '1 1 120px' }}
              rules={[{ required: true, message: t('tasks.source.minLevelRequired') }]}
            >
              <InputNumber min={1} max={9} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="sourceMaxLevel" label={t('tasks.source.maxLevel')} style={{ flex: '1 1 120px' }}>
              <InputNumber min={1} max={9} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: -8 }}>
            {t('tasks.source.hint')}
          </Typography.Paragraph>
        </>
      )}
    </>
  );
}
