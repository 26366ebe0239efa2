import { PaperClipOutlined } from '@ant-design/icons';
import { Flex, Tag, Timeline, Typography } from 'antd';
import type { ProblemDetail } from '../../../../contracts/tasks.ts';
import {
  PROBLEM_EVENT_LABELS,
  PROBLEM_SIDE_LABELS,
  PROBLEM_STATE_LABELS,
  type ProblemEvent,
} from '../../../../domain/rectify/problem-state.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { evidenceUrl } from '../api/assignments.ts';

const COLORS: Record<ProblemEvent, string> = {
  claim: 'blue',
  plan: 'blue',
  progress: 'cyan',
  submit: 'purple',
  pass: 'green',
  return: 'red',
  recheck: 'green',
  reopen: 'orange',
};

/**
 * The rectification step by step, oldest first, from the registration: which step, from which state to which,
 * when, by whom and for which side; the person named, the note (申请销号: 整改情况及佐证) or the reason, and the
 * evidence files sent with it (downloads).
 */
export function ProblemTimeline({ problem }: { problem: ProblemDetail }) {
  const { t, label } = useI18n();
  const noteKey = (e: ProblemEvent) =>
    e === 'submit' ? 'problem.note.submit' : e === 'recheck' ? 'problem.note.recheck' : 'problem.note.progress';
  const items = [
    {
      key: 'registered',
      color: 'gray',
      content: (
        <div>
          <Typography.Text strong>{t('problem.registered')}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(problem.createdAt)} · {problem.issuerOrgName}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...problem.events.map((e) => ({
      key: e.id,
      color: COLORS[e.event],
      content: (
        <div data-testid="problem-event" data-event={e.event}>
          <Typography.Text strong>{label(PROBLEM_EVENT_LABELS[e.event])}</Typography.Text>
          <Typography.Text type="secondary">
            {' '}
            · {label(PROBLEM_STATE_LABELS[e.fromState])} → {label(PROBLEM_STATE_LABELS[e.toState])}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(e.at)} · {e.actorName}
            </Typography.Text>{' '}
            <Tag bordered={false} style={{ fontSize: 12 }}>
              {label(PROBLEM_SIDE_LABELS[e.side])}
            </Tag>
          </div>
          {e.person && <div>{t('problem.personLine', { person: e.person })}</div>}
          {e.note && (
            <div className="luoshi-note">{t('problem.noteLine', { label: t(noteKey(e.event)), note: e.note })}</div>
          )}
          {e.reason && <div className="luoshi-reason">{t('history.reason', { reason: e.reason })}</div>}
          {e.files.length > 0 && (
            <Flex gap={8} wrap data-testid="problem-event-files" aria-label={t('problem.files')}>
              {e.files.map((f) => (
                <a key={f.id} href={evidenceUrl(f.id)} download={f.filename} className="luoshi-evidence-link">
                  <PaperClipOutlined /> {f.filename}
                </a>
              ))}
            </Flex>
          )}
        </div>
      ),
    })),
  ];
  return <Timeline items={items} />;
}
