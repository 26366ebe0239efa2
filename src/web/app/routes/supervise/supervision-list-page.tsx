import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { SupervisionSummary } from '../../../../contracts/supervise.ts';
import { SUPERVISION_KIND_LABELS } from '../../../../domain/supervise/sampling.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listSupervisions } from '../../../features/supervise/api/supervise.ts';
import { SuperviseTabs } from '../../../features/supervise/components/supervise-tabs.tsx';
import { SupervisionFormModal } from '../../../features/supervise/components/supervision-form-modal.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';

const PAGE_SIZE = 20;

/**
 * /supervisions — the supervisions issued by the organisation (and those that reached it), newest first; 发起督查
 * opens the form and then the new supervision's page.
 */
export default function SupervisionListPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const page = Number(q.get('page')) || 1;
  const [creating, setCreating] = useState(false);
  const list = usePagedRequest(
    (cursor) => listSupervisions({ orgId, page, pageSize: PAGE_SIZE, cursor }),
    [orgId],
    page,
  );

  return (
    <div data-testid="supervision-list-page">
      <PageHeader
        title={t('supervise.title')}
        subTitle={orgName ? t('supervise.subtitle', { org: orgName }) : undefined}
        extra={
          <>
            <Link to="/assess">
              <Button icon={<TrophyOutlined />} data-testid="assess-link">
                {t('assess.title')}
              </Button>
            </Link>
            {can('task:assign') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('supervise.create')}
              </Button>
            )}
          </>
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
        <Table<SupervisionSummary>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('supervise.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (n) => t('supervise.total', { n }),
            onChange: (p) => q.set({ page: p === 1 ? null : p }, { keepPage: true }),
          }}
          columns={[
            {
              title: t('supervise.field.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Link to={`/supervisions/${r.id}`} style={{ fontWeight: 600 }}>
                  {v}
                </Link>
              ),
            },
            {
              title: t('supervise.field.kind'),
              dataIndex: 'kind',
              width: 130,
              render: (k: SupervisionSummary['kind']) => (
                <Tag color={k === 'random' ? 'purple' : 'blue'}>{label(SUPERVISION_KIND_LABELS[k])}</Tag>
              ),
            },
            { title: t('supervise.field.issuer'), dataIndex: 'orgName', width: 180 },
            {
              title: t('supervise.field.period'),
              key: 'period',
              width: 220,
              render: (_, r) => `${formatDate(r.periodStart)} ～ ${formatDate(r.periodEnd)}`,
            },
            { title: t('supervise.field.targetCount'), dataIndex: 'targetCount', width: 100, align: 'right' },
            { title: t('supervise.field.findingCount'), dataIndex: 'findingCount', width: 100, align: 'right' },
          ]}
        />
      </Card>
      {creating && (
        <SupervisionFormModal
          orgId={orgId}
          onClose={() => setCreating(false)}
          onDone={(s) => {
            setCreating(false);
            void message.success(t('supervise.created'));
            void navigate(`/supervisions/${s.id}`);
          }}
        />
      )}
    </div>
  );
}
