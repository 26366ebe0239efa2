import { Tag } from 'antd';
import type { Role } from '../../../../domain/auth/roles.ts';
import { useI18n } from '../../../lib/i18n.ts';

const COLORS: Record<Role, string> = { sysadmin: 'red', orgadmin: 'volcano', secretary: 'blue', member: 'default' };

export function RoleTag({ role }: { role: Role }) {
  const { t } = useI18n();
  return <Tag color={COLORS[role]}>{t(`role.${role}`)}</Tag>;
}
