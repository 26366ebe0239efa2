import { Alert, App, Button, Card, Flex, Result, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { type ConfirmResult, getDeployment } from '../../../features/deploy/api/deployments.ts';
import { ImportScreen } from '../../../features/deploy/components/import-screen.tsx';
import { listTasks } from '../../../features/tasks/api/tasks.ts';
import { TaskTable } from '../../../features/tasks/components/task-table.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /deployments/:id — the import screen for a draft; a confirmed deployment opens read-only with the tasks
 * it created.
 */
export default function DeploymentPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const { data: d, error, reload } = useRequest(() => getDeployment(id), [id]);
  const [result, setResult] = useState<ConfirmResult | null>(null);
  const confirmed = d?.status === 'confirmed';
  const tasks = useRequest(
    () => listTasks({ orgId: d!.orgId, deploymentId: id, owner: 'own', pageSize: 200 }),
    [id, d?.status],
    confirmed,
  );

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (!d) return <Skeleton active paragraph={{ rows: 12 }} />;

  const links = (
    <Flex gap={8} wrap justify="center">
      <Link to={`/tasks?deploymentId=${d.id}&orgId=${d.orgId}`}>
        <Button type="primary">{t('deploy.result.tasks')}</Button>
      </Link>
      <Link to={`/problems?deploymentId=${d.id}&orgId=${d.orgId}`}>
        <Button>{t('deploy.result.problems')}</Button>
      </Link>
      <Link to={`/responsibilities?deploymentId=${d.id}&orgId=${d.orgId}`}>
        <Button>{t('deploy.result.responsibilities')}</Button>
      </Link>
    </Flex>
  );

  return (
    <div data-testid="deployment-page">
      {result && (
        <Card style={{ marginBottom: 16 }} data-testid="confirm-result">
          <Result
            status="success"
            title={t('deploy.result.title')}
            subTitle={t('deploy.result.text', { tasks: result.tasksCreated, problems: result.problemsCreated })}
            extra={links}
            style={{ padding: '16px 0' }}
          />
        </Card>
      )}
      {confirmed && !result && (
        <Alert
          type="success"
          showIcon
          title={t('deploy.confirmedNote', { date: d.confirmedAt?.slice(0, 10) ?? '' })}
          action={links}
          style={{ marginBottom: 16 }}
        />
      )}
      <ImportScreen
        key={`${d.id}-${d.status}`}
        deployment={d}
        onSaved={() => undefined}
        onDeleted={(r) => {
          void message.success(t('deploy.delete.done', { title: r.title }));
          void navigate(`/deployments?orgId=${d.orgId}`, { replace: true });
        }}
        onConfirmed={(r) => {
          setResult(r);
          reload();
          window.scrollTo({ top: 0 });
        }}
      />
      {confirmed && (
        <Card
          title={t('deploy.createdTasks', { n: tasks.data?.total ?? 0 })}
          style={{ marginTop: 16 }}
          data-testid="created-tasks"
        >
          <TaskTable
            data={tasks.data?.items}
            loading={tasks.loading}
            hideDeployment
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
          />
        </Card>
      )}
    </div>
  );
}
