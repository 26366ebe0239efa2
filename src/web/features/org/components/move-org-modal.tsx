import { Alert, App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { OrgDetail } from '../../../../contracts/org.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { moveOrg } from '../api/orgs.ts';

/** Moves the organisation, with its whole subtree, under a new parent picked by search. */
export function MoveOrgModal({
  org,
  onClose,
  onDone,
}: {
  org: OrgDetail;
  onClose: () => void;
  onDone: (newParentId: number) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [parentId, setParentId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!parentId) {
      setError(t('org.moveChooseParent'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await moveOrg(org.id, parentId);
      void message.success(t('org.moved', { n: r.moved }));
      onDone(parentId);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('org.moveTitle', { name: org.name })}
      okText={t('org.move')}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('org.moveCurrent')}
        {org.ancestors.map((a) => a.name).join(' / ') || '—'}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item
          label={t('org.moveNewParent')}
          required
          extra={t('org.moveHint', { n: Math.max(0, org.stats.subtreeOrgs - 1) })}
        >
          <OrgSelect
            value={parentId}
            onChange={(id) => {
              setParentId(id);
              setError(null);
            }}
            disabledIds={[org.id, ...(org.parentId ? [org.parentId] : [])]}
            aria-label={t('org.moveNewParent')}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
