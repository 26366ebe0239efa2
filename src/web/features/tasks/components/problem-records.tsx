import { Descriptions, Empty, Flex, Tag, Typography } from 'antd';
import type { ProblemDetail } from '../../../../contracts/tasks.ts';
import { ESCALATION_STEP_LABELS } from '../../../../domain/rectify/problem-state.ts';
import { formatDate, formatDateTime, today, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';

/** The measures, each with its deadline (red once past while the problem is open), in the order they were set. */
export function ProblemMeasures({ problem }: { problem: ProblemDetail }) {
  const { t } = useI18n();
  if (problem.measures.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problem.measuresEmpty')} />;
  }
  const now = toIsoDate(today())!;
  return (
    <ol className="luoshi-measures">
      {problem.measures.map((m) => {
        const late = problem.state !== 'closed' && m.deadline < now;
        return (
          <li key={m.id} data-testid="measure">
            <Flex gap={12} justify="space-between" align="flex-start">
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{m.text}</Typography.Text>
              <Typography.Text type={late ? 'danger' : 'secondary'} style={{ flex: 'none', fontSize: 13 }}>
                {t('problem.measureDue', { date: formatDate(m.deadline) })}
              </Typography.Text>
            </Flex>
          </li>
        );
      })}
    </ol>
  );
}

/** 约谈, 实地督办 and 问责 as the issuing side recorded them, newest last. */
export function ProblemActionList({ problem }: { problem: ProblemDetail }) {
  const { t, label } = useI18n();
  if (problem.actions.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problem.actionsEmpty')} />;
  }
  return (
    <Flex vertical gap={16}>
      {problem.actions.map((a) => (
        <div key={a.id} data-testid="problem-action">
          <Flex gap={8} align="center" wrap style={{ marginBottom: 6 }}>
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              {label(ESCALATION_STEP_LABELS[a.kind])}
            </Tag>
            <Typography.Text strong>{formatDate(a.heldOn)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('problem.action.recordedBy', { actor: a.actorName, at: formatDateTime(a.at) })}
            </Typography.Text>
          </Flex>
          <Descriptions
            size="small"
            column={1}
            items={[
              ...(a.participants
                ? [{ key: 'p', label: t(`problem.action.participants.${a.kind}`), children: a.participants }]
                : []),
              {
                key: 'c',
                label: t(`problem.action.content.${a.kind}`),
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.content}</span>,
              },
              ...(a.commitments
                ? [
                    {
                      key: 'm',
                      label: t('problem.action.commitments'),
                      children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.commitments}</span>,
                    },
                  ]
                : []),
              ...(a.form ? [{ key: 'f', label: t('problem.action.form'), children: a.form }] : []),
              ...(a.decidedBy ? [{ key: 'd', label: t('problem.action.decidedBy'), children: a.decidedBy }] : []),
            ]}
          />
        </div>
      ))}
    </Flex>
  );
}
