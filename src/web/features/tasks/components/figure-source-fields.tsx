import { Flex, Form, InputNumber, Segmented, Typography } from 'antd';
import type { FigureSourceBody, TaskDetail } from '../../../../contracts/tasks.ts';
import { useI18n } from '../../../lib/i18n.ts';

type Choice = 'ledger' | 'stars' | 'villageIncome' | 'villagesReaching' | 'oneShoulder';

/**
 * The form's fields for where a task's figures come from; `figureSource` holds the choice: the ledger, the star levels,
 * the villages' collective income (万元) or the villages reaching an amount (万元).
 */
export type FigureSourceValues = {
  figureSource: Choice;
  sourceYear: number | null;
  sourceMinLevel: number | null;
  sourceMaxLevel: number | null;
  /** villagesReaching: the amount in 万元 (0: any operating income). */
  sourceMinAmount: number | null;
};

export const FIGURE_SOURCE_FIELDS = [
  'figureSource',
  'sourceYear',
  'sourceMinLevel',
  'sourceMaxLevel',
  'sourceMinAmount',
];

export function figureSourceInitial(task: TaskDetail | undefined, year: number): FigureSourceValues {
  const s = task?.figureSource;
  return {
    figureSource: s ? s.kind : 'ledger',
    sourceYear: s && s.kind !== 'oneShoulder' ? s.year : year,
    sourceMinLevel: s?.kind === 'stars' ? s.minLevel : 4,
    sourceMaxLevel: s?.kind === 'stars' ? s.maxLevel : null,
    sourceMinAmount: s?.kind === 'villagesReaching' ? s.minAmount : 5,
  };
}

/** The body's figureSource: null when typed into the ledger or when the task has no quantitative target. */
export function figureSourceBody(v: FigureSourceValues, mode: 'none' | 'sum' | 'share'): FigureSourceBody | null {
  if (mode === 'none' || v.figureSource === 'ledger') return null;
  if (v.figureSource === 'oneShoulder') return { kind: 'oneShoulder' };
  const year = v.sourceYear ?? 0;
  if (v.figureSource === 'villageIncome') return { kind: 'villageIncome', year };
  if (v.figureSource === 'villagesReaching')
    return { kind: 'villagesReaching', year, minAmount: v.sourceMinAmount ?? 0 };
  return { kind: 'stars', year, minLevel: v.sourceMinLevel ?? 0, maxLevel: v.sourceMaxLevel ?? null };
}

/**
 * 数量来源: typed by each receiver into its ledger, or counted from records of the receiver's subtree — the star levels
 * (评星定级: "创建四星级党组织100个"), the villages' collective income (村级集体经济收入, in 万元: "80%的行政村集体经济收入
 * 达到5万元" as a share task on the villages with the threshold 5), or the villages whose income reaches an amount
 * ("有稳定收入的村达到N个"). Shown with a quantitative target only.
 */
export function FigureSourceFields({ mode, choice }: { mode: 'none' | 'sum' | 'share'; choice: string | undefined }) {
  const { t } = useI18n();
  if (mode === 'none') return null;
  const yearField = (
    <Form.Item
      name="sourceYear"
      label={t('tasks.source.year')}
      style={{ flex: '1 1 120px' }}
      rules={[{ required: true, message: t('tasks.source.yearRequired') }]}
    >
      <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
    </Form.Item>
  );
  return (
    <>
      <Form.Item name="figureSource" label={t('tasks.source.label')}>
        <Segmented
          data-testid="figure-source"
          options={[
            { value: 'ledger', label: t('tasks.source.ledger') },
            { value: 'stars', label: t('tasks.source.stars') },
            { value: 'villageIncome', label: t('tasks.source.villageIncome') },
            { value: 'villagesReaching', label: t('tasks.source.villagesReaching') },
            { value: 'oneShoulder', label: t('tasks.source.oneShoulder') },
          ]}
        />
      </Form.Item>
      {choice === 'stars' && (
        <>
          <Flex gap={8} wrap>
            {yearField}
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
      {choice === 'villageIncome' && (
        <>
          <Flex gap={8} wrap>
            {yearField}
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: -8 }}>
            {t('tasks.source.villageIncomeHint')}
          </Typography.Paragraph>
        </>
      )}
      {choice === 'oneShoulder' && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('tasks.source.oneShoulderHint')}
        </Typography.Paragraph>
      )}
      {choice === 'villagesReaching' && (
        <>
          <Flex gap={8} wrap>
            {yearField}
            <Form.Item
              name="sourceMinAmount"
              label={t('tasks.source.minAmount')}
              style={{ flex: '1 1 160px' }}
              rules={[{ required: true, message: t('tasks.source.minAmountRequired') }]}
            >
              <InputNumber min={0} max={100_000} precision={4} style={{ width: '100%' }} suffix="万元" />
            </Form.Item>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: -8 }}>
            {t('tasks.source.villagesReachingHint')}
          </Typography.Paragraph>
        </>
      )}
    </>
  );
}
