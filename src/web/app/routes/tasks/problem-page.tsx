import { EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ProblemDetail } from '../../../../contracts/tasks.ts';
import { ESCALATION_STEP_LABELS } from '../../../../domain/rectify/problem-state.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { InstructionPanel } from '../../../features/supervise/components/instruction-panel.tsx';
import { getProblem } from '../../../features/tasks/api/problems.ts';
import { ProblemActionButton, ProblemActions } from '../../../features/tasks/components/problem-actions.tsx';
import { ProblemFormModal } from '../../../features/tasks/components/problem-form-modal.tsx';
import { ProblemActionList, ProblemMeasures } from '../../../features/tasks/components/problem-records.tsx';
import {
  ProblemDeadline,
  ProblemSeverityTag,
  ProblemSourceTag,
  ProblemStateTag,
} from '../../../features/tasks/components/problem-tags.tsx';
import { ProblemTimeline } from '../../../features/tasks/components/problem-timeline.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /problems/:id — one problem and its rectification: the facts, the measures with their deadlines, the steps
 * (who, when, which side, from → to, the person, note or reason), the 约谈/督办/问责 records; the buttons for the
 * steps the account may take now, and for the issuing side the records it keeps and the edit.
 */
export default function ProblemPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const id = Number(useParams().id);
  const req = useRequest(() => getProblem(id), [id]);
  const [p, setP] = useState<ProblemDetail | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  useEffect(() => setP(req.data), [req.data]);

  if (req.error) return <ErrorResult error={req.error} onRetry={req.reload} />;
  if (!p || p.id !== id) return <Skeleton active paragraph={{ rows: 10 }} />;

  const closed = p.state === 'closed';
  return (
    <div data-testid="problem-page">
      <PageHeader
        title={p.title}
        tags={
          <>
            <ProblemStateTag state={p.state} />
            <ProblemSeverityTag severity={p.severity} />
          </>
        }
        subTitle={t('problem.subtitle', { org: p.orgName, issuer: p.issuerOrgName })}
        extra={
          <>
            <ProblemActions problem={p} onChanged={setP} />
            {p.sides.issuer && <ProblemActionButton problem={p} onChanged={setP} />}
            {p.sides.issuer && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      {p.escalation && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="escalation-alert"
          title={t('problem.escalationAlert', {
            n: p.daysOverdue,
            step: label(ESCALATION_STEP_LABELS[p.escalation]),
          })}
        />
      )}
      {closed && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="closed-alert"
          title={
            p.recheckDue
              ? t('problem.closedRecheck', { closedOn: formatDate(p.closedOn), recheckDue: formatDate(p.recheckDue) })
              : t('problem.closedRechecked', { closedOn: formatDate(p.closedOn), rechecked: formatDate(p.recheckedOn) })
          }
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          data-testid="problem-facts"
          items={[
            { key: 'org', label: t('problems.field.org'), children: p.orgName },
            { key: 'issuer', label: t('problems.field.issuer'), children: p.issuerOrgName },
            { key: 'person', label: t('problems.field.person'), children: p.responsiblePerson ?? '—' },
            { key: 'source', label: t('problems.field.source'), children: <ProblemSourceTag source={p.source} /> },
            { key: 'category', label: t('problems.field.category'), children: p.category || '—' },
            {
              key: 'severity',
              label: t('problems.field.severity'),
              children: <ProblemSeverityTag severity={p.severity} />,
            },
            { key: 'foundOn', label: t('problems.field.foundOn'), children: formatDate(p.foundOn) },
            { key: 'deadline', label: t('problems.field.deadline'), children: <ProblemDeadline problem={p} inline /> },
            { key: 'state', label: t('problems.field.state'), children: <ProblemStateTag state={p.state} /> },
            ...(p.closedOn
              ? [{ key: 'closedOn', label: t('problem.closedOn'), children: formatDate(p.closedOn) }]
              : []),
            ...(p.recheckDue
              ? [
                  {
                    key: 'recheckDue',
                    label: t('problem.recheckDue'),
                    children: <span data-testid="recheck-due">{formatDate(p.recheckDue)}</span>,
                  },
                ]
              : []),
            ...(p.recheckedOn
              ? [{ key: 'recheckedOn', label: t('problem.recheckedOn'), children: formatDate(p.recheckedOn) }]
              : []),
            ...(p.deploymentId && p.deploymentTitle
              ? [
                  {
                    key: 'deployment',
                    label: t('problem.deployment'),
                    span: 'filled' as const,
                    children: <Link to={`/deployments/${p.deploymentId}`}>{p.deploymentTitle}</Link>,
                  },
                ]
              : []),
            {
              key: 'tasks',
              label: t('problems.field.tasks'),
              span: 'filled',
              children: p.tasks.length ? (
                <Flex gap={12} wrap>
                  {p.tasks.map((x) => (
                    <Link key={x.id} to={`/tasks/${x.id}`}>
                      {x.title}
                    </Link>
                  ))}
                </Flex>
              ) : (
                t('problems.noTasks')
              ),
            },
            {
              key: 'description',
              label: t('problems.field.description'),
              span: 'filled',
              children: p.description ? (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {p.description}
                </Typography.Paragraph>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card title={t('problem.measures', { n: p.measures.length })} data-testid="problem-measures">
              <ProblemMeasures problem={p} />
            </Card>
            <Card title={t('problem.actions', { n: p.actions.length })} data-testid="problem-actions">
              <ProblemActionList problem={p} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card title={t('problem.timeline')} data-testid="problem-timeline">
              <ProblemTimeline problem={p} />
            </Card>
            <InstructionPanel target={{ problemId: p.id }} canGive={can('task:assign')} />
          </Flex>
        </Col>
      </Row>
      {editing && (
        <ProblemFormModal
          orgId={p.orgId}
          scopeRootId={me.orgId}
          problem={p}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            void message.success(t('common.saved'));
            req.reload();
          }}
        />
      )}
    </div>
  );
}
