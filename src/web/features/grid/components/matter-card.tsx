import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import type { MatterSummary } from '../../../../contracts/grid.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { CategoryTag, MatterStateTag, OverdueTag } from './grid-tags.tsx';

/** One matter as the board and the grid map show it: overdue ones with a red edge. */
export function MatterCard({ m, showState = false }: { m: MatterSummary; showState?: boolean }) {
  const { t } = useI18n();
  const overdue = m.daysOverdue > 0;
  return (
    <Link to={`/grid/matters/${m.id}`} data-testid={`matter-${m.id}`} style={{ display: 'block' }}>
      <Card
        size="small"
        hoverable
        style={{ borderColor: overdue ? 'var(--ant-color-error)' : undefined, borderWidth: overdue ? 2 : 1 }}
        data-overdue={overdue ? 'true' : 'false'}
      >
        <Flex gap={4} wrap align="center" style={{ marginBottom: 4 }}>
          {showState && <MatterStateTag state={m.state} />}
          <CategoryTag code={m.category} />
          <OverdueTag days={m.daysOverdue} escalation={m.escalation} />
          {m.reopenCount > 0 && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('grid.reopened', { n: m.reopenCount })}
            </Typography.Text>
          )}
        </Flex>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
          {m.text}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {m.gridName} · {formatDate(m.reportedOn)}
          {m.deadline && m.state === 'assigned'
            ? ` · ${t('grid.deadlineShort', { date: formatDate(m.deadline) })}`
            : ''}
          {m.assigneeName || m.assigneeDept ? ` · ${m.assigneeName ?? m.assigneeDept}` : ''}
        </Typography.Text>
      </Card>
    </Link>
  );
}
