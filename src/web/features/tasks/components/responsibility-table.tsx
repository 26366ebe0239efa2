import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { ResponsibilityRow } from '../../../../contracts/tasks.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';

/** 责任清单 in the usual columns: 序号, 任务内容, 牵头单位, 责任单位, 责任人, 完成时限, 进展情况. */
export function ResponsibilityTable({
  data,
  loading,
  pagination,
}: {
  data: ResponsibilityRow[] | undefined;
  loading?: boolean;
  /** The server's pages (the rows are one page of the list); none: the rows are the whole list. */
  pagination?: { current: number; pageSize: number; total: number; onChange: (page: number) => void };
}) {
  const { t, tm } = useI18n();
  return (
    <Table<ResponsibilityRow>
      rowKey={(r) => `${r.taskId}-${r.responsibleOrgName}`}
      size="middle"
      bordered
      loading={loading}
      dataSource={data ?? []}
      pagination={
        pagination
          ? { ...pagination, hideOnSinglePage: true, showSizeChanger: false, showTotal: (n) => t('resp.total', { n }) }
          : { pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('resp.total', { n }) }
      }
      scroll={{ x: 1060 }}
      locale={{ emptyText: t('resp.empty') }}
      columns={[
        {
          title: t('resp.col.no'),
          key: 'no',
          width: 64,
          align: 'center',
          render: (_: unknown, __, i) => (pagination ? (pagination.current - 1) * pagination.pageSize : 0) + i + 1,
        },
        {
          title: t('resp.col.task'),
          dataIndex: 'taskTitle',
          width: 240,
          render: (v: string, r) => <Link to={`/tasks/${r.taskId}`}>{v}</Link>,
        },
        { title: t('resp.col.lead'), dataIndex: 'leadOrgName', width: 130, render: (v: string | null) => v ?? '—' },
        { title: t('resp.col.org'), dataIndex: 'responsibleOrgName', width: 150 },
        {
          title: t('resp.col.person'),
          key: 'person',
          width: 220,
          render: (_: unknown, r) => {
            const lines = [
              r.firstResponsible ? t('resp.first', { name: tm(r.firstResponsibleMsg, r.firstResponsible) }) : null,
              r.portfolioResponsible.length ? t('resp.portfolio', { names: r.portfolioResponsible.join('、') }) : null,
              r.responsiblePerson ? t('resp.direct', { name: r.responsiblePerson }) : null,
            ].filter(Boolean);
            return lines.length ? (
              <div style={{ lineHeight: 1.6 }}>
                {lines.map((l) => (
                  <div key={l}>{l}</div>
                ))}
              </div>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            );
          },
        },
        {
          title: t('resp.col.deadline'),
          dataIndex: 'deadline',
          width: 110,
          render: (v: string | null) => formatDate(v),
        },
        {
          title: t('resp.col.progress'),
          dataIndex: 'progressLabel',
          width: 150,
          render: (_: string, r: ResponsibilityRow) => tm(r.progressMsg, r.progressLabel),
        },
      ]}
    />
  );
}
