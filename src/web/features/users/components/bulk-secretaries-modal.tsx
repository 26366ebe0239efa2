import { Alert, App, Button, Checkbox, Flex, Form, Modal, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { BulkAccountRow, BulkAccountsPlan } from '../../../../contracts/users.ts';
import { POSITION_TITLE_LABELS } from '../../../../domain/org/vocab.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { openSecretaryAccounts, previewSecretaryAccounts } from '../api/users.ts';

const REASON_KEYS = {
  has_account: 'users.bulkReasonHasAccount',
  second_post: 'users.bulkReasonSecondPost',
  no_username: 'users.bulkReasonNoUsername',
} as const;

/**
 * 批量开通书记账号: choose the organisation (and whether 组织委员 too), see how many accounts will be opened and who is
 * skipped, then open them: the initial passwords download once as .xlsx and are shown nowhere else.
 */
export function BulkSecretariesModal({
  defaultOrgId,
  onClose,
  onDone,
}: {
  defaultOrgId: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [orgId, setOrgId] = useState<number | null>(defaultOrgId);
  const [includeOrganisers, setIncludeOrganisers] = useState(false);
  const [plan, setPlan] = useState<BulkAccountsPlan | null>(null);
  const [busy, setBusy] = useState<'preview' | 'open' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const changed = () => {
    setPlan(null);
    setError(null);
  };

  const preview = async () => {
    if (!orgId) return;
    setBusy('preview');
    setError(null);
    try {
      setPlan(await previewSecretaryAccounts({ orgId, includeOrganisers }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const open = async () => {
    if (!orgId) return;
    setBusy('open');
    setError(null);
    try {
      const created = await openSecretaryAccounts({ orgId, includeOrganisers }, t('users.bulkFile'));
      void message.success(t('users.bulkDone', { n: created }));
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      width={820}
      title={t('users.bulkTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="preview" onClick={preview} loading={busy === 'preview'} disabled={!orgId || busy === 'open'}>
          {t('users.bulkPreview')}
        </Button>,
        <Button
          key="open"
          type="primary"
          onClick={open}
          loading={busy === 'open'}
          disabled={!plan || plan.toCreate === 0 || busy === 'preview'}
        >
          {t('users.bulkOpen', { n: plan?.toCreate ?? 0 })}
        </Button>,
      ]}
    >
      <Flex vertical gap={16} data-testid="bulk-secretaries">
        <Typography.Text type="secondary">{t('users.bulkIntro')}</Typography.Text>
        <Form layout="vertical">
          <Form.Item label={t('users.bulkOrg')} required style={{ marginBottom: 8 }}>
            <OrgSelect
              value={orgId}
              onChange={(id) => {
                setOrgId(id);
                changed();
              }}
              aria-label={t('users.bulkOrg')}
            />
          </Form.Item>
          <Checkbox
            checked={includeOrganisers}
            onChange={(e) => {
              setIncludeOrganisers(e.target.checked);
              changed();
            }}
          >
            {t('users.bulkOrganisers')}
          </Checkbox>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
        {plan && (
          <>
            <Flex gap={32}>
              <Statistic title={t('users.bulkToCreate')} value={plan.toCreate} />
              <Statistic title={t('users.bulkSkipped')} value={plan.skipped} />
            </Flex>
            <Alert
              type={plan.toCreate > 0 ? 'warning' : 'info'}
              showIcon
              title={plan.toCreate > 0 ? t('users.bulkPasswordsOnce') : t('users.bulkNothing')}
            />
            <Table<BulkAccountRow>
              size="small"
              rowKey={(r) => `${r.orgId}-${r.post}-${r.personId}`}
              dataSource={plan.rows}
              pagination={plan.rows.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
              columns={[
                { title: t('users.bulkColOrg'), dataIndex: 'orgName', ellipsis: true },
                {
                  title: t('users.bulkColPost'),
                  dataIndex: 'post',
                  width: 100,
                  render: (p: BulkAccountRow['post']) => label(POSITION_TITLE_LABELS[p]),
                },
                { title: t('users.displayName'), dataIndex: 'personName', width: 120 },
                {
                  title: t('users.username'),
                  dataIndex: 'username',
                  width: 170,
                  render: (u: string | null) => u ?? '—',
                },
                {
                  title: t('users.bulkColAction'),
                  key: 'action',
                  width: 170,
                  render: (_: unknown, r) =>
                    r.action === 'create' ? (
                      <Tag color="success">{t('users.bulkCreate')}</Tag>
                    ) : (
                      <Tag>{t(REASON_KEYS[r.reason ?? 'has_account'])}</Tag>
                    ),
                },
              ]}
            />
          </>
        )}
      </Flex>
    </Modal>
  );
}
