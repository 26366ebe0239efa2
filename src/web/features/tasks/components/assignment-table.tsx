import type { TablePaginationConfig } from 'antd';
import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { AssignmentSummary } from '../../../../contracts/tasks.ts';
import { formatFigure } from '../../../../domain/tasks/progress.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { DisplayStateTag, ProgressCell } from './task-tags.tsx';

type Props = {
  data: AssignmentSummary[] | undefined;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  /** Leave out the task column (inside a task's own page). */
  hideTask?: boolean;
};

/** The figure an assignment reported, against its own target when it has one. */
export function figureText(
  a: Pick<AssignmentSummary, 'progressMode' | 'figure' | 'targetValue' | 'targetUnit'>,
): string | null {
  if (a.progressMode === 'none') return null;
  const unit = a.targetUnit ?? '';
  return a.progressMode === 'sum' && a.targetValue !== null
    ? `${formatFigure(a.figure)} / ${formatFigure(a.targetValue)} ${unit}`.trim()
    : `${formatFigure(a.figure)} ${unit}`.trim();
}

/** Assignments (承办任务): task, receiver, assigner, deadline, state, figure and progress. */
export function AssignmentTable({ data, loading, pagination, hideTask }: Props) {
  const { t } = useI18n();
  return (
    <Table<AssignmentSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={data ?? []}
      pagination={pagination}
      scroll={{ x: hideTask ? 700 : 980 }}
      locale={{ emptyText: t('assignments.empty') }}
      columns={[
        ...(hideTask
          ? []
          : [
              {
                title: t('assignments.col.task'),
                dataIndex: 'taskTitle',
                width: 280,
                render: (v: string, r: AssignmentSummary) => (
                  <div>
                    <Link to={`/assignments/${r.id}`}>{v}</Link>
                    {r.deploymentTitle && (
                      <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
                        {r.deploymentTitle}
                      </Typography.Text>
                    )}
                  </div>
                ),
              },
            ]),
        {
          title: t('assignments.col.org'),
          dataIndex: 'orgName',
          width: 160,
          render: (v: string, r) => (hideTask ? <Link to={`/assignments/${r.id}`}>{v}</Link> : v),
        },
        { title: t('assignments.col.assigner'), dataIndex: 'assignerOrgName', width: 140, ellipsis: true },
        {
          title: t('assignments.col.deadline'),
          dataIndex: 'deadline',
          width: 100,
          render: (v: string | null) => formatDate(v),
        },
        {
          title: t('assignments.col.state'),
          dataIndex: 'displayState',
          width: 120,
          render: (v: AssignmentSummary['displayState'], r) => (
            <div>
              <DisplayStateTag state={v} />
              {r.doneOn && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
                  {t('assignments.doneOn', { date: r.doneOn })}
                </Typography.Text>
              )}
            </div>
          ),
        },
        {
          title: t('assignments.col.progress'),
          key: 'progress',
          width: 180,
          render: (_: unknown, r) => <ProgressCell value={r.progress} label={figureText(r)} />,
        },
      ]}
    />
  );
}
