import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n.ts';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('error.pageNotFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}
