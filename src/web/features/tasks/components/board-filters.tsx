import { Button, DatePicker, Flex, Input, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AssignmentListParams, TaskListParams } from '../../../../contracts/tasks.ts';
import { DISPLAY_STATE_LABELS, type DisplayState } from '../../../../domain/tasks/assignment-state.ts';
import { DeploymentSelect } from '../../../components/ui/deployment-select.tsx';
import { fromIsoDate, toIsoDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';

export type TaskFilterValues = {
  deploymentId?: number;
  status?: TaskListParams['status'];
  q?: string;
  owner: NonNullable<TaskListParams['owner']>;
};
export type AssignmentFilterValues = {
  deploymentId?: number;
  displayState: DisplayState[];
  deadlineFrom?: string;
  deadlineTo?: string;
  own: boolean;
  sort: NonNullable<AssignmentListParams['sort']>;
};
type Patch = Record<string, string | number | readonly string[] | null | undefined>;

const DISPLAY_STATES: DisplayState[] = [
  'overdue',
  'lagging',
  'not_started',
  'in_progress',
  'submitted',
  'done',
  'cancelled',
];

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

/** 本级任务 filters: deployment, status, title keyword, and whether tasks of sub-organisations are included. */
export function TaskFilters({
  orgId,
  values,
  onChange,
  onReset,
  showDeployment,
}: {
  orgId: number;
  values: TaskFilterValues;
  onChange: (p: Patch) => void;
  onReset: () => void;
  showDeployment: boolean;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState(values.q ?? '');
  useEffect(() => setQ(values.q ?? ''), [values.q]);
  return (
    <Flex gap={12} wrap align="flex-end" style={{ marginBottom: 16 }} data-testid="task-filters">
      {showDeployment && (
        <Labelled label={t('filter.deployment')}>
          <DeploymentSelect orgId={orgId} value={values.deploymentId} onChange={(v) => onChange({ deploymentId: v })} />
        </Labelled>
      )}
      <Labelled label={t('filter.status')}>
        <Select
          allowClear
          value={values.status}
          onChange={(v) => onChange({ status: v })}
          placeholder={t('common.all')}
          aria-label={t('filter.status')}
          style={{ width: 120 }}
          options={(['active', 'closed', 'cancelled'] as const).map((s) => ({
            value: s,
            label: t(`tasks.status.${s}`),
          }))}
        />
      </Labelled>
      <Labelled label={t('filter.keyword')}>
        <Input.Search
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => onChange({ q: v.trim() })}
          allowClear
          placeholder={t('filter.keywordPlaceholder')}
          aria-label={t('filter.keyword')}
          style={{ width: 220 }}
        />
      </Labelled>
      <Labelled label={t('filter.scope')}>
        <Flex align="center" gap={8} style={{ height: 32 }}>
          <Switch
            checked={values.owner === 'subtree'}
            onChange={(v) => onChange({ owner: v ? 'subtree' : null })}
            aria-label={t('filter.includeSub')}
          />
          <span>{t('filter.includeSub')}</span>
        </Flex>
      </Labelled>
      <Button onClick={onReset}>{t('common.reset')}</Button>
    </Flex>
  );
}

/** 承办任务 filters: deployment, shown state (逾期, 滞后 …), deadline range, own only, sort order. */
export function AssignmentFilters({
  orgId,
  values,
  onChange,
  onReset,
  showDeployment,
}: {
  orgId: number;
  values: AssignmentFilterValues;
  onChange: (p: Patch) => void;
  onReset: () => void;
  showDeployment: boolean;
}) {
  const { t, label } = useI18n();
  return (
    <Flex gap={12} wrap align="flex-end" style={{ marginBottom: 16 }} data-testid="assignment-filters">
      {showDeployment && (
        <Labelled label={t('filter.deployment')}>
          <DeploymentSelect orgId={orgId} value={values.deploymentId} onChange={(v) => onChange({ deploymentId: v })} />
        </Labelled>
      )}
      <Labelled label={t('filter.displayState')}>
        <Select<DisplayState[]>
          mode="multiple"
          allowClear
          value={values.displayState}
          onChange={(v) => onChange({ displayState: v })}
          placeholder={t('common.all')}
          aria-label={t('filter.displayState')}
          style={{ minWidth: 200 }}
          maxTagCount="responsive"
          options={DISPLAY_STATES.map((s) => ({ value: s, label: label(DISPLAY_STATE_LABELS[s]) }))}
        />
      </Labelled>
      <Labelled label={t('filter.deadline')}>
        <DatePicker.RangePicker
          value={[fromIsoDate(values.deadlineFrom), fromIsoDate(values.deadlineTo)]}
          onChange={(r) => onChange({ deadlineFrom: toIsoDate(r?.[0]), deadlineTo: toIsoDate(r?.[1]) })}
          allowEmpty={[true, true]}
          aria-label={t('filter.deadline')}
          style={{ width: 260 }}
        />
      </Labelled>
      <Labelled label={t('filter.sort')}>
        <Select
          value={values.sort}
          onChange={(v) => onChange({ sort: v === 'deadline' ? null : v })}
          aria-label={t('filter.sort')}
          style={{ width: 140 }}
          options={(['deadline', 'assignedOn', 'org'] as const).map((s) => ({
            value: s,
            label: t(`filter.sort.${s}`),
          }))}
        />
      </Labelled>
      <Labelled label={t('filter.scope')}>
        <Flex align="center" gap={8} style={{ height: 32 }}>
          <Switch
            checked={values.own}
            onChange={(v) => onChange({ own: v ? 'true' : null })}
            aria-label={t('filter.ownOnly')}
          />
          <span>{t('filter.ownOnly')}</span>
        </Flex>
      </Labelled>
      <Button onClick={onReset}>{t('common.reset')}</Button>
    </Flex>
  );
}
