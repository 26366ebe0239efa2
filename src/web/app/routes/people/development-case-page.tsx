import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Skeleton, Tag } from 'antd';
import { useNavigate, useParams } from 'react-router';
import type { DevelopmentCaseDetail } from '../../../../contracts/development.ts';
import {
  DEVELOPMENT_CASE_STATE_LABELS,
  DEVELOPMENT_STAGE_LABELS,
} from '../../../../domain/people/development-steps.ts';
import { MEMBER_STATUS_LABELS } from '../../../../domain/people/vocab.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getCase } from '../../../features/development/api/development.ts';
import { AlertBadges } from '../../../features/development/components/alert-badges.tsx';
import { CaseActions } from '../../../features/development/components/case-actions.tsx';
import { CaseGates } from '../../../features/development/components/case-gates.tsx';
import { CaseTimeline } from '../../../features/development/components/case-timeline.tsx';
import { StepForm } from '../../../features/development/components/step-form.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /development/:id — a development case: the key dates, the gates with their rule and citation, the timeline of the
 * steps (document, decider, flags), and the form that records the next step (a refusal shown with its rule).
 */
export default function DevelopmentCasePage() {
  const { t, label } = useI18n();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { data, error, reload } = useRequest(() => getCase(id), [id]);
  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (!data || data.id !== id) return <Skeleton active paragraph={{ rows: 8 }} />;
  const c: DevelopmentCaseDetail = data;
  const d = (v: string | null) => v ?? '—';
  return (
    <div data-testid="development-case-page">
      <PageHeader
        title={c.personName}
        tags={
          <>
            <Tag color="red">{label(DEVELOPMENT_STAGE_LABELS[c.stage])}</Tag>
            <Tag>{label(DEVELOPMENT_CASE_STATE_LABELS[c.state])}</Tag>
          </>
        }
        subTitle={c.orgName}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/development?orgId=${c.orgId}`)}>
              {t('dev.title')}
            </Button>
            <Button onClick={() => navigate(`/members/${c.personId}`)}>{t('dev.case.member')}</Button>
          </>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('dev.case.facts')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label={t('dev.case.status')}>
                {label(MEMBER_STATUS_LABELS[c.personStatus])}
              </Descriptions.Item>
              <Descriptions.Item label={t('dev.case.appliedOn')}>{c.appliedOn}</Descriptions.Item>
              <Descriptions.Item label={t('dev.case.activistOn')}>{d(c.activistOn)}</Descriptions.Item>
              <Descriptions.Item label={t('dev.case.candidateOn')}>{d(c.candidateOn)}</Descriptions.Item>
              <Descriptions.Item label={t('dev.case.voteOn')}>{d(c.voteOn)}</Descriptions.Item>
              <Descriptions.Item label={t('dev.case.probationEnd')}>{d(c.probationEnd)}</Descriptions.Item>
            </Descriptions>
            <AlertBadges alerts={c.alerts} />
            <div style={{ marginTop: 8 }}>
              <CaseActions c={c} onDone={reload} />
            </div>
          </Card>
          <Card size="small" title={t('dev.case.gates')} style={{ marginBottom: 12 }}>
            <CaseGates gates={c.gates} />
          </Card>
          <Card size="small" title={t('dev.case.timeline')}>
            <CaseTimeline steps={c.steps} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          {c.canWrite && c.next.length > 0 && (
            <Card size="small" title={t('dev.form.title')}>
              <StepForm key={c.steps.length} c={c} onDone={reload} />
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
