import { Alert, Checkbox, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AppraisalDetail, GradeTallies } from '../../../../contracts/appraisal.ts';
import { APPRAISAL_GRADE_LABELS, APPRAISAL_GRADES } from '../../../../domain/assess/appraisal.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { recordEntry } from './appraisal-api.ts';

type Member = AppraisalDetail['members'][number];
type Values = {
  selfDone: boolean;
  selfNote?: string;
  peer: GradeTallies;
  poll: GradeTallies;
  pollNote?: string;
};
const ZERO: GradeTallies = { excellent: 0, qualified: 0, basic: 0, unqualified: 0 };
const same = (a: GradeTallies, b: GradeTallies) => APPRAISAL_GRADES.every((g) => a[g] === b[g]);

/** Four counts, one per grade: how many ballots gave the member that grade (never who cast them). */
function Tallies({ name }: { name: 'peer' | 'poll' }) {
  return (
    <Flex gap={8} wrap>
      {APPRAISAL_GRADES.map((g) => (
        <Form.Item key={g} name={[name, g]} label={label(APPRAISAL_GRADE_LABELS[g])} style={{ marginBottom: 8 }}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: 84 }} data-testid={`${name}-${g}`} />
        </Form.Item>
      ))}
    </Flex>
  );
}

/**
 * One member's self-appraisal, peer appraisal and democratic poll (tallies per grade). Only what changed is sent: each
 * part is a new row on the server, the latest counting.
 */
export function MemberEntryModal(props: {
  appraisalId: number;
  member: Member | null;
  onClose: () => void;
  onSaved: (d: AppraisalDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const m = props.member;
  useEffect(() => {
    if (!m) return;
    setError(null);
    form.setFieldsValue({
      selfDone: m.self?.done ?? false,
      selfNote: m.self?.note ?? '',
      peer: m.peer?.tallies ?? ZERO,
      poll: m.poll?.tallies ?? ZERO,
      pollNote: m.poll?.note ?? '',
    });
  }, [m, form]);
  const save = async () => {
    if (!m) return;
    const v = form.getFieldsValue();
    const body = {
      ...(v.selfDone !== (m.self?.done ?? false) || (v.selfNote ?? '') !== (m.self?.note ?? '')
        ? { self: { done: v.selfDone, note: v.selfNote ?? '' } }
        : {}),
      ...(!same(v.peer, m.peer?.tallies ?? ZERO) ? { peer: { tallies: v.peer } } : {}),
      ...(!same(v.poll, m.poll?.tallies ?? ZERO) || (v.pollNote ?? '') !== (m.poll?.note ?? '')
        ? { poll: { tallies: v.poll, note: v.pollNote ?? '' } }
        : {}),
    };
    if (Object.keys(body).length === 0) {
      props.onClose();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      props.onSaved(await recordEntry(props.appraisalId, m.personId, body));
      props.onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={m !== null}
      title={m ? t('appraisal.entryTitle', { name: m.name }) : ''}
      onCancel={props.onClose}
      onOk={() => void save()}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'appraisal-entry-save' } as never}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="selfDone" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox data-testid="self-done">{t('appraisal.selfDone')}</Checkbox>
        </Form.Item>
        <Form.Item name="selfNote" label={t('appraisal.note')}>
          <Input maxLength={2000} />
        </Form.Item>
        <Typography.Text strong>{t('appraisal.peer')}</Typography.Text>
        <Tallies name="peer" />
        <Typography.Text strong>{t('appraisal.poll')}</Typography.Text>
        <Tallies name="poll" />
        <Form.Item name="pollNote" label={t('appraisal.note')}>
          <Input maxLength={2000} />
        </Form.Item>
        <Typography.Text type="secondary">{t('appraisal.talliesHelp')}</Typography.Text>
      </Form>
    </Modal>
  );
}
