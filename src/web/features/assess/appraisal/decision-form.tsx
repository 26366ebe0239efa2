import { Alert, Button, Card, DatePicker, Flex, Input, List, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { AppraisalDetail } from '../../../../contracts/appraisal.ts';
import { APPRAISAL_GRADE_LABELS, APPRAISAL_GRADES, type AppraisalGrade } from '../../../../domain/assess/appraisal.ts';
import { errorMessage } from '../../../lib/api.ts';
import { label, useI18n } from '../../../lib/i18n.ts';
import { decide } from './appraisal-api.ts';

/**
 * The 支委会's or 党员大会's decision: a grade for each member, the count of 优秀 beside its maximum (the server checks
 * the one-third rule and answers with the counts), an optional link to the branch's appraisal meeting. A new decision
 * corrects the last one; both are kept.
 */
export function DecisionForm(props: { detail: AppraisalDetail; onSaved: (d: AppraisalDetail) => void }) {
  const { t } = useI18n();
  const d = props.detail;
  const initial = () => new Map(d.members.map((m) => [m.personId, m.grade ?? ('qualified' as AppraisalGrade)]));
  const [grades, setGrades] = useState<Map<number, AppraisalGrade>>(initial);
  const [body, setBody] = useState<'committee' | 'general'>(d.decisions[0]?.body ?? 'general');
  const [on, setOn] = useState<Dayjs>(dayjs());
  const [meetingId, setMeetingId] = useState<number | null>(d.meetings[0]?.id ?? null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Reset when another appraisal or a new decision arrives.
  useEffect(() => setGrades(initial()), [d.id, d.decisions.length]);
  const excellent = [...grades.values()].filter((g) => g === 'excellent').length;
  const over = excellent > d.excellentMax;
  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      props.onSaved(
        await decide(d.id, {
          body,
          decidedOn: on.format('YYYY-MM-DD'),
          meetingId,
          grades: d.members.map((m) => ({ personId: m.personId, grade: grades.get(m.personId) ?? 'qualified' })),
          note,
        }),
      );
      setNote('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title={d.decided ? t('appraisal.correctDecision') : t('appraisal.decide')}
      data-testid="appraisal-decision"
    >
      <Flex vertical gap={12}>
        {error ? <Alert type="error" showIcon title={error} data-testid="appraisal-decision-error" /> : null}
        <Flex gap={8} wrap>
          <Select
            value={body}
            onChange={setBody}
            style={{ minWidth: 140 }}
            aria-label={t('appraisal.body')}
            options={[
              { value: 'committee', label: t('appraisal.body.committee') },
              { value: 'general', label: t('appraisal.body.general') },
            ]}
          />
          <DatePicker
            value={on}
            onChange={(v) => v && setOn(v)}
            allowClear={false}
            aria-label={t('appraisal.decidedOn')}
          />
          <Select
            value={meetingId}
            onChange={setMeetingId}
            allowClear
            style={{ minWidth: 200 }}
            placeholder={t('appraisal.meeting')}
            notFoundContent={t('appraisal.noMeeting')}
            options={d.meetings.map((m) => ({ value: m.id, label: `${m.heldOn} ${m.topic}` }))}
          />
        </Flex>
        <Typography.Text type={over ? 'danger' : 'secondary'} data-testid="appraisal-excellent-count">
          {t('appraisal.excellentCount', { count: excellent, max: d.excellentMax, members: d.memberCount })}
        </Typography.Text>
        <List
          size="small"
          dataSource={d.members}
          renderItem={(m) => (
            <List.Item>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Typography.Text>{m.name}</Typography.Text>
                <Radio.Group
                  value={grades.get(m.personId)}
                  onChange={(e) => setGrades(new Map(grades).set(m.personId, e.target.value as AppraisalGrade))}
                  optionType="button"
                  size="small"
                  aria-label={m.name}
                  data-testid={`grade-${m.personId}`}
                  options={APPRAISAL_GRADES.map((g) => ({ value: g, label: label(APPRAISAL_GRADE_LABELS[g]) }))}
                />
              </Flex>
            </List.Item>
          )}
        />
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={2000}
          rows={2}
          placeholder={t('appraisal.decisionNote')}
        />
        <Button type="primary" block loading={saving} onClick={() => void submit()} data-testid="appraisal-decide">
          {t('appraisal.saveDecision')}
        </Button>
      </Flex>
    </Card>
  );
}
