import { Alert, Space, Tag, Timeline, Typography } from 'antd';
import type { DevelopmentCaseDetail } from '../../../../contracts/development.ts';
import { DEVELOPMENT_STEP_INFO } from '../../../../domain/people/development-steps.ts';
import { MEMBER_STATUS_LABELS } from '../../../../domain/people/vocab.ts';
import { useI18n } from '../../../lib/i18n.ts';

type Step = DevelopmentCaseDetail['steps'][number];

function dataText(s: Step, t: ReturnType<typeof useI18n>['t']): string | null {
  const d = s.data as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(d.mentors)) parts.push(`${t('dev.field.mentors')}：${d.mentors.join('、')}`);
  if (Array.isArray(d.sponsors)) parts.push(`${t('dev.field.sponsors')}：${d.sponsors.join('、')}`);
  if (typeof d.passed === 'boolean') parts.push(t(d.passed ? 'dev.review.passed' : 'dev.review.failed'));
  if (d.trainingDays !== undefined || d.trainingHours !== undefined)
    parts.push(t('dev.training.length', { days: Number(d.trainingDays ?? 0), hours: Number(d.trainingHours ?? 0) }));
  if (typeof d.noticeFrom === 'string')
    parts.push(t('dev.notice.range', { from: d.noticeFrom, to: String(d.noticeTo) }));
  if (typeof d.leavingOn === 'string') parts.push(`${t('dev.field.leavingOn')}：${d.leavingOn}`);
  if (typeof d.months === 'number') parts.push(t('dev.extend.months', { months: d.months }));
  return parts.length > 0 ? parts.join('；') : null;
}

/** The steps of a case, oldest first: the date, the step, its document and who decided, flags and reasons. */
export function CaseTimeline({ steps }: { steps: Step[] }) {
  const { t, tm, label } = useI18n();
  return (
    <Timeline
      data-testid="dev-timeline"
      items={steps.map((s) => ({
        key: s.id,
        color: s.flags.length > 0 ? 'orange' : 'green',
        content: (
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{s.on}</Typography.Text>
              <Typography.Text>{label(DEVELOPMENT_STEP_INFO[s.kind])}</Typography.Text>
              {s.statusAfter && <Tag color="red">{label(MEMBER_STATUS_LABELS[s.statusAfter])}</Tag>}
            </Space>
            <Typography.Text type="secondary">
              {t('dev.field.document')}：{s.document} · {t('dev.field.decider')}：{s.decider}
              {s.deciderOrg ? ` · ${t('dev.field.deciderOrg')}：${s.deciderOrg.name}` : ''}
            </Typography.Text>
            {dataText(s, t) && <Typography.Text type="secondary">{dataText(s, t)}</Typography.Text>}
            {s.reason && s.flags.length === 0 && (
              <Typography.Text type="secondary">
                {t('dev.action.reason')}：{s.reason}
              </Typography.Text>
            )}
            {s.flags.map((f) => (
              <Alert key={f.code} type="warning" showIcon title={tm(f.msg, f.message)} />
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dev.recordedBy', { name: s.actorName })}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}
