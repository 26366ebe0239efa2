import { ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Segmented } from 'antd';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listDeployments } from '../../../features/deploy/api/deployments.ts';
import { DeploymentTable } from '../../../features/deploy/components/deployment-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/** /deployments — the deployments (meetings, speeches, documents) of the selected organisation's subtree. */
export default function DeploymentListPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const status = (q.get('status') as 'draft' | 'confirmed' | null) ?? undefined;
  const { data, error, loading, reload } = useRequest(() => listDeployments(orgId, status), [orgId, status]);

  return (
    <div data-testid="deployment-list-page">
      <PageHeader
        title={t('deploy.title')}
        subTitle={orgName ? t('deploy.subtitle', { org: orgName }) : undefined}
        extra={
          can('deploy:write') && (
            <Button
              type="primary"
              icon={<ImportOutlined />}
              onClick={() => navigate(`/deployments/new?orgId=${orgId}`)}
            >
              {t('deploy.import')}
            </Button>
          )
        }
      />
      <Card>
        <Flex style={{ marginBottom: 16 }}>
          <Segmented
            value={status ?? 'all'}
            onChange={(v) => q.set({ status: v === 'all' ? null : v })}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'draft', label: t('deploy.status.draft') },
              { value: 'confirmed', label: t('deploy.status.confirmed') },
            ]}
          />
        </Flex>
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
        <DeploymentTable data={data} loading={loading} />
      </Card>
    </div>
  );
}
