import { Card, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LangSwitch } from '../../../components/ui/lang-switch.tsx';
import { LoginForm } from '../../../features/auth/components/login-form.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../../lib/session.tsx';
import { homeOf } from '../home.ts';

/** /login — product name, subtitle, username and password; errors inline. */
export default function LoginPage() {
  const { t, lang } = useI18n();
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const next = sp.get('next');
  const safeNext = next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  if (me) return <Navigate to={safeNext ?? homeOf(me)} replace />;

  return (
    <div className="luoshi-login">
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LangSwitch size="middle" />
      </div>
      <Flex vertical align="center" style={{ width: '100%', maxWidth: 400 }}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <div className="luoshi-mark luoshi-mark-lg" aria-hidden>
            {t('app.mark')}
          </div>
          <Typography.Title
            level={1}
            style={{ margin: '12px 0 4px', letterSpacing: lang === 'en' ? 1 : 8, color: '#fff' }}
          >
            {t('app.name')}
          </Typography.Title>
          <Typography.Text
            style={{ color: 'rgba(255,255,255,0.85)', fontSize: 16, letterSpacing: lang === 'en' ? 0 : 2 }}
          >
            {t('app.subtitle')}
          </Typography.Text>
        </Flex>
        <Card
          style={{ width: '100%', boxShadow: '0 12px 40px rgba(0,0,0,0.18)' }}
          styles={{ body: { padding: '28px 28px 20px' } }}
        >
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 20 }}>
            {t('login.title')}
          </Typography.Title>
          <LoginForm
            onSuccess={(m) => {
              setMe(m);
              void navigate(safeNext ?? homeOf(m), { replace: true });
            }}
          />
        </Card>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.7)', marginTop: 24, fontSize: 12 }}>
          {t('login.footer')}
        </Typography.Text>
      </Flex>
    </div>
  );
}
