import { Descriptions, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { TaskDetail } from '../../../../contracts/tasks.ts';
import { formatDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { targetText } from './task-tags.tsx';

/** The task as decided: requirement, target, deadline, lead and cooperating organisations, linked problems. */
export function TaskDescriptions({
  task,
  linkDeployment,
  column,
}: {
  task: TaskDetail;
  linkDeployment: boolean;
  column?: number;
}) {
  const { t, label } = useI18n();
  return (
    <Descriptions
      bordered
      size="small"
      column={column ?? { xs: 1, sm: 1, md: 2 }}
      styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
      items={[
        {
          key: 'requirement',
          label: t('tasks.field.requirement'),
          span: 'filled',
          children: task.requirement ? (
            <Typography.Paragraph
              style={{ margin: 0, whiteSpace: 'pre-wrap' }}
              ellipsis={{ rows: 6, expandable: 'collapsible' }}
            >
              {task.requirement}
            </Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">{t('tasks.noRequirement')}</Typography.Text>
          ),
        },
        {
          key: 'target',
          label: t('tasks.field.target'),
          children: (
            <>
              {targetText(task, label)}
              {task.figureSourceText && (
                <Typography.Text type="secondary" data-testid="task-figure-source">
                  {t('common.paren', { text: label(task.figureSourceText) })}
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          key: 'deadline',
          label: t('tasks.field.deadline'),
          children: (
            <>
              {formatDate(task.deadline)}
              {task.deadlineText && (
                <Typography.Text type="secondary">
                  {t('common.paren', { text: t('tasks.deadlineSaid', { text: task.deadlineText }) })}
                </Typography.Text>
              )}
            </>
          ),
        },
        { key: 'owner', label: t('tasks.field.owner'), children: task.orgName },
        { key: 'lead', label: t('tasks.field.lead'), children: task.leadOrgName ?? '—' },
        {
          key: 'cooperators',
          label: t('tasks.field.cooperators'),
          children: task.cooperators.length ? task.cooperators.map((c) => c.name).join('、') : '—',
        },
        { key: 'responsible', label: t('tasks.field.responsible'), children: task.responsiblePersonName ?? '—' },
        ...(task.bodiesText ? [{ key: 'bodies', label: t('tasks.field.bodies'), children: task.bodiesText }] : []),
        {
          key: 'deployment',
          label: t('tasks.field.deployment'),
          children:
            task.deploymentTitle && task.deploymentId ? (
              linkDeployment ? (
                <Link to={`/deployments/${task.deploymentId}`}>{task.deploymentTitle}</Link>
              ) : (
                task.deploymentTitle
              )
            ) : (
              '—'
            ),
        },
        {
          key: 'problems',
          label: t('tasks.field.problems'),
          span: 'filled',
          children: task.problems.length ? (
            <Flex gap={4} wrap>
              {task.problems.map((p) => (
                <Link key={p.id} to={`/problems/${p.id}`}>
                  <Tag color="orange">{p.title}</Tag>
                </Link>
              ))}
            </Flex>
          ) : (
            '—'
          ),
        },
        ...(task.parentAssignmentId
          ? [
              {
                key: 'parent',
                label: t('tasks.field.parent'),
                span: 'filled' as const,
                children: <Link to={`/assignments/${task.parentAssignmentId}`}>{t('tasks.openParent')}</Link>,
              },
            ]
          : []),
      ]}
    />
  );
}
