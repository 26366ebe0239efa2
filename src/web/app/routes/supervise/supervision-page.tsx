import { App, Button, Card, Col, Descriptions, Drawer, Empty, Flex, List, Row, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { SupervisionDetail } from '../../../../contracts/supervise.ts';
import { ORG_TYPE_LABELS, type OrgType } from '../../../../domain/org/vocab.ts';
import { SUPERVISION_KIND_LABELS } from '../../../../domain/supervise/sampling.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { findingToProblem, getSupervision } from '../../../features/supervise/api/supervise.ts';
import { FindingForm } from '../../../features/supervise/components/finding-form.tsx';
import { InstructionPanel } from '../../../features/supervise/components/instruction-panel.tsx';
import { ProblemSeverityTag } from '../../../features/tasks/components/problem-tags.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fieldLabel, useOrgFields } from '../../../lib/reference-data.ts';
import { useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /supervisions/:id — one supervision: its facts, the recorded draw (rule, seed, how many candidates: the same seed
 * draws the same organisations), the targets with the drawn ones marked, and the findings, each of which the
 * supervising side can turn into a problem once (then it links to the problem); each finding's 批示 button opens its
 * leaders' instructions (领导批示) in a drawer.
 */
export default function SupervisionPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const req = useRequest(() => getSupervision(id), [id]);
  const [s, setS] = useState<SupervisionDetail | undefined>(undefined);
  const [converting, setConverting] = useState<number | null>(null);
  const [instructing, setInstructing] = useState<SupervisionDetail['findings'][number] | null>(null);
  const { can } = useSession();
  const fields = useOrgFields();
  useEffect(() => setS(req.data), [req.data]);

  if (req.error) return <ErrorResult error={req.error} onRetry={req.reload} />;
  if (!s || s.id !== id) return <Skeleton active paragraph={{ rows: 10 }} />;

  const toProblem = async (findingId: number) => {
    setConverting(findingId);
    try {
      const p = await findingToProblem(s.id, findingId);
      setS({ ...s, findings: s.findings.map((f) => (f.id === findingId ? { ...f, problemId: p.id } : f)) });
      void message.success(t('supervise.finding.converted'));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setConverting(null);
    }
  };

  const d = s.draw;
  return (
    <div data-testid="supervision-page">
      <PageHeader
        title={s.title}
        tags={<Tag color={s.kind === 'random' ? 'purple' : 'blue'}>{label(SUPERVISION_KIND_LABELS[s.kind])}</Tag>}
        subTitle={t('supervise.pageSubtitle', { org: s.orgName })}
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          data-testid="supervision-facts"
          items={[
            { key: 'kind', label: t('supervise.field.kind'), children: label(SUPERVISION_KIND_LABELS[s.kind]) },
            { key: 'issuer', label: t('supervise.field.issuer'), children: s.orgName },
            {
              key: 'period',
              label: t('supervise.field.period'),
              children: `${formatDate(s.periodStart)} ～ ${formatDate(s.periodEnd)}`,
            },
            ...(s.coIssuers
              ? [{ key: 'coIssuers', label: t('supervise.field.coIssuers'), children: s.coIssuers }]
              : []),
            { key: 'created', label: t('supervise.field.createdAt'), children: formatDateTime(s.createdAt) },
            ...(s.deployments.length
              ? [
                  {
                    key: 'deployments',
                    label: t('supervise.field.deployments'),
                    span: 'filled' as const,
                    children: (
                      <Flex gap={12} wrap>
                        {s.deployments.map((x) => (
                          <Link key={x.id} to={`/deployments/${x.id}`}>
                            {x.title}
                          </Link>
                        ))}
                      </Flex>
                    ),
                  },
                ]
              : []),
            ...(s.tasks.length
              ? [
                  {
                    key: 'tasks',
                    label: t('supervise.field.tasks'),
                    span: 'filled' as const,
                    children: (
                      <Flex gap={12} wrap>
                        {s.tasks.map((x) => (
                          <Link key={x.id} to={`/tasks/${x.id}`}>
                            {x.title}
                          </Link>
                        ))}
                      </Flex>
                    ),
                  },
                ]
              : []),
            {
              key: 'subject',
              label: t('supervise.field.subject'),
              span: 'filled',
              children: s.subject ? (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{s.subject}</Typography.Paragraph>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </Card>
      {d && (
        <Card title={t('supervise.draw.title')} style={{ marginBottom: 16 }} data-testid="supervision-draw">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'under', label: t('supervise.draw.under'), children: d.underOrgName },
              {
                key: 'types',
                label: t('supervise.draw.types'),
                children: d.types
                  .map((x) => (x in ORG_TYPE_LABELS ? label(ORG_TYPE_LABELS[x as OrgType]) : x))
                  .join('、'),
              },
              {
                key: 'fields',
                label: t('supervise.draw.fields'),
                children: d.fields.length ? d.fields.map((f) => fieldLabel(f, fields)).join('、') : t('common.all'),
              },
              { key: 'share', label: t('supervise.draw.share'), children: `${Math.round(d.share * 1000) / 10}%` },
              { key: 'min', label: t('supervise.draw.min'), children: d.min },
              { key: 'candidates', label: t('supervise.draw.candidates'), children: d.candidateCount },
              {
                key: 'seed',
                label: t('supervise.draw.seed'),
                children: (
                  <Typography.Text code copyable data-testid="draw-seed">
                    {String(d.seed)}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('supervise.draw.fairness', { n: s.targets.filter((x) => x.drawn).length, total: d.candidateCount })}
          </Typography.Paragraph>
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('supervise.targets', { n: s.targets.length })} data-testid="supervision-targets">
            <List
              size="small"
              dataSource={s.targets}
              locale={{ emptyText: t('supervise.noTargets') }}
              renderItem={(x) => (
                <List.Item>
                  <Link to={`/orgs/${x.orgId}`}>{x.orgName}</Link>
                  {x.drawn && <Tag color="purple">{t('supervise.drawnTag')}</Tag>}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Flex vertical gap={16}>
            <Card title={t('supervise.findings', { n: s.findings.length })} data-testid="supervision-findings">
              {s.findings.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervise.noFindings')} />
              ) : (
                <List
                  itemLayout="vertical"
                  dataSource={s.findings}
                  renderItem={(f) => (
                    <List.Item
                      data-testid="finding"
                      actions={[
                        <Button
                          key="instructions"
                          size="small"
                          type={f.instructionCount > 0 ? 'primary' : 'default'}
                          ghost={f.instructionCount > 0}
                          onClick={() => setInstructing(f)}
                          data-testid="finding-instructions"
                        >
                          {t('instruction.onFinding', { n: f.instructionCount })}
                        </Button>,
                      ]}
                      extra={
                        f.problemId ? (
                          <Link to={`/problems/${f.problemId}`}>{t('supervise.finding.openProblem')}</Link>
                        ) : (
                          s.canManage && (
                            <Button loading={converting === f.id} onClick={() => toProblem(f.id)}>
                              {t('supervise.finding.toProblem')}
                            </Button>
                          )
                        )
                      }
                    >
                      <Flex gap={8} align="center" wrap>
                        <Typography.Text strong>{f.orgName}</Typography.Text>
                        <ProblemSeverityTag severity={f.severity} />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {f.actorName} · {formatDateTime(f.createdAt)}
                        </Typography.Text>
                      </Flex>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '6px 0 0' }}>
                        {f.text}
                      </Typography.Paragraph>
                      {f.evidence && (
                        <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                          {t('supervise.finding.evidence')}：{f.evidence}
                        </Typography.Paragraph>
                      )}
                    </List.Item>
                  )}
                />
              )}
            </Card>
            {s.canManage && s.targets.length > 0 && (
              <Card title={t('supervise.finding.record')}>
                <FindingForm supervision={s} onDone={setS} />
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
      <Drawer
        open={instructing !== null}
        title={instructing ? t('instruction.findingTitle', { org: instructing.orgName }) : undefined}
        size={Math.min(560, window.innerWidth)}
        onClose={() => {
          setInstructing(null);
          req.reload();
        }}
        destroyOnHidden
      >
        {instructing && (
          <Flex vertical gap={12} data-testid="finding-instruction-drawer">
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} style={{ margin: 0 }}>
              {instructing.text}
            </Typography.Paragraph>
            <InstructionPanel target={{ findingId: instructing.id }} canGive={can('task:assign')} />
          </Flex>
        )}
      </Drawer>
    </div>
  );
}
