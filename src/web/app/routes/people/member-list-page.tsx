import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { exportMembers, listMembers } from '../../../features/people/api/members.ts';
import { MemberFilters } from '../../../features/people/components/member-filters.tsx';
import { MemberFormModal } from '../../../features/people/components/member-form-modal.tsx';
import { MemberTable } from '../../../features/people/components/member-table.tsx';
import { useMemberQuery } from '../../../features/people/hooks/use-member-query.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';

/** /members — the roster: filters in the URL, server-side paging and sorting, export, import, add. */
export default function MemberListPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { can, currentOrg } = useSession();
  const navigate = useNavigate();
  const { filters, page, pageSize, update, reset } = useMemberQuery(currentOrg?.id ?? me.orgId);
  const { data, error, loading, reload } = usePagedRequest(
    (cursor) => listMembers(filters, page, pageSize, cursor),
    [filters, pageSize],
    page,
  );
  const [exporting, setExporting] = useState(false);
  const [adding, setAdding] = useState(false);

  const doExport = async () => {
    setExporting(true);
    try {
      await exportMembers(filters, t('members.exportFile'));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="member-list-page">
      <PageHeader
        title={t('members.title')}
        extra={
          <>
            <Button onClick={() => navigate(`/development?orgId=${filters.orgId ?? me.orgId}`)}>
              {t('nav.development')}
            </Button>
            <Button onClick={() => navigate(`/dues?orgId=${filters.orgId ?? me.orgId}`)}>{t('dues.title')}</Button>
            <Button onClick={() => navigate(`/transfers?orgId=${filters.orgId ?? me.orgId}`)}>
              {t('transfer.title')}
            </Button>
            <Button onClick={() => navigate(`/floating?orgId=${filters.orgId ?? me.orgId}`)}>
              {t('floating.title')}
            </Button>
            <Button onClick={() => navigate(`/cadre/secretaries?orgId=${filters.orgId ?? me.orgId}`)}>
              {t('cadre.title')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport}>
              {t('members.export')}
            </Button>
            {can('member:import') && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => navigate(`/members/import?orgId=${filters.orgId ?? me.orgId}`)}
              >
                {t('members.import')}
              </Button>
            )}
            {can('member:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('members.add')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <MemberFilters filters={filters} onChange={update} onReset={reset} />
        {error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(error)}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={reload}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        <MemberTable
          data={data}
          loading={loading}
          filters={filters}
          page={page}
          pageSize={pageSize}
          onChange={update}
        />
      </Card>
      {adding && (
        <MemberFormModal
          mode="create"
          orgId={filters.orgId ?? me.orgId}
          onClose={() => setAdding(false)}
          onDone={(m) => {
            setAdding(false);
            void navigate(`/members/${m.id}`);
          }}
        />
      )}
    </div>
  );
}
