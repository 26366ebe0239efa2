import { Table, Tag, Typography } from 'antd';
import type { AuditRow } from '../../../../contracts/audit.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';

type Props = {
  rows: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
};

function Json({ value }: { value: unknown }) {
  return (
    <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** The audit log, one page at a time; a row opens to show what it changed (before / after). */
export function AuditTable({ rows, total, page, pageSize, loading, onPage }: Props) {
  const { t } = useI18n();
  return (
    <Table<AuditRow>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 900 }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (n) => t('audit.total', { n }),
        onChange: onPage,
      }}
      expandable={{
        rowExpandable: (r) => r.before != null || r.after != null,
        expandedRowRender: (r) => (
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: 16 }}>
            <div>
              <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
              <Json value={r.before} />
            </div>
            <div>
              <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
              <Json value={r.after} />
            </div>
          </div>
        ),
      }}
      columns={[
        { title: t('audit.id'), dataIndex: 'id', width: 90 },
        { title: t('audit.at'), dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
        { title: t('audit.actor'), dataIndex: 'actorName', width: 180, ellipsis: true },
        {
          title: t('audit.action'),
          dataIndex: 'action',
          width: 190,
          render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
        },
        {
          title: t('audit.entity'),
          key: 'entity',
          width: 180,
          render: (_: unknown, r) => (r.entityId === null ? r.entity : `${r.entity} #${r.entityId}`),
        },
        {
          title: t('audit.org'),
          key: 'org',
          ellipsis: true,
          render: (_: unknown, r) => (r.orgId === null ? <Tag>{t('audit.noOrg')}</Tag> : (r.orgName ?? `#${r.orgId}`)),
        },
      ]}
    />
  );
}
