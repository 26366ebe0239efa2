import { PlusOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Input, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import type { UserRow } from '../../../../contracts/users.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listUsers, updateUser } from '../../../features/users/api/users.ts';
import { BulkSecretariesModal } from '../../../features/users/components/bulk-secretaries-modal.tsx';
import { ResetPasswordModal } from '../../../features/users/components/reset-password-modal.tsx';
import { UserFormModal } from '../../../features/users/components/user-form-modal.tsx';
import { UsersTable } from '../../../features/users/components/users-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';

type Dialog =
  | { kind: 'create' }
  | { kind: 'bulk' }
  | { kind: 'edit'; user: UserRow }
  | { kind: 'password'; user: UserRow }
  | null;

const USERS_PAGE_SIZE = 20;

/** /users — accounts in the administrator's scope (user:manage), a page at a time. */
export default function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { currentOrg } = useSession();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  // Another organisation or search starts again at its first page.
  const listKey = JSON.stringify([orgId, search]);
  const [pageAt, setPageAt] = useState({ key: listKey, page: 1 });
  const page = pageAt.key === listKey ? pageAt.page : 1;
  const { data, error, loading, reload } = usePagedRequest(
    (cursor) => listUsers(orgId ?? undefined, search || undefined, page, USERS_PAGE_SIZE, cursor),
    [orgId, search],
    page,
  );
  const [dialog, setDialog] = useState<Dialog>(null);

  const act = async (u: UserRow, body: Parameters<typeof updateUser>[1], done: string) => {
    try {
      await updateUser(u.id, body);
      void message.success(done);
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const item = (text: string, node: React.ReactNode) => (
    <Col xs={24} sm={12} lg={8}>
      <Flex vertical gap={4}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {text}
        </Typography.Text>
        {node}
      </Flex>
    </Col>
  );

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        subTitle={t('users.subtitle')}
        extra={
          <Space wrap>
            <Button icon={<UsergroupAddOutlined />} onClick={() => setDialog({ kind: 'bulk' })}>
              {t('users.bulkButton')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('users.create')}
            </Button>
          </Space>
        }
      />
      <Card>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          {item(
            t('users.filterOrg'),
            <OrgSelect
              value={orgId}
              onChange={setOrgId}
              allowClear
              placeholder={t('users.allOrgs')}
              aria-label={t('users.filterOrg')}
            />,
          )}
          {item(
            t('users.filterKeyword'),
            <Input.Search
              value={q}
              allowClear
              placeholder={t('users.keywordPlaceholder')}
              onChange={(e) => {
                setQ(e.target.value);
                if (!e.target.value) setSearch('');
              }}
              onSearch={(v) => setSearch(v.trim())}
            />,
          )}
        </Row>
        {error ? <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} /> : null}
        <UsersTable
          users={data?.items ?? []}
          loading={loading}
          paging={{
            page,
            pageSize: USERS_PAGE_SIZE,
            total: data?.total ?? 0,
            onPage: (p) => setPageAt({ key: listKey, page: p }),
          }}
          actorRole={me.role}
          actorId={me.id}
          onEdit={(user) => setDialog({ kind: 'edit', user })}
          onResetPassword={(user) => setDialog({ kind: 'password', user })}
          onUnlock={(u) => act(u, { unlock: true }, t('users.unlocked', { name: u.username }))}
          onToggleDisabled={(u) =>
            act(
              u,
              { disabled: !u.disabled },
              u.disabled ? t('users.enabled', { name: u.username }) : t('users.disabledDone', { name: u.username }),
            )
          }
        />
      </Card>
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormModal
          actorRole={me.role}
          defaultOrgId={orgId ?? currentOrg?.id ?? me.orgId}
          user={dialog.kind === 'edit' ? dialog.user : null}
          isSelf={dialog.kind === 'edit' && dialog.user.id === me.id}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'bulk' && (
        <BulkSecretariesModal
          defaultOrgId={orgId ?? currentOrg?.id ?? me.orgId}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'password' && (
        <ResetPasswordModal
          user={dialog.user}
          isSelf={dialog.user.id === me.id}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
    </div>
  );
}
