import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Radio, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ProblemDetail } from '../../../../contracts/tasks.ts';
import {
  ESCALATION_STEP_LABELS,
  needsOfProblemEvent,
  PROBLEM_ACTION_KINDS,
  PROBLEM_EVENT_LABELS,
  type ProblemActionKind,
  type ProblemEvent,
  problemEventTakesFiles,
} from '../../../../domain/rectify/problem-state.ts';
import { ruleSetOn } from '../../../../domain/rules/ruleset.ts';
import { EVIDENCE_ACCEPTED_TEXT } from '../../../../domain/tasks/evidence-type.ts';
import { errorMessage } from '../../../lib/api.ts';
import { today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fireProblemEvent, fireProblemEventWithFiles, recordProblemAction } from '../api/problems.ts';

/** The evidence types the server accepts (it checks the content; this only narrows the file picker). */
const ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.pdf,.docx,.xlsx,image/*,application/pdf';

/** The step the page expects next is the primary button; the undoing ones are plain. */
const PRIMARY: ProblemEvent[] = ['claim', 'submit', 'pass'];

type EventValues = {
  person?: string;
  measures?: { text: string; deadline: Dayjs | null }[];
  note?: string;
  reason?: string;
};

/**
 * The buttons for the steps the account may take now (allowedEvents), each opening the form the step needs:
 * 认领 the person responsible, 制定措施 a list of measures each with its deadline, 报告进展 / 申请销号 / 回头看 a note
 * (申请销号: 整改情况及佐证), 退回 / 重新整改 a reason; 核查通过 asks to confirm. A refused step shows the server's
 * message and changes nothing.
 */
export function ProblemActions({
  problem,
  onChanged,
}: {
  problem: ProblemDetail;
  onChanged: (p: ProblemDetail) => void;
}) {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const [asking, setAsking] = useState<ProblemEvent | null>(null);

  const pass = () =>
    modal.confirm({
      title: t('problem.passConfirm'),
      content: t('problem.passConfirmText', {
        months: ruleSetOn(toIsoDate(today())!).rectify.recheckMonths.value,
      }),
      okText: label(PROBLEM_EVENT_LABELS.pass),
      onOk: async () => {
        try {
          onChanged(await fireProblemEvent(problem.id, { event: 'pass' }));
          void message.success(t('problem.eventDone', { event: label(PROBLEM_EVENT_LABELS.pass) }));
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });

  return (
    <>
      {problem.allowedEvents.map((e) => (
        <Button
          key={e}
          type={PRIMARY.includes(e) ? 'primary' : 'default'}
          onClick={() => (needsOfProblemEvent(e) === null ? pass() : setAsking(e))}
          data-event={e}
        >
          {label(PROBLEM_EVENT_LABELS[e])}
        </Button>
      ))}
      {asking && (
        <ProblemEventModal
          problem={problem}
          event={asking}
          onClose={() => setAsking(null)}
          onDone={(p) => {
            setAsking(null);
            void message.success(t('problem.eventDone', { event: label(PROBLEM_EVENT_LABELS[asking]) }));
            onChanged(p);
          }}
        />
      )}
    </>
  );
}

function ProblemEventModal({
  problem,
  event,
  onClose,
  onDone,
}: {
  problem: ProblemDetail;
  event: ProblemEvent;
  onClose: () => void;
  onDone: (p: ProblemDetail) => void;
}) {
  const { t, label, lang } = useI18n();
  const [form] = Form.useForm<EventValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needs = needsOfProblemEvent(event);
  const eventLabel = label(PROBLEM_EVENT_LABELS[event]);
  const noteLabel =
    event === 'submit'
      ? t('problem.note.submit')
      : event === 'recheck'
        ? t('problem.note.recheck')
        : t('problem.note.progress');
  const reasonLabel = event === 'reopen' ? t('problem.form.reasonReopen') : t('problem.form.reasonReturn');

  const submit = async () => {
    let v: EventValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = {
        event,
        ...(needs === 'person' ? { person: v.person?.trim() } : {}),
        ...(needs === 'measures'
          ? { measures: (v.measures ?? []).map((m) => ({ text: m.text.trim(), deadline: toIsoDate(m.deadline) })) }
          : {}),
        ...(needs === 'note' ? { note: v.note?.trim() } : {}),
        ...(needs === 'reason' ? { reason: v.reason?.trim() } : {}),
      };
      const picked = files.flatMap((f) => (f.originFileObj ? [f.originFileObj as File] : []));
      onDone(
        problemEventTakesFiles(event) && picked.length > 0
          ? await fireProblemEventWithFiles(problem.id, body, picked)
          : await fireProblemEvent(problem.id, body),
      );
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('problem.eventTitle', { event: eventLabel, problem: problem.title })}
      okText={eventLabel}
      okButtonProps={{ danger: event === 'return' || event === 'reopen' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={needs === 'measures' ? 720 : 560}
    >
      <Form<EventValues>
        form={form}
        layout="vertical"
        name={`problem-${event}`}
        data-testid="problem-event-form"
        initialValues={{ measures: [{ text: '', deadline: null }] }}
      >
        {needs === 'person' && (
          <Form.Item
            name="person"
            label={t('problem.form.person')}
            extra={t('problem.form.personHint')}
            rules={[{ required: true, whitespace: true, message: t('problem.form.personRequired') }]}
          >
            <Input autoFocus maxLength={50} aria-label={t('problem.form.person')} />
          </Form.Item>
        )}
        {needs === 'measures' && <MeasureList />}
        {needs === 'note' && (
          <Form.Item
            name="note"
            label={noteLabel}
            extra={event === 'submit' ? t('problem.form.evidenceHint') : undefined}
            rules={[
              { required: true, whitespace: true, message: t('problem.form.noteRequired', { label: noteLabel }) },
            ]}
          >
            <Input.TextArea
              autoFocus
              autoSize={{ minRows: 4, maxRows: 12 }}
              maxLength={5000}
              showCount
              aria-label={noteLabel}
            />
          </Form.Item>
        )}
        {problemEventTakesFiles(event) && (
          <Form.Item
            label={t('problem.form.files')}
            extra={t('problem.form.filesHint', { types: lang === 'en' ? t('ledger.typesEn') : EVIDENCE_ACCEPTED_TEXT })}
          >
            <Upload
              multiple
              accept={ACCEPT}
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList)}
              listType="text"
            >
              <Button icon={<UploadOutlined />}>{t('ledger.chooseFiles')}</Button>
            </Upload>
          </Form.Item>
        )}
        {needs === 'reason' && (
          <Form.Item
            name="reason"
            label={reasonLabel}
            rules={[{ required: true, whitespace: true, message: t('problem.form.reasonRequired') }]}
          >
            <Input.TextArea
              autoFocus
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={2000}
              showCount
              aria-label={reasonLabel}
            />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="event-error" />}
    </Modal>
  );
}

/** 制定措施: one row per measure, each with its deadline; more rows on demand. */
function MeasureList() {
  const { t } = useI18n();
  return (
    <Form.List
      name="measures"
      rules={[
        {
          validator: async (_, list: unknown[] | undefined) => {
            if (!list || list.length === 0) throw new Error(t('problem.form.measuresRequired'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('problem.form.measures')} required extra={t('problem.form.measuresHint')}>
          <Flex vertical gap={0} data-testid="measure-list">
            {fields.map((f, i) => (
              <Flex key={f.key} gap={8} align="flex-start" data-testid="measure-row">
                <Form.Item
                  name={[f.name, 'text']}
                  rules={[{ required: true, whitespace: true, message: t('problem.form.measureTextRequired') }]}
                  style={{ flex: 1, minWidth: 0 }}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    maxLength={2000}
                    placeholder={t('problem.form.measureText', { n: i + 1 })}
                    aria-label={t('problem.form.measureText', { n: i + 1 })}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'deadline']}
                  rules={[{ required: true, message: t('problem.form.measureDeadlineRequired') }]}
                >
                  <DatePicker
                    placeholder={t('problem.form.measureDeadline')}
                    aria-label={t('problem.form.measureDeadlineOf', { n: i + 1 })}
                    style={{ width: 150 }}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  disabled={fields.length === 1}
                  onClick={() => remove(f.name)}
                  aria-label={t('problem.form.removeMeasure', { n: i + 1 })}
                />
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '', deadline: null })} block>
              {t('problem.form.addMeasure')}
            </Button>
          </Flex>
        </Form.Item>
      )}
    </Form.List>
  );
}

type ActionValues = {
  kind: ProblemActionKind;
  heldOn: Dayjs | null;
  participants?: string;
  content: string;
  commitments?: string;
  form?: string;
  decidedBy?: string;
};

/**
 * 记录约谈/实地督办/问责: the issuing side keeps these records (who, when, what was said or found, what was promised,
 * the form of accountability and who decided it); the platform decides nothing.
 */
export function ProblemActionButton({
  problem,
  onChanged,
}: {
  problem: ProblemDetail;
  onChanged: (p: ProblemDetail) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-event="action">
        {t('problem.recordAction')}
      </Button>
      {open && (
        <ProblemActionModal
          problem={problem}
          onClose={() => setOpen(false)}
          onDone={(p) => {
            setOpen(false);
            onChanged(p);
          }}
        />
      )}
    </>
  );
}

function ProblemActionModal({
  problem,
  onClose,
  onDone,
}: {
  problem: ProblemDetail;
  onClose: () => void;
  onDone: (p: ProblemDetail) => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<ActionValues>();
  const kind: ProblemActionKind = Form.useWatch('kind', form) ?? defaultKind(problem);

  const submit = async () => {
    let v: ActionValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const p = await recordProblemAction(problem.id, {
        kind: v.kind,
        heldOn: toIsoDate(v.heldOn)!,
        participants: v.participants?.trim() || undefined,
        content: v.content.trim(),
        ...(v.kind === 'talk' ? { commitments: v.commitments?.trim() || undefined } : {}),
        ...(v.kind === 'accountability'
          ? { form: v.form?.trim() || undefined, decidedBy: v.decidedBy?.trim() || undefined }
          : {}),
      });
      void message.success(t('problem.actionRecorded', { kind: label(ESCALATION_STEP_LABELS[v.kind]) }));
      onDone(p);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('problem.recordActionTitle', { problem: problem.title })}
      okText={t('problem.record')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={600}
    >
      <Form<ActionValues>
        form={form}
        layout="vertical"
        name="problem-action"
        data-testid="problem-action-form"
        initialValues={{ kind: defaultKind(problem), heldOn: today() }}
      >
        <Form.Item name="kind" label={t('problem.action.kind')}>
          <Radio.Group
            optionType="button"
            options={PROBLEM_ACTION_KINDS.map((k) => ({ value: k, label: label(ESCALATION_STEP_LABELS[k]) }))}
          />
        </Form.Item>
        <Form.Item
          name="heldOn"
          label={t('problem.action.heldOn')}
          rules={[{ required: true, message: t('common.dateRequired') }]}
        >
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="participants" label={t(`problem.action.participants.${kind}`)}>
          <Input maxLength={500} aria-label={t(`problem.action.participants.${kind}`)} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t(`problem.action.content.${kind}`)}
          rules={[{ required: true, whitespace: true, message: t('problem.action.contentRequired') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={5000}
            aria-label={t(`problem.action.content.${kind}`)}
          />
        </Form.Item>
        {kind === 'talk' && (
          <Form.Item name="commitments" label={t('problem.action.commitments')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
          </Form.Item>
        )}
        {kind === 'accountability' && (
          <Flex gap={16} wrap>
            <Form.Item
              name="form"
              label={t('problem.action.form')}
              extra={t('problem.action.formHint')}
              style={{ flex: 1, minWidth: 200 }}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="decidedBy" label={t('problem.action.decidedBy')} style={{ flex: 1, minWidth: 200 }}>
              <Input maxLength={100} />
            </Form.Item>
          </Flex>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** The kind the escalation ladder suggests for an overdue problem (约谈 before the ladder reaches one). */
function defaultKind(p: ProblemDetail): ProblemActionKind {
  return p.escalation === 'visit' || p.escalation === 'accountability' ? p.escalation : 'talk';
}
