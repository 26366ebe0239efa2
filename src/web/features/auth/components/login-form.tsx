import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Me, RetryDetails } from '../../../../contracts/auth.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';
import { login } from '../api/login.ts';

type Values = { username: string; password: string };

/** A refused login (429: too many tries) names the moment to try again, in the reader's time and language. */
function loginErrorText(e: unknown, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  const retryAt =
    e instanceof ApiError && e.status === 429 ? (e.details as Partial<RetryDetails> | null)?.retryAt : null;
  return retryAt ? t('login.retryAt', { time: dayjs(retryAt).format('HH:mm:ss') }) : errorMessage(e);
}

export function LoginForm({ onSuccess }: { onSuccess: (me: Me) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      onSuccess(await login(v.username.trim(), v.password));
    } catch (e) {
      setError(loginErrorText(e, t));
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      layout="vertical"
      size="large"
      onFinish={submit}
      requiredMark={false}
      onValuesChange={() => setError(null)}
    >
      <Form.Item
        name="username"
        label={t('login.username')}
        rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
      >
        <Input
          prefix={<UserOutlined />}
          autoComplete="username"
          autoFocus
          placeholder={t('login.usernamePlaceholder')}
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('login.password')}
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="current-password"
          placeholder={t('login.passwordPlaceholder')}
        />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('login.submit')}
      </Button>
    </Form>
  );
}
