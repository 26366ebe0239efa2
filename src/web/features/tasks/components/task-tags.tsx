import { Progress, Tag, Tooltip, Typography } from 'antd';
import type { TaskSummary } from '../../../../contracts/tasks.ts';
import {
  ASSIGNMENT_STATE_LABELS,
  type AssignmentState,
  DISPLAY_STATE_LABELS,
  type DisplayState,
} from '../../../../domain/tasks/assignment-state.ts';
import { formatFigure, PROGRESS_MODE_LABELS } from '../../../../domain/tasks/progress.ts';
import { t, useI18n } from '../../../lib/i18n.ts';

const DISPLAY_COLORS: Record<DisplayState, string> = {
  overdue: 'red',
  lagging: 'orange',
  submitted: 'blue',
  done: 'green',
  in_progress: 'cyan',
  not_started: 'default',
  cancelled: 'default',
};

/** 逾期 red, 滞后 orange, 待验收 blue, 已完成 green, 推进中 cyan, 未启动 and 已撤回 grey. */
export function DisplayStateTag({ state, style }: { state: DisplayState; style?: React.CSSProperties }) {
  const { label } = useI18n();
  return (
    <Tag color={DISPLAY_COLORS[state]} style={{ marginInlineEnd: 0, ...style }} data-state={state}>
      {label(DISPLAY_STATE_LABELS[state])}
    </Tag>
  );
}

export function StateText({ state }: { state: string | null }) {
  const { label } = useI18n();
  if (!state) return <>—</>;
  const l = ASSIGNMENT_STATE_LABELS[state as AssignmentState];
  return <>{l ? label(l) : state}</>;
}

export function TaskStatusTag({ status }: { status: TaskSummary['status'] }) {
  const { t } = useI18n();
  const color = status === 'active' ? 'processing' : status === 'closed' ? 'success' : 'default';
  return <Tag color={color}>{t(`tasks.status.${status}`)}</Tag>;
}

/** The target in words: 累计 100 个 / 达标比例 80%（达标线 5 万元）/ 无量化目标. */
export function targetText(
  x: {
    progressMode: TaskSummary['progressMode'];
    targetValue: number | null;
    targetUnit: string | null;
    shareThreshold?: number | null;
  },
  labelFn: (v: { zh: string; en: string }) => string,
): string {
  if (x.progressMode === 'none' || x.targetValue === null) return labelFn(PROGRESS_MODE_LABELS.none);
  const unit = x.targetUnit ?? '';
  if (x.progressMode === 'sum') return `${formatFigure(x.targetValue)} ${unit}`.trim();
  return t('tasks.target.share', {
    share: formatFigure(x.targetValue),
    threshold: x.shareThreshold != null ? `${formatFigure(x.shareThreshold)}${unit}` : '—',
  });
}

/** A progress bar (0..1) with the server's label under it; a dash when there is nothing to measure. */
export function ProgressCell({
  value,
  label,
  compact,
  status,
}: {
  value: number | null | undefined;
  label?: string | null;
  compact?: boolean;
  status?: 'exception' | 'success' | 'normal' | 'active';
}) {
  if (value === null || value === undefined)
    return label ? <Typography.Text type="secondary">{label}</Typography.Text> : <>—</>;
  const pct = Math.round(value * 1000) / 10;
  const bar = (
    <Progress
      percent={pct}
      size="small"
      status={status ?? (pct >= 100 ? 'success' : 'normal')}
      style={{ margin: 0, minWidth: compact ? 90 : 140 }}
    />
  );
  if (!label) return bar;
  return compact ? (
    <Tooltip title={label}>{bar}</Tooltip>
  ) : (
    <div style={{ lineHeight: 1.3 }}>
      {bar}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
    </div>
  );
}
