import { Button, Result } from 'antd';
import { ApiError, errorMessage } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

/** A whole-page error: not found / not allowed / failed to load, with the server's message. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const status = error instanceof ApiError ? error.status : 0;
  const kind = status === 404 ? '404' : status === 403 ? '403' : 'error';
  const title =
    status === 404 ? t('error.notFoundTitle') : status === 403 ? t('error.forbiddenTitle') : t('error.loadFailed');
  return (
    <Result
      status={kind}
      title={title}
      subTitle={errorMessage(error)}
      extra={
        onRetry && status !== 404 && status !== 403 ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined
      }
    />
  );
}
