import { Alert, Card } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listAudit } from '../../../features/audit/api/audit.ts';
import { AuditTable } from '../../../features/audit/components/audit-table.tsx';
import { ChainCheck } from '../../../features/audit/components/chain-check.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';

/** /audit — the whole audit log and its verification (the system administrator). */
export default function AuditPage() {
  const { t } = useI18n();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const { data, error, loading } = usePagedRequest(
    (cursor) => listAudit({ ...paging, cursor }),
    [paging.pageSize],
    paging.page,
  );
  return (
    <div data-testid="audit-page">
      <PageHeader title={t('audit.title')} subTitle={t('audit.subtitle')} />
      <Card>
        <ChainCheck />
        {error ? <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} /> : null}
        <AuditTable
          rows={data?.items ?? []}
          total={data?.total ?? 0}
          page={paging.page}
          pageSize={paging.pageSize}
          loading={loading}
          onPage={(page, pageSize) =>
            setPaging(pageSize !== paging.pageSize ? { page: 1, pageSize } : { page, pageSize })
          }
        />
      </Card>
    </div>
  );
}
