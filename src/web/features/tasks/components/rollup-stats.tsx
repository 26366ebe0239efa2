import { Card, Flex, Statistic, Tooltip, Typography } from 'antd';
import type { Rollup } from '../../../../contracts/tasks.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';

type Stat = {
  key: string;
  title: MessageKey;
  /** What the figure counts, shown under the card's title on hover. */
  help: MessageKey;
  value: number | string;
  color?: string;
  suffix?: string;
};

const percent = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);

/**
 * The roll-up as statistic cards. The rates count only work that is due (done, or past its deadline), so that new
 * work lowers nobody's rate; work not yet due is shown beside them. Each card says what it counts (hover) and
 * carries data-testid="stat-<key>" so that a test can read it.
 */
export function RollupStats({ rollup, compact }: { rollup: Rollup | null; compact?: boolean }) {
  const { t } = useI18n();
  const r = rollup ?? {
    assigned: 0,
    due: 0,
    notYetDue: 0,
    done: 0,
    doneOnTime: 0,
    overdue: 0,
    lagging: 0,
    submitted: 0,
    completionRate: null,
    onTimeRate: null,
  };
  const rate = percent(r.completionRate);
  const onTimeRate = percent(r.onTimeRate);
  const stats: Stat[] = [
    { key: 'assigned', title: 'stats.assigned', help: 'stats.help.assigned', value: r.assigned },
    { key: 'due', title: 'stats.due', help: 'stats.help.due', value: r.due },
    { key: 'done', title: 'stats.done', help: 'stats.help.done', value: r.done, color: '#389e0d' },
    { key: 'onTime', title: 'stats.onTime', help: 'stats.help.onTime', value: r.doneOnTime },
    {
      key: 'submitted',
      title: 'stats.submitted',
      help: 'stats.help.submitted',
      value: r.submitted,
      color: '#1677ff',
    },
    {
      key: 'overdue',
      title: 'stats.overdue',
      help: 'stats.help.overdue',
      value: r.overdue,
      color: r.overdue > 0 ? '#cf1322' : undefined,
    },
    {
      key: 'lagging',
      title: 'stats.lagging',
      help: 'stats.help.lagging',
      value: r.lagging,
      color: r.lagging > 0 ? '#d46b08' : undefined,
    },
    {
      key: 'rate',
      title: 'stats.rate',
      help: 'stats.help.rate',
      value: rate ?? '—',
      suffix: rate === null ? undefined : '%',
    },
    {
      key: 'onTimeRate',
      title: 'stats.onTimeRate',
      help: 'stats.help.onTimeRate',
      value: onTimeRate ?? '—',
      suffix: onTimeRate === null ? undefined : '%',
    },
  ];
  return (
    <div>
      <Flex gap={12} wrap>
        {stats.map((s) => (
          <Card
            key={s.key}
            size="small"
            data-testid={`stat-${s.key}`}
            style={{ flex: '1 1 120px' }}
            styles={{ body: { padding: compact ? '10px 14px' : '14px 18px' } }}
          >
            <Tooltip title={t(s.help)}>
              <Statistic
                title={t(s.title)}
                value={s.value}
                suffix={s.suffix}
                styles={{ content: { color: s.color, fontSize: compact ? 22 : 26 } }}
              />
            </Tooltip>
          </Card>
        ))}
      </Flex>
      <Typography.Text type="secondary" data-testid="stats-explain" style={{ display: 'block', marginTop: 6 }}>
        {t('stats.explain', { n: r.notYetDue })}
      </Typography.Text>
    </div>
  );
}
