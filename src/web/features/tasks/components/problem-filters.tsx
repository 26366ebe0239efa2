import { Button, Flex, Segmented, Select, Switch, Typography } from 'antd';
import {
  PROBLEM_SOURCE_LABELS,
  PROBLEM_SOURCES,
  PROBLEM_STATE_LABELS,
  PROBLEM_STATES,
  type ProblemSource,
  type ProblemState,
} from '../../../../domain/rectify/problem-state.ts';
import { DeploymentSelect } from '../../../components/ui/deployment-select.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import type { ProblemCounts } from '../hooks/use-problem-counts.ts';

export type ProblemFilterValues = {
  state?: ProblemState | undefined;
  source?: ProblemSource | undefined;
  overdue: boolean;
  deploymentId?: number | undefined;
};
type Patch = Record<string, string | number | null | undefined>;

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Flex vertical gap={4} style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {children}
    </Flex>
  );
}

/**
 * The problem board's filters: the state (全部, 待认领 … 已销号, each with its count), only the overdue ones (with
 * their count), the source, the deployment.
 */
export function ProblemFilters({
  orgId,
  values,
  counts,
  onChange,
  onReset,
  showDeployment,
}: {
  orgId: number;
  values: ProblemFilterValues;
  counts: ProblemCounts | undefined;
  onChange: (p: Patch) => void;
  onReset: () => void;
  showDeployment: boolean;
}) {
  const { t, label } = useI18n();
  const count = (n: number | undefined, danger = false) => (
    <Typography.Text
      type={danger && n ? 'danger' : 'secondary'}
      strong={danger && !!n}
      style={{ marginInlineStart: 6 }}
      data-testid="count"
    >
      {n ?? '…'}
    </Typography.Text>
  );
  return (
    <Flex vertical gap={12} style={{ marginBottom: 16 }} data-testid="problem-filters">
      <div style={{ overflowX: 'auto' }}>
        <Segmented<ProblemState | 'all'>
          value={values.state ?? 'all'}
          onChange={(v) => onChange({ state: v === 'all' ? null : v })}
          aria-label={t('problems.field.state')}
          options={(['all', ...PROBLEM_STATES] as const).map((s) => ({
            value: s,
            label: (
              <span data-testid={`state-${s}`}>
                {s === 'all' ? t('common.all') : label(PROBLEM_STATE_LABELS[s])}
                {count(counts?.byState[s])}
              </span>
            ),
          }))}
        />
      </div>
      <Flex gap={12} wrap align="flex-end">
        {showDeployment && (
          <Labelled label={t('filter.deployment')}>
            <DeploymentSelect
              orgId={orgId}
              value={values.deploymentId}
              onChange={(v) => onChange({ deploymentId: v })}
            />
          </Labelled>
        )}
        <Labelled label={t('problems.field.source')}>
          <Select<ProblemSource>
            allowClear
            value={values.source}
            onChange={(v) => onChange({ source: v })}
            placeholder={t('problems.filter.allSources')}
            aria-label={t('problems.field.source')}
            style={{ width: 170 }}
            options={PROBLEM_SOURCES.map((s) => ({ value: s, label: label(PROBLEM_SOURCE_LABELS[s]) }))}
          />
        </Labelled>
        <Labelled label={t('problems.filter.deadline')}>
          <Flex align="center" gap={8} style={{ height: 32 }}>
            <Switch
              checked={values.overdue}
              onChange={(v) => onChange({ overdue: v ? 'true' : null })}
              aria-label={t('problems.filter.overdue')}
            />
            <span data-testid="overdue-count">
              {t('problems.filter.overdue')}
              {count(counts?.overdue, true)}
            </span>
          </Flex>
        </Labelled>
        <Button onClick={onReset}>{t('common.reset')}</Button>
      </Flex>
    </Flex>
  );
}
