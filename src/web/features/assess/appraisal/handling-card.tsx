import { Alert, Button, Card, DatePicker, Flex, Input, Select, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AppraisalDetail, HandlingEventBody } from '../../../../contracts/appraisal.ts';
import { APPRAISAL_GRADE_LABELS, HANDLING_STATE_LABELS } from '../../../../domain/assess/appraisal.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, type MessageKey, useI18n } from '../../../lib/i18n.ts';
import { recordHandling } from './appraisal-api.ts';

type Handling = AppraisalDetail['handlings'][number];
type Step = 'correct' | 'persuade' | 'remove' | 'corrected' | 'left' | 'removed';

/** The steps a record allows in its state (the server checks them again: handlingStep). */
const STEPS: Record<Handling['state'], Step[]> = {
  open: ['correct', 'persuade', 'remove'],
  correcting: ['corrected', 'persuade', 'remove'],
  persuading: ['left', 'remove'],
  removing: ['removed'],
  closed: [],
};

function bodyOf(h: Handling, step: Step, rest: { by: string; on: string; note: string; deadline?: string }) {
  if (step === 'corrected' || step === 'left' || step === 'removed') {
    return { kind: 'outcome', outcome: step, by: rest.by, on: rest.on, note: rest.note } as HandlingEventBody;
  }
  if (h.state === 'open') {
    return {
      kind: 'decide',
      measure: step,
      by: rest.by,
      on: rest.on,
      note: rest.note,
      ...(step === 'correct' && rest.deadline ? { deadline: rest.deadline } : {}),
    } as HandlingEventBody;
  }
  return { kind: 'escalate', measure: step, by: rest.by, on: rest.on, note: rest.note } as HandlingEventBody;
}

/**
 * A member graded 不合格: the handling record's state and steps, and the form for the next step. The platform records
 * it; the organisation carries it out (a member's status is changed, if at all, through the register).
 */
export function HandlingCard(props: {
  appraisalId: number;
  handling: Handling;
  canEdit: boolean;
  onSaved: (d: AppraisalDetail) => void;
}) {
  const { t } = useI18n();
  const h = props.handling;
  const steps = STEPS[h.state];
  const [step, setStep] = useState<Step | undefined>(steps[0]);
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [on, setOn] = useState<Dayjs>(dayjs());
  const [by, setBy] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (!step) return;
    setSaving(true);
    setError(null);
    try {
      props.onSaved(
        await recordHandling(
          props.appraisalId,
          h.personId,
          bodyOf(h, step, {
            by,
            note,
            on: on.format('YYYY-MM-DD'),
            ...(deadline ? { deadline: deadline.format('YYYY-MM-DD') } : {}),
          }),
        ),
      );
      setNote('');
      setDeadline(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      data-testid={`handling-${h.personId}`}
      title={
        <Flex gap={8} wrap align="center">
          <span>{h.name}</span>
          <Tag color={h.state === 'closed' ? 'default' : 'orange'}>{label(HANDLING_STATE_LABELS[h.state])}</Tag>
          {h.deadline ? <Tag>{t('appraisal.deadline', { date: h.deadline })}</Tag> : null}
          {h.outcome ? <Tag>{t(`appraisal.step.${h.outcome}` as MessageKey)}</Tag> : null}
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        {h.currentGrade !== 'unqualified' ? (
          <Alert
            type="info"
            showIcon
            title={t('appraisal.regraded', {
              grade: h.currentGrade ? label(APPRAISAL_GRADE_LABELS[h.currentGrade]) : '—',
            })}
          />
        ) : null}
        {h.events.length > 0 ? (
          <Timeline
            items={h.events.map((e) => ({
              content: (
                <Typography.Text>
                  {e.event.on} {e.event.by}：
                  {t(`appraisal.step.${e.event.kind === 'outcome' ? e.event.outcome : e.event.measure}` as MessageKey)}
                  {e.event.kind === 'decide' && e.event.deadline
                    ? t('common.paren', { text: t('appraisal.deadline', { date: e.event.deadline }) })
                    : ''}
                  — {e.event.note}
                </Typography.Text>
              ),
            }))}
          />
        ) : null}
        <Typography.Text type="secondary">{t('appraisal.neverExecuted')}</Typography.Text>
        {props.canEdit && steps.length > 0 ? (
          <Flex vertical gap={8}>
            {error ? <Alert type="error" showIcon title={error} /> : null}
            <Flex gap={8} wrap>
              <Select
                value={step}
                onChange={setStep}
                style={{ minWidth: 140 }}
                aria-label={t('appraisal.nextStep')}
                options={steps.map((s) => ({ value: s, label: t(`appraisal.step.${s}` as MessageKey) }))}
              />
              {step === 'correct' ? (
                <DatePicker
                  value={deadline}
                  onChange={setDeadline}
                  placeholder={t('appraisal.correctBy')}
                  aria-label={t('appraisal.correctBy')}
                />
              ) : null}
              <DatePicker
                value={on}
                onChange={(v) => v && setOn(v)}
                allowClear={false}
                aria-label={t('appraisal.on')}
              />
            </Flex>
            <Input value={by} onChange={(e) => setBy(e.target.value)} maxLength={100} placeholder={t('appraisal.by')} />
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={2000}
              rows={2}
              placeholder={t('appraisal.stepNote')}
            />
            <Button onClick={() => void save()} loading={saving} data-testid={`handling-save-${h.personId}`}>
              {t('appraisal.recordStep')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}
