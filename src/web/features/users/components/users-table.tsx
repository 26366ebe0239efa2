import { Button, Popconfirm, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import type { UserRow } from '../../../../contracts/users.ts';
import { canGrantRole, type Role } from '../../../../domain/auth/roles.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { RoleTag } from './role-tag.tsx';

type Props = {
  users: UserRow[];
  loading: boolean;
  /** The server's paging: the page shown, the total of the list, and a page asked for. */
  paging: { page: number; pageSize: number; total: number; onPage: (page: number) => void };
  actorRole: Role;
  actorId: number;
  onEdit: (u: UserRow) => void;
  onResetPassword: (u: UserRow) => void;
  onUnlock: (u: UserRow) => void;
  onToggleDisabled: (u: UserRow) => void;
};

/** The accounts in the administrator's scope, with what may be done to each. */
export function UsersTable({
  users,
  loading,
  paging,
  actorRole,
  actorId,
  onEdit,
  onResetPassword,
  onUnlock,
  onToggleDisabled,
}: Props) {
  const { t } = useI18n();
  return (
    <Table<UserRow>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={users}
      scroll={{ x: 980 }}
      pagination={{
        current: paging.page,
        pageSize: paging.pageSize,
        total: paging.total,
        onChange: paging.onPage,
        showSizeChanger: false,
        showTotal: (n) => t('users.total', { n }),
        hideOnSinglePage: true,
      }}
      columns={[
        {
          title: t('users.username'),
          dataIndex: 'username',
          width: 150,
          fixed: 'left',
          sorter: (a, b) => a.username.localeCompare(b.username),
        },
        { title: t('users.displayName'), dataIndex: 'displayName', width: 140 },
        { title: t('users.role'), dataIndex: 'role', width: 120, render: (r: Role) => <RoleTag role={r} /> },
        {
          title: t('users.org'),
          dataIndex: 'orgName',
          ellipsis: true,
          render: (v: string, u) => <Link to={`/orgs/${u.orgId}`}>{v}</Link>,
        },
        {
          title: t('users.status'),
          key: 'status',
          width: 110,
          render: (_: unknown, u) =>
            u.disabled ? (
              <Tag>{t('users.statusDisabled')}</Tag>
            ) : u.locked ? (
              <Tag color="warning">{t('users.statusLocked')}</Tag>
            ) : u.mustChangePassword ? (
              <Tag color="processing">{t('users.statusMustChange')}</Tag>
            ) : (
              <Tag color="success">{t('users.statusActive')}</Tag>
            ),
        },
        {
          title: t('users.lastLogin'),
          dataIndex: 'lastLoginAt',
          width: 160,
          render: (v: string | null) => (v ? formatDateTime(v) : t('users.neverLoggedIn')),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 250,
          render: (_: unknown, u) => {
            if (!canGrantRole(actorRole, u.role)) return null;
            const self = u.id === actorId;
            return (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => onEdit(u)}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => onResetPassword(u)}>
                  {t('users.resetPassword')}
                </Button>
                {u.locked && (
                  <Button type="link" size="small" onClick={() => onUnlock(u)}>
                    {t('users.unlock')}
                  </Button>
                )}
                {!self && (
                  <Popconfirm
                    title={
                      u.disabled
                        ? t('users.enableConfirm', { name: u.username })
                        : t('users.disableConfirm', { name: u.username })
                    }
                    onConfirm={() => onToggleDisabled(u)}
                    okText={t('common.ok')}
                    cancelText={t('common.cancel')}
                  >
                    <Button type="link" size="small" danger={!u.disabled}>
                      {u.disabled ? t('users.enable') : t('users.disable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            );
          },
        },
      ]}
    />
  );
}
