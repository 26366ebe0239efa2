import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, Modal, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { InstructionDetail, InstructionSummary } from '../../../../contracts/instruction.ts';
import {
  INSTRUCTION_FOLLOWUP_LABELS,
  INSTRUCTION_SIDE_LABELS,
  INSTRUCTION_STATE_LABELS,
  type InstructionFollowup,
  type InstructionState,
  instructionFollowupNeedsText,
} from '../../../../domain/supervise/instruction.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, formatDateTime, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';
import { followUpInstruction, getInstruction, giveInstruction, listInstructions } from '../api/instructions.ts';

/** What an instruction is on: exactly one of them. */
export type InstructionTarget = { problemId: number } | { findingId: number } | { taskId: number };

const STATE_COLOR: Record<InstructionState, string> = { open: 'processing', replied: 'warning', closed: 'success' };

export function InstructionStateTag({ state }: { state: InstructionState }) {
  const { label } = useI18n();
  return <Tag color={STATE_COLOR[state]}>{label(INSTRUCTION_STATE_LABELS[state])}</Tag>;
}

/** 回复时限, red with the days overdue when it has passed unanswered. */
export function InstructionDue({ item }: { item: Pick<InstructionSummary, 'replyDue' | 'daysOverdue'> }) {
  const { t } = useI18n();
  if (!item.replyDue) return <span>{t('instruction.replyDueNone')}</span>;
  return (
    <span>
      {formatDate(item.replyDue)}
      {item.daysOverdue > 0 && (
        <Tag color="error" style={{ marginInlineStart: 8 }} data-testid="instruction-overdue">
          {t('instruction.overdue', { n: item.daysOverdue })}
        </Tag>
      )}
    </span>
  );
}

/**
 * The 批示 card of a problem, a finding or a task: its instructions, each with what it asks, its follow-up timeline
 * and the steps the account may take; the 批示 button for an account that assigns work.
 */
export function InstructionPanel({
  target,
  canGive,
  title,
}: {
  target: InstructionTarget;
  canGive: boolean;
  title?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [giving, setGiving] = useState(false);
  const key = JSON.stringify(target);
  const list = useRequest(() => listInstructions({ ...target, pageSize: 50 }), [key]);
  const items = list.data?.items ?? [];
  return (
    <Card
      title={title ?? t('instruction.panel', { n: list.data?.total ?? 0 })}
      data-testid="instruction-panel"
      size="small"
      extra={
        canGive && (
          <Button size="small" onClick={() => setGiving(true)} data-testid="instruction-give">
            {t('instruction.give')}
          </Button>
        )
      }
    >
      {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} /> : null}
      {!list.loading && items.length === 0 && !list.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('instruction.empty')} />
      ) : (
        <Flex vertical gap={12}>
          {items.map((i) => (
            <InstructionView key={i.id} id={i.id} onChanged={list.reload} />
          ))}
        </Flex>
      )}
      {giving && (
        <GiveInstructionModal
          target={target}
          onClose={() => setGiving(false)}
          onDone={() => {
            setGiving(false);
            void message.success(t('instruction.given'));
            list.reload();
          }}
        />
      )}
    </Card>
  );
}

/** One instruction: who wrote it and when, what it asks, the follow-up timeline and the buttons. */
export function InstructionView({ id, onChanged }: { id: number; onChanged?: () => void }) {
  const { t, label } = useI18n();
  const req = useRequest(() => getInstruction(id), [id]);
  const [d, setD] = useState<InstructionDetail | undefined>(undefined);
  const [step, setStep] = useState<InstructionFollowup | null>(null);
  useEffect(() => setD(req.data), [req.data]);
  if (req.error) return <Alert type="error" showIcon title={errorMessage(req.error)} />;
  if (!d) return null;
  return (
    <div
      data-testid="instruction-item"
      style={{ border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, padding: 12, minWidth: 0 }}
    >
      <Flex gap={8} wrap align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{d.leaderName}</Typography.Text>
        <Typography.Text type="secondary">
          {t('instruction.byline', { giver: d.giverOrgName, date: formatDate(d.givenOn), org: d.orgName })}
        </Typography.Text>
        <InstructionStateTag state={d.state} />
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} data-testid="instruction-text">
        {d.text}
      </Typography.Paragraph>
      {d.asks && (
        <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
          {t('instruction.field.asks')}：{d.asks}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('instruction.field.replyDue')}：<InstructionDue item={d} />
      </Typography.Paragraph>
      {d.followups.length > 0 && (
        <Timeline
          style={{ marginTop: 8, marginBottom: 0 }}
          items={d.followups.map((f) => ({
            key: f.id,
            color: f.kind === 'reopen' ? 'red' : f.kind === 'close' ? 'green' : 'blue',
            content: (
              <div data-testid="instruction-followup">
                <Typography.Text strong>{label(INSTRUCTION_FOLLOWUP_LABELS[f.kind])}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {label(INSTRUCTION_SIDE_LABELS[f.side])} · {f.actorName} · {formatDateTime(f.at)}
                </Typography.Text>
                {f.text && <div style={{ whiteSpace: 'pre-wrap' }}>{f.text}</div>}
              </div>
            ),
          }))}
        />
      )}
      {d.allowed.length > 0 && (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {d.allowed.map((k) => (
            <Button
              key={k}
              size="small"
              type={k === 'reply' || k === 'close' ? 'primary' : 'default'}
              danger={k === 'reopen'}
              onClick={() => setStep(k)}
            >
              {label(INSTRUCTION_FOLLOWUP_LABELS[k])}
            </Button>
          ))}
        </Flex>
      )}
      {step && (
        <FollowupModal
          instruction={d}
          kind={step}
          onClose={() => setStep(null)}
          onDone={(next) => {
            setStep(null);
            setD(next);
            onChanged?.();
          }}
        />
      )}
    </div>
  );
}

type GiveValues = { leaderName: string; text: string; asks: string; replyDue: Dayjs | null };

/** 作出批示: the leader who wrote it (default: the account), the text, what it asks, the day a reply is due. */
export function GiveInstructionModal({
  target,
  onClose,
  onDone,
}: {
  target: InstructionTarget;
  onClose: () => void;
  onDone: (d: InstructionDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<GiveValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: GiveValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(
        await giveInstruction({
          ...target,
          leaderName: v.leaderName?.trim() || undefined,
          text: v.text.trim(),
          asks: v.asks?.trim() || undefined,
          replyDue: toIsoDate(v.replyDue),
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('instruction.giveTitle')}
      okText={t('instruction.give')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form<GiveValues> form={form} layout="vertical" name="instruction-give" data-testid="instruction-form">
        <Form.Item name="leaderName" label={t('instruction.field.leader')} extra={t('instruction.field.leaderHint')}>
          <Input maxLength={50} aria-label={t('instruction.field.leader')} />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('instruction.field.text')}
          rules={[{ required: true, whitespace: true, message: t('instruction.field.textRequired') }]}
        >
          <Input.TextArea
            autoFocus
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={5000}
            showCount
            aria-label={t('instruction.field.text')}
          />
        </Form.Item>
        <Form.Item name="asks" label={t('instruction.field.asks')} extra={t('instruction.field.asksHint')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            aria-label={t('instruction.field.asks')}
          />
        </Form.Item>
        <Form.Item name="replyDue" label={t('instruction.field.replyDue')}>
          <DatePicker style={{ width: '100%' }} aria-label={t('instruction.field.replyDue')} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="instruction-error" />}
    </Modal>
  );
}

const TEXT_LABEL: Record<InstructionFollowup, Parameters<ReturnType<typeof useI18n>['t']>[0]> = {
  progress: 'instruction.followup.progressLabel',
  reply: 'instruction.followup.replyLabel',
  close: 'instruction.followup.closeLabel',
  reopen: 'instruction.followup.reopenLabel',
};

/** One follow-up step: 报告落实情况, 回复 (the following-up side), 办结, 退回 (the giving side). */
function FollowupModal({
  instruction,
  kind,
  onClose,
  onDone,
}: {
  instruction: InstructionDetail;
  kind: InstructionFollowup;
  onClose: () => void;
  onDone: (d: InstructionDetail) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = label(INSTRUCTION_FOLLOWUP_LABELS[kind]);
  const textLabel = t(TEXT_LABEL[kind]);
  const needsText = instructionFollowupNeedsText(kind);
  const submit = async () => {
    let v: { text: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await followUpInstruction(instruction.id, { kind, text: v.text?.trim() || undefined }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('instruction.followup.title', { action, leader: instruction.leaderName })}
      okText={action}
      okButtonProps={{ danger: kind === 'reopen' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" name={`instruction-${kind}`} data-testid="instruction-followup-form">
        <Form.Item
          name="text"
          label={textLabel}
          rules={
            needsText
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message: t('instruction.followup.textRequired', { label: textLabel }),
                  },
                ]
              : []
          }
        >
          <Input.TextArea
            autoFocus
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={5000}
            showCount
            aria-label={textLabel}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="instruction-error" />}
    </Modal>
  );
}
