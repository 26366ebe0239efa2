import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router';
import type { Me } from '../../contracts/auth.ts';
import { setUnauthorizedHandler } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.ts';
import { SessionProvider, useSession } from '../lib/session.tsx';
import { router } from './router.tsx';

const PRIMARY = '#b8141c';

/**
 * Whoever asked the system for less motion (prefers-reduced-motion: an accessibility setting, common on older
 * people's phones) gets lists, dialogs and messages that appear at once instead of sliding and zooming in. Read
 * once at start: the setting rarely changes while a page is open.
 */
const REDUCED_MOTION =
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/** When the session ends anywhere (401), forget the account: the layout then sends the user to /login. */
function SessionExpiry() {
  const { setMe } = useSession();
  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    return () => setUnauthorizedHandler(null);
  }, [setMe]);
  return null;
}

export function App({ initialMe }: { initialMe: Me | null }) {
  const { lang } = useI18n();
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: PRIMARY,
          motion: !REDUCED_MOTION,
          colorLink: '#1554ad',
          borderRadius: 6,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
        },
        components: {
          Layout: { headerBg: '#9e1018', headerPadding: '0 16px', siderBg: '#fff', bodyBg: '#f4f5f7' },
          Menu: {
            darkItemBg: 'transparent',
            darkItemSelectedBg: 'rgba(255,255,255,0.18)',
            darkItemColor: 'rgba(255,255,255,0.85)',
            darkItemHoverColor: '#fff',
          },
        },
      }}
    >
      <AntApp>
        <SessionProvider initialMe={initialMe}>
          <SessionExpiry />
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
