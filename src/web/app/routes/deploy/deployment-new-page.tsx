import { useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { NewDeploymentForm } from '../../../features/deploy/components/new-deployment-form.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe } from '../../../lib/session.tsx';
import { useOrgParam } from '../../../lib/use-org-param.ts';

/** /deployments/new — import a speech or document; the draft then opens on the import screen. */
export default function DeploymentNewPage() {
  const { t } = useI18n();
  const me = useMe();
  const orgId = useOrgParam();
  const navigate = useNavigate();
  return (
    <div data-testid="deployment-new-page">
      <PageHeader title={t('deploy.new.title')} subTitle={t('deploy.new.subtitle')} />
      <NewDeploymentForm
        key={orgId}
        defaultOrgId={orgId}
        scopeRootId={me.orgId}
        onCreated={(d) => navigate(`/deployments/${d.id}`)}
      />
    </div>
  );
}
