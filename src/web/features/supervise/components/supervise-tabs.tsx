import { Tabs } from 'antd';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../../lib/i18n.ts';

/** 督查, 通报, 我的批示 and 基层减负, the pages under one header item; the organisation in the URL is kept across. */
export function SuperviseTabs() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [sp] = useSearchParams();
  const active = location.pathname.startsWith('/notices')
    ? '/notices'
    : location.pathname.startsWith('/instructions')
      ? '/instructions'
      : location.pathname.startsWith('/burden')
        ? '/burden'
        : '/supervisions';
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
        { key: '/instructions', label: t('instruction.mine.tab') },
        { key: '/burden', label: t('burden.tab') },
      ]}
    />
  );
}
