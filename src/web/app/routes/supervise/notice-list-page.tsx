import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listNotices, type NoticeSummary } from '../../../features/supervise/api/supervise.ts';
import { NoticeFormModal } from '../../../features/supervise/components/notice-form-modal.tsx';
import { SuperviseTabs } from '../../../features/supervise/components/supervise-tabs.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';

const PAGE_SIZE = 20;

/** /notices — the 通报 issued by the organisation (drafts and published) and those published to it; 生成通报. */
export default function NoticeListPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const page = Number(q.get('page')) || 1;
  const [creating, setCreating] = useState(false);
  const list = usePagedRequest((cursor) => listNotices({ orgId, page, pageSize: PAGE_SIZE, cursor }), [orgId], page);

  return (
    <div data-testid="notice-list-page">
      <PageHeader
        title={t('bulletin.title')}
        subTitle={orgName ? t('bulletin.subtitle', { org: orgName }) : undefined}
        extra={
          can('task:assign') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('bulletin.create')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <SuperviseTabs />
        {list.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(list.error)}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={list.reload}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        <Table<NoticeSummary>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('bulletin.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (n) => t('bulletin.total', { n }),
            onChange: (p) => q.set({ page: p === 1 ? null : p }, { keepPage: true }),
          }}
          columns={[
            {
              title: t('bulletin.field.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Link to={`/notices/${r.id}`} style={{ fontWeight: 600 }}>
                  {v}
                </Link>
              ),
            },
            {
              title: t('bulletin.field.docNumber'),
              dataIndex: 'docNumber',
              width: 180,
              render: (v: string) => v || '—',
            },
            { title: t('bulletin.field.issuer'), dataIndex: 'orgName', width: 180 },
            {
              title: t('bulletin.field.period'),
              key: 'period',
              width: 220,
              render: (_, r) => `${formatDate(r.periodStart)} ～ ${formatDate(r.periodEnd)}`,
            },
            {
              title: t('bulletin.field.status'),
              dataIndex: 'status',
              width: 150,
              render: (v: NoticeSummary['status'], r) =>
                v === 'published' ? (
                  <Tag color="green">
                    {t('bulletin.published')} {formatDateTime(r.publishedAt)}
                  </Tag>
                ) : (
                  <Tag>{t('bulletin.draft')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      {creating && (
        <NoticeFormModal
          orgId={orgId}
          onClose={() => setCreating(false)}
          onDone={(n) => {
            setCreating(false);
            void message.success(t('bulletin.created'));
            void navigate(`/notices/${n.id}`);
          }}
        />
      )}
    </div>
  );
}
