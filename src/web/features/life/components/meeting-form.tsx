import {
  Alert,
  AutoComplete,
  Button,
  Checkbox,
  Collapse,
  DatePicker,
  Flex,
  Form,
  Input,
  Select,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CreateMeetingBody, MeetingFormDefaults } from '../../../../contracts/life.ts';
import {
  ABSENCE_REASON_LABELS,
  ABSENCE_REASONS,
  type AbsenceReason,
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  type MeetingKind,
} from '../../../../domain/life/vocab.ts';
import { label, useI18n } from '../../../lib/i18n.ts';

type Values = {
  kind: MeetingKind;
  heldOn: Dayjs;
  topic: string;
  taskId?: number;
  times?: [Dayjs, Dayjs] | null;
  place?: string;
  host?: string;
  minutes?: string;
  decisions?: string;
  makesUpFor?: string;
};

/**
 * The meeting form, built for a phone and for speed: the kind most due, today, a topic from the organisation's open
 * work, everyone on the roster present until unticked (an absentee gets a reason); the rest is optional. No photo,
 * no check-in.
 */
export function MeetingForm({
  defaults,
  saving,
  error,
  onSubmit,
}: {
  defaults: MeetingFormDefaults;
  saving: boolean;
  error: string | null;
  onSubmit: (body: CreateMeetingBody) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [present, setPresent] = useState<Record<number, boolean>>(
    Object.fromEntries(defaults.roster.map((r) => [r.personId, true])),
  );
  const [reasons, setReasons] = useState<Record<number, AbsenceReason>>({});
  const firstKind = defaults.dueKinds[0]?.kind ?? defaults.kinds[0] ?? 'lecture';
  const dueSet = new Set(defaults.dueKinds.map((d) => d.kind));
  const kind = Form.useWatch('kind', form) ?? firstKind;
  const makeUps = defaults.missingWindows.filter((w) => w.kind === kind);

  const submit = (v: Values) =>
    onSubmit({
      orgId: defaults.orgId,
      kind: v.kind,
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      topic: v.topic.trim(),
      ...(v.taskId ? { taskId: v.taskId } : {}),
      ...(v.times ? { startTime: v.times[0].format('HH:mm'), endTime: v.times[1].format('HH:mm') } : {}),
      ...(v.place ? { place: v.place } : {}),
      ...(v.host ? { host: v.host } : {}),
      ...(v.minutes ? { minutes: v.minutes } : {}),
      ...(v.decisions ? { decisions: v.decisions } : {}),
      ...(v.makesUpFor ? { makesUpFor: v.makesUpFor } : {}),
      attendance: defaults.roster.map((r) =>
        present[r.personId]
          ? { personId: r.personId, present: true }
          : { personId: r.personId, present: false, reason: reasons[r.personId] ?? 'other' },
      ),
    });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ kind: firstKind, heldOn: dayjs(defaults.today) }}
      data-testid="meeting-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="kind" label={t('life.kind')} rules={[{ required: true }]}>
        <Select
          data-testid="meeting-kind"
          onChange={() => form.setFieldValue('makesUpFor', undefined)}
          options={MEETING_KINDS.map((k) => ({
            value: k,
            label: dueSet.has(k)
              ? `${label(MEETING_KIND_LABELS[k])}（${t('life.dueNow')}）`
              : label(MEETING_KIND_LABELS[k]),
          }))}
        />
      </Form.Item>
      {makeUps.length > 0 ? (
        <Form.Item name="makesUpFor" label={t('life.makeUp')} extra={t('life.makeUpHelp')}>
          <Select
            allowClear
            data-testid="meeting-makeup"
            placeholder={t('life.makeUpNone')}
            options={makeUps.map((w) => ({ value: w.start, label: t('life.makeUpOf', { window: label(w.label) }) }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="heldOn" label={t('life.heldOn')} rules={[{ required: true, message: t('common.dateRequired') }]}>
        <DatePicker
          style={{ width: '100%' }}
          data-testid="meeting-date"
          disabledDate={(d) => d.isAfter(dayjs(defaults.today), 'day')}
          allowClear={false}
        />
      </Form.Item>
      <Form.Item
        name="topic"
        label={t('life.topic')}
        rules={[{ required: true, whitespace: true, message: t('life.topicRequired') }]}
      >
        <AutoComplete
          data-testid="meeting-topic"
          options={defaults.suggestions.map((s) => ({ value: s.title }))}
          placeholder={t('life.topicPlaceholder')}
          onSelect={(title: string) => {
            const s = defaults.suggestions.find((x) => x.title === title);
            if (s) form.setFieldValue('taskId', s.taskId);
          }}
        />
      </Form.Item>
      {defaults.suggestions.length > 0 ? (
        <Form.Item name="taskId" label={t('life.task')} extra={t('life.taskHelp')}>
          <Select allowClear options={defaults.suggestions.map((s) => ({ value: s.taskId, label: s.title }))} />
        </Form.Item>
      ) : null}
      <Form.Item
        label={t('life.attendance', {
          n: Object.values(present).filter(Boolean).length,
          total: defaults.roster.length,
        })}
      >
        <Flex vertical gap={4} data-testid="meeting-attendance">
          {defaults.roster.map((r) => (
            <Flex key={r.personId} gap={8} align="center" wrap>
              <Checkbox
                checked={present[r.personId]}
                onChange={(e) => setPresent((p) => ({ ...p, [r.personId]: e.target.checked }))}
              >
                {r.name}
                {r.voting ? '' : <Typography.Text type="secondary">（{t('life.noVote')}）</Typography.Text>}
              </Checkbox>
              {present[r.personId] ? null : (
                <Select
                  size="small"
                  style={{ minWidth: 110 }}
                  aria-label={t('life.absenceReason')}
                  value={reasons[r.personId] ?? 'other'}
                  onChange={(v) => setReasons((p) => ({ ...p, [r.personId]: v }))}
                  options={ABSENCE_REASONS.map((a) => ({ value: a, label: label(ABSENCE_REASON_LABELS[a]) }))}
                />
              )}
            </Flex>
          ))}
        </Flex>
      </Form.Item>
      <Form.Item name="minutes" label={t('life.minutes')} extra={t('life.minutesHelp')}>
        <Input.TextArea rows={3} maxLength={20000} />
      </Form.Item>
      <Collapse
        ghost
        items={[
          {
            key: 'more',
            label: t('life.more'),
            children: (
              <>
                <Form.Item name="times" label={t('life.times')}>
                  <TimePicker.RangePicker format="HH:mm" style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="place" label={t('life.place')}>
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item name="host" label={t('life.host')}>
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item name="decisions" label={t('life.decisions')}>
                  <Input.TextArea rows={2} maxLength={5000} />
                </Form.Item>
              </>
            ),
          },
        ]}
      />
      <Button type="primary" htmlType="submit" loading={saving} block data-testid="meeting-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
