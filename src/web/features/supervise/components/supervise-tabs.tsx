import { Tabs } from 'antd';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../../lib/i18n.ts';

/** 督查 and 通报, the two lists under one header item; the organisation in the URL is kept across. */
export function SuperviseTabs() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [sp] = useSearchParams();
  const active = location.pathname.startsWith('/notices') ? '/notices' : '/supervisions';
  return (
    <Tabs
      activeKey={active}
      onChange={(k) => {
        const orgId = sp.get('orgId');
        void navigate(orgId ? `${k}?orgId=${orgId}` : k);
      }}
      items={[
        { key: '/supervisions', label: t('supervise.tab') },
        { key: '/notices', label: t('bulletin.tab') },
      ]}
    />
  );
}
