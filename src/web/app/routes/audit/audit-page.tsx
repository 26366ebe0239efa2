import { Alert, Card } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listAudit } from '../../../features/audit/api/audit.ts';
import { AuditTable } from '../../../features/audit/components/audit-table.tsx';
import { ChainCheck } from '../../../features/audit/components/chain-check.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/** /audit — the whole audit log and its verification (the system administrator). */
export default function AuditPage() {
  const { t } = useI18n();
  // The next page follows the previous answer's cursor (keyset paging: no deep OFFSET on a long log); any other page
  // is asked for by its number.
  const [paging, setPaging] = useState<{ page: number; pageSize: number; cursor?: string }>({ page: 1, pageSize: 20 });
  const { data, error, loading } = useRequest(() => listAudit(paging), [paging.page, paging.pageSize]);
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
            setPaging(
              pageSize !== paging.pageSize
                ? { page: 1, pageSize }
                : page === paging.page + 1 && data?.nextCursor
                  ? { page, pageSize, cursor: data.nextCursor }
                  : { page, pageSize },
            )
          }
        />
      </Card>
    </div>
  );
}
