import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Skeleton, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { DisplayState } from '../../../../domain/tasks/assignment-state.ts';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { listAssignments } from '../../../features/tasks/api/assignments.ts';
import { listTasks } from '../../../features/tasks/api/tasks.ts';
import { AssignmentTable } from '../../../features/tasks/components/assignment-table.tsx';
import {
  AssignmentFilters,
  type AssignmentFilterValues,
  TaskFilters,
  type TaskFilterValues,
} from '../../../features/tasks/components/board-filters.tsx';
import { TaskFormModal } from '../../../features/tasks/components/task-form-modal.tsx';
import { TaskTable } from '../../../features/tasks/components/task-table.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { useOrgContext, useQueryState } from '../../../lib/use-org-param.ts';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';
import { useRequest } from '../../../lib/use-request.ts';

const PAGE_SIZE = 20;

/**
 * /tasks — the task board. 本级任务: tasks the organisation owns, with their roll-up. 承办任务: assignments
 * received in its subtree. Every filter is in the URL.
 */
export default function TaskBoardPage() {
  const { t } = useI18n();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const { orgId, orgName } = useOrgContext();
  const q = useQueryState();
  const isMember = me.role === 'member';
  const asked = q.get('tab');
  // Without a tab in the URL, an organisation that only receives work (it owns no task) opens on 承办任务.
  const owned = useRequest(
    () => listTasks({ orgId, owner: 'own', page: 1, pageSize: 1 }),
    [orgId],
    !isMember && asked !== 'own' && asked !== 'received',
  );
  const tab: 'own' | 'received' | null =
    asked === 'own' || asked === 'received'
      ? asked
      : isMember
        ? 'received'
        : owned.data
          ? owned.data.total === 0
            ? 'received'
            : 'own'
          : owned.error
            ? 'own'
            : null;
  const page = Number(q.get('page')) || 1;
  const deploymentId = Number(q.get('deploymentId')) || undefined;
  const [creating, setCreating] = useState(false);

  const taskFilters: TaskFilterValues = {
    deploymentId,
    status: (q.get('status') as TaskFilterValues['status']) ?? undefined,
    q: q.get('q') ?? undefined,
    owner: q.get('owner') === 'subtree' ? 'subtree' : 'own',
  };
  const asgFilters: AssignmentFilterValues = {
    deploymentId,
    displayState: (q.get('displayState')?.split(',').filter(Boolean) ?? []) as DisplayState[],
    deadlineFrom: q.get('deadlineFrom') ?? undefined,
    deadlineTo: q.get('deadlineTo') ?? undefined,
    own: q.get('own') === 'true',
    sort: (q.get('sort') as AssignmentFilterValues['sort']) ?? 'deadline',
  };

  const tasks = usePagedRequest(
    (cursor) => listTasks({ orgId, ...taskFilters, page, pageSize: PAGE_SIZE, cursor }),
    [tab, orgId, taskFilters],
    page,
    tab === 'own',
  );
  const assignments = usePagedRequest(
    (cursor) =>
      listAssignments({
        orgId,
        deploymentId,
        displayState: asgFilters.displayState,
        deadlineFrom: asgFilters.deadlineFrom,
        deadlineTo: asgFilters.deadlineTo,
        own: asgFilters.own ? 'true' : undefined,
        sort: asgFilters.sort,
        page,
        pageSize: PAGE_SIZE,
        cursor,
      }),
    [tab, orgId, asgFilters],
    page,
    tab === 'received',
  );
  const current = tab === 'own' ? tasks : assignments;
  const resetKeys = [
    'deploymentId',
    'status',
    'q',
    'owner',
    'displayState',
    'deadlineFrom',
    'deadlineTo',
    'own',
    'sort',
  ];

  const pagination = (total: number | undefined) => ({
    current: page,
    pageSize: PAGE_SIZE,
    total: total ?? 0,
    showSizeChanger: false,
    hideOnSinglePage: true,
    showTotal: (n: number) => t('tasks.total', { n }),
    onChange: (p: number) => q.set({ page: p === 1 ? null : p }, { keepPage: true }),
  });

  return (
    <div data-testid="task-board-page">
      <PageHeader
        title={t('tasks.title')}
        subTitle={orgName ? t('tasks.subtitle', { org: orgName }) : undefined}
        extra={
          <>
            <Button icon={<CalendarOutlined />} onClick={() => navigate(`/week?orgId=${orgId}`)}>
              {t('tasks.week')}
            </Button>
            {can('task:assign') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('tasks.create')}
              </Button>
            )}
          </>
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab ?? undefined}
          onChange={(k) => q.set({ tab: k })}
          items={[
            { key: 'own', label: t('tasks.tabOwn') },
            { key: 'received', label: t('tasks.tabReceived') },
          ]}
        />
        {tab === null ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : tab === 'own' ? (
          <TaskFilters
            orgId={orgId}
            values={taskFilters}
            onChange={(p) => q.set(p)}
            onReset={() => q.set(Object.fromEntries(resetKeys.map((k) => [k, null])))}
            showDeployment={can('deploy:read')}
          />
        ) : (
          <AssignmentFilters
            orgId={orgId}
            values={asgFilters}
            onChange={(p) => q.set(p)}
            onReset={() => q.set(Object.fromEntries(resetKeys.map((k) => [k, null])))}
            showDeployment={can('deploy:read')}
          />
        )}
        {tab !== null && current.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(current.error)}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={current.reload}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        {tab === null ? null : tab === 'own' ? (
          <TaskTable data={tasks.data?.items} loading={tasks.loading} pagination={pagination(tasks.data?.total)} />
        ) : (
          <AssignmentTable
            data={assignments.data?.items}
            loading={assignments.loading}
            pagination={pagination(assignments.data?.total)}
          />
        )}
      </Card>
      {creating && (
        <TaskFormModal
          mode="create"
          orgId={orgId}
          scopeRootId={me.orgId}
          onClose={() => setCreating(false)}
          onDone={(task) => {
            setCreating(false);
            void navigate(`/tasks/${task.id}`);
          }}
        />
      )}
    </div>
  );
}
