import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { ImportWizard } from '../../../features/people/components/import-wizard.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';

/** /members/import?orgId= — the roster import wizard. */
export default function ImportPage() {
  const { t } = useI18n();
  const me = useMe();
  const { currentOrg } = useSession();
  const [sp] = useSearchParams();
  const orgId = Number(sp.get('orgId')) || currentOrg?.id || me.orgId;
  return (
    <div>
      <PageHeader
        title={t('import.title')}
        subTitle={t('import.subtitle')}
        extra={
          <Link to={`/members?orgId=${orgId}`}>
            <Button icon={<ArrowLeftOutlined />}>{t('import.backToList')}</Button>
          </Link>
        }
      />
      <ImportWizard defaultOrgId={orgId} />
    </div>
  );
}
