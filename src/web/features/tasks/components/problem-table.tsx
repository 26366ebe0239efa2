import type { TablePaginationConfig } from 'antd';
import { Flex, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ProblemSummary } from '../../../../contracts/tasks.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';

const SOURCE_COLORS: Record<ProblemSummary['source'], string> = {
  speech: 'purple',
  manual: 'default',
  supervision: 'volcano',
};

/** 问题清单: the problem, where it came from, the deployment and the tasks that address it. */
export function ProblemTable({
  data,
  loading,
  pagination,
}: {
  data: ProblemSummary[] | undefined;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
}) {
  const { t } = useI18n();
  const offset = pagination ? ((pagination.current ?? 1) - 1) * (pagination.pageSize ?? 0) : 0;
  return (
    <Table<ProblemSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data ?? []}
      pagination={pagination}
      scroll={{ x: 1040 }}
      locale={{ emptyText: t('problems.empty') }}
      columns={[
        { title: t('problems.col.no'), key: 'no', width: 60, render: (_: unknown, __, i) => offset + i + 1 },
        {
          title: t('problems.col.title'),
          dataIndex: 'title',
          width: 300,
          render: (v: string, r) => (
            <div>
              <Typography.Text strong>{v}</Typography.Text>
              {r.description && (
                <Typography.Paragraph
                  type="secondary"
                  ellipsis={{ rows: 2, expandable: 'collapsible' }}
                  style={{ margin: '2px 0 0', fontSize: 13 }}
                >
                  {r.description}
                </Typography.Paragraph>
              )}
            </div>
          ),
        },
        {
          title: t('problems.col.source'),
          dataIndex: 'source',
          width: 200,
          render: (v: ProblemSummary['source'], r) => (
            <div>
              <Tag color={SOURCE_COLORS[v]}>{t(`problems.source.${v}`)}</Tag>
              {r.deploymentTitle && r.deploymentId && (
                <Typography.Text ellipsis style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
                  <Link to={`/deployments/${r.deploymentId}`}>{r.deploymentTitle}</Link>
                </Typography.Text>
              )}
            </div>
          ),
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
        { title: t('problems.col.org'), dataIndex: 'orgName', width: 120, ellipsis: true },
        {
          title: t('problems.col.created'),
          dataIndex: 'createdAt',
          width: 140,
          render: (v: string) => formatDateTime(v),
        },
      ]}
    />
  );
}
