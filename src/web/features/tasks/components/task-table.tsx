import type { TablePaginationConfig } from 'antd';
import { Badge, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { TaskSummary } from '../../../../contracts/tasks.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ProgressCell, TaskStatusTag, targetText } from './task-tags.tsx';

type Props = {
  data: TaskSummary[] | undefined;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  /** Hide the deployment column (when the list is one deployment's). */
  hideDeployment?: boolean;
};

/** Tasks with their roll-up: progress bar and label, done / assigned, overdue count. */
export function TaskTable({ data, loading, pagination, hideDeployment }: Props) {
  const { t, tm, label } = useI18n();
  return (
    <Table<TaskSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data ?? []}
      pagination={pagination}
      scroll={{ x: 1010 }}
      locale={{ emptyText: t('tasks.empty') }}
      columns={[
        {
          title: t('tasks.col.title'),
          dataIndex: 'title',
          width: 320,
          render: (v: string, r) => (
            <div>
              <Link to={`/tasks/${r.id}`}>{v}</Link>
              {r.status !== 'active' && (
                <span style={{ marginInlineStart: 6 }}>
                  <TaskStatusTag status={r.status} />
                </span>
              )}
              {r.parentAssignmentId ? (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {t('tasks.decomposedFrom')}
                </Typography.Text>
              ) : (
                !hideDeployment &&
                r.deploymentTitle &&
                r.deploymentId && (
                  <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
                    <Link to={`/deployments/${r.deploymentId}`} style={{ color: 'inherit' }}>
                      {r.deploymentTitle}
                    </Link>
                  </Typography.Text>
                )
              )}
            </div>
          ),
        },
        { title: t('tasks.col.target'), key: 'target', width: 110, render: (_: unknown, r) => targetText(r, label) },
        {
          title: t('tasks.col.deadline'),
          dataIndex: 'deadline',
          width: 110,
          render: (v: string | null, r) => (
            <div>
              {formatDate(v)}
              {r.deadlineText && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {r.deadlineText}
                </Typography.Text>
              )}
            </div>
          ),
        },
        {
          title: t('tasks.col.lead'),
          dataIndex: 'leadOrgName',
          width: 120,
          ellipsis: true,
          render: (v: string | null) => v ?? '—',
        },
        {
          title: t('tasks.col.progress'),
          key: 'progress',
          width: 190,
          render: (_: unknown, r) => (
            <ProgressCell
              value={r.rollup?.progress}
              label={r.rollup ? tm(r.rollup.progressMsg, r.rollup.progressLabel) : t('tasks.notAssigned')}
            />
          ),
        },
        {
          title: t('tasks.col.done'),
          key: 'done',
          width: 90,
          align: 'center',
          render: (_: unknown, r) => (r.rollup ? `${r.rollup.done} / ${r.rollup.assigned}` : '—'),
        },
        {
          title: t('tasks.col.overdue'),
          key: 'overdue',
          width: 70,
          align: 'center',
          render: (_: unknown, r) =>
            r.rollup && r.rollup.overdue > 0 ? (
              <Badge count={r.rollup.overdue} color="red" />
            ) : (
              <Typography.Text type="secondary">0</Typography.Text>
            ),
        },
      ]}
    />
  );
}
