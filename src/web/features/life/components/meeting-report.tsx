import { Alert, Button, DatePicker, Flex, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MeetingDetail } from '../../../../contracts/life.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { recordMeetingReport } from '../api/life.ts';

/**
 * 民主生活会 情况报告: due `days` after the meeting; the organisation records, after the meeting, the day it reached
 * the higher level and a note naming the document (editable; each change is audited).
 */
export function MeetingReport({
  meeting,
  editable,
  today,
  onSaved,
}: {
  meeting: MeetingDetail;
  editable: boolean;
  today: string;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const r = meeting.report!;
  const [sentOn, setSentOn] = useState<Dayjs | null>(r.sentOn ? dayjs(r.sentOn) : null);
  const [note, setNote] = useState(r.note);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await recordMeetingReport(meeting.id, {
        sentOn: sentOn ? sentOn.format('YYYY-MM-DD') : null,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Flex vertical gap={8} data-testid="meeting-report">
      <Typography.Text>
        {t('life.report.due', { deadline: r.deadline, days: r.days })}
        {' · '}
        {r.sentOn ? t('life.report.sent', { date: r.sentOn }) : t('life.report.notSent')}
      </Typography.Text>
      {editable ? (
        <Flex gap={8} wrap>
          <DatePicker
            value={sentOn}
            onChange={setSentOn}
            aria-label={t('life.report.sentOn')}
            placeholder={t('life.report.sentOn')}
            disabledDate={(d) => d.isBefore(dayjs(meeting.heldOn), 'day') || d.isAfter(dayjs(today), 'day')}
          />
          <Input
            style={{ maxWidth: 320 }}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('life.report.note')}
            aria-label={t('life.report.note')}
          />
          <Button onClick={() => void save()} loading={saving} data-testid="meeting-report-save">
            {t('common.save')}
          </Button>
        </Flex>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Flex>
  );
}
