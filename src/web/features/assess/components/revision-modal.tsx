import { Alert, Flex, Input, Modal, Select, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { getSheet, reviseResult, type SheetItem } from '../api/assess.ts';
import { type Draft, draftOf, EntryCard, entryOf } from './entry-input.tsx';

/**
 * 修订 after 确定 (POST /api/assess/rounds/:id/orgs/:orgId/revisions): pick one leaf indicator the caller scores, give
 * the new entry as its method asks (as on the sheet; an automatic value by hand with its evidence) and the reason
 * (required). The server computes every result again and records the revision; errors are shown as it says.
 */
export function RevisionModal({
  roundId,
  org,
  scorerOrgId,
  onClose,
  onDone,
}: {
  roundId: number;
  org: { id: number; name: string };
  /** The caller's organisation: the indicators it scores (and the automatic ones) can be revised. */
  scorerOrgId: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const sheet = useRequest(() => getSheet(roundId, org.id), [roundId, org.id]);
  const [indicatorId, setIndicatorId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // An automatic indicator is revised by hand (points + evidence), so it is shown as one not read from records.
  const asRevised = (i: SheetItem): SheetItem => (i.measured ? { ...i, measured: false } : i);
  const leaves = (sheet.data?.items ?? []).filter(
    (i) => i.leaf && i.method && (i.measured || i.scorerOrgId === scorerOrgId),
  );
  const item = leaves.find((i) => i.id === indicatorId);

  const pick = (id: string) => {
    const i = leaves.find((x) => x.id === id)!;
    setIndicatorId(id);
    setError(null);
    setDraft(i.measured ? {} : draftOf(i.score?.input, i.max));
  };

  const submit = async () => {
    setError(null);
    if (!item) return setError(t('assess.revise.pickIndicator'));
    const entry = entryOf(asRevised(item), draft, 'score');
    if (!entry) return setError(t('assess.sheet.nothing'));
    if (!reason.trim()) return setError(t('assess.revise.reasonRequired'));
    setBusy(true);
    try {
      await reviseResult(roundId, org.id, { entry, reason: reason.trim() });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('assess.revise.title', { org: org.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('assess.revise.submit')}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <div data-testid="revision-modal">
        {sheet.error ? (
          <Alert type="error" showIcon title={errorMessage(sheet.error)} />
        ) : !sheet.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : (
          <Flex vertical gap={10}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('assess.revise.intro')}
            </Typography.Text>
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }}
              value={indicatorId ?? undefined}
              onChange={pick}
              placeholder={t('assess.revise.pickIndicator')}
              aria-label={t('assess.revise.indicator')}
              data-testid="revision-indicator"
              options={leaves.map((i) => ({ value: i.id, label: i.path }))}
            />
            {item && (
              <EntryCard key={item.id} item={asRevised(item)} side="score" editable draft={draft} onChange={setDraft} />
            )}
            <Input.TextArea
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('assess.revise.reason')}
              aria-label={t('assess.revise.reason')}
              data-testid="revision-reason"
            />
            {error && <Alert type="error" showIcon title={error} data-testid="revision-error" />}
          </Flex>
        )}
      </div>
    </Modal>
  );
}
