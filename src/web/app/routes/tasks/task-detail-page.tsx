import { EditOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Skeleton } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { InstructionPanel } from '../../../features/supervise/components/instruction-panel.tsx';
import { listAssignments } from '../../../features/tasks/api/assignments.ts';
import { getTask, isOrgInScope } from '../../../features/tasks/api/tasks.ts';
import { AssignModal } from '../../../features/tasks/components/assign-modal.tsx';
import { AssignmentTable } from '../../../features/tasks/components/assignment-table.tsx';
import { BatchesCard } from '../../../features/tasks/components/batches-card.tsx';
import { RollupStats } from '../../../features/tasks/components/rollup-stats.tsx';
import { TaskDescriptions } from '../../../features/tasks/components/task-descriptions.tsx';
import { TaskFormModal } from '../../../features/tasks/components/task-form-modal.tsx';
import { ProgressCell, TaskStatusTag } from '../../../features/tasks/components/task-tags.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { usePagedRequest } from '../../../lib/use-paged-request.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /tasks/:id — the task, its roll-up and its assignments; its owner edits it and assigns it down (下发); the leaders'
 * instructions (领导批示) on it, given by an account that manages it.
 */
export default function TaskDetailPage() {
  const { t, tm } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const id = Number(useParams().id);
  const task = useRequest(() => getTask(id), [id]);
  const owns = useRequest(() => isOrgInScope(task.data!.orgId), [task.data?.orgId], !!task.data);
  const canManage = can('task:assign') && owns.data === true;
  const listOrg = owns.data ? task.data?.orgId : me.orgId;
  const [page, setPage] = useState(1);
  const assignments = usePagedRequest(
    (cursor) => listAssignments({ orgId: listOrg!, taskId: id, sort: 'org', page, pageSize: 50, cursor }),
    [id, listOrg, task.data],
    page,
    !!task.data && owns.data !== undefined,
  );
  const [editing, setEditing] = useState(false);
  const [assigning, setAssigning] = useState(false);

  if (task.error) return <ErrorResult error={task.error} onRetry={task.reload} />;
  const d = task.data;
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} />;

  return (
    <div data-testid="task-detail-page">
      <PageHeader
        title={d.title}
        tags={<TaskStatusTag status={d.status} />}
        subTitle={t('tasks.detailSubtitle', { org: d.orgName })}
        extra={
          canManage && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
              {d.status === 'active' && (
                <Button type="primary" icon={<SendOutlined />} onClick={() => setAssigning(true)}>
                  {t('assign.button')}
                </Button>
              )}
            </>
          )
        }
      />
      <Flex vertical gap={16}>
        <Card title={t('tasks.section.detail')}>
          <TaskDescriptions task={d} linkDeployment={can('deploy:read')} />
        </Card>
        <Card
          title={t('tasks.section.rollup')}
          extra={
            d.rollup && (
              <div style={{ width: 240, paddingTop: 8 }}>
                <ProgressCell value={d.rollup.progress} label={tm(d.rollup.progressMsg, d.rollup.progressLabel)} />
              </div>
            )
          }
        >
          <RollupStats rollup={d.rollup} compact />
        </Card>
        <Card
          title={t('tasks.section.assignments', { n: assignments.data?.total ?? 0 })}
          extra={
            canManage &&
            d.status === 'active' && (
              <Button size="small" onClick={() => setAssigning(true)}>
                {t('assign.more')}
              </Button>
            )
          }
          data-testid="task-assignments"
        >
          <AssignmentTable
            hideTask
            data={assignments.data?.items}
            loading={assignments.loading}
            pagination={{
              current: page,
              pageSize: 50,
              total: assignments.data?.total ?? 0,
              hideOnSinglePage: true,
              onChange: setPage,
            }}
          />
        </Card>
        {canManage && <BatchesCard taskId={d.id} reloadKey={task.data} onChanged={task.reload} />}
        <InstructionPanel target={{ taskId: d.id }} canGive={d.canManage} />
      </Flex>
      {editing && (
        <TaskFormModal
          mode="edit"
          task={d}
          orgId={d.orgId}
          scopeRootId={me.orgId}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            void message.success(t('common.saved'));
            task.reload();
          }}
        />
      )}
      {assigning && (
        <AssignModal
          task={d}
          onClose={() => setAssigning(false)}
          onDone={() => {
            setAssigning(false);
            task.reload();
          }}
        />
      )}
    </div>
  );
}
