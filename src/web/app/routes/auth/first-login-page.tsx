import { Button, Card, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { LangSwitch } from '../../../components/ui/lang-switch.tsx';
import { getMe } from '../../../features/auth/api/get-me.ts';
import { logout } from '../../../features/auth/api/logout.ts';
import { FirstLoginPasswordForm } from '../../../features/auth/components/first-login-password-form.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';

/**
 * Shown instead of the app while the account must change a password someone else set (a generated demo password,
 * an administrator's initial or reset password): the server refuses every other request until then.
 */
export function FirstLoginPage() {
  const { t } = useI18n();
  const me = useMe();
  const { setMe } = useSession();

  useEffect(() => {
    document.title = `${t('password.firstLoginTitle')} · ${t('app.name')}`;
  }, [t]);

  const signOut = async () => {
    try {
      await logout();
    } catch {
      // the session is gone either way
    }
    setMe(null);
  };

  return (
    <div className="luoshi-login">
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LangSwitch size="middle" />
      </div>
      <Flex vertical align="center" style={{ width: '100%', maxWidth: 440 }}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <div className="luoshi-mark luoshi-mark-lg" aria-hidden>
            {t('app.mark')}
          </div>
          <Typography.Title level={2} style={{ margin: '12px 0 4px', color: '#fff' }}>
            {t('app.name')}
          </Typography.Title>
        </Flex>
        <Card
          style={{ width: '100%', boxShadow: '0 12px 40px rgba(0,0,0,0.18)' }}
          styles={{ body: { padding: '28px 28px 20px' } }}
        >
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('password.firstLoginTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {me.displayName}（{me.username}）· {t('password.firstLoginHint')}
          </Typography.Paragraph>
          <FirstLoginPasswordForm personal={[me.username, me.displayName]} onDone={async () => setMe(await getMe())} />
          <Button type="link" block style={{ marginTop: 8 }} onClick={() => void signOut()}>
            {t('account.logout')}
          </Button>
        </Card>
      </Flex>
    </div>
  );
}
