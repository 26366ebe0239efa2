import {
  CalendarOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { Card, Empty, Flex, Progress, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { AssignmentSummary, WeekView } from '../../../../contracts/tasks.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';
import { figureText } from './assignment-table.tsx';
import { DisplayStateTag } from './task-tags.tsx';

type Group = {
  key: 'overdue' | 'dueThisWeek' | 'open' | 'recentlyDone';
  title: MessageKey;
  icon: React.ReactNode;
  color: string;
  empty: MessageKey;
};

// What is due this week first (the week's work), then what is already late, then the rest still open.
const GROUPS: Group[] = [
  {
    key: 'dueThisWeek',
    title: 'week.dueThisWeek',
    icon: <ClockCircleOutlined />,
    color: '#d46b08',
    empty: 'week.dueEmpty',
  },
  {
    key: 'overdue',
    title: 'week.overdue',
    icon: <ExclamationCircleOutlined />,
    color: '#cf1322',
    empty: 'week.overdueEmpty',
  },
  { key: 'open', title: 'week.open', icon: <CalendarOutlined />, color: '#1677ff', empty: 'week.openEmpty' },
  {
    key: 'recentlyDone',
    title: 'week.recentlyDone',
    icon: <CheckCircleOutlined />,
    color: '#389e0d',
    empty: 'week.doneEmpty',
  },
];

function DueText({ a }: { a: AssignmentSummary }) {
  const { t } = useI18n();
  if (a.state === 'done') return <>{t('week.doneOn', { date: a.doneOn ?? '—' })}</>;
  if (!a.deadline) return <>{t('week.noDeadline')}</>;
  const days = dayjs(a.deadline).startOf('day').diff(dayjs().startOf('day'), 'day');
  const rel =
    days < 0 ? t('week.daysOver', { n: -days }) : days === 0 ? t('week.dueToday') : t('week.daysLeft', { n: days });
  return (
    <>
      {t('week.deadline', { date: a.deadline })}
      <Typography.Text
        type={days < 0 ? 'danger' : days <= 3 ? 'warning' : 'secondary'}
        style={{ marginInlineStart: 6 }}
      >
        {rel}
      </Typography.Text>
    </>
  );
}

function AssignmentCard({ a }: { a: AssignmentSummary }) {
  const { t } = useI18n();
  const fig = figureText(a);
  return (
    <Link to={`/assignments/${a.id}`} className="luoshi-week-card" data-testid="week-card">
      <Card size="small" hoverable styles={{ body: { padding: '12px 14px' } }}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Text strong style={{ fontSize: 15, lineHeight: 1.45 }}>
            {a.taskTitle}
          </Typography.Text>
          <DisplayStateTag state={a.displayState} style={{ flex: 'none' }} />
        </Flex>
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, marginTop: 4 }}>
          {t('week.from', { org: a.assignerOrgName })}
        </Typography.Text>
        <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 6, fontSize: 13 }}>
          <span>
            <DueText a={a} />
          </span>
          <RightOutlined style={{ color: '#bbb', fontSize: 12 }} />
        </Flex>
        {(a.progress !== null || fig) && (
          <Flex align="center" gap={8} style={{ marginTop: 6 }}>
            {a.progress !== null && (
              <Progress percent={Math.round(a.progress * 100)} size="small" style={{ flex: 1, margin: 0 }} />
            )}
            {fig && (
              <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
                {fig}
              </Typography.Text>
            )}
          </Flex>
        )}
      </Card>
    </Link>
  );
}

/** One organisation's week on one screen: 本周到期, 已逾期, 其他在办, 近两周完成 — cards that open the assignment. */
export function WeekBoard({ week }: { week: WeekView }) {
  const { t } = useI18n();
  return (
    <div className="luoshi-week">
      {GROUPS.map((g) => {
        const list = week[g.key];
        return (
          <section key={g.key} className="luoshi-week-group" data-testid={`week-${g.key}`}>
            <Flex align="center" gap={8} className="luoshi-week-title" style={{ color: g.color }}>
              {g.icon}
              <span>{t(g.title)}</span>
              <span className="luoshi-week-count" style={{ background: list.length ? g.color : '#d9d9d9' }}>
                {list.length}
              </span>
            </Flex>
            {list.length ? (
              <Flex vertical gap={8}>
                {list.map((a) => (
                  <AssignmentCard key={a.id} a={a} />
                ))}
              </Flex>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(g.empty)} style={{ margin: '8px 0 4px' }} />
            )}
          </section>
        );
      })}
    </div>
  );
}
