import { ApartmentOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AssignmentDetail } from '../../../../contracts/tasks.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { decomposeAssignment, getAssignment } from '../../../features/tasks/api/assignments.ts';
import { AssignmentActions } from '../../../features/tasks/components/assignment-actions.tsx';
import { figureText } from '../../../features/tasks/components/assignment-table.tsx';
import { HistoryTimeline } from '../../../features/tasks/components/history-timeline.tsx';
import { LedgerForm } from '../../../features/tasks/components/ledger-form.tsx';
import { LedgerList } from '../../../features/tasks/components/ledger-list.tsx';
import { DisplayStateTag, ProgressCell, targetText } from '../../../features/tasks/components/task-tags.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /assignments/:id — one organisation's assignment: state and progress, the actions the account may take,
 * the ledger (台账) with its evidence and the form to add to it, the transition history, decomposition.
 */
export default function AssignmentPage() {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const req = useRequest(() => getAssignment(id), [id]);
  const [a, setA] = useState<AssignmentDetail | undefined>(undefined);
  useEffect(() => setA(req.data), [req.data]);

  if (req.error) return <ErrorResult error={req.error} onRetry={req.reload} />;
  if (!a || a.id !== id) return <Skeleton active paragraph={{ rows: 10 }} />;

  const decompose = () =>
    modal.confirm({
      title: t('assignment.decomposeTitle'),
      content: t('assignment.decomposeText', { org: a.orgName }),
      okText: t('assignment.decompose'),
      onOk: async () => {
        try {
          const task = await decomposeAssignment(a.id);
          void message.success(t('assignment.decomposed'));
          await navigate(`/tasks/${task.id}`);
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });

  const fig = figureText(a);
  const actions = (
    <>
      <AssignmentActions assignment={a} onChanged={setA} />
      {a.canDecompose && (
        <Button icon={<ApartmentOutlined />} onClick={decompose}>
          {t('assignment.decompose')}
        </Button>
      )}
      {a.subTaskId && (
        <Link to={`/tasks/${a.subTaskId}`}>
          <Button icon={<ApartmentOutlined />}>{t('assignment.subTask')}</Button>
        </Link>
      )}
    </>
  );

  return (
    <div data-testid="assignment-page" className="luoshi-assignment">
      <PageHeader
        title={a.taskTitle}
        tags={<DisplayStateTag state={a.displayState} />}
        subTitle={t('assignment.subtitle', { org: a.orgName, assigner: a.assignerOrgName })}
        extra={actions}
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'org', label: t('assignment.org'), children: a.orgName },
            { key: 'assigner', label: t('assignment.assigner'), children: a.assignerOrgName },
            { key: 'assignedOn', label: t('assignment.assignedOn'), children: formatDate(a.assignedOn) },
            { key: 'deadline', label: t('assignment.deadline'), children: formatDate(a.deadline) },
            {
              key: 'target',
              label: t('assignment.target'),
              children:
                a.targetValue !== null && a.progressMode === 'sum'
                  ? `${a.targetValue} ${a.targetUnit ?? ''}`
                  : targetText(a.task, label),
            },
            { key: 'doneOn', label: t('assignment.doneOn'), children: formatDate(a.doneOn) },
            {
              key: 'progress',
              label: t('assignment.progress'),
              span: 'filled',
              children:
                a.progress !== null ? (
                  <div style={{ maxWidth: 360, width: '100%' }}>
                    <ProgressCell value={a.progress} label={fig} />
                  </div>
                ) : (
                  (fig ?? t('assignment.noFigure'))
                ),
            },
          ]}
        />
        {a.deploymentTitle && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('assignment.fromDeployment', { title: a.deploymentTitle })} ·{' '}
            <Link to={`/tasks/${a.taskId}`}>{t('assignment.openTask')}</Link>
          </Typography.Text>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={16}>
            {a.canRecord && (
              <Card title={t('ledger.formTitle')} data-testid="ledger-card">
                <LedgerForm assignment={a} onSaved={setA} />
              </Card>
            )}
            <Card title={t('ledger.title', { n: a.ledger.length })}>
              <LedgerList assignment={a} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={16}>
            <Card title={t('assignment.requirement')}>
              {a.task.requirement ? (
                <Typography.Paragraph
                  style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                  ellipsis={{ rows: 8, expandable: 'collapsible' }}
                >
                  {a.task.requirement}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t('tasks.noRequirement')}</Typography.Text>
              )}
            </Card>
            <Card title={t('assignment.history')}>
              <HistoryTimeline history={a.history} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
