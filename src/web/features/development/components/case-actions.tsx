import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import type { DevelopmentCaseDetail } from '../../../../contracts/development.ts';
import type { DevelopmentStepKind } from '../../../../domain/people/development-steps.ts';
import { errorMessage } from '../../../lib/api.ts';
import { type MessageKey, useI18n } from '../../../lib/i18n.ts';
import { recordStep } from '../api/development.ts';

/** The ways out of a case, each a step the server checks: 撤回, 终止 (before the approval), 重新讨论, 重新启动. */
const ACTIONS: readonly { kind: DevelopmentStepKind; danger: boolean; document: MessageKey; decider: MessageKey }[] = [
  { kind: 'revote', danger: false, document: 'dev.action.revoteDocument', decider: 'dev.action.branchMeeting' },
  { kind: 'restart', danger: true, document: 'dev.action.restartDocument', decider: 'dev.action.branchMeeting' },
  { kind: 'withdraw', danger: true, document: 'dev.action.withdrawDocument', decider: 'dev.action.self' },
  { kind: 'terminate', danger: true, document: 'dev.action.terminateDocument', decider: 'dev.action.branchCommittee' },
];

type Values = { on: string; document: string; decider: string; reason?: string };

/** On the case page: a button for each way out the case allows now, a form with its date, document and reason. */
export function CaseActions({ c, onDone }: { c: DevelopmentCaseDetail; onDone: (c: DevelopmentCaseDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState<(typeof ACTIONS)[number] | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const shown = ACTIONS.filter((a) => c.next.includes(a.kind));
  if (!c.canWrite || shown.length === 0) return null;

  const submit = async (v: Values) => {
    if (!open) return;
    setBusy(true);
    try {
      const next = await recordStep(c.id, {
        kind: open.kind,
        on: v.on.trim(),
        document: v.document,
        decider: v.decider,
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      });
      setOpen(null);
      onDone(next);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space wrap data-testid="dev-case-actions">
        {shown.map((a) => (
          <Button
            key={a.kind}
            danger={a.danger}
            data-testid={`dev-action-${a.kind}`}
            onClick={() => {
              form.setFieldsValue({ on: '', document: t(a.document), decider: t(a.decider), reason: '' });
              setOpen(a);
            }}
          >
            {t(`dev.action.${a.kind}` as MessageKey)}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open ? t(`dev.action.${open.kind}` as MessageKey) : ''}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        okText={t('dev.form.submit')}
        okButtonProps={{ danger: open?.danger ?? false, loading: busy }}
        forceRender
      >
        {open && <p style={{ marginBottom: 12 }}>{t(`dev.action.${open.kind}Hint` as MessageKey)}</p>}
        <Form<Values> form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="on"
            label={t('dev.form.on')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('dev.form.dateFormat') }]}
          >
            <Input placeholder="YYYY-MM-DD" aria-label={t('dev.form.on')} />
          </Form.Item>
          <Form.Item name="document" label={t('dev.field.document')} rules={[{ required: true, whitespace: true }]}>
            <Input aria-label={t('dev.field.document')} />
          </Form.Item>
          <Form.Item name="decider" label={t('dev.field.decider')} rules={[{ required: true, whitespace: true }]}>
            <Input aria-label={t('dev.field.decider')} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('dev.action.reason')}
            rules={open?.kind === 'terminate' ? [{ required: true, whitespace: true }] : []}
          >
            <Input.TextArea rows={2} maxLength={2000} aria-label={t('dev.action.reason')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
