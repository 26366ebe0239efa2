import { Alert, Card, Skeleton, Typography } from 'antd';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getPipeline } from '../../../features/development/api/development.ts';
import { BackfillCaseButton } from '../../../features/development/components/backfill-case-button.tsx';
import { PipelineBoard } from '../../../features/development/components/pipeline-board.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgContext } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /development — 发展党员 pipeline of the organisation and those below it: a column per stage with its count, a card
 * per person with the next step, what blocks them (the activist's year, probation) and what falls due this month.
 */
export default function DevelopmentPipelinePage() {
  const { t } = useI18n();
  const { orgId, orgName } = useOrgContext();
  const p = useRequest(() => getPipeline(orgId), [orgId]);
  return (
    <div data-testid="development-pipeline-page">
      <PageHeader
        title={t('dev.title')}
        subTitle={orgName ? t('dev.subtitle', { org: orgName }) : undefined}
        extra={<BackfillCaseButton orgId={orgId} />}
      />
      {p.error ? <Alert type="error" showIcon title={errorMessage(p.error)} /> : null}
      {!p.data ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('dev.board.hint', { monthEnd: p.data.monthEnd })}</Typography.Text>
            {p.data.truncated && <Alert type="info" showIcon title={t('dev.board.truncated')} />}
          </Card>
          <PipelineBoard pipeline={p.data} />
        </>
      )}
    </div>
  );
}
