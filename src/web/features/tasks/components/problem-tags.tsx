import { Flex, Tag, Typography } from 'antd';
import type { ProblemSummary } from '../../../../contracts/tasks.ts';
import {
  ESCALATION_STEP_LABELS,
  PROBLEM_SEVERITY_LABELS,
  PROBLEM_SOURCE_LABELS,
  PROBLEM_STATE_LABELS,
  type ProblemSeverity,
  type ProblemSource,
  type ProblemState,
} from '../../../../domain/rectify/problem-state.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';

const STATE_COLORS: Record<ProblemState, string> = {
  open: 'orange',
  claimed: 'gold',
  rectifying: 'processing',
  submitted: 'purple',
  closed: 'success',
};

const SOURCE_COLORS: Record<ProblemSource, string> = {
  inspection: 'magenta',
  patrol: 'volcano',
  supervision: 'orange',
  self_check: 'cyan',
  public: 'geekblue',
  review: 'blue',
  speech: 'purple',
  manual: 'default',
};

const SEVERITY_COLORS: Record<ProblemSeverity, string> = { general: 'default', serious: 'orange', grave: 'red' };

/** 待认领 orange, 已认领 gold, 整改中 blue, 待核查 purple, 已销号 green. */
export function ProblemStateTag({ state }: { state: ProblemState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-state={state}>
      {label(PROBLEM_STATE_LABELS[state])}
    </Tag>
  );
}

export function ProblemSourceTag({ source }: { source: ProblemSource }) {
  const { label } = useI18n();
  return (
    <Tag color={SOURCE_COLORS[source]} style={{ marginInlineEnd: 0 }}>
      {label(PROBLEM_SOURCE_LABELS[source])}
    </Tag>
  );
}

export function ProblemSeverityTag({ severity }: { severity: ProblemSeverity }) {
  const { label } = useI18n();
  return (
    <Tag color={SEVERITY_COLORS[severity]} style={{ marginInlineEnd: 0 }}>
      {label(PROBLEM_SEVERITY_LABELS[severity])}
    </Tag>
  );
}

/**
 * The deadline; past it and not closed: red, with the days overdue and the step the escalation ladder suggests
 * (a suggestion: the issuing side decides and records 约谈, 实地督办 and 问责).
 */
export function ProblemDeadline({
  problem,
  inline,
}: {
  problem: Pick<ProblemSummary, 'deadline' | 'daysOverdue' | 'escalation'>;
  inline?: boolean;
}) {
  const { t, label } = useI18n();
  if (!problem.deadline) return <Typography.Text type="secondary">{t('problems.noDeadline')}</Typography.Text>;
  const overdue = problem.daysOverdue > 0;
  return (
    <Flex vertical={!inline} gap={inline ? 8 : 2} align={inline ? 'center' : 'flex-start'} wrap data-testid="deadline">
      <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue}>
        {formatDate(problem.deadline)}
      </Typography.Text>
      {overdue && (
        <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="days-overdue">
          {t('problems.overdueDays', { n: problem.daysOverdue })}
        </Typography.Text>
      )}
      {problem.escalation && (
        <Tag color="red" style={{ marginInlineEnd: 0, fontSize: 12 }} data-testid="escalation">
          {t('problems.suggest', { step: label(ESCALATION_STEP_LABELS[problem.escalation]) })}
        </Tag>
      )}
    </Flex>
  );
}
