import { Alert, App, Form, Input, Modal, Select, Spin, Switch } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { UserRow } from '../../../../contracts/users.ts';
import { canGrantRole, ROLES, type Role } from '../../../../domain/auth/roles.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { passwordPolicyRule, passwordPolicyText, preloadPasswordPolicy } from '../../../lib/password-policy.ts';
import { createUser, findPeople, type PersonOption, updateUser } from '../api/users.ts';

type Values = {
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  personId?: number | null;
  password?: string;
  disabled?: boolean;
};

type Props = {
  actorRole: Role;
  defaultOrgId: number;
  user: UserRow | null;
  /** The administrator's own account: role, organisation and status are not theirs to change. */
  isSelf: boolean;
  onClose: () => void;
  onDone: () => void;
};

const FIELDS = ['username', 'displayName', 'role', 'orgId', 'personId', 'password', 'disabled'];

/** New account (role no higher than one's own), or edit: display name, role, organisation, status. */
export function UserFormModal({ actorRole, defaultOrgId, user, isSelf, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [people, setPeople] = useState<PersonOption[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const role = Form.useWatch('role', form);
  const orgId = Form.useWatch('orgId', form);
  const creating = user === null;

  const searchPeople = (q: string) => {
    if (!orgId) return;
    if (timer.current) clearTimeout(timer.current);
    setSearching(true);
    timer.current = setTimeout(() => {
      findPeople(orgId, q.trim()).then(
        (r) => {
          setPeople(r);
          setSearching(false);
        },
        () => setSearching(false),
      );
    }, 250);
  };
  useEffect(() => setPeople([]), [orgId]);
  useEffect(() => {
    if (creating) preloadPasswordPolicy();
  }, [creating]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (creating) {
        await createUser({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          orgId: v.orgId,
          personId: v.role === 'member' ? (v.personId ?? null) : null,
          password: v.password ?? '',
        });
        void message.success(t('users.created', { name: v.username }));
      } else {
        const body: Parameters<typeof updateUser>[1] = { displayName: v.displayName.trim() };
        if (!isSelf) {
          if (v.role !== user.role) body.role = v.role;
          if (v.orgId !== user.orgId) body.orgId = v.orgId;
          if (v.disabled !== user.disabled) body.disabled = !!v.disabled;
        }
        await updateUser(user.id, body);
        void message.success(t('common.saved'));
      }
      onDone();
    } catch (e) {
      if (!applyServerErrors(form, e, FIELDS)) setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={creating ? t('users.createTitle') : t('users.editTitle', { name: user.username })}
      okText={creating ? t('common.create') : t('common.save')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onValuesChange={() => setError(null)}
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                role: user.role,
                orgId: user.orgId,
                disabled: user.disabled,
              }
            : { role: 'secretary', orgId: defaultOrgId }
        }
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, message: t('users.usernameRequired') },
            { pattern: /^[A-Za-z0-9_.@-]{2,40}$/, message: t('users.usernameRule') },
          ]}
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }, { max: 40 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select
            disabled={isSelf}
            options={ROLES.filter((r) => canGrantRole(actorRole, r)).map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('users.orgRequired') }]}>
          <OrgSelect aria-label={t('users.org')} />
        </Form.Item>
        {creating && role === 'member' && (
          <Form.Item
            name="personId"
            label={t('users.person')}
            rules={[{ required: true, message: t('users.personRequired') }]}
            extra={t('users.personHint')}
          >
            <Select
              showSearch={{ onSearch: searchPeople, filterOption: false }}
              onOpenChange={(open) => open && people.length === 0 && searchPeople('')}
              notFoundContent={searching ? <Spin size="small" /> : t('common.noMatch')}
              options={people.map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
        )}
        {creating && (
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            extra={`${passwordPolicyText()}${t('users.initialPasswordHint')}`}
            dependencies={['username', 'displayName']}
            rules={[
              { required: true, message: t('password.newRequired') },
              passwordPolicyRule(() => [form.getFieldValue('username'), form.getFieldValue('displayName')]),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {!creating && (
          <Form.Item name="disabled" label={t('users.disabled')} valuePropName="checked">
            <Switch disabled={isSelf} />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
