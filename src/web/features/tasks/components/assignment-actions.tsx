import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { AssignmentDetail } from '../../../../contracts/tasks.ts';
import { ASSIGNMENT_EVENT_LABELS, isReasonRequired } from '../../../../domain/tasks/assignment-state.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { type AssignmentEventName, chaseAssignment, fireEvent, getAssignment } from '../api/assignments.ts';

const PRIMARY: AssignmentEventName[] = ['start', 'submit', 'accept'];
// The expected next step first, the undoing ones after it, cancelling last.
const ORDER: AssignmentEventName[] = ['start', 'submit', 'accept', 'return', 'reopen', 'cancel'];

/**
 * The buttons for what the account may do now (allowedEvents: 开始, 报送完成, 验收通过, 退回, 重新打开, 撤回).
 * Return, reopen and cancel ask for a reason; submit and accept ask to confirm.
 */
export function AssignmentActions({
  assignment,
  onChanged,
  block,
}: {
  assignment: AssignmentDetail;
  onChanged: (a: AssignmentDetail) => void;
  block?: boolean;
}) {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<AssignmentEventName | null>(null);
  const [asking, setAsking] = useState<AssignmentEventName | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const fire = async (event: AssignmentEventName, why?: string): Promise<boolean> => {
    setBusy(event);
    try {
      const a = await fireEvent(assignment.id, event, why);
      void message.success(t('assignment.eventDone', { event: label(ASSIGNMENT_EVENT_LABELS[event]) }));
      onChanged(a);
      return true;
    } catch (e) {
      void message.error(errorMessage(e));
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const click = (event: AssignmentEventName) => {
    if (isReasonRequired(event)) {
      setReason('');
      setError(null);
      setAsking(event);
    } else if (event === 'submit' || event === 'accept') {
      modal.confirm({
        title: t(event === 'submit' ? 'assignment.submitConfirm' : 'assignment.acceptConfirm'),
        content: t(event === 'submit' ? 'assignment.submitConfirmText' : 'assignment.acceptConfirmText', {
          org: assignment.orgName,
        }),
        okText: label(ASSIGNMENT_EVENT_LABELS[event]),
        onOk: () => fire(event),
      });
    } else void fire(event);
  };

  if (assignment.allowedEvents.length === 0 && !assignment.canChase) return null;
  return (
    <>
      {assignment.canChase && <ChaseButton assignment={assignment} onChanged={onChanged} block={block} />}
      {[...assignment.allowedEvents]
        .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))
        .map((e) => (
          <Button
            key={e}
            type={PRIMARY.includes(e) ? 'primary' : 'default'}
            danger={e === 'cancel'}
            loading={busy === e}
            onClick={() => click(e)}
            block={block}
            data-event={e}
          >
            {label(ASSIGNMENT_EVENT_LABELS[e])}
          </Button>
        ))}
      {asking && (
        <Modal
          open
          title={t('assignment.reasonTitle', { event: label(ASSIGNMENT_EVENT_LABELS[asking]) })}
          okText={label(ASSIGNMENT_EVENT_LABELS[asking])}
          okButtonProps={{ disabled: !reason.trim(), danger: asking === 'cancel' }}
          confirmLoading={busy === asking}
          onOk={async () => {
            if (await fire(asking, reason.trim())) setAsking(null);
          }}
          onCancel={() => setAsking(null)}
          destroyOnHidden
        >
          <Form layout="vertical">
            <Form.Item
              label={t('assignment.reason')}
              required
              validateStatus={error ? 'error' : undefined}
              help={error ?? undefined}
            >
              <Input.TextArea
                autoFocus
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                autoSize={{ minRows: 3, maxRows: 8 }}
                maxLength={1000}
                showCount
                aria-label={t('assignment.reason')}
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}

/** 催办: the assigner reminds the receiver (once a day; the receiver is notified and it is counted as a demand). */
function ChaseButton({
  assignment,
  onChanged,
  block,
}: {
  assignment: AssignmentDetail;
  onChanged: (a: AssignmentDetail) => void;
  block?: boolean | undefined;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      const r = await chaseAssignment(assignment.id, note.trim() || undefined);
      void (r.chased > 0
        ? message.success(t('chase.done', { n: r.chased }))
        : message.info(t('chase.alreadyToday', { n: r.alreadyToday })));
      setOpen(false);
      onChanged(await getAssignment(assignment.id));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        onClick={() => {
          setNote('');
          setOpen(true);
        }}
        block={block}
        data-event="chase"
      >
        {t('chase.button')}
      </Button>
      {open && (
        <Modal
          open
          title={t('chase.title', { org: assignment.orgName })}
          okText={t('chase.ok')}
          confirmLoading={busy}
          onOk={send}
          onCancel={() => setOpen(false)}
          destroyOnHidden
        >
          <Form layout="vertical">
            <Form.Item label={t('chase.note')} extra={t('chase.hint')}>
              <Input.TextArea
                autoFocus
                value={note}
                onChange={(e) => setNote(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={500}
                showCount
                aria-label={t('chase.note')}
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
