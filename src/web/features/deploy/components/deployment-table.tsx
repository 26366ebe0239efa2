import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { DeploymentSummary } from '../../../../contracts/deploy.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { DeploymentStatusTag } from './kind-tag.tsx';

/** Deployments of an organisation's subtree, newest first. */
export function DeploymentTable({ data, loading }: { data: DeploymentSummary[] | undefined; loading: boolean }) {
  const { t } = useI18n();
  return (
    <Table<DeploymentSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data ?? []}
      scroll={{ x: 1020 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('deploy.total', { n }) }}
      locale={{ emptyText: t('deploy.empty') }}
      columns={[
        {
          title: t('deploy.col.title'),
          dataIndex: 'title',
          width: 300,
          render: (v: string, r) => (
            <div>
              <Link to={`/deployments/${r.id}`}>{v}</Link>
              {r.sourceName && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {r.sourceName}
                </Typography.Text>
              )}
            </div>
          ),
        },
        { title: t('deploy.col.org'), dataIndex: 'orgName', width: 160 },
        {
          title: t('deploy.col.meetingDate'),
          dataIndex: 'meetingDate',
          width: 120,
          render: (v: string | null) => formatDate(v),
        },
        {
          title: t('deploy.col.status'),
          dataIndex: 'status',
          width: 100,
          render: (v: 'draft' | 'confirmed') => <DeploymentStatusTag status={v} />,
        },
        {
          title: t('deploy.col.tasks'),
          dataIndex: 'taskCount',
          width: 90,
          align: 'right',
          render: (v: number, r) =>
            r.status === 'confirmed' ? <Link to={`/tasks?deploymentId=${r.id}&orgId=${r.orgId}`}>{v}</Link> : '—',
        },
        {
          title: t('deploy.col.problems'),
          dataIndex: 'problemCount',
          width: 90,
          align: 'right',
          render: (v: number, r) =>
            r.status === 'confirmed' ? <Link to={`/problems?deploymentId=${r.id}&orgId=${r.orgId}`}>{v}</Link> : '—',
        },
        {
          title: t('deploy.col.created'),
          dataIndex: 'createdAt',
          width: 150,
          render: (v: string) => formatDateTime(v),
        },
      ]}
    />
  );
}
