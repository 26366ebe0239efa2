import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Space, Tag, Typography } from 'antd';
import type { IncomeEntryDto } from '../../../../contracts/economy.ts';
import { INCOME_PERIOD_LABELS, INCOME_SOURCE_LABELS, INCOME_SOURCES } from '../../../../domain/economy/vocab.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { incomeFileUrl } from '../api/economy.ts';
import { formatYuan } from './format.ts';

/**
 * A village's entries of the year, as written (append-only): each with its period, amounts, note and files, the
 * corrected ones marked, the one in force correctable by whoever reports for the village.
 */
export function IncomeEntries({
  entries,
  canReport,
  onCorrect,
}: {
  entries: IncomeEntryDto[];
  canReport: boolean;
  onCorrect: (e: IncomeEntryDto) => void;
}) {
  const { t, label } = useI18n();
  if (entries.length === 0) return <Empty description={t('economy.entries.none')} />;
  return (
    <List
      data-testid="income-entries"
      dataSource={[...entries].reverse()}
      renderItem={(e) => (
        <List.Item key={e.id}>
          <Card size="small" style={{ width: '100%' }} data-testid={`income-entry-${e.id}`}>
            <Flex justify="space-between" align="start" gap={8} wrap>
              <Space wrap size={4}>
                <Typography.Text strong>
                  {label(INCOME_PERIOD_LABELS[e.quarter === null ? 'year' : (`q${e.quarter}` as 'q1')])}
                </Typography.Text>
                {e.correctsId !== null && <Tag color="blue">{t('economy.entries.corrects', { id: e.correctsId })}</Tag>}
                {!e.inForce && <Tag>{t('economy.entries.superseded')}</Tag>}
                {e.via === 'import' && <Tag>{t('economy.entries.imported')}</Tag>}
              </Space>
              {canReport && e.inForce && (
                <Button size="small" onClick={() => onCorrect(e)} data-testid={`income-correct-${e.id}`}>
                  {t('economy.entries.correct')}
                </Button>
              )}
            </Flex>
            <Typography.Paragraph style={{ margin: '6px 0 0' }}>
              {t('economy.entries.operating', { yuan: formatYuan(e.operating) })}
              {' · '}
              {t('economy.entries.total', { yuan: formatYuan(e.total) })}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {INCOME_SOURCES.filter((s) => e.amounts[s] !== 0)
                .map((s) => `${label(INCOME_SOURCE_LABELS[s])} ${formatYuan(e.amounts[s])}`)
                .join('；')}
            </Typography.Text>
            {e.note && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{e.note}</Typography.Paragraph>}
            <Flex gap={8} wrap style={{ marginTop: 4 }}>
              {e.files.map((f) => (
                <a key={f.id} href={incomeFileUrl(e.id, f.id)} target="_blank" rel="noreferrer">
                  <PaperClipOutlined /> {f.filename}
                </a>
              ))}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.actorName} · {formatDateTime(e.createdAt)}
            </Typography.Text>
          </Card>
        </List.Item>
      )}
    />
  );
}
