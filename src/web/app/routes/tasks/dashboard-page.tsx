import { Alert, Button, Card, Col, Empty, Grid, Row, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Dashboard } from '../../../../contracts/tasks.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { StarsByChildCard } from '../../../features/assess/components/stars-by-child-card.tsx';
import { WeakCountsCard } from '../../../features/assess/weak/weak-counts-card.tsx';
import { getDashboard, getDashboardTasks } from '../../../features/tasks/api/overview.ts';
import { CompletionChart, TargetChart, TrendChart } from '../../../features/tasks/components/charts/lazy-charts.tsx';
import { RollupStats } from '../../../features/tasks/components/rollup-stats.tsx';
import { TaskTable } from '../../../features/tasks/components/task-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgParam } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /dashboard — how the selected organisation's subtree is carrying out its work: totals, completion by child
 * organisation (ranked by outcomes only), the trend, each task against its target, and the task table.
 */
export default function DashboardPage() {
  const { t } = useI18n();
  const orgId = useOrgParam();
  const { data: d, error, loading, reload } = useRequest(() => getDashboard(orgId), [orgId]);
  const wide = Grid.useBreakpoint().md !== false;
  const hint = (text: string) =>
    wide ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text}
      </Typography.Text>
    ) : undefined;

  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(error)}
        action={
          <Button size="small" onClick={reload}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (!d) return <Skeleton active paragraph={{ rows: 12 }} />;

  const childRows = d.children.filter((c) => c.due > 0);
  const targetTasks = d.tasks.filter((x) => x.rollup && x.rollup.assigned > 0);
  return (
    <div data-testid="dashboard-page" style={{ opacity: loading ? 0.6 : 1, transition: 'opacity .2s' }}>
      <PageHeader
        title={t('dash.title', { org: d.org.name })}
        subTitle={t('dash.subtitle')}
        extra={
          <Space wrap>
            <Link to={`/economy?orgId=${orgId}`} data-testid="dash-economy-link">
              <Button>{t('economy.dashLink')}</Button>
            </Link>
            <Button onClick={reload}>{t('dash.refresh')}</Button>
          </Space>
        }
      />
      <RollupStats rollup={d.totals} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={t('dash.completion')} extra={hint(t('dash.completionHint'))} style={{ height: '100%' }}>
            {childRows.length ? (
              <CompletionChart rows={d.children} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.noChildren')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dash.targets')} extra={hint(t('dash.targetsHint'))} style={{ height: '100%' }}>
            {targetTasks.length ? (
              <TargetChart tasks={d.tasks} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.noTasks')} />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('dash.trend')} extra={hint(t('dash.trendHint'))}>
            {d.trend.length ? (
              <TrendChart trend={d.trend} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.noTrend')} />
            )}
          </Card>
        </Col>
        <StarsByChildCard
          orgId={orgId}
          wrap={(card) => (
            <Col xs={24} xl={16}>
              {card}
            </Col>
          )}
        />
        <WeakCountsCard
          orgId={orgId}
          wrap={(card) => (
            <Col xs={24} xl={8}>
              {card}
            </Col>
          )}
        />
        <Col span={24}>
          <DashboardTasks dashboard={d} orgId={orgId} />
        </Col>
      </Row>
    </div>
  );
}

/**
 * The dashboard's tasks, a page at a time: the first page comes with the dashboard; the next one follows its cursor
 * (keyset paging), any other page is asked for by number.
 */
function DashboardTasks({ dashboard: d, orgId }: { dashboard: Dashboard; orgId: number }) {
  const { t } = useI18n();
  const pageSize = d.tasks.length > 0 ? Math.max(d.tasks.length, 20) : 20;
  const [paging, setPaging] = useState<{ page: number; cursor?: string; key: string }>({
    page: 1,
    key: `${orgId}`,
  });
  // Another organisation starts again at its first page; a reload of the dashboard reloads the page shown.
  const current = paging.key === `${orgId}` ? paging : { page: 1, key: `${orgId}` };
  const later = useRequest(
    () => getDashboardTasks(orgId, { page: current.page, pageSize, cursor: current.cursor }),
    [orgId, current.page, d],
    current.page > 1,
  );
  const rows = current.page === 1 ? d.tasks : (later.data?.items ?? []);
  const next = current.page === 1 ? d.tasksNextCursor : (later.data?.nextCursor ?? null);
  return (
    <Card title={t('dash.tasks', { n: d.tasksTotal })} data-testid="dash-tasks">
      {later.error ? (
        <Alert type="error" showIcon title={errorMessage(later.error)} style={{ marginBottom: 16 }} />
      ) : null}
      <TaskTable
        data={rows}
        loading={current.page > 1 && later.loading}
        pagination={{
          current: current.page,
          pageSize,
          total: d.tasksTotal,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (page) =>
            setPaging(
              page === current.page + 1 && next ? { page, cursor: next, key: `${orgId}` } : { page, key: `${orgId}` },
            ),
        }}
      />
    </Card>
  );
}
