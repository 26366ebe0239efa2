import { Card, Flex, Statistic } from 'antd';
import type { Rollup } from '../../../../contracts/tasks.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';

type Stat = { key: string; title: MessageKey; value: number | string; color?: string; suffix?: string };

/**
 * The roll-up as statistic cards: assigned, done, done on time, overdue, lagging, and the completion rate.
 * Each card carries data-testid="stat-<key>" so that a test can read it.
 */
export function RollupStats({ rollup, compact }: { rollup: Rollup | null; compact?: boolean }) {
  const { t } = useI18n();
  const r = rollup ?? { assigned: 0, done: 0, doneOnTime: 0, overdue: 0, lagging: 0, submitted: 0 };
  const rate = r.assigned > 0 ? Math.round((r.done / r.assigned) * 1000) / 10 : null;
  const stats: Stat[] = [
    { key: 'assigned', title: 'stats.assigned', value: r.assigned },
    { key: 'done', title: 'stats.done', value: r.done, color: '#389e0d' },
    { key: 'onTime', title: 'stats.onTime', value: r.doneOnTime },
    { key: 'submitted', title: 'stats.submitted', value: r.submitted, color: '#1677ff' },
    { key: 'overdue', title: 'stats.overdue', value: r.overdue, color: r.overdue > 0 ? '#cf1322' : undefined },
    { key: 'lagging', title: 'stats.lagging', value: r.lagging, color: r.lagging > 0 ? '#d46b08' : undefined },
    { key: 'rate', title: 'stats.rate', value: rate ?? '—', suffix: rate === null ? undefined : '%' },
  ];
  return (
    <Flex gap={12} wrap>
      {stats.map((s) => (
        <Card
          key={s.key}
          size="small"
          data-testid={`stat-${s.key}`}
          style={{ flex: '1 1 130px' }}
          styles={{ body: { padding: compact ? '10px 14px' : '14px 18px' } }}
        >
          <Statistic
            title={t(s.title)}
            value={s.value}
            suffix={s.suffix}
            styles={{ content: { color: s.color, fontSize: compact ? 22 : 26 } }}
          />
        </Card>
      ))}
    </Flex>
  );
}
