import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { AssignmentDetail } from '../../../../contracts/tasks.ts';
import { ASSIGNMENT_EVENT_LABELS, isReasonRequired } from '../../../../domain/tasks/assignment-state.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { type AssignmentEventName, fireEvent } from '../api/assignments.ts';

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

  if (assignment.allowedEvents.length === 0) return null;
  return (
    <>
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
