import { Result } from 'antd';
import type { ReactNode } from 'react';
import type { Permission } from '../../../domain/auth/roles.ts';
import { useI18n } from '../../lib/i18n.ts';
import { useSession } from '../../lib/session.tsx';

/** Shows the page only to roles that hold the permission (the server enforces it as well). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useI18n();
  const { can } = useSession();
  if (!can(permission))
    return <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('error.forbiddenPage')} />;
  return <>{children}</>;
}
