import type { TablePaginationConfig } from 'antd';
import { Flex, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ProblemSummary } from '../../../../contracts/tasks.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemDeadline, ProblemSeverityTag, ProblemSourceTag, ProblemStateTag } from './problem-tags.tsx';

/**
 * 问题清单: the problem (to its page), who answers for it and who issued it, where it came from, how serious, where
 * its rectification stands, the deadline (red when overdue, with the step the escalation ladder suggests) and the
 * person responsible.
 */
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
        {
          title: t('problems.field.title'),
          dataIndex: 'title',
          width: 260,
          render: (v: string, r) => (
            <div>
              <Link to={`/problems/${r.id}`} style={{ fontWeight: 600 }}>
                {v}
              </Link>
              {r.category && (
                <Tag style={{ marginInlineStart: 6, fontSize: 12 }} bordered={false}>
                  {r.category}
                </Tag>
              )}
              {r.description && (
                <Typography.Paragraph
                  type="secondary"
                  ellipsis={{ rows: 2, expandable: 'collapsible' }}
                  style={{ margin: '2px 0 0', fontSize: 13 }}
                >
                  {r.description}
                </Typography.Paragraph>
              )}
              {r.tasks.length > 0 && (
                <Flex gap={8} wrap style={{ fontSize: 12, marginTop: 2 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('problems.field.tasks')}
                  </Typography.Text>
                  {r.tasks.map((x) => (
                    <Link key={x.id} to={`/tasks/${x.id}`}>
                      {x.title}
                    </Link>
                  ))}
                </Flex>
              )}
            </div>
          ),
        },
        { title: t('problems.field.org'), dataIndex: 'orgName', width: 130, ellipsis: true },
        { title: t('problems.field.issuer'), dataIndex: 'issuerOrgName', width: 110, ellipsis: true },
        {
          title: t('problems.field.source'),
          dataIndex: 'source',
          width: 120,
          render: (v: ProblemSummary['source'], r) => (
            <div>
              <ProblemSourceTag source={v} />
              {r.deploymentTitle && r.deploymentId && (
                <Typography.Text ellipsis style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
                  <Link to={`/deployments/${r.deploymentId}`}>{r.deploymentTitle}</Link>
                </Typography.Text>
              )}
            </div>
          ),
        },
        {
          title: t('problems.field.severity'),
          dataIndex: 'severity',
          width: 80,
          render: (v: ProblemSummary['severity']) => <ProblemSeverityTag severity={v} />,
        },
        {
          title: t('problems.field.state'),
          dataIndex: 'state',
          width: 90,
          render: (v: ProblemSummary['state']) => <ProblemStateTag state={v} />,
        },
        {
          title: t('problems.field.deadline'),
          dataIndex: 'deadline',
          width: 120,
          render: (_: unknown, r) => <ProblemDeadline problem={r} />,
        },
        {
          title: t('problems.field.person'),
          dataIndex: 'responsiblePerson',
          width: 90,
          ellipsis: true,
          render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
        },
      ]}
    />
  );
}
