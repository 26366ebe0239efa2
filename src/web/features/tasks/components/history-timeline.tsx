import { Empty, Timeline, Typography } from 'antd';
import type { AssignmentDetail } from '../../../../contracts/tasks.ts';
import { ASSIGNMENT_EVENT_LABELS, type AssignmentEvent } from '../../../../domain/tasks/assignment-state.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { StateText } from './task-tags.tsx';

const COLORS: Record<string, string> = {
  accept: 'green',
  return: 'red',
  cancel: 'gray',
  reopen: 'orange',
  submit: 'blue',
};

/** Every transition of the assignment, oldest first: when, who, what, from which state to which, why. */
export function HistoryTimeline({ history }: { history: AssignmentDetail['history'] }) {
  const { t, label } = useI18n();
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      items={history.map((h, i) => {
        const ev = ASSIGNMENT_EVENT_LABELS[h.event as AssignmentEvent];
        return {
          key: i,
          color: COLORS[h.event] ?? 'blue',
          content: (
            <div>
              <Typography.Text strong>
                {ev
                  ? label(ev)
                  : h.event === 'assign'
                    ? t('history.assign')
                    : h.event === 'chase'
                      ? t('history.chase')
                      : h.event}
              </Typography.Text>
              <Typography.Text type="secondary">
                {' '}
                · <StateText state={h.fromState} /> → <StateText state={h.toState} />
              </Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(h.at)} · {h.actorName}
                </Typography.Text>
              </div>
              {h.reason && <div className="luoshi-reason">{t('history.reason', { reason: h.reason })}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
