import { Flex, Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import type { ProblemSummary } from '../api/lists.ts';

const SOURCE_COLORS: Record<ProblemSummary['source'], string> = { speech: 'purple', manual: 'default', supervision: 'volcano' };

/** 问题清单: the problem, where it came from, the deployment and the tasks that address it. */
export function ProblemTable({ data, loading, pagination }: { data: ProblemSummary[] | undefined; loading?: boolean; pagination?: TablePaginationConfig | false }) {
  const { t } = useI18n();
  return (
    <Table<ProblemSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data ?? []}
      pagination={pagination}
      scroll={{ x: 1000 }}
      locale={{ emptyText: t('problems.empty') }}
      columns={[
        { title: t('problems.col.no'), key: 'no', width: 60, render: (_: unknown, __, i) => i + 1 + ((pagination && (pagination.current ?? 1) - 1) || 0) * ((pagination && pagination.pageSize) || 0) },
        {
          title: t('problems.col.title'),
          dataIndex: 'title',
          render: (v: string, r) => (
            <div style={{ minWidth: 220, maxWidth: 460 }}>
              <Typography.Text strong>{v}</Typography.Text>
              {r.description && (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: 'collapsible' }} style={{ margin: '2px 0 0', fontSize: 13 }}>
                  {r.description}
                </Typography.Paragraph>
              )}
            </div>
          ),
        },
        { title: t('problems.col.source'), dataIndex: 'source', width: 90, render: (v: ProblemSummary['source']) => <Tag color={SOURCE_COLORS[v]}>{t(`problems.source.${v}`)}</Tag> },
        {
          title: t('problems.col.deployment'),
          dataIndex: 'deploymentTitle',
          width: 200,
          ellipsis: true,
          render: (v: string | null, r) => (v && r.deploymentId ? <Link to={`/deployments/${r.deploymentId}`}>{v}</Link> : '—'),
        },
        {
          title: t('problems.col.tasks'),
          key: 'tasks',
          width: 220,
          render: (_: unknown, r) =>
            r.tasks.length ? (
              <Flex vertical gap={2}>
                {r.tasks.map((x) => (
                  <Link key={x.id} to={`/tasks/${x.id}`}>
                    {x.title}
                  </Link>
                ))}
              </Flex>
            ) : (
              <Typography.Text type="secondary">{t('problems.noTasks')}</Typography.Text>
            ),
        },
        { title: t('problems.col.org'), dataIndex: 'orgName', width: 140, ellipsis: true },
        { title: t('problems.col.created'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
      ]}
    />
  );
}
