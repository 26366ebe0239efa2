import { Alert, Card, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MatterDetail } from '../../../../contracts/grid.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { listGrids, listMatters } from '../../../features/grid/api/grid.ts';
import { MatterCard } from '../../../features/grid/components/matter-card.tsx';
import { MatterReportForm } from '../../../features/grid/components/matter-report-form.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useOrgParam } from '../../../lib/use-org-param.ts';
import { useRequest } from '../../../lib/use-request.ts';

/**
 * /grid/report — 上报 on a phone: the short form (category, what, where, a photo), then the matter just reported and
 * the latest ones of the caller's grids below it.
 */
export default function GridReportPage() {
  const { t } = useI18n();
  const orgId = useOrgParam();
  const grids = useRequest(() => listGrids(orgId), [orgId]);
  const [last, setLast] = useState<MatterDetail | null>(null);
  const recent = useRequest(() => listMatters({ orgId, pageSize: 10 }), [orgId, last?.id]);
  const mine = (grids.data?.grids ?? []).filter((g) => g.mine);
  const choices = mine.length > 0 ? mine : (grids.data?.grids ?? []);
  return (
    <div data-testid="grid-report-page" style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('grid.reportTitle')}
      </Typography.Title>
      {grids.error ? (
        <ErrorResult error={grids.error} />
      ) : grids.data && choices.length === 0 ? (
        <Empty description={t('grid.noneMine')} />
      ) : (
        grids.data && (
          <Card size="small">
            <MatterReportForm grids={choices} onReported={setLast} />
          </Card>
        )
      )}
      {last && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="report-done"
          title={
            <span>
              {t('grid.reportedDone')} <Link to={`/grid/matters/${last.id}`}>{t('grid.open')}</Link>
            </span>
          }
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('grid.recent')}
      </Typography.Title>
      <Flex vertical gap={8}>
        {(recent.data?.items ?? []).map((m) => (
          <MatterCard key={m.id} m={m} showState />
        ))}
      </Flex>
    </div>
  );
}
